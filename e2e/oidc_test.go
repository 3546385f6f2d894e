package e2e

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
)

// These tests log in with Feide the way a browser does, over HTTP with a
// cookie jar: from the login page's link to the provider, back to the
// callback and on to the dashboard.

func TestFeideFirstLoginCreatesStudent(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	a.OIDC.QueueUser("sub-new-student", "Nina Ny", "nina.ny@uib.no", "feide:newstudent@uib.no")

	c := newWebClient(t)
	pg := c.feideLogin(a)
	pg.wantDashboard(t, a, "Nina Ny")
	pg.wantContains(t, `id="sec-student"`, "Din mentorordning")
	pg.wantNotContains(t, `id="sec-admin"`, `id="sec-coord"`)

	// A new person and account in the institution of the realm uib.no,
	// with the student role only, tied to the provider's subject.
	acct := a.accountByEmail(t, "nina.ny@uib.no")
	if acct.InstitutionID != a.Demo.Institution.ID {
		t.Errorf("account in institution %d, want %d (uib)", acct.InstitutionID, a.Demo.Institution.ID)
	}
	if acct.GivenName != "Nina" || acct.FamilyName != "Ny" {
		t.Errorf("name = %q %q, want Nina Ny", acct.GivenName, acct.FamilyName)
	}
	if acct.PasswordHash != "" {
		t.Error("an account created by Feide login has a password")
	}
	wantGrants(t, acct, app.Grant{Role: app.RoleStudent, InstitutionID: a.Demo.Institution.ID})
	a.wantIdentity(t, "sub-new-student", acct.ID)
	persons, err := a.DB.FindPersonsByFeideID(ctx, "feide:newstudent@uib.no")
	if err != nil || len(persons) != 1 || persons[0] != [2]int64{acct.PersonID, a.Demo.Institution.ID} {
		t.Errorf("persons with feide:newstudent@uib.no = %v (%v), want [[%d %d]]", persons, err, acct.PersonID, a.Demo.Institution.ID)
	}
	a.wantAudit(t, auth.AuditEntry{Action: "account.create", AccountID: acct.ID, Target: "nina.ny@uib.no", Outcome: "ok", Details: "oidc first login: student"})
	a.wantAudit(t, auth.AuditEntry{Action: "login", AccountID: acct.ID, Outcome: "ok", Details: "oidc"})

	// The session holds: the dashboard is there on the next request.
	c.get(a.URL+"/").wantDashboard(t, a, "Nina Ny")

	// A later login by the same subject is the same account, not a new one.
	before := a.accountCount(t)
	a.OIDC.QueueUser("sub-new-student", "Nina Ny", "nina.ny@uib.no", "feide:newstudent@uib.no")
	newWebClient(t).feideLogin(a).wantDashboard(t, a, "Nina Ny")
	if n := a.accountCount(t); n != before {
		t.Errorf("second login: %d accounts, want %d", n, before)
	}
	if n := a.countAudit(t, auth.AuditEntry{Action: "login", AccountID: acct.ID, Outcome: "ok", Details: "oidc"}); n != 2 {
		t.Errorf("%d successful OIDC logins of the account in the audit log, want 2", n)
	}
}

func TestFeideLoginLinksPreregisteredPerson(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	inst := a.Demo.Institution.ID
	pilot := a.Demo.Programs["uib-mn-pilot"]
	// The institution registered Kari with her Feide id before she ever
	// logged in; her account has another e-mail address than Feide sends.
	kari, err := a.DB.CreateAccount(ctx, auth.NewAccount{
		Person: auth.NewPerson{InstitutionID: inst, GivenName: "Kari", FamilyName: "Nordmann",
			Email: "kari.nordmann@uib.no", FeideID: "feide:kari@uib.no"},
		Email:  "kari.nordmann@uib.no",
		Grants: []app.Grant{{Role: app.RoleCoordinator, InstitutionID: inst, ProgramID: pilot.ID}},
	})
	if err != nil {
		t.Fatalf("create pre-registered account: %v", err)
	}
	before := a.accountCount(t)

	a.OIDC.QueueUser("sub-kari", "Kari Feide-Nordmann", "kari@student.uib.no", "feide:kari@uib.no")
	pg := newWebClient(t).feideLogin(a)
	pg.wantDashboard(t, a, "Kari Nordmann")
	pg.wantContains(t, `id="sec-coord"`, pilot.Name)
	pg.wantNotContains(t, `id="sec-student"`)

	if n := a.accountCount(t); n != before {
		t.Errorf("%d accounts after the login, want %d: the login made a new account", n, before)
	}
	a.wantNoAccount(t, "kari@student.uib.no")
	a.wantIdentity(t, "sub-kari", kari.ID)
	a.wantAudit(t, auth.AuditEntry{Action: "oidc.link", AccountID: kari.ID, Target: "feide:kari@uib.no", Outcome: "ok", Details: "userid_sec"})
	a.wantAudit(t, auth.AuditEntry{Action: "login", AccountID: kari.ID, Outcome: "ok", Details: "oidc"})
}

