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
	LastUsed  time.Time
	Revoked   bool
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

	CreateSession(ctx context.Context, s Session) error
	FindSession(ctx context.Context, idHash string) (Session, error)
	TouchSession(ctx context.Context, idHash string) error
	DeleteSession(ctx context.Context, idHash string) error
	DeleteSessionsOfAccount(ctx context.Context, accountID int64) error
	DeleteExpiredSessions(ctx context.Context, idleBefore time.Time) (int64, error)
	// LoginSucceeded records the login time and clears the failure counters.
	LoginSucceeded(ctx context.Context, accountID int64, keys []string) error

	CreateToken(ctx context.Context, accountID int64, hash, prefix string) (int64, error)
	FindTokenByHash(ctx context.Context, hash string) (Token, error)
	TouchToken(ctx context.Context, id int64) error

	// RecordLoginFailure stores one failure per key and returns, per key, the
	// failures since the given time (this one included).
	RecordLoginFailure(ctx context.Context, keys []string, since time.Time) ([]int, error)
	CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error)

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
