package testutil

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// FeideUserIDSecClaim is the Feide claim with institution-controlled
// identifiers such as "feide:ola@uib.no". It is spelt out here rather than
// taken from internal/auth, so that a wrong name there makes tests fail.
const FeideUserIDSecClaim = "https://n.feide.no/claims/userid_sec"

// OIDCProvider is a real OpenID Connect provider for tests, listening on
// 127.0.0.1 on a free port. It serves discovery, authorize, token, userinfo
// and JWKS endpoints and signs ID tokens with its own RSA key.
//
// It is stricter than mockoidc alone: the authorization code flow must use
// PKCE with S256 (an authorize request without an S256 code_challenge is
// refused), so the token endpoint always checks the code_verifier; a code is
// good for one exchange only. The client may authenticate at the token
// endpoint with client_secret_basic or client_secret_post, as the discovery
// document says.
//
// The authorize endpoint shows no login form: it answers at once with a
// redirect for the next queued user (QueueUser). With no user queued it
// logs in mockoidc's default user, who has no Feide identifiers.
type OIDCProvider struct {
	Issuer       string
	ClientID     string
	ClientSecret string

	mock *mockoidc.MockOIDC
	mu   sync.Mutex // mockoidc's session store is a plain map
}

// FeideUser is an identity the provider logs in, with the claims Feide
// sends. It implements mockoidc.User.
type FeideUser struct {
	Subject string
	Name    string
	Email   string
	// UserIDSec are the values of the userid_sec claim; none leaves the
	// claim out.
	UserIDSec []string
	// UserIDSecAsString sends a single identifier as a JSON string rather
	// than a list (providers do both).
	UserIDSecAsString bool
}

var _ mockoidc.User = FeideUser{}

// ID is the subject.
func (u FeideUser) ID() string { return u.Subject }

func (u FeideUser) userIDSec() any {
	switch {
	case len(u.UserIDSec) == 0:
		return nil
	case len(u.UserIDSec) == 1 && u.UserIDSecAsString:
		return u.UserIDSec[0]
	}
	return u.UserIDSec
}

// profile returns the scoped claims: name with "profile", email with
// "email", and the Feide identifiers always (Feide sends them to clients
// that are granted them, independent of the requested scopes).
func (u FeideUser) profile(scopes []string) map[string]any {
	m := map[string]any{}
	if slices.Contains(scopes, "profile") && u.Name != "" {
		m["name"] = u.Name
	}
	if slices.Contains(scopes, "email") && u.Email != "" {
		m["email"] = u.Email
		m["email_verified"] = true
	}
	if v := u.userIDSec(); v != nil {
		m[FeideUserIDSecClaim] = v
	}
	return m
}

// Userinfo is the userinfo response.
func (u FeideUser) Userinfo(scopes []string) ([]byte, error) {
	m := u.profile(scopes)
	m["sub"] = u.Subject
	return json.Marshal(m)
}

// Claims are the ID token's claims: the registered ones from mockoidc (iss,
// sub, aud, exp, iat, nbf, jti, nonce) and the user's.
func (u FeideUser) Claims(scopes []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return &feideClaims{IDTokenClaims: base, extra: u.profile(scopes)}, nil
}

// feideClaims adds claims with arbitrary names (the Feide claim is a URL)
// to mockoidc's registered claims.
type feideClaims struct {
	*mockoidc.IDTokenClaims
	extra map[string]any
}