func TestFeideLoginNeverLinksByEmail(t *testing.T) {
	a := startApp(t)
	admin := a.accountByEmail(t, "admin@demo.mentorhub.no")

	t.Run("no userid_sec", func(t *testing.T) {
		// The provider vouches for the admin's address but for no Feide id.
		a.OIDC.QueueUser("sub-mallory-1", "Astrid Admin", "admin@demo.mentorhub.no")
		c := newWebClient(t)
		pg := c.feideLogin(a)
		pg.wantStatus(t, http.StatusForbidden)
		pg.wantLoginError(t)
		a.wantNoIdentity(t, "sub-mallory-1")
		c.wantLoggedOut(t, a)
	})

	t.Run("another Feide id", func(t *testing.T) {
		// A uib.no user whose provider sends the admin's address: whatever
		// happens, the login must not end up as the admin.
		a.OIDC.QueueUser("sub-mallory-2", "Mallory", "admin@demo.mentorhub.no", "feide:mallory@uib.no")
		c := newWebClient(t)
		pg := c.feideLogin(a)
		t.Logf("the login answered %d with %q", pg.Status, loginErrorText(pg))
		pg.wantNotContains(t, "Astrid Admin", `id="sec-admin"`)
		if id, err := a.DB.FindOIDCIdentity(context.Background(), a.OIDC.Issuer, "sub-mallory-2"); err == nil && id == admin.ID {
			t.Fatal("the Feide identity was linked to the admin's account by e-mail")
		}
		if h := c.get(a.URL + "/").heading(); strings.Contains(h, "Astrid") {
			t.Errorf("after the login the dashboard greets %q", h)
		}
	})

	if n := a.countAudit(t, auth.AuditEntry{Action: "login", AccountID: admin.ID, Outcome: "ok"}); n != 0 {
		t.Errorf("%d successful logins of the admin in the audit log, want 0", n)
	}
}

func TestFeideCallbackRefusesTamperedAndReplayedState(t *testing.T) {
	a := startApp(t)
	a.OIDC.QueueUser("sub-replay", "Rita Replay", "rita@uib.no", "feide:rita@uib.no")
	c := newWebClient(t)
	callback := c.feideCallbackURL(a)

	t.Run("tampered state", func(t *testing.T) {
		u := withQuery(t, callback, "state", queryOf(t, callback, "state")+"x")
		pg := newWebClient(t).get(u)
		pg.wantStatus(t, http.StatusUnauthorized)
		pg.wantLoginError(t)
	})
	t.Run("missing state", func(t *testing.T) {
		newWebClient(t).get(withQuery(t, callback, "state", "")).wantStatus(t, http.StatusUnauthorized)
	})
	t.Run("provider error", func(t *testing.T) {
		u := a.URL + "/auth/oidc/callback?error=access_denied&state=" + url.QueryEscape(queryOf(t, callback, "state"))
		pg := newWebClient(t).get(u)
		pg.wantStatus(t, http.StatusUnauthorized)
		pg.wantLoginError(t)
	})

	// The genuine callback still works once ...
	c.get(callback).wantDashboard(t, a, "Rita Replay")
	rita := a.accountByEmail(t, "rita@uib.no")

	// ... and never again: not in the same browser, nor in another one.
	t.Run("replayed in the same browser", func(t *testing.T) {
		pg := c.get(callback)
		pg.wantStatus(t, http.StatusUnauthorized)
		pg.wantLoginError(t)
	})
	t.Run("replayed elsewhere", func(t *testing.T) {
		other := newWebClient(t)
		pg := other.get(callback)
		pg.wantStatus(t, http.StatusUnauthorized)
		pg.wantLoginError(t)
		other.wantLoggedOut(t, a)
	})

	if n := a.countAudit(t, auth.AuditEntry{Action: "login", AccountID: rita.ID, Outcome: "ok", Details: "oidc"}); n != 1 {
		t.Errorf("%d successful logins in the audit log, want 1", n)
	}
	// tampered, missing, replayed twice; a provider error is not a login attempt of ours.
	if n := a.countAudit(t, auth.AuditEntry{Action: "login", Outcome: "failed", Details: "oidc: unknown or expired login attempt"}); n != 3 {
		t.Errorf("%d failed logins for an unknown state in the audit log, want 3", n)
	}
	if n := a.countAudit(t, auth.AuditEntry{Action: "login", Outcome: "failed", Details: "oidc: missing state or code"}); n != 1 {
		t.Errorf("%d failed logins for a missing state in the audit log, want 1", n)
	}
}

