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

// errThrottled tells how long to wait; web answers 429 with Retry-After.
func errThrottled(wait time.Duration) *app.Error {
	secs := max(int64((wait+time.Second-1)/time.Second), 1)
	e := &app.Error{Code: app.CodeTooMany, Key: "login.throttled", Message: fmt.Sprintf("too many failed logins; try again in %d s", secs)}
	if secs > 90 {
		mins := (secs + 59) / 60
		e.Key = "login.throttled_minutes"
		return e.WithArgs("Count", mins, "N", mins, "RetryAfter", secs)
	}
	return e.WithArgs("Count", secs, "N", secs, "RetryAfter", secs)
}

// errBusy turns a login away when every password-hashing slot is taken.
func errBusy() *app.Error {
	return (&app.Error{Code: app.CodeTooMany, Key: "login.busy", Message: "too many logins at once; try again in a few seconds"}).
		WithArgs("RetryAfter", int64(2))
}

func errDisabled() *app.Error {
	return &app.Error{Code: app.CodeUnauthorized, Key: "login.disabled", Message: "this account is disabled"}
}

// addressKey pseudonymises a client address for the throttling table.
func addressKey(addr string) string {
	m := hmac.New(sha256.New, []byte("mentorhub login throttle"))
	m.Write([]byte(addr))
	return "addr:" + hex.EncodeToString(m.Sum(nil))[:32]
}

func accountKey(email string) string { return "acct:" + email }

// throttleKeys are the counters of a login: the account from this address
// first (a success resets it), then the address and the account alone.
func (s *Service) throttleKeys(email, addr string) []ThrottleKey {
	p := s.Policy
	return []ThrottleKey{
		{Key: "pair:" + email + ":" + addressKey(addr)[5:], Free: p.PerPair.Free, MaxWait: p.PerPair.MaxWait},
		{Key: addressKey(addr), Free: p.PerAddress.Free, MaxWait: p.PerAddress.MaxWait},
		{Key: accountKey(email), Free: p.PerAccount.Free, MaxWait: p.PerAccount.MaxWait},
	}
}

// Login checks a password and opens a session. addr is the client address,
// used only (pseudonymised) for throttling.
//
// The attempt is counted as a failure before the password is hashed, by one
// conditional write per counter that also refuses when the counter must
// still wait, so a burst of parallel logins cannot all pass a check made
// before any of them was counted; a correct password takes the count back.
// The hash itself waits for one of a few slots.
func (s *Service) Login(ctx context.Context, email, password, addr string) (Session, *app.Actor, error) {
	now := s.clock.Now()
	norm, err := NormalizeEmail(email)
	if err != nil {
		return Session{}, nil, errBadLogin()
	}
	keys := s.throttleKeys(norm, addr)
	retryAt, err := s.store.ClaimLoginAttempt(ctx, keys, now.Add(-s.Policy.ForgetAfter))
	if err != nil {
		return Session{}, nil, err
	}
	if !retryAt.IsZero() {
		s.AuditFor(ctx, 0, 0, "login", "", "throttled", "")
		return Session{}, nil, errThrottled(retryAt.Sub(now))
	}
	acct, err := s.store.FindAccountByEmail(ctx, norm)
	if err != nil && app.ErrorCode(err) != app.CodeNotFound {
		_ = s.store.RefundLoginAttempt(context.WithoutCancel(ctx), keys)
		return Session{}, nil, err
	}
	if !s.hashes.acquire(ctx, s.Policy.HashWait) {
		// Not checked, so not a failure: the count is taken back.
		_ = s.store.RefundLoginAttempt(context.WithoutCancel(ctx), keys)
		s.AuditFor(ctx, acct.ID, acct.InstitutionID, "login", "", "throttled", "busy")
		return Session{}, nil, errBusy()
	}
	ok := false
	if err == nil && acct.PasswordHash != "" {
		ok = s.hashes.check(acct.PasswordHash, password)
	} else {
		s.hashes.check(dummyHash, password)
	}
	s.hashes.release()
	if !ok {
		s.AuditFor(ctx, acct.ID, acct.InstitutionID, "login", "", "failed", "password")
		return Session{}, nil, errBadLogin()
	}
	if acct.Disabled {
		// The right password: no guess to slow down, but no session.
		_ = s.store.RefundLoginAttempt(context.WithoutCancel(ctx), keys)
		s.AuditFor(ctx, acct.ID, acct.InstitutionID, "login", "", "denied", "disabled")
		return Session{}, nil, errDisabled()
	}
	return s.openSession(ctx, acct, "password", "", keys)
}

// openSession creates a session for acct (a new id at every login); keys
// are the throttling counters of a password login.
func (s *Service) openSession(ctx context.Context, acct Account, via, idToken string, keys []ThrottleKey) (Session, *app.Actor, error) {
	now := s.clock.Now()
	sess := Session{
		ID: randomToken(32), AccountID: acct.ID, CSRFToken: randomToken(32),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.Policy.AbsoluteTimeout), Via: via, IDToken: idToken,
	}
	sess.IDHash = hashSecret(sess.ID)
	if err := s.store.CreateWebSession(ctx, sess); err != nil {
		return Session{}, nil, err
	}
	// The account's counter from this address starts over; the address's
	// and the account's own counters only lose this attempt, so a guesser
	// cannot clear them by logging in to an account of their own.
	var reset []string
	var refund []ThrottleKey
	if len(keys) > 0 {
		reset, refund = []string{keys[0].Key}, keys[1:]
	}
	if err := s.store.LoginSucceeded(ctx, acct.ID, reset, refund); err != nil {
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
	sess, err := s.store.FindWebSession(ctx, h)
	if app.ErrorCode(err) == app.CodeNotFound {
		return Session{}, nil, app.Unauthorized()
	} else if err != nil {
		return Session{}, nil, err
	}
	now := s.clock.Now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.Policy.IdleTimeout {
		_ = s.store.DeleteWebSession(ctx, h)
		return Session{}, nil, app.Unauthorized()
	}
	acct, err := s.store.FindAccountByID(ctx, sess.AccountID)
	if err != nil {
		return Session{}, nil, app.Unauthorized()
	}
	if acct.Disabled {
		_ = s.store.DeleteWebSessionsOfAccount(ctx, acct.ID)
		return Session{}, nil, app.Unauthorized()
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.store.TouchWebSession(ctx, h); err != nil {
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
	return s.store.DeleteWebSession(ctx, hashSecret(sessionID))
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
	n, err := s.store.DeleteExpiredWebSessions(ctx, s.clock.Now().Add(-s.Policy.IdleTimeout))
	if err != nil {
		return 0, fmt.Errorf("cleanup sessions: %w", err)
	}
	return n, nil
}
