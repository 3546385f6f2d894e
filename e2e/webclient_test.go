package e2e

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ---- a browser without a browser -------------------------------------------

// webClient is an HTTP client with a cookie jar that follows redirects and
// remembers them.
type webClient struct {
	t      *testing.T
	client *http.Client
	hops   []*url.URL // redirects followed by the last request
	// stopAtCallback leaves the provider's redirect to the app's callback
	// unfollowed.
	stopAtCallback bool
}

func newWebClient(t *testing.T) *webClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &webClient{t: t}
	c.client = &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return http.ErrUseLastResponse
		}
		if c.stopAtCallback && req.URL.Path == "/auth/oidc/callback" {
			return http.ErrUseLastResponse
		}
		c.hops = append(c.hops, req.URL)
		return nil
	}}
	return c
}

// page is a response as the client ended up with it.
type page struct {
	Status   int
	URL      string
	Location string
	Body     string
	Hops     []*url.URL
}

func (c *webClient) get(u string) page {
	c.t.Helper()
	c.hops = nil
	resp, err := c.client.Get(u)
	if err != nil {
		c.t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("GET %s: read body: %v", u, err)
	}
	return page{Status: resp.StatusCode, URL: resp.Request.URL.String(), Location: resp.Header.Get("Location"), Body: string(b), Hops: c.hops}
}

var feideLinkRE = regexp.MustCompile(`<a [^>]*id="feide-login"[^>]*href="([^"]+)"`)

// feideLogin opens the login page, follows its "Log in with Feide" link
// through the provider and back, and checks the way it went.
func (c *webClient) feideLogin(a *testApp) page {
	c.t.Helper()
	login := c.get(a.URL + "/login")
	login.wantStatus(c.t, http.StatusOK)
	m := feideLinkRE.FindStringSubmatch(login.Body)
	if m == nil {
		c.t.Fatalf("the login page has no #feide-login link:\n%s", login.Body)
	}
	href, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		c.t.Fatalf("bad #feide-login href %q: %v", m[1], err)
	}
	if href.Path != "/auth/oidc/login" {
		c.t.Fatalf("#feide-login goes to %s, want /auth/oidc/login", href)
	}
	base, _ := url.Parse(a.URL)
	pg := c.get(base.ResolveReference(href).String())
	if len(pg.Hops) < 2 {
		c.t.Fatalf("Feide login went %v, want via the provider and the callback", pg.Hops)
	}
	wantAuthorizeRequest(c.t, a, pg.Hops[0])
	if cb := pg.Hops[1]; cb.Scheme+"://"+cb.Host+cb.Path != a.URL+"/auth/oidc/callback" {
		c.t.Fatalf("the provider sent the browser to %s, want the app's callback", cb)
	}
	return pg
}

// feideCallbackURL runs a Feide login up to the provider's redirect to the
// app and returns the callback URL without visiting it.
func (c *webClient) feideCallbackURL(a *testApp) string {
	c.t.Helper()
	c.stopAtCallback = true
	defer func() { c.stopAtCallback = false }()
	pg := c.get(a.URL + "/auth/oidc/login?next=/")
	if pg.Status != http.StatusFound || !strings.HasPrefix(pg.Location, a.URL+"/auth/oidc/callback?") {
		c.t.Fatalf("provider answered %d with Location %q, want a redirect to the callback", pg.Status, pg.Location)
	}
	wantAuthorizeRequest(c.t, a, pg.Hops[0])
	if queryOf(c.t, pg.Location, "code") == "" || queryOf(c.t, pg.Location, "state") == "" {
		c.t.Fatalf("callback URL %s has no code or state", pg.Location)
	}
	return pg.Location
}

// wantAuthorizeRequest checks the app's request to the provider: code flow
// with PKCE S256, a state and a nonce, and the app's callback.
func wantAuthorizeRequest(t *testing.T, a *testApp, u *url.URL) {
	t.Helper()
	if got := u.Scheme + "://" + u.Host + u.Path; got != a.OIDC.AuthorizationEndpoint() {
		t.Fatalf("login went first to %s, want the provider's authorization endpoint %s", got, a.OIDC.AuthorizationEndpoint())
	}
	q := u.Query()
	want := map[string]string{"response_type": "code", "client_id": a.OIDC.ClientID, "code_challenge_method": "S256",
		"redirect_uri": a.URL + "/auth/oidc/callback"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("authorization request: %s = %q, want %q", k, q.Get(k), v)
		}
	}
	for _, k := range []string{"state", "nonce", "code_challenge"} {
		if len(q.Get(k)) < 20 {
			t.Errorf("authorization request: %s = %q, want a long random value", k, q.Get(k))
		}
	}
	if scopes := strings.Fields(q.Get("scope")); !slices.Contains(scopes, "openid") {
		t.Errorf("authorization request: scope = %q, want openid", q.Get("scope"))
	}
}

// wantLoggedOut checks that the client's cookies open no session.
func (c *webClient) wantLoggedOut(t *testing.T, a *testApp) {
	t.Helper()
	pg := c.get(a.URL + "/")
	pg.wantStatus(t, http.StatusOK)
	pg.wantNotContains(t, `class="logout"`, `id="sec-`)
	pg.wantContains(t, `href="/login"`)
}

// ---- assertions on pages ------------------------------------------------

var h1RE = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)

// heading is the text of the page's first h1.
func (p page) heading() string {
	m := h1RE.FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(html.UnescapeString(m[1]))
}

func (p page) wantStatus(t *testing.T, status int) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("%s: status %d, want %d; page:\n%s", p.URL, p.Status, status, p.Body)
	}
}

// wantDashboard checks that the page is the dashboard of name, at /.
func (p page) wantDashboard(t *testing.T, a *testApp, name string) {
	t.Helper()
	p.wantStatus(t, http.StatusOK)
	if p.URL != a.URL+"/" {
		t.Errorf("ended at %s, want %s/", p.URL, a.URL)
	}
	if h := p.heading(); h != "Hei, "+name {
		t.Fatalf("heading %q, want %q (the dashboard); page:\n%s", h, "Hei, "+name, p.Body)
	}
	p.wantContains(t, `<form class="logout"`)
}

// wantLoginError checks for the login page with the failed-Feide-login message.
func (p page) wantLoginError(t *testing.T) {
	t.Helper()
	p.wantContains(t, `id="login-error"`, `id="feide-login"`)
	if p.Status == http.StatusUnauthorized {
		p.wantContains(t, "Innlogging med Feide mislyktes")
	}
}

var loginErrorRE = regexp.MustCompile(`(?s)id="login-error">(.*?)</div>`)

// loginErrorText is the login page's error message, or "".
func loginErrorText(p page) string {
	if m := loginErrorRE.FindStringSubmatch(p.Body); m != nil {
		return strings.TrimSpace(html.UnescapeString(m[1]))
	}
	return ""
}

func (p page) wantContains(t *testing.T, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(p.Body, s) {
			t.Errorf("%s: page lacks %q; page:\n%s", p.URL, s, p.Body)
		}
	}
}

func (p page) wantNotContains(t *testing.T, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(p.Body, s) {
			t.Errorf("%s: page has %q", p.URL, s)
		}
	}
}

// ---- URLs -----------------------------------------------------------------

func queryOf(t *testing.T, u, key string) string {
	t.Helper()
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatalf("parse %s: %v", u, err)
	}
	return pu.Query().Get(key)
}

func withQuery(t *testing.T, u, key, value string) string {
	t.Helper()
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatalf("parse %s: %v", u, err)
	}
	q := pu.Query()
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	pu.RawQuery = q.Encode()
	return pu.String()
}
