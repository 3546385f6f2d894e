package testutil

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

const testRedirectURL = "http://127.0.0.1:1/auth/oidc/callback"

// oidcClient is a relying party of p, as the app configures one.
type oidcClient struct {
	p        *OIDCProvider
	provider *oidc.Provider
	oauth    oauth2.Config
}

func newOIDCClient(t *testing.T, p *OIDCProvider) *oidcClient {
	t.Helper()
	provider, err := oidc.NewProvider(context.Background(), p.Issuer)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	return &oidcClient{p: p, provider: provider, oauth: oauth2.Config{
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, RedirectURL: testRedirectURL,
		Endpoint: provider.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"},
	}}
}

// authorize sends the browser's request to the authorization endpoint and
// returns the query of the redirect back to the client.
func (c *oidcClient) authorize(t *testing.T, state string, opts ...oauth2.AuthCodeOption) url.Values {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(c.oauth.AuthCodeURL(state, opts...))
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatalf("authorize: bad Location: %v", err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != testRedirectURL {
		t.Fatalf("authorize redirected to %s, want %s", got, testRedirectURL)
	}
	return loc.Query()
}

// code runs a PKCE S256 authorization and returns the code and verifier.
func (c *oidcClient) code(t *testing.T, nonce string) (code, verifier string) {
	t.Helper()
	verifier = oauth2.GenerateVerifier()
	q := c.authorize(t, "state-1", oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce))
	if q.Get("state") != "state-1" || q.Get("code") == "" {
		t.Fatalf("authorize answered %v, want a code and state-1", q)
	}
	return q.Get("code"), verifier
}

func (c *oidcClient) idToken(t *testing.T, tok *oauth2.Token) *oidc.IDToken {
	t.Helper()
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		t.Fatal("token response has no id_token")
	}
	idt, err := c.provider.Verifier(&oidc.Config{ClientID: c.p.ClientID}).Verify(context.Background(), raw)
	if err != nil {
		t.Fatalf("verify ID token: %v", err)
	}
	return idt
}

