package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/mail"
	"runtime"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Policy holds the session, throttling and token limits.
type Policy struct {
	IdleTimeout     time.Duration // a session unused this long ends
	AbsoluteTimeout time.Duration // a session ends this long after login, used or not
	// Failed logins are throttled with waits that double (1 s, 2 s, 4 s …)
	// instead of a hard lock. One address guessing one account is slowed
	// soon; the account as a whole only after many failures from
	// everywhere and with short waits, so a guesser cannot lock its owner
	// out, while a guess spread over many addresses is still slowed.
	PerPair     Throttle      // one account from one address
	PerAddress  Throttle      // one address, whatever the account
	PerAccount  Throttle      // one account from every address
	ForgetAfter time.Duration // a counter left alone this long starts over
	// HashWait is how long a login waits for a free password-hashing slot
	// before it is turned away with 429 (hashes take 19 MiB each).
	HashWait         time.Duration
	OIDCFlowLifetime time.Duration
	TokenLifetime    time.Duration // API tokens expire this long after issue unless told otherwise
	MaxTokenLifetime time.Duration // the longest lifetime a token may be given
}

// Throttle is the rule of one kind of login counter.
type Throttle struct {
	Free    int           // failures before waits begin
	MaxWait time.Duration // the longest wait
}

// DefaultTokenLifetime is an API token's lifetime unless told otherwise.
const DefaultTokenLifetime = 90 * 24 * time.Hour

// DefaultPolicy is used unless configured otherwise.
var DefaultPolicy = Policy{
	IdleTimeout:      2 * time.Hour,
	AbsoluteTimeout:  12 * time.Hour,
	PerPair:          Throttle{Free: 5, MaxWait: 15 * time.Minute},
	PerAddress:       Throttle{Free: 30, MaxWait: 15 * time.Minute},
	PerAccount:       Throttle{Free: 100, MaxWait: time.Minute},
	ForgetAfter:      time.Hour,
	HashWait:         2 * time.Second,
	OIDCFlowLifetime: 10 * time.Minute,
	TokenLifetime:    DefaultTokenLifetime,
	MaxTokenLifetime: 366 * 24 * time.Hour,
}

// Service holds the rules of authentication and account administration.
type Service struct {
	store  Store
	clock  app.Clock
	Policy Policy
	// scopeCheck verifies that a unit or program id belongs to an institution.
	scopes ScopeChecker
	hashes hashGate
	// units makes a change and its audit entry one unit of work (see
	// UseUnits).
	units app.Units
}

// ScopeChecker confirms that a grant's unit or program lies in its institution.
type ScopeChecker interface {
	UnitInstitution(ctx context.Context, unitID int64) (int64, error)
	ProgramInstitution(ctx context.Context, programID int64) (int64, error)
}

// NewService returns a Service over store. Password checks run at most
// GOMAXPROCS at a time (see SetConcurrentHashes).
func NewService(store Store, clock app.Clock, scopes ScopeChecker) *Service {
	s := &Service{store: store, clock: clock, Policy: DefaultPolicy, scopes: scopes, units: app.NoUnits{}}
	s.SetConcurrentHashes(runtime.GOMAXPROCS(0))
	return s
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

// maxEmailLen is the longest e-mail address (RFC 5321 allows 254): a login
// stores the address in its throttling keys before any account is found.
const maxEmailLen = 254

// NormalizeEmail trims and lower-cases an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > maxEmailLen {
		return "", app.Invalid("error.email_invalid", fmt.Sprintf("not a valid e-mail address: longer than %d characters", maxEmailLen))
	}
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
	// A refusal or a read: its audit row must not turn the answer into a
	// failure, but a row that could not be written is not kept quiet.
	if err := s.AuditChange(ctx, action, target, outcome, details); err != nil {
		auditLost(action, outcome, err)
	}
}

// auditLost logs an audit entry that could not be written (the action and
// outcome only: no person in the log).
func auditLost(action, outcome string, err error) {
	slog.Error("audit entry not written", "action", action, "outcome", outcome, "err", err)
}

// AuditChange writes the audit entry of a change, inside the change's unit
// of work (app.Units) when ctx is one: the change and its entry commit
// together, and an entry that cannot be written fails the change.
func (s *Service) AuditChange(ctx context.Context, action, target, outcome, details string) error {
	e := AuditEntry{Action: action, Target: target, Outcome: outcome, Details: details}
	if a := app.ActorFrom(ctx); a != nil && !a.System {
		e.AccountID, e.InstitutionID = a.AccountID, a.InstitutionID
	}
	return s.store.Audit(ctx, e)
}

// UseUnits makes the service's changes units of work: a change and its
// audit entry commit together, and an entry that cannot be written fails
// the change. Without it each write commits alone.
func (s *Service) UseUnits(u app.Units) { s.units = u }

// auditedWrite runs write and the audit entry of the change, on behalf of
// the actor in ctx, as one unit of work.
func (s *Service) auditedWrite(ctx context.Context, write func(ctx context.Context) error, action, target, outcome, details string) error {
	return s.units.Unit(ctx, func(ctx context.Context) error {
		if err := write(ctx); err != nil {
			return err
		}
		return s.AuditChange(ctx, action, target, outcome, details)
	})
}

// auditedWriteFor is auditedWrite with the entry about accountID of
// institutionID (not, or not yet, the actor).
func (s *Service) auditedWriteFor(ctx context.Context, write func(ctx context.Context) error, accountID, institutionID int64, action, target, outcome, details string) error {
	return s.units.Unit(ctx, func(ctx context.Context) error {
		if err := write(ctx); err != nil {
			return err
		}
		return s.auditFor(ctx, accountID, institutionID, action, target, outcome, details)
	})
}

// auditFor is AuditFor that returns the error, for a change's entry.
func (s *Service) auditFor(ctx context.Context, accountID, institutionID int64, action, target, outcome, details string) error {
	return s.store.Audit(ctx, AuditEntry{AccountID: accountID, InstitutionID: institutionID,
		Action: action, Target: target, Outcome: outcome, Details: details})
}

// AuditFor writes an audit entry about an account that is not (yet) the actor.
func (s *Service) AuditFor(ctx context.Context, accountID, institutionID int64, action, target, outcome, details string) {
	// An event (a login), not a change: its row cannot fail it.
	if err := s.auditFor(ctx, accountID, institutionID, action, target, outcome, details); err != nil {
		auditLost(action, outcome, err)
	}
}
