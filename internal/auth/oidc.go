package auth

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/mentorhub/mentorhub/internal/app"
)

// OIDCConfig configures login through an OpenID Connect provider (Feide).
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string // {base}/auth/oidc/callback
	// HTTPClient is used to reach the provider (tests inject theirs).
	HTTPClient *http.Client
}

// FeideUserIDSecClaim carries institution-controlled identifiers such as
// "feide:ola@uib.no"; it is the only claim used to link a login to a person.
const FeideUserIDSecClaim = "https://n.feide.no/claims/userid_sec"

// OIDC is a configured provider.
type OIDC struct {
	svc      *Service
	cfg      OIDCConfig
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// NewOIDC discovers the provider. It fails if the issuer does not answer.
func (s *Service) NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	if cfg.HTTPClient != nil {
		ctx = oidc.ClientContext(ctx, cfg.HTTPClient)
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("OpenID Connect discovery at %s: %w", cfg.Issuer, err)
	}
	o := &OIDC{svc: s, cfg: cfg, provider: p}
	o.oauth = oauth2.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
		Endpoint: p.Endpoint(),
		// Only what is used: identity, name and e-mail. Never userid-nin.
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"},
	}
	o.verifier = p.Verifier(&oidc.Config{ClientID: cfg.ClientID}) // checks issuer, audience, expiry, signature
	return o, nil
}

// Start begins a login: it stores state, PKCE verifier and nonce and returns
// the provider URL to redirect the browser to.
func (o *OIDC) Start(ctx context.Context, returnTo string) (string, error) {
	f := OIDCFlow{State: randomToken(24), Verifier: oauth2.GenerateVerifier(), Nonce: randomToken(24), ReturnTo: returnTo}
	if err := o.svc.store.CreateOIDCFlow(ctx, f); err != nil {
		return "", err
	}
	return o.oauth.AuthCodeURL(f.State, oauth2.S256ChallengeOption(f.Verifier), oidc.Nonce(f.Nonce)), nil
}

// Claims are the identity claims mentorhub reads.
type Claims struct {
	Subject   string
	Name      string
	Email     string
	UserIDSec []string
}

// Finish completes a login from the provider's callback: it checks state,
// exchanges the code with the PKCE verifier, verifies the ID token and its
// nonce, finds or creates the account and opens a session.
func (o *OIDC) Finish(ctx context.Context, state, code string) (Session, *app.Actor, string, error) {
	bad := func(msg string, err error) (Session, *app.Actor, string, error) {
		o.svc.AuditFor(ctx, 0, 0, "login", "", "failed", "oidc: "+msg)
		return Session{}, nil, "", &app.Error{Code: app.CodeUnauthorized, Key: "login.oidc_failed", Message: "login with Feide failed: " + msg, Err: err}
	}
	if state == "" || code == "" {
		return bad("missing state or code", nil)
	}
	flow, err := o.svc.store.TakeOIDCFlow(ctx, state, o.svc.clock.Now().Add(-o.svc.Policy.OIDCFlowLifetime))
	if err != nil {
		return bad("unknown or expired login attempt", err)
	}
	if o.cfg.HTTPClient != nil {
		ctx = oidc.ClientContext(ctx, o.cfg.HTTPClient)
	}
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		return bad("code exchange", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return bad("no ID token", nil)
	}
	idt, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return bad("ID token", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(flow.Nonce)) != 1 {
		return bad("nonce mismatch", nil)
	}
	var c struct {
		Name      string `json:"name"`
		Email     string `json:"email"`
		UserIDSec any    `json:"https://n.feide.no/claims/userid_sec"`
	}
	if err := idt.Claims(&c); err != nil {
		return bad("claims", err)
	}
	cl := Claims{Subject: idt.Subject, Name: c.Name, Email: c.Email, UserIDSec: stringList(c.UserIDSec)}
	// Feide may put profile claims only in userinfo: fill what the ID token lacks.
	if cl.Name == "" || cl.Email == "" || len(cl.UserIDSec) == 0 {
		if ui, err := o.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			var u struct {
				Name      string `json:"name"`
				UserIDSec any    `json:"https://n.feide.no/claims/userid_sec"`
			}
			_ = ui.Claims(&u)
			if ui.Subject == cl.Subject {
				if cl.Name == "" {
					cl.Name = u.Name
				}
				if cl.Email == "" {
					cl.Email = ui.Email
				}
				if len(cl.UserIDSec) == 0 {
					cl.UserIDSec = stringList(u.UserIDSec)
				}
			}
		}
	}
	acct, err := o.svc.accountForOIDC(ctx, o.cfg.Issuer, cl)
	if err != nil {
		o.svc.AuditFor(ctx, 0, 0, "login", "", "failed", "oidc: "+app.AsError(err).Message)
		return Session{}, nil, "", err
	}
	sess, actor, err := o.svc.openSession(ctx, acct, "oidc", raw, nil)
	return sess, actor, flow.ReturnTo, err
}