type feideClaimSet struct {
	Subject   string `json:"sub"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	UserIDSec any    `json:"https://n.feide.no/claims/userid_sec"`
}

func TestOIDCProviderDiscovery(t *testing.T) {
	p := StartOIDC(t)
	if !strings.HasPrefix(p.Issuer, "http://127.0.0.1:") || p.ClientID == "" || p.ClientSecret == "" {
		t.Fatalf("provider = %+v, want a local issuer and client credentials", p)
	}
	c := newOIDCClient(t, p)
	var doc struct {
		Methods []string `json:"code_challenge_methods_supported"`
		Token   string   `json:"token_endpoint"`
	}
	if err := c.provider.Claims(&doc); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc.Methods, []string{"S256"}) {
		t.Errorf("code_challenge_methods_supported = %v, want [S256]", doc.Methods)
	}
	if doc.Token != p.TokenEndpoint() {
		t.Errorf("token_endpoint = %q, want %q", doc.Token, p.TokenEndpoint())
	}
}

func TestOIDCProviderCodeFlowWithPKCE(t *testing.T) {
	ctx := context.Background()
	p := StartOIDC(t)
	c := newOIDCClient(t, p)
	p.QueueUser("sub-ola", "Ola Nordmann", "ola@uib.no", "feide:ola@uib.no", "nin:ignored")

	code, verifier := c.code(t, "nonce-1")
	tok, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange with the right verifier: %v", err)
	}
	idt := c.idToken(t, tok)
	if idt.Nonce != "nonce-1" {
		t.Errorf("nonce = %q, want nonce-1", idt.Nonce)
	}
	if idt.Issuer != p.Issuer {
		t.Errorf("iss = %q, want %q", idt.Issuer, p.Issuer)
	}
	if time.Until(idt.Expiry) <= 0 {
		t.Errorf("ID token expired at %v", idt.Expiry)
	}
	var cl feideClaimSet
	if err := idt.Claims(&cl); err != nil {
		t.Fatal(err)
	}
	want := feideClaimSet{Subject: "sub-ola", Name: "Ola Nordmann", Email: "ola@uib.no", UserIDSec: []any{"feide:ola@uib.no", "nin:ignored"}}
	if !reflect.DeepEqual(cl, want) {
		t.Errorf("ID token claims = %+v, want %+v", cl, want)
	}

	ui, err := c.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		t.Fatalf("userinfo: %v", err)
	}
	var ucl feideClaimSet
	if err := ui.Claims(&ucl); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ucl, want) {
		t.Errorf("userinfo claims = %+v, want %+v", ucl, want)
	}

	if _, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier)); err == nil {
		t.Error("a code was exchanged twice")
	}
}

func TestOIDCProviderChecksCodeVerifier(t *testing.T) {
	ctx := context.Background()
	p := StartOIDC(t)
	c := newOIDCClient(t, p)
	for _, tc := range []struct {
		name     string
		verifier func(right string) string // "" sends none
	}{
		{"missing verifier", func(string) string { return "" }},
		{"wrong verifier", func(string) string { return oauth2.GenerateVerifier() }},
		{"challenge sent as verifier", oauth2.S256ChallengeFromVerifier},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.QueueUser("sub-kari", "Kari", "kari@uib.no", "feide:kari@uib.no")
			code, verifier := c.code(t, "n")
			var opts []oauth2.AuthCodeOption
			if v := tc.verifier(verifier); v != "" {
				opts = append(opts, oauth2.VerifierOption(v))
			}
			_, err := c.oauth.Exchange(ctx, code, opts...)
			if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
				t.Fatalf("exchange: err = %v, want invalid_grant", err)
			}
		})
	}
}

func TestOIDCProviderRequiresS256(t *testing.T) {
	p := StartOIDC(t)
	c := newOIDCClient(t, p)
	for name, opts := range map[string][]oauth2.AuthCodeOption{
		"no challenge":    nil,
		"plain challenge": {oauth2.SetAuthURLParam("code_challenge", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq"), oauth2.SetAuthURLParam("code_challenge_method", "plain")},
		"no method":       {oauth2.SetAuthURLParam("code_challenge", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq")},
	} {
		t.Run(name, func(t *testing.T) {
			q := c.authorize(t, "st", opts...)
			if q.Get("error") != "invalid_request" || q.Get("state") != "st" || q.Get("code") != "" {
				t.Fatalf("authorize answered %v, want error=invalid_request with the state and no code", q)
			}
		})
	}
}

func TestOIDCProviderClientAuthentication(t *testing.T) {
	ctx := context.Background()
	p := StartOIDC(t)
	for _, tc := range []struct {
		name   string
		style  oauth2.AuthStyle
		secret string
		ok     bool
	}{
		{"client_secret_basic", oauth2.AuthStyleInHeader, p.ClientSecret, true},
		{"client_secret_post", oauth2.AuthStyleInParams, p.ClientSecret, true},
		{"wrong secret in header", oauth2.AuthStyleInHeader, "nope", false},
		{"wrong secret in form", oauth2.AuthStyleInParams, "nope", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newOIDCClient(t, p)
			c.oauth.Endpoint.AuthStyle = tc.style
			c.oauth.ClientSecret = tc.secret
			p.QueueUser("sub-"+tc.name, "N", "n@uib.no")
			code, verifier := c.code(t, "n")
			tok, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
			if !tc.ok {
				if err == nil || !strings.Contains(err.Error(), "invalid_client") {
					t.Fatalf("exchange: err = %v, want invalid_client", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if sub := c.idToken(t, tok).Subject; sub != "sub-"+tc.name {
				t.Errorf("sub = %q", sub)
			}
		})
	}
}

func TestOIDCProviderClaimShapes(t *testing.T) {
	ctx := context.Background()
	p := StartOIDC(t)
	c := newOIDCClient(t, p)
	for _, tc := range []struct {
		name string
		user FeideUser
		want any
	}{
		{"single as string", FeideUser{Subject: "a", UserIDSec: []string{"feide:a@uib.no"}, UserIDSecAsString: true}, "feide:a@uib.no"},
		{"single as list", FeideUser{Subject: "b", UserIDSec: []string{"feide:b@uib.no"}}, []any{"feide:b@uib.no"}},
		{"none", FeideUser{Subject: "c", Name: "C", Email: "c@example.org"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.Queue(tc.user)
			code, verifier := c.code(t, "n")
			tok, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := c.idToken(t, tok).Claims(&m); err != nil {
				t.Fatal(err)
			}
			if got := m[FeideUserIDSecClaim]; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("userid_sec = %#v, want %#v", got, tc.want)
			}
			if m["sub"] != tc.user.Subject {
				t.Errorf("sub = %v, want %s", m["sub"], tc.user.Subject)
			}
		})
	}
}