func (c *feideClaims) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(c.IDTokenClaims)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range c.extra {
		if _, taken := m[k]; !taken {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// StartOIDC starts a provider with a fresh signing key, client id and
// secret; it stops when the test ends.
func StartOIDC(tb testing.TB) *OIDCProvider {
	tb.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatalf("OIDC provider key: %v", err)
	}
	m, err := mockoidc.NewServer(key)
	if err != nil {
		tb.Fatalf("OIDC provider: %v", err)
	}
	m.CodeChallengeMethodsSupported = []string{mockoidc.CodeChallengeMethodS256}
	p := &OIDCProvider{mock: m}
	if err := m.AddMiddleware(p.serialize); err != nil {
		tb.Fatalf("OIDC provider: %v", err)
	}
	if err := m.AddMiddleware(p.requirePKCE); err != nil {
		tb.Fatalf("OIDC provider: %v", err)
	}
	if err := m.AddMiddleware(p.basicClientAuth); err != nil {
		tb.Fatalf("OIDC provider: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("OIDC provider: listen: %v", err)
	}
	if err := m.Start(ln, nil); err != nil {
		ln.Close()
		tb.Fatalf("OIDC provider: start: %v", err)
	}
	tb.Cleanup(func() { m.Server.Close() })
	p.Issuer, p.ClientID, p.ClientSecret = m.Issuer(), m.ClientID, m.ClientSecret
	return p
}

// QueueUser makes the next authorization log in this user. useridSec are
// the values of the Feide userid_sec claim, e.g. "feide:ola@uib.no".
func (p *OIDCProvider) QueueUser(sub, name, email string, useridSec ...string) {
	p.Queue(FeideUser{Subject: sub, Name: name, Email: email, UserIDSec: useridSec})
}

// Queue makes the next authorization log in u.
func (p *OIDCProvider) Queue(u FeideUser) { p.mock.QueueUser(u) }

// AuthorizationEndpoint, TokenEndpoint and UserinfoEndpoint are the
// provider's endpoint URLs, as in its discovery document.
func (p *OIDCProvider) AuthorizationEndpoint() string { return p.mock.AuthorizationEndpoint() }

// TokenEndpoint is the token endpoint's URL.
func (p *OIDCProvider) TokenEndpoint() string { return p.mock.TokenEndpoint() }

// UserinfoEndpoint is the userinfo endpoint's URL.
func (p *OIDCProvider) UserinfoEndpoint() string { return p.mock.UserinfoEndpoint() }

// serialize runs one request at a time: mockoidc keeps its sessions in an
// unsynchronised map.
func (p *OIDCProvider) serialize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// requirePKCE refuses an authorization request without an S256 code
// challenge. mockoidc checks the code_verifier at the token endpoint only
// when the authorization request carried a challenge; with this, every code
// has one, so a missing or wrong verifier always fails the exchange.
func (p *OIDCProvider) requirePKCE(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != mockoidc.AuthorizationEndpoint {
			next.ServeHTTP(w, r)
			return
		}
		if err := r.ParseForm(); err != nil {
			oauthError(w, "invalid_request", err.Error(), http.StatusBadRequest)
			return
		}
		if r.Form.Get("code_challenge") != "" && r.Form.Get("code_challenge_method") == mockoidc.CodeChallengeMethodS256 {
			next.ServeHTTP(w, r)
			return
		}
		const msg = "PKCE with code_challenge_method=S256 is required"
		// RFC 6749 §4.1.2.1: report the error to the client's redirect URI.
		if r.Form.Get("client_id") == p.ClientID {
			if u, err := url.Parse(r.Form.Get("redirect_uri")); err == nil && u.IsAbs() {
				q := u.Query()
				q.Set("error", "invalid_request")
				q.Set("error_description", msg)
				if s := r.Form.Get("state"); s != "" {
					q.Set("state", s)
				}
				u.RawQuery = q.Encode()
				http.Redirect(w, r, u.String(), http.StatusFound)
				return
			}
		}
		oauthError(w, "invalid_request", msg, http.StatusBadRequest)
	})
}

// basicClientAuth accepts client_secret_basic at the token endpoint
// (mockoidc reads client credentials from the form only).
func (p *OIDCProvider) basicClientAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == mockoidc.TokenEndpoint {
			if id, secret, ok := r.BasicAuth(); ok {
				if err := r.ParseForm(); err != nil {
					oauthError(w, "invalid_request", err.Error(), http.StatusBadRequest)
					return
				}
				// RFC 6749 §2.3.1: the credentials are form-encoded in the header.
				id, err1 := url.QueryUnescape(id)
				secret, err2 := url.QueryUnescape(secret)
				if err1 != nil || err2 != nil || (r.Form.Get("client_id") != "" && r.Form.Get("client_id") != id) {
					oauthError(w, "invalid_client", "bad client credentials", http.StatusUnauthorized)
					return
				}
				r.Form.Set("client_id", id)
				r.Form.Set("client_secret", secret)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func oauthError(w http.ResponseWriter, code, description string, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
}
