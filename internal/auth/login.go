package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// ErrBadLogin is returned for a wrong address or password alike, so the
// answer does not tell whether an account exists.
func errBadLogin() *app.Error {
	return &app.Error{Code: app.CodeUnauthorized, Key: "login.failed", Message: "wrong e-mail address or password"}
}

func errThrottled() *app.Error {
	return &app.Error{Code: app.CodeTooMany, Key: "login.throttled", Message: "too many failed logins; wait a few minutes and try again"}
}

// addressKey pseudonymises a client address for the throttling table.
func addressKey(addr string) string {
	m := hmac.New(sha256.New, []byte("mentorhub login throttle"))
	m.Write([]byte(addr))
	return "addr:" + hex.EncodeToString(m.Sum(nil))[:32]
}

func accountKey(email string) string { return "acct:" + email }

// Login checks a password and opens a session. addr is the client address,
// used only (pseudonymised) for throttling.
func (s *Service) Login(ctx context.Context, email, password, addr string) (Session, *app.Actor, error) {
	now := s.clock.Now()
	since := now.Add(-s.Policy.FailureWindow)
	norm, err := NormalizeEmail(email)
	if err != nil {
		return Session{}, nil, errBadLogin()
	}
	keys := []string{accountKey(norm), addressKey(addr)}
	// Throttle before the expensive hash, so a flood costs the server little.
	for i, k := range keys {
		n, err := s.store.CountLoginFailures(ctx, k, since)
		if err != nil {
			return Session{}, nil, err
		}
		limit := s.Policy.MaxPerAccount
		if i == 1 {
			limit = s.Policy.MaxPerAddress
		}
		if n >= limit {
			s.AuditFor(ctx, 0, 0, "login", "", "throttled", "")
			return Session{}, nil, errThrottled()
		}
	}
	acct, err := s.store.FindAccountByEmail(ctx, norm)
	if err != nil && app.ErrorCode(err) != app.CodeNotFound {
		return Session{}, nil, err
	}
	ok := false
	if err == nil && acct.PasswordHash != "" && !acct.Disabled {
		ok = CheckPassword(acct.PasswordHash, password)
	} else {
		CheckPassword(dummyHash, password)
	}
	if !ok {
		if _, err := s.store.RecordLoginFailure(ctx, keys, since); err != nil {
			return Session{}, nil, err
		}
		s.AuditFor(ctx, acct.ID, acct.InstitutionID, "login", "", "failed", "password")
		return Session{}, nil, errBadLogin()
	}
	return s.openSession(ctx, acct, "password", "", keys)
}

// openSession creates a session for acct (a new id at every login).
func (s *Service) openSession(ctx context.Context, acct Account, via, idToken string, clearKeys []string) (Session, *app.Actor, error) {
	now := s.clock.Now()
	sess := Session{
		ID: randomToken(32), AccountID: acct.ID, CSRFToken: randomToken(32),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.Policy.AbsoluteTimeout), Via: via, IDToken: idToken,
	}
	sess.IDHash = hashSecret(sess.ID)
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return Session{}, nil, err
	}
	if err := s.store.LoginSucceeded(ctx, acct.ID, clearKeys); err != nil {
		return Session{}, nil, err
	}
	s.AuditFor(ctx, acct.ID, acct.InstitutionID, "login", "", "ok", via)
	return sess, actorFor(acct), nil
}

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// Authenticate resolves a session cookie to its session and actor.
func (s *Service) Authenticate(ctx context.Context, sessionID string) (Session, *app.Actor, error) {
	if sessionID == "" {
		return Session{}, nil, app.Unauthorized()
	}
	h := hashSecret(sessionID)
	sess, err := s.store.FindSession(ctx, h)
	if app.ErrorCode(err) == app.CodeNotFound {
		return Session{}, nil, app.Unauthorized()
	} else if err != nil {
		return Session{}, nil, err
	}
	now := s.clock.Now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.Policy.IdleTimeout {
		_ = s.store.DeleteSession(ctx, h)
		return Session{}, nil, app.Unauthorized()
	}
	acct, err := s.store.FindAccountByID(ctx, sess.AccountID)
	if err != nil {
		return Session{}, nil, app.Unauthorized()
	}
	if acct.Disabled {
		_ = s.store.DeleteSessionsOfAccount(ctx, acct.ID)
		return Session{}, nil, app.Unauthorized()
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.store.TouchSession(ctx, h); err != nil {
			return Session{}, nil, err
		}
	}
	sess.ID = sessionID
	return sess, actorFor(acct), nil
}

// Logout ends a session on the server.
func (s *Service) Logout(ctx context.Context, sessionID string) error {
	if sessionID == "" {
		return nil
	}
	if a := app.ActorFrom(ctx); a != nil {
		s.Audit(ctx, "logout", "", "ok", "")
	}
	return s.store.DeleteSession(ctx, hashSecret(sessionID))
}

// tokenPrefix marks mentorhub tokens so secret scanners can find leaked ones.
const tokenPrefix = "mh_"

// IssueToken creates an API token for the account with the given e-mail
// address and returns it; only its hash is stored. The caller must be the
// account itself, an admin of its institution, or the system (CLI).
func (s *Service) IssueToken(ctx context.Context, email string) (string, error) {
	actor := app.ActorFrom(ctx)
	norm, err := NormalizeEmail(email)
	if err != nil {
		return "", err
	}
	acct, err := s.store.FindAccountByEmail(ctx, norm)
	if err != nil {
		return "", err
	}
	if actor == nil || (actor.AccountID != acct.ID && !actor.IsAdminOf(acct.InstitutionID)) {
		s.Audit(ctx, "token.issue", acct.Email, "denied", "")
		return "", app.Forbidden()
	}
	tok := tokenPrefix + randomToken(32)
	if _, err := s.store.CreateToken(ctx, acct.ID, hashSecret(tok), tok[:len(tokenPrefix)+6]); err != nil {
		return "", err
	}
	s.AuditFor(ctx, actorAccount(actor), acct.InstitutionID, "token.issue", acct.Email, "ok", "")
	return tok, nil
}

func actorAccount(a *app.Actor) int64 {
	if a == nil {
		return 0
	}
	return a.AccountID
}

// AuthenticateToken resolves a Bearer token to its actor.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (*app.Actor, error) {
	if token == "" {
		return nil, app.Unauthorized()
	}
	t, err := s.store.FindTokenByHash(ctx, hashSecret(token))
	if err != nil || t.Revoked {
		return nil, app.Unauthorized()
	}
	acct, err := s.store.FindAccountByID(ctx, t.AccountID)
	if err != nil || acct.Disabled {
		return nil, app.Unauthorized()
	}
	if s.clock.Now().Sub(t.LastUsed) > touchEvery {
		if err := s.store.TouchToken(ctx, t.ID); err != nil {
			return nil, err
		}
	}
	a := actorFor(acct)
	a.ViaToken = true
	return a, nil
}

// SetLocale stores the actor's chosen language.
func (s *Service) SetLocale(ctx context.Context, locale string) error {
	a := app.ActorFrom(ctx)
	if a == nil || a.AccountID == 0 {
		return app.Unauthorized()
	}
	return s.store.UpdateLocale(ctx, a.AccountID, locale)
}

// Cleanup removes expired sessions, old throttling rows and stale OIDC flows.
func (s *Service) Cleanup(ctx context.Context) (int64, error) {
	n, err := s.store.DeleteExpiredSessions(ctx, s.clock.Now().Add(-s.Policy.IdleTimeout))
	if err != nil {
		return 0, fmt.Errorf("cleanup sessions: %w", err)
	}
	return n, nil
}