// LogoutURL is the provider's end-session URL for an ID token, or "".
func (o *OIDC) LogoutURL(idToken, postLogout string) string {
	var m struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := o.provider.Claims(&m); err != nil || m.EndSession == "" || idToken == "" {
		return ""
	}
	u, err := url.Parse(m.EndSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("id_token_hint", idToken)
	q.Set("post_logout_redirect_uri", postLogout)
	u.RawQuery = q.Encode()
	return u.String()
}

// Abort ends a login attempt the provider refused (the user cancelled, or
// the provider answered with an error): its state is used up and audited.
func (o *OIDC) Abort(ctx context.Context, state, reason string) {
	if state != "" {
		_, _ = o.svc.store.TakeOIDCFlow(ctx, state, o.svc.clock.Now().Add(-o.svc.Policy.OIDCFlowLifetime))
	}
	if len(reason) > 64 {
		reason = reason[:64]
	}
	o.svc.AuditFor(ctx, 0, 0, "login", "", "failed", "oidc: provider error "+reason)
}

func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// accountForOIDC finds the account of an OIDC identity. A first login is
// linked to an existing person only through an identifier the institution
// controls (Feide's userid_sec), never by e-mail; otherwise a new person with
// the student role is created in the institution of the identifier's realm.
func (s *Service) accountForOIDC(ctx context.Context, issuer string, c Claims) (Account, error) {
	if c.Subject == "" {
		return Account{}, app.Invalid("login.oidc_failed", "the provider sent no subject")
	}
	id, err := s.store.FindOIDCIdentity(ctx, issuer, c.Subject)
	if err == nil {
		acct, err := s.store.FindAccountByID(ctx, id)
		if err != nil {
			return Account{}, err
		}
		if acct.Disabled {
			return Account{}, &app.Error{Code: app.CodeForbidden, Key: "login.disabled", Message: "this account is disabled"}
		}
		return acct, nil
	} else if app.ErrorCode(err) != app.CodeNotFound {
		return Account{}, err
	}
	// First login: look for a person the institution registered with this Feide id.
	for _, feideID := range c.UserIDSec {
		persons, err := s.store.FindPersonsByFeideID(ctx, feideID)
		if err != nil {
			return Account{}, err
		}
		if len(persons) != 1 {
			continue
		}
		personID, instID := persons[0][0], persons[0][1]
		acct, err := s.store.FindAccountByPerson(ctx, personID)
		if app.ErrorCode(err) == app.CodeNotFound {
			email := strings.ToLower(c.Email)
			if email == "" {
				email = strings.TrimPrefix(feideID, "feide:")
			}
			if err := s.emailFree(ctx, email); err != nil {
				return Account{}, err
			}
			acct, err = s.store.CreateAccountForPerson(ctx, personID, instID, email, "", nil)
		}
		if err != nil {
			return Account{}, err
		}
		if err := s.store.LinkOIDCIdentity(ctx, issuer, c.Subject, acct.ID); err != nil {
			return Account{}, err
		}
		s.AuditFor(ctx, acct.ID, acct.InstitutionID, "oidc.link", feideID, "ok", "userid_sec")
		return s.store.FindAccountByID(ctx, acct.ID)
	}
	// Unknown person: create one as a student in the institution of the realm.
	var feideID, realm string
	for _, u := range c.UserIDSec {
		if strings.HasPrefix(u, "feide:") {
			feideID = u
			if _, r, ok := strings.Cut(u, "@"); ok {
				realm = strings.ToLower(r)
			}
			break
		}
	}
	if realm == "" {
		return Account{}, &app.Error{Code: app.CodeForbidden, Key: "login.oidc_no_institution", Message: "your login did not say which institution you belong to"}
	}
	instID, err := s.store.FindInstitutionIDByRealm(ctx, realm)
	if err != nil {
		return Account{}, &app.Error{Code: app.CodeForbidden, Key: "login.oidc_no_institution", Message: "your institution does not use mentorhub here", Err: err}
	}
	given, family := SplitName(c.Name)
	if given == "" {
		given = strings.TrimPrefix(feideID, "feide:")
	}
	email := strings.ToLower(strings.TrimSpace(c.Email))
	if _, err := NormalizeEmail(email); err != nil {
		email = strings.TrimPrefix(feideID, "feide:")
	}
	if err := s.emailFree(ctx, email); err != nil {
		return Account{}, err
	}
	acct, err := s.store.CreateAccount(ctx, NewAccount{
		Person: NewPerson{InstitutionID: instID, GivenName: given, FamilyName: family, Email: email, FeideID: feideID},
		Email:  email,
		Grants: []app.Grant{{Role: app.RoleStudent, InstitutionID: instID}},
	})
	if err != nil {
		return Account{}, err
	}
	if err := s.store.LinkOIDCIdentity(ctx, issuer, c.Subject, acct.ID); err != nil {
		return Account{}, err
	}
	s.AuditFor(ctx, acct.ID, instID, "account.create", email, "ok", "oidc first login: student")
	return s.store.FindAccountByID(ctx, acct.ID)
}

// Issuer is the provider's issuer URL.
func (o *OIDC) Issuer() string { return o.cfg.Issuer }

// emailFree refuses a first Feide login whose e-mail address another account
// already uses: the login is never linked by e-mail (it is not verified), so
// an administrator must link the two.
func (s *Service) emailFree(ctx context.Context, email string) error {
	_, err := s.store.FindAccountByEmail(ctx, email)
	switch app.ErrorCode(err) {
	case app.CodeNotFound:
		return nil
	case app.CodeInternal:
		return err
	}
	return &app.Error{Code: app.CodeForbidden, Key: "login.oidc_email_taken",
		Message: "an account with your e-mail address already exists; ask an administrator to link it to your Feide login"}
}
