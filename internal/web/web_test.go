package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

type env struct {
	app  *server.App
	srv  *httptest.Server
	demo *demo.Result
}

// demoDB is the demo institution, seeded once for the package's tests and
// copied for each (see TestMain).
var demoDB = &testutil.Template[*demo.Result]{
	Seed: func(ctx context.Context, s *server.Services) (*demo.Result, error) {
		return demo.Seed(ctx, s.Auth, s.Org, s.Programs, s.People, s.Training)
	},
}

func TestMain(m *testing.M) {
	code := m.Run()
	demoDB.Close()
	os.Exit(code)
}

// newEnv starts the web app on a copy of the demo database, with a fake
// clock of its own.
func newEnv(t *testing.T) *env {
	t.Helper()
	svc, res := demoDB.Open(t, app.NewFakeClock(testutil.Epoch))
	a, err := server.New(context.Background(), svc, server.Config{Addr: "127.0.0.1:0", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Web)
	t.Cleanup(srv.Close)
	return &env{app: a, srv: srv, demo: res}
}

// client returns an HTTP client with its own cookie jar that does not follow redirects.
func (e *env) client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// login logs c in and returns the CSRF token of its session.
func (e *env) login(t *testing.T, c *http.Client, email string) string {
	t.Helper()
	r, err := c.PostForm(e.srv.URL+"/login", url.Values{"email": {email}, "password": {demo.Password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	body(t, r)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s: status %d", email, r.StatusCode)
	}
	return e.csrf(t, c)
}

var csrfRE = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

func (e *env) csrf(t *testing.T, c *http.Client) string {
	r, err := c.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	m := csrfRE.FindStringSubmatch(body(t, r))
	if m == nil {
		t.Fatal("no CSRF token on the dashboard: not logged in?")
	}
	return m[1]
}

func (e *env) token(t *testing.T, email string) string {
	t.Helper()
	tok, err := e.app.Auth.IssueToken(app.WithActor(context.Background(), app.SystemActor), email)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (e *env) api(t *testing.T, token, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, body(t, r)
}

type openapiDoc struct {
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

func (e *env) openapi(t *testing.T) []string {
	code, b := e.api(t, "", "/api/v1/openapi.json")
	if code != 200 {
		t.Fatalf("openapi.json: %d", code)
	}
	var doc openapiDoc
	if err := json.Unmarshal([]byte(b), &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for p, ops := range doc.Paths {
		for m := range ops {
			if m == "parameters" {
				continue
			}
			out = append(out, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(out)
	return out
}

func TestOpenAPIDescribesExactlyTheRegisteredRoutes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	documented := map[string]bool{}
	for _, r := range e.openapi(t) {
		documented[r] = true
	}
	registered := map[string]bool{}
	for _, r := range e.app.Web.APIRoutes() {
		registered[r] = true
		if !documented[r] {
			t.Errorf("route %s is registered but missing from openapi.json", r)
		}
	}
	for r := range documented {
		if !registered[r] {
			t.Errorf("openapi.json names %s, which is not registered", r)
		}
	}
}

func TestEveryAPIEndpointButOpenAPIAnswers401WithoutCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, r := range e.app.Web.APIRoutes() {
		method, path, _ := strings.Cut(r, " ")
		path = strings.ReplaceAll(path, "{id}", "1")
		req, _ := http.NewRequest(method, e.srv.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b := body(t, resp)
		if path == "/api/v1/openapi.json" {
			if resp.StatusCode != 200 {
				t.Errorf("%s: %d, want 200", r, resp.StatusCode)
			}
			continue
		}
		var eb struct {
			Error   string `json:"error"`
			Details []any  `json:"details"`
		}
		if resp.StatusCode != 401 || json.Unmarshal([]byte(b), &eb) != nil || eb.Error == "" || eb.Details == nil {
			t.Errorf("%s without a token: %d %s, want 401 with a JSON error", r, resp.StatusCode, b)
		}
	}
	// A bad token is 401 too, and so is an unknown API path.
	if code, _ := e.api(t, "mh_not-a-token", "/api/v1/me"); code != 401 {
		t.Errorf("bad token: %d", code)
	}
	if code, _ := e.api(t, "", "/api/v1/no-such-thing"); code != 401 {
		t.Errorf("unknown path without a token: %d", code)
	}
}

func TestATokenOfOneInstitutionCannotReadAnothers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	uib, hvl := e.demo.Institution.ID, e.demo.Other.ID
	uibTok, hvlTok := e.token(t, "admin@demo.mentorhub.no"), e.token(t, "admin@hvl.demo.mentorhub.no")
	var hvlProgram int64
	_, b := e.api(t, hvlTok, "/api/v1/programs")
	var progs []struct {
		ID            int64 `json:"id"`
		InstitutionID int64 `json:"institution_id"`
	}
	if err := json.Unmarshal([]byte(b), &progs); err != nil || len(progs) == 0 {
		t.Fatalf("HVL programs: %.500s", b)
	}
	for _, p := range progs {
		if p.InstitutionID != hvl {
			t.Fatalf("HVL token sees program %d of institution %d", p.ID, p.InstitutionID)
		}
	}
	hvlProgram = progs[0].ID
	for _, path := range []string{
		fmt.Sprintf("/api/v1/institutions/%d", hvl),
		fmt.Sprintf("/api/v1/institutions/%d/units", hvl),
		fmt.Sprintf("/api/v1/institutions/%d/programmes", hvl),
		fmt.Sprintf("/api/v1/programs/%d", hvlProgram),
	} {
		if code, b := e.api(t, uibTok, path); code != 404 {
			t.Errorf("UiB token read %s: %d %s, want 404", path, code, b)
		}
		if code, _ := e.api(t, hvlTok, path); code != 200 {
			t.Errorf("HVL token read its own %s: %d", path, code)
		}
	}
	_, b = e.api(t, uibTok, "/api/v1/programs")
	progs = nil
	json.Unmarshal([]byte(b), &progs)
	if len(progs) != len(e.demo.Programs) {
		t.Fatalf("UiB admin sees %d programs, want %d", len(progs), len(e.demo.Programs))
	}
	for _, p := range progs {
		if p.InstitutionID != uib {
			t.Errorf("UiB token sees program %d of institution %d", p.ID, p.InstitutionID)
		}
	}
	_, b = e.api(t, uibTok, "/api/v1/institutions")
	if strings.Contains(b, "Høgskulen på Vestlandet") {
		t.Errorf("UiB token lists HVL: %s", b)
	}
	// The national admin sees both.
	_, b = e.api(t, e.token(t, "national@demo.mentorhub.no"), "/api/v1/institutions")
	if !strings.Contains(b, "Høgskulen på Vestlandet") || !strings.Contains(b, "Universitetet i Bergen") {
		t.Errorf("national admin lists: %s", b)
	}
	// A student may not read the audit log: 403, and the denial is itself audited.
	if code, _ := e.api(t, e.token(t, "student@demo.mentorhub.no"), "/api/v1/audit"); code != 403 {
		t.Errorf("student read the audit log: %d", code)
	}
	code, b := e.api(t, uibTok, "/api/v1/audit?action=request.denied")
	if code != 200 || !strings.Contains(b, "GET /api/v1/audit") {
		t.Errorf("denied request not in the audit log: %d %s", code, b)
	}
}

func TestScopedProgramVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	count := func(email string) int {
		_, b := e.api(t, e.token(t, email), "/api/v1/programs")
		var progs []json.RawMessage
		json.Unmarshal([]byte(b), &progs)
		return len(progs)
	}
	if n := count("coordinator@demo.mentorhub.no"); n != 1 {
		t.Errorf("coordinator of one program sees %d", n)
	}
	// The MN dean sees the MN pilot and biORAKEL (a department under MN).
	if n := count("dean.mn@demo.mentorhub.no"); n != 2 {
		t.Errorf("MN faculty leader sees %d programs, want 2", n)
	}
	if n := count("leader@demo.mentorhub.no"); n != len(e.demo.Programs) {
		t.Errorf("institution leader sees %d", n)
	}
	if n := count("student@demo.mentorhub.no"); n != 0 {
		t.Errorf("student sees %d programs through the API", n)
	}
}

func TestSecurityHeadersAndPrivatePagesAreNotCached(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	r, _ := c.Get(e.srv.URL + "/login")
	body(t, r)
	h := r.Header
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
		t.Errorf("headers: %v", h)
	}
	e.login(t, c, "admin@demo.mentorhub.no")
	r, _ = c.Get(e.srv.URL + "/admin")
	b := body(t, r)
	if r.StatusCode != 200 || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("admin page: %d, Cache-Control %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	if strings.Contains(b, "<script>") || strings.Contains(b, " onclick=") || strings.Contains(b, "style=") {
		t.Error("a page has inline script or style, which the CSP blocks")
	}
	for _, c := range r.Cookies() {
		t.Logf("cookie %s", c.Name)
	}
}

func TestSessionCookieIsHttpOnlyLaxAndRenewedAtLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	r, err := c.PostForm(e.srv.URL+"/login", url.Values{"email": {"student@demo.mentorhub.no"}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	body(t, r)
	var sc *http.Cookie
	for _, ck := range r.Cookies() {
		if strings.Contains(ck.Name, "session") {
			sc = ck
		}
	}
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Path != "/" {
		t.Fatalf("session cookie: %+v", sc)
	}
	first := sc.Value
	r, _ = c.PostForm(e.srv.URL+"/login", url.Values{"email": {"student@demo.mentorhub.no"}, "password": {demo.Password}})
	body(t, r)
	for _, ck := range r.Cookies() {
		if ck.Name == sc.Name && ck.Value == first {
			t.Fatal("the session id was not renewed at login")
		}
	}
}

func TestLoginLanguageSwitchCSRFAndLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	// Anonymous: a private page redirects to the login page.
	r, _ := c.Get(e.srv.URL + "/admin")
	body(t, r)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous /admin: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	// A wrong password shows the login page again with an error.
	r, _ = c.PostForm(e.srv.URL+"/login", url.Values{"email": {"student@demo.mentorhub.no"}, "password": {"nope"}})
	if b := body(t, r); r.StatusCode != 401 || !strings.Contains(b, `role="alert"`) {
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	tok := e.login(t, c, "student@demo.mentorhub.no")
	r, _ = c.Get(e.srv.URL + "/")
	if b := body(t, r); !strings.Contains(b, "Sara Student") || !strings.Contains(b, `<html lang="nb">`) {
		t.Fatalf("dashboard in bokmål expected")
	}
	// Without the CSRF token a state change is refused.
	r, _ = c.PostForm(e.srv.URL+"/lang", url.Values{"lang": {"nn"}, "return": {"/"}})
	body(t, r)
	if r.StatusCode != 403 {
		t.Fatalf("POST /lang without token: %d, want 403", r.StatusCode)
	}
	// A cross-site request is refused even with the token.
	req, _ := http.NewRequest("POST", e.srv.URL+"/lang", strings.NewReader(url.Values{"lang": {"nn"}, "csrf_token": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	r, _ = c.Do(req)
	body(t, r)
	if r.StatusCode != 403 {
		t.Fatalf("cross-site POST: %d, want 403", r.StatusCode)
	}
	r, _ = c.PostForm(e.srv.URL+"/lang", url.Values{"lang": {"nn"}, "return": {"/"}, "csrf_token": {tok}})
	body(t, r)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("switch to nn: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r, _ = c.Get(e.srv.URL + "/")
	if b := body(t, r); !strings.Contains(b, `<html lang="nn">`) || !strings.Contains(b, "Mentorordninga di") {
		t.Fatal("dashboard not in nynorsk after the switch")
	}
	// The choice is stored on the account: a new browser sees nynorsk after login.
	c2 := e.client(t)
	e.login(t, c2, "student@demo.mentorhub.no")
	r, _ = c2.Get(e.srv.URL + "/")
	if b := body(t, r); !strings.Contains(b, `<html lang="nn">`) {
		t.Fatal("the account's language was not remembered")
	}
	r, _ = c.PostForm(e.srv.URL+"/logout", url.Values{"csrf_token": {tok}})
	body(t, r)
	r, _ = c.Get(e.srv.URL + "/")
	if b := body(t, r); strings.Contains(b, "Sara Student") || !strings.Contains(b, `href="/login"`) {
		t.Fatal("still logged in after logout")
	}
}

func TestAcceptLanguagePicksTheLanguageAndNextIsLocal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	req, _ := http.NewRequest("GET", e.srv.URL+"/login", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	r, _ := http.DefaultClient.Do(req)
	if b := body(t, r); !strings.Contains(b, `<html lang="en">`) || !strings.Contains(b, "E-mail address") {
		t.Fatal("login page not in English for an English browser")
	}
	c := e.client(t)
	r, _ = c.PostForm(e.srv.URL+"/login", url.Values{"email": {"student@demo.mentorhub.no"}, "password": {demo.Password}, "next": {"//evil.example/x"}})
	body(t, r)
	if loc := r.Header.Get("Location"); loc != "/" {
		t.Fatalf("login redirected to %q: open redirect", loc)
	}
}

func TestEveryRoleGetsADashboard(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	want := map[string]string{
		"national@demo.mentorhub.no":    "Nasjonal tjeneste",
		"admin@demo.mentorhub.no":       "Institusjonen",
		"leader@demo.mentorhub.no":      "Oversikt for ledelsen",
		"coordinator@demo.mentorhub.no": "Tematiske mentorgrupper for nye studenter",
		"mentor@demo.mentorhub.no":      "Mentorer:",
		"student@demo.mentorhub.no":     "Gruppa di:",
		"researcher@demo.mentorhub.no":  "Ingen datasett ennå",
	}
	for email, text := range want {
		c := e.client(t)
		e.login(t, c, email)
		r, _ := c.Get(e.srv.URL + "/")
		if b := body(t, r); r.StatusCode != 200 || !strings.Contains(b, text) {
			t.Errorf("%s: dashboard lacks %q", email, text)
		}
	}
}

func TestAdminPageManagesTreeAndUsers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	tok := e.login(t, c, "admin@demo.mentorhub.no")
	r, _ := c.Get(e.srv.URL + "/admin")
	b := body(t, r)
	for _, want := range []string{"Det juridiske fakultet", "Institutt for biovitenskap", "BAMN-BIO", "Kari Koordinator"} {
		if !strings.Contains(b, want) {
			t.Errorf("admin page lacks %q", want)
		}
	}
	r, _ = c.PostForm(e.srv.URL+"/admin/units", url.Values{"csrf_token": {tok}, "kind": {"faculty"}, "code": {"DENT"}, "name": {"Faculty of Dentistry"}})
	body(t, r)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create unit: %d", r.StatusCode)
	}
	r, _ = c.PostForm(e.srv.URL+"/admin/users", url.Values{"csrf_token": {tok}, "name": {"Ola Nordmann"}, "email": {"ola@uib.no"},
		"password": {"a long enough password"}, "role": {"leader"}})
	body(t, r)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create user: %d", r.StatusCode)
	}
	r, _ = c.PostForm(e.srv.URL+"/admin/users", url.Values{"csrf_token": {tok}, "name": {"Bad"}, "email": {"bad@uib.no"}, "password": {"short"}, "role": {"leader"}})
	if b := body(t, r); r.StatusCode != 422 || !strings.Contains(b, "Passordet må ha minst 12 tegn.") {
		t.Fatalf("short password: %d, no message naming the minimum", r.StatusCode)
	}
	r, _ = c.Get(e.srv.URL + "/admin")
	if b := body(t, r); !strings.Contains(b, "Faculty of Dentistry") || !strings.Contains(b, "Ola Nordmann") {
		t.Fatal("new unit or user missing from the admin page")
	}
	// A student may not see the admin page.
	s := e.client(t)
	e.login(t, s, "student@demo.mentorhub.no")
	r, _ = s.Get(e.srv.URL + "/admin")
	body(t, r)
	if r.StatusCode != 403 {
		t.Fatalf("student on /admin: %d", r.StatusCode)
	}
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if code, _ := e.api(t, "", p); code != 200 {
			t.Errorf("%s: %d", p, code)
		}
	}
	e.api(t, "", "/login")
	code, b := e.api(t, "", "/metrics")
	if code != 200 || !strings.Contains(b, `mentorhub_http_requests_total{code="200",method="GET",route="GET /login"}`) ||
		!strings.Contains(b, "mentorhub_http_request_duration_seconds_bucket") || !strings.Contains(b, "go_sql_open_connections") {
		t.Fatalf("metrics: %d\n%.2000s", code, b)
	}
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.RemoteAddr = "192.0.2.1:4000"
	w := httptest.NewRecorder()
	e.app.Web.ServeHTTP(w, req)
	if w.Code != 403 {
		t.Fatalf("metrics from a remote address: %d", w.Code)
	}
}

func TestStaticAssetsHaveHashedURLs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, b := e.api(t, "", "/login")
	m := regexp.MustCompile(`href="(/static/[0-9a-f]{12}/app\.css)"`).FindStringSubmatch(b)
	if m == nil {
		t.Fatal("no hashed stylesheet URL")
	}
	r, _ := http.Get(e.srv.URL + m[1])
	body(t, r)
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %v", r.StatusCode, r.Header)
	}
}
