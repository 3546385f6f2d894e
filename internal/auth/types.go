package auth

import (
	"context"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Account is how a person logs in.
type Account struct {
	ID            int64
	PersonID      int64
	InstitutionID int64
	Email         string
	PasswordHash  string
	Locale        string
	National      bool
	Disabled      bool
	GivenName     string
	FamilyName    string
	CreatedAt     time.Time
	Grants        []app.Grant
}

// Name is the account holder's full name.
func (a Account) Name() string { return a.GivenName + " " + a.FamilyName }

// NewPerson is a person to create with an account.
type NewPerson struct {
	InstitutionID int64
	GivenName     string
	FamilyName    string
	Email         string
	StudentNumber string
	EmployeeID    string
	FeideID       string
}

// NewAccount describes an account to create together with its person.
type NewAccount struct {
	Person       NewPerson
	Email        string
	PasswordHash string // empty for OIDC-only accounts
	Locale       string
	National     bool
	Grants       []app.Grant
}

// Session is a browser session; the cookie holds ID, the database its hash.
type Session struct {
	ID         string // only known right after creation
	IDHash     string
	AccountID  int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	Via        string // "password" or "oidc"
	IDToken    string // for OIDC logout
}

// Token is a stored API token (its hash only).
type Token struct {
	ID        int64
	AccountID int64
	Name      string
	Prefix    string // the first characters of the token, to recognise it
	CreatedAt time.Time
	ExpiresAt time.Time
	LastUsed  time.Time // zero: never used
	RevokedAt time.Time // zero: not revoked
}

// Revoked reports whether the token was revoked.
func (t Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// Expired reports whether the token has expired at now.
func (t Token) Expired(now time.Time) bool { return !now.Before(t.ExpiresAt) }

// NewToken is a token to store.
type NewToken struct {
	AccountID int64
	Hash      string
	Prefix    string
	Name      string
	ExpiresAt time.Time
}

// ThrottleKey is one login throttling counter and its rule.
type ThrottleKey struct {
	Key     string
	Free    int           // failures before waits begin
	MaxWait time.Duration // the longest wait between attempts
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID            int64
	At            time.Time
	InstitutionID int64
	AccountID     int64
	AccountEmail  string
	Action        string
	Target        string
	Outcome       string // "ok", "denied", "failed"
	Details       string
}

// AuditFilter narrows FindAudit.
type AuditFilter struct {
	InstitutionID int64
	Action        string
	Limit         int
}

// OIDCFlow is the state of one login round trip to the provider.
type OIDCFlow struct {
	State, Verifier, Nonce, ReturnTo string
}

// Store is what auth needs from the database.
type Store interface {
	CreateAccount(ctx context.Context, n NewAccount) (Account, error)
	FindAccountByEmail(ctx context.Context, email string) (Account, error)
	FindAccountByID(ctx context.Context, id int64) (Account, error)
	FindAccountByPerson(ctx context.Context, personID int64) (Account, error)
	FindAccounts(ctx context.Context, institutionID int64) ([]Account, error)
	UpdateLocale(ctx context.Context, accountID int64, locale string) error
	UpdatePassword(ctx context.Context, accountID int64, hash string) error
	AddGrant(ctx context.Context, accountID int64, g app.Grant) (int64, error)
	RemoveGrant(ctx context.Context, accountID, grantID int64) error

	CreateWebSession(ctx context.Context, s Session) error
	FindWebSession(ctx context.Context, idHash string) (Session, error)
	TouchWebSession(ctx context.Context, idHash string) error
	DeleteWebSession(ctx context.Context, idHash string) error
	DeleteWebSessionsOfAccount(ctx context.Context, accountID int64) error
	DeleteExpiredWebSessions(ctx context.Context, idleBefore time.Time) (int64, error)
	// LoginSucceeded records the login time, deletes the reset throttling
	// keys and takes back the attempt counted under the refund keys.
	LoginSucceeded(ctx context.Context, accountID int64, reset []string, refund []ThrottleKey) error
	SetAccountDisabled(ctx context.Context, accountID int64, disabled bool) error

	CreateToken(ctx context.Context, t NewToken) (int64, error)
	FindTokenByHash(ctx context.Context, hash string) (Token, error)
	// FindTokenAccountByHash is FindTokenByHash and FindAccountByID of
	// its account in one read.
	FindTokenAccountByHash(ctx context.Context, hash string) (Token, Account, error)
	FindTokenByID(ctx context.Context, id int64) (Token, error)
	FindTokens(ctx context.Context, accountID int64) ([]Token, error)
	TouchToken(ctx context.Context, id int64) error
	RevokeToken(ctx context.Context, id int64) error

	// ClaimLoginAttempt counts one attempt under every key before the
	// password is checked, atomically per key, or under none when a key
	// must still wait: then it returns when that key opens again (a zero
	// time means the attempt was counted). Counters quiet since
	// forgetBefore start over.
	ClaimLoginAttempt(ctx context.Context, keys []ThrottleKey, forgetBefore time.Time) (retryAt time.Time, err error)
	// RefundLoginAttempt takes back an attempt counted under each key.
	RefundLoginAttempt(ctx context.Context, keys []ThrottleKey) error

	CreateOIDCFlow(ctx context.Context, f OIDCFlow) error
	TakeOIDCFlow(ctx context.Context, state string, since time.Time) (OIDCFlow, error)
	FindOIDCIdentity(ctx context.Context, issuer, subject string) (int64, error)
	// LinkOIDCIdentity ties (issuer, subject) to an account.
	LinkOIDCIdentity(ctx context.Context, issuer, subject string, accountID int64) error
	// FindPersonsByFeideID returns (person id, institution id) pairs.
	FindPersonsByFeideID(ctx context.Context, feideID string) ([][2]int64, error)
	FindInstitutionIDByRealm(ctx context.Context, realm string) (int64, error)
	// CreateAccountForPerson gives an existing person an account.
	CreateAccountForPerson(ctx context.Context, personID, institutionID int64, email, locale string, grants []app.Grant) (Account, error)

	Audit(ctx context.Context, e AuditEntry) error
	FindAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}
