package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// tokenPrefix marks mentorhub tokens so secret scanners can find leaked ones.
const tokenPrefix = "mh_"

// TokenRequest asks for an API token for the account with Email.
type TokenRequest struct {
	Email    string
	Name     string        // a label for the lists, e.g. what uses the token
	Lifetime time.Duration // 0: Policy.TokenLifetime
}

// IssueToken creates an API token with the default lifetime for the account
// with the given e-mail address and returns it; only its hash is stored.
func (s *Service) IssueToken(ctx context.Context, email string) (string, error) {
	tok, _, err := s.IssueTokenFor(ctx, TokenRequest{Email: email})
	return tok, err
}

// IssueTokenFor creates an API token and returns it with its stored record.
// The caller must be the account itself, an admin of its institution, or
// the system (CLI).
func (s *Service) IssueTokenFor(ctx context.Context, req TokenRequest) (string, Token, error) {
	actor := app.ActorFrom(ctx)
	norm, err := NormalizeEmail(req.Email)
	if err != nil {
		return "", Token{}, err
	}
	life := req.Lifetime
	if life == 0 {
		life = s.Policy.TokenLifetime
	}
	if life < time.Hour || life > s.Policy.MaxTokenLifetime {
		days := int(s.Policy.MaxTokenLifetime / (24 * time.Hour))
		return "", Token{}, app.Invalid("error.token_lifetime", fmt.Sprintf("a token must live between an hour and %d days", days)).WithArgs("Days", days)
	}
	name := strings.TrimSpace(req.Name)
	if len([]rune(name)) > 100 {
		return "", Token{}, app.Invalid("error.token_name", "a token name has at most 100 characters")
	}
	acct, err := s.store.FindAccountByEmail(ctx, norm)
	if err != nil {
		return "", Token{}, err
	}
	if actor == nil || (actor.AccountID != acct.ID && !actor.IsAdminOf(acct.InstitutionID)) {
		s.Audit(ctx, "token.issue", acct.Email, "denied", "")
		return "", Token{}, app.Forbidden()
	}
	if acct.Disabled {
		return "", Token{}, &app.Error{Code: app.CodeConflict, Key: "error.account_disabled", Message: "the account is disabled"}
	}
	tok := tokenPrefix + randomToken(32)
	t := Token{AccountID: acct.ID, Name: name, Prefix: tok[:len(tokenPrefix)+6], CreatedAt: s.clock.Now(), ExpiresAt: s.clock.Now().Add(life)}
	err = s.units.Unit(ctx, func(ctx context.Context) (err error) {
		t.ID, err = s.store.CreateToken(ctx, NewToken{AccountID: acct.ID, Hash: hashSecret(tok), Prefix: t.Prefix, Name: name, ExpiresAt: t.ExpiresAt})
		if err != nil {
			return err
		}
		// The entry names the token's id, known only once it is written.
		return s.auditFor(ctx, actorAccount(actor), acct.InstitutionID, "token.issue", acct.Email, "ok",
			fmt.Sprintf("token %d %s, expires %s", t.ID, t.Prefix, t.ExpiresAt.Format(time.DateOnly)))
	})
	if err != nil {
		return "", Token{}, err
	}
	return tok, t, nil
}

func actorAccount(a *app.Actor) int64 {
	if a == nil {
		return 0
	}
	return a.AccountID
}

// AuthenticateToken resolves a Bearer token to its actor. An expired or
// revoked token, or one of a disabled account, is refused.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (*app.Actor, error) {
	if token == "" {
		return nil, app.Unauthorized()
	}
	t, acct, err := s.store.FindTokenAccountByHash(ctx, hashSecret(token))
	now := s.clock.Now()
	if err != nil || t.Revoked() || t.Expired(now) || acct.Disabled {
		return nil, app.Unauthorized()
	}
	if t.LastUsed.IsZero() || now.Sub(t.LastUsed) > touchEvery {
		if err := s.store.TouchToken(ctx, t.ID); err != nil {
			return nil, err
		}
	}
	a := actorFor(acct)
	a.ViaToken = true
	return a, nil
}

// Tokens lists an account's API tokens, newest first (the account itself,
// or admins of its institution; to others the account does not exist).
func (s *Service) Tokens(ctx context.Context, accountID int64) ([]Token, error) {
	if _, err := s.Account(ctx, accountID); err != nil {
		return nil, err
	}
	return s.store.FindTokens(ctx, accountID)
}

// TokensByEmail lists the tokens of the account with that address.
// To others than the account and admins of its institution it does not exist.
func (s *Service) TokensByEmail(ctx context.Context, email string) (Account, []Token, error) {
	acct, err := s.AccountByEmail(ctx, email)
	if err != nil {
		return Account{}, nil, err
	}
	ts, err := s.store.FindTokens(ctx, acct.ID)
	return acct, ts, err
}

// RevokeToken revokes a token at once (the account itself, admins of its
// institution, or the system). To anyone else the token does not exist.
func (s *Service) RevokeToken(ctx context.Context, tokenID int64) (Token, error) {
	return s.revokeToken(ctx, 0, tokenID)
}

// RevokeAccountToken revokes a token as RevokeToken does, provided it is
// one of the account's (a page naming both); otherwise it does not exist.
func (s *Service) RevokeAccountToken(ctx context.Context, accountID, tokenID int64) (Token, error) {
	return s.revokeToken(ctx, accountID, tokenID)
}

// revokeToken revokes tokenID; accountID, unless 0, must own it.
func (s *Service) revokeToken(ctx context.Context, accountID, tokenID int64) (Token, error) {
	t, err := s.store.FindTokenByID(ctx, tokenID)
	if err != nil {
		return Token{}, err
	}
	if accountID != 0 && t.AccountID != accountID {
		return Token{}, app.NotFound("token")
	}
	acct, err := s.Account(ctx, t.AccountID)
	if err != nil {
		s.Audit(ctx, "token.revoke", fmt.Sprintf("token %d", tokenID), "denied", "")
		return Token{}, app.NotFound("token")
	}
	if t.Revoked() {
		return t, nil
	}
	err = s.auditedWriteFor(ctx, func(ctx context.Context) error {
		return s.store.RevokeToken(ctx, tokenID)
	}, actorAccount(app.ActorFrom(ctx)), acct.InstitutionID, "token.revoke", acct.Email, "ok", fmt.Sprintf("token %d %s", t.ID, t.Prefix))
	if err != nil {
		return Token{}, err
	}
	t.RevokedAt = s.clock.Now()
	return t, nil
}