func TestFeideLoginIgnoresForeignNext(t *testing.T) {
	a := startApp(t)
	a.OIDC.QueueUser("sub-next", "Nils Neste", "nils@uib.no", "feide:nils@uib.no")
	c := newWebClient(t)
	pg := c.get(a.URL + "/auth/oidc/login?next=" + url.QueryEscape("//evil.example/"))
	pg.wantDashboard(t, a, "Nils Neste")
}

func TestFeideLoginUnknownRealm(t *testing.T) {
	a := startApp(t)
	before := a.accountCount(t)
	a.OIDC.QueueUser("sub-ntnu", "Nora Ntnu", "nora@ntnu.no", "feide:nora@ntnu.no")
	c := newWebClient(t)
	pg := c.feideLogin(a)
	pg.wantStatus(t, http.StatusForbidden)
	pg.wantLoginError(t)
	c.wantLoggedOut(t, a)
	a.wantNoIdentity(t, "sub-ntnu")
	if n := a.accountCount(t); n != before {
		t.Errorf("%d accounts after a login from an unknown realm, want %d", n, before)
	}
}

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

// ---- assertions on the database -------------------------------------------

func (a *testApp) wantNoAccount(t *testing.T, email string) {
	t.Helper()
	if acct, err := a.DB.FindAccountByEmail(context.Background(), email); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("account %s: %+v, %v; want none", email, acct, err)
	}
}

func (a *testApp) accountCount(t *testing.T) int {
	t.Helper()
	n := 0
	for _, inst := range []int64{a.Demo.Institution.ID, a.Demo.Other.ID} {
		accts, err := a.DB.FindAccounts(context.Background(), inst)
		if err != nil {
			t.Fatalf("list accounts: %v", err)
		}
		n += len(accts)
	}
	return n
}

func (a *testApp) wantIdentity(t *testing.T, subject string, accountID int64) {
	t.Helper()
	id, err := a.DB.FindOIDCIdentity(context.Background(), a.OIDC.Issuer, subject)
	if err != nil || id != accountID {
		t.Errorf("OIDC subject %s is linked to account %d (%v), want %d", subject, id, err, accountID)
	}
}

func (a *testApp) wantNoIdentity(t *testing.T, subject string) {
	t.Helper()
	if id, err := a.DB.FindOIDCIdentity(context.Background(), a.OIDC.Issuer, subject); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("OIDC subject %s is linked to account %d (%v), want no link", subject, id, err)
	}
}

func wantGrants(t *testing.T, acct auth.Account, want ...app.Grant) {
	t.Helper()
	var got []app.Grant
	for _, g := range acct.Grants {
		g.ID = 0
		got = append(got, g)
	}
	if !slices.Equal(got, want) {
		t.Errorf("grants of %s = %+v, want %+v", acct.Email, got, want)
	}
}

// countAudit counts audit entries matching the non-zero fields of want.
func (a *testApp) countAudit(t *testing.T, want auth.AuditEntry) int {
	t.Helper()
	entries, err := a.DB.FindAudit(context.Background(), auth.AuditFilter{Action: want.Action, Limit: 1000})
	if err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	n := 0
	for _, e := range entries {
		if (want.AccountID == 0 || e.AccountID == want.AccountID) && (want.Target == "" || e.Target == want.Target) &&
			(want.Outcome == "" || e.Outcome == want.Outcome) && (want.Details == "" || e.Details == want.Details) {
			n++
		}
	}
	return n
}

func (a *testApp) wantAudit(t *testing.T, want auth.AuditEntry) {
	t.Helper()
	if a.countAudit(t, want) == 0 {
		entries, _ := a.DB.FindAudit(context.Background(), auth.AuditFilter{Limit: 50})
		t.Errorf("audit log has no entry like %+v; newest entries:\n%s", want, formatAudit(entries))
	}
}

func formatAudit(entries []auth.AuditEntry) string {
	var b strings.Builder
	for _, e := range entries {
		b.WriteString("  " + e.At.Format("15:04:05") + " " + e.Action + " account=" + strconv.FormatInt(e.AccountID, 10) + " target=" + e.Target +
			" outcome=" + e.Outcome + " details=" + e.Details + "\n")
	}
	return b.String()
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
