package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Policy holds the session and throttling limits.
type Policy struct {
	IdleTimeout      time.Duration // a session unused this long ends
	AbsoluteTimeout  time.Duration // a session ends this long after login, used or not
	FailureWindow    time.Duration // failed logins are counted over this window
	MaxPerAccount    int           // failures per account in the window before it is throttled
	MaxPerAddress    int           // failures per client address in the window
	OIDCFlowLifetime time.Duration
}

// DefaultPolicy is used unless configured otherwise.
var DefaultPolicy = Policy{
	IdleTimeout:      2 * time.Hour,
	AbsoluteTimeout:  12 * time.Hour,
	FailureWindow:    15 * time.Minute,
	MaxPerAccount:    5,
	MaxPerAddress:    30,
	OIDCFlowLifetime: 10 * time.Minute,
}

// Service holds the rules of authentication and account administration.
type Service struct {
	store  Store
	clock  app.Clock
	Policy Policy
	// scopeCheck verifies that a unit or program id belongs to an institution.
	scopes ScopeChecker
}

// ScopeChecker confirms that a grant's unit or program lies in its institution.
type ScopeChecker interface {
	UnitInstitution(ctx context.Context, unitID int64) (int64, error)
	ProgramInstitution(ctx context.Context, programID int64) (int64, error)
}

// NewService returns a Service over store.
func NewService(store Store, clock app.Clock, scopes ScopeChecker) *Service {
	return &Service{store: store, clock: clock, Policy: DefaultPolicy, scopes: scopes}
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret returns the hex SHA-256 of a high-entropy secret (session ids and
// tokens are random, so a fast hash is enough: nothing to brute-force).
func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// NormalizeEmail trims and lower-cases an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s, "@") {
		return "", app.Invalid("error.email_invalid", fmt.Sprintf("not a valid e-mail address: %q", s))
	}
	return s, nil
}

// actorFor builds the Actor of an account.
func actorFor(a Account) *app.Actor {
	return &app.Actor{
		AccountID: a.ID, PersonID: a.PersonID, InstitutionID: a.InstitutionID,
		Name: a.Name(), Email: a.Email, Locale: a.Locale, National: a.National, Grants: a.Grants,
	}
}

// Audit writes an audit entry on behalf of the actor in ctx.
func (s *Service) Audit(ctx context.Context, action, target, outcome, details string) {
	e := AuditEntry{Action: action, Target: target, Outcome: outcome, Details: details}
	if a := app.ActorFrom(ctx); a != nil && !a.System {
		e.AccountID, e.InstitutionID = a.AccountID, a.InstitutionID
	}
	_ = s.store.Audit(ctx, e) // the audit log must not turn a request into a failure
}

// AuditFor writes an audit entry about an account that is not (yet) the actor.
func (s *Service) AuditFor(ctx context.Context, accountID, institutionID int64, action, target, outcome, details string) {
	_ = s.store.Audit(ctx, AuditEntry{AccountID: accountID, InstitutionID: institutionID,
		Action: action, Target: target, Outcome: outcome, Details: details})
}
