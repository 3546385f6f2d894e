package web_test

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
)

// post sends a form with c and returns the status and body.
func (e *env) post(t *testing.T, c *http.Client, path string, form url.Values) (int, string) {
	t.Helper()
	r, err := c.PostForm(e.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, body(t, r)
}

func (e *env) get(t *testing.T, c *http.Client, path string) (int, string) {
	t.Helper()
	r, err := c.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, body(t, r)
}

// submit sends a form with c, carrying csrf when it is given, and fails
// the test unless the status is want; it returns the body.
func (e *env) submit(t *testing.T, c *http.Client, csrf, path string, form url.Values, want int) string {
	t.Helper()
	if csrf != "" {
		form.Set("csrf_token", csrf)
	}
	code, s := e.post(t, c, path, form)
	if code != want {
		t.Fatalf("POST %s %v: %d, want %d: %.600s", path, form, code, want, s)
	}
	return s
}

// open GETs path with c and fails the test unless it is 200; it returns
// the body.
func (e *env) open(t *testing.T, c *http.Client, path string) string {
	t.Helper()
	code, s := e.get(t, c, path)
	if code != 200 {
		t.Fatalf("GET %s: %d", path, code)
	}
	return s
}

func (e *env) accountID(t *testing.T, email string) int64 {
	t.Helper()
	a, err := e.app.Repos.Auth.FindAccountByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// audited returns the audit rows of the demo institution with that action and outcome.
func (e *env) audited(t *testing.T, action, outcome string) []auth.AuditEntry {
	t.Helper()
	es, err := e.app.Repos.Auth.FindAudit(context.Background(), auth.AuditFilter{InstitutionID: e.demo.Institution.ID, Action: action, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []auth.AuditEntry
	for _, x := range es {
		if x.Outcome == outcome {
			out = append(out, x)
		}
	}
	return out
}

func TestParallelLoginsHashAtMostTheLimitAndTheRestGet429(t *testing.T) {
	e := newEnv(t)
	// The test is about the count, not the wait: on a loaded machine five
	// hashes on two slots can take longer than the default HashWait, and a
	// login turned away as busy (429) would be miscounted as throttled.
	e.app.Auth.Policy.HashWait = time.Minute
	before := e.app.Auth.HashCount()
	const n = 200
	var mu sync.Mutex
	var wg sync.WaitGroup
	statuses := map[int]int{}
	var retry []string
	var message string
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := http.PostForm(e.srv.URL+"/login", url.Values{"email": {"coordinator@demo.mentorhub.no"}, "password": {fmt.Sprintf("guess %d", i)}})
			if err != nil {
				t.Error(err)
				return
			}
			b := body(t, r)
			mu.Lock()
			defer mu.Unlock()
			statuses[r.StatusCode]++
			if r.StatusCode == http.StatusTooManyRequests {
				retry = append(retry, r.Header.Get("Retry-After"))
				message = b
			}
		}()
	}
	close(start)
	wg.Wait()
	limit := e.app.Auth.Policy.PerPair.Free
	if hashed := e.app.Auth.HashCount() - before; hashed > int64(limit) {
		t.Fatalf("%d parallel logins hashed %d passwords, limit %d", n, hashed, limit)
	}
	if statuses[401] != limit || statuses[429] != n-limit {
		t.Fatalf("answers %v, want %d × 401 and the rest 429", statuses, limit)
	}
	if peak := e.app.Auth.HashPeak(); peak > int64(runtime.GOMAXPROCS(0)) {
		t.Fatalf("%d hashes ran at once", peak)
	}
	for _, ra := range retry {
		if s, err := strconv.Atoi(ra); err != nil || s < 1 {
			t.Fatalf("a 429 with Retry-After %q", ra)
		}
	}
	if !strings.Contains(message, "For mange mislykkede innlogginger. Prøv igjen om") {
		t.Fatalf("the 429 page does not say why and how long to wait")
	}
	// The owner, from the same address once the wait is over, gets in.
	e.app.Clock.(*app.FakeClock).Advance(time.Minute)
	e.login(t, e.client(t), "coordinator@demo.mentorhub.no")
}

func TestAdminRevokesTokensAndDisablesAnAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.client(t)
	csrf := e.login(t, admin, "admin@demo.mentorhub.no")
	coord := e.client(t)
	e.login(t, coord, "coordinator@demo.mentorhub.no")
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	if code, _ := e.api(t, tok, "/api/v1/me"); code != 200 {
		t.Fatalf("a fresh token: %d", code)
	}
	id := e.accountID(t, "coordinator@demo.mentorhub.no")
	page := fmt.Sprintf("/admin/users/%d", id)
	if _, b := e.get(t, admin, "/admin"); !strings.Contains(b, `href="`+page+`"`) {
		t.Fatal("the admin page does not link to the account's page")
	}
	code, b := e.get(t, admin, page)
	if code != 200 || !strings.Contains(b, tok[:9]) || !strings.Contains(b, "Sist brukt") {
		t.Fatalf("the account page (%d) does not list the token", code)
	}
	sys := app.WithActor(context.Background(), app.SystemActor)
	acct, err := e.app.Auth.Account(sys, id)
	if err != nil || len(acct.Grants) != 1 || acct.Grants[0].ProgramID == 0 {
		t.Fatalf("the coordinator's grants: %+v %v", acct.Grants, err)
	}
	if prog, err := e.app.Programs.Get(sys, acct.Grants[0].ProgramID); err != nil || !strings.Contains(b, template.HTMLEscapeString(prog.Name)) {
		t.Fatalf("the account page does not name the program of the grant (%v)", err)
	}
	tokens, err := e.app.Auth.Tokens(app.WithActor(context.Background(), app.SystemActor), id)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens: %v %v", tokens, err)
	}
	revoke := fmt.Sprintf("%s/tokens/%d/revoke", page, tokens[0].ID)
	// Without the CSRF token nothing happens.
	if code, _ := e.post(t, admin, revoke, nil); code != 403 {
		t.Fatalf("revoke without CSRF token: %d", code)
	}
	if code, _ := e.api(t, tok, "/api/v1/me"); code != 200 {
		t.Fatalf("the token after a refused revocation: %d", code)
	}
	if code, _ := e.post(t, admin, revoke, url.Values{"csrf_token": {csrf}}); code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", code)
	}
	if code, _ := e.api(t, tok, "/api/v1/me"); code != 401 {
		t.Fatalf("a revoked token: %d, want 401", code)
	}
	if _, b := e.get(t, admin, page); !strings.Contains(b, "Trukket tilbake") {
		t.Fatal("the account page does not show the token as revoked")
	}
	tok2 := e.token(t, "coordinator@demo.mentorhub.no")
	if code, _ := e.post(t, admin, page+"/disable", url.Values{"csrf_token": {csrf}}); code != http.StatusSeeOther {
		t.Fatalf("disable: %d", code)
	}
	if code, b := e.get(t, coord, "/"); code != 200 || strings.Contains(b, "Kari Koordinator") {
		t.Fatal("the disabled account's session still works")
	}
	if code, _ := e.api(t, tok2, "/api/v1/me"); code != 401 {
		t.Fatalf("a disabled account's token: %d, want 401", code)
	}
	code, b = e.post(t, e.client(t), "/login", url.Values{"email": {"coordinator@demo.mentorhub.no"}, "password": {demo.Password}})
	if code != 401 || !strings.Contains(b, "deaktivert") {
		t.Fatalf("login of a disabled account: %d", code)
	}
	if _, b := e.get(t, admin, "/admin"); !strings.Contains(b, "Deaktivert") {
		t.Fatal("the admin page does not mark the account disabled")
	}
	if code, _ := e.post(t, admin, page+"/enable", url.Values{"csrf_token": {csrf}}); code != http.StatusSeeOther {
		t.Fatalf("enable: %d", code)
	}
	e.login(t, e.client(t), "coordinator@demo.mentorhub.no")
	for _, action := range []string{"token.revoke", "account.disable", "account.enable"} {
		es := e.audited(t, action, "ok")
		if len(es) != 1 || es[0].AccountEmail != "admin@demo.mentorhub.no" || es[0].Target != "coordinator@demo.mentorhub.no" {
			t.Errorf("%s audit rows: %+v", action, es)
		}
	}
}

func TestOnlyAdminsOfTheInstitutionSeeAnAccountsTokensOrDisableIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	id := e.accountID(t, "coordinator@demo.mentorhub.no")
	tokens, err := e.app.Auth.Tokens(app.WithActor(context.Background(), app.SystemActor), id)
	if err != nil || len(tokens) != 1 {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/admin/users/%d", id)
	revoke := fmt.Sprintf("%s/tokens/%d/revoke", page, tokens[0].ID)
	for _, who := range []string{"admin@hvl.demo.mentorhub.no", "leader@demo.mentorhub.no", "mentor@demo.mentorhub.no"} {
		c := e.client(t)
		csrf := e.login(t, c, who)
		if code, _ := e.get(t, c, page); code != 404 {
			t.Errorf("%s GET %s: %d, want 404", who, page, code)
		}
		for _, path := range []string{page + "/disable", revoke} {
			if code, _ := e.post(t, c, path, url.Values{"csrf_token": {csrf}}); code != 404 {
				t.Errorf("%s POST %s: %d, want 404", who, path, code)
			}
		}
	}
	// A token of one account cannot be revoked under another's page.
	admin := e.client(t)
	csrf := e.login(t, admin, "admin@demo.mentorhub.no")
	other := fmt.Sprintf("/admin/users/%d/tokens/%d/revoke", e.accountID(t, "mentor@demo.mentorhub.no"), tokens[0].ID)
	if code, _ := e.post(t, admin, other, url.Values{"csrf_token": {csrf}}); code != 404 {
		t.Errorf("revoking a token under another account: %d, want 404", code)
	}
	if code, _ := e.api(t, tok, "/api/v1/me"); code != 200 {
		t.Fatalf("the token was revoked by someone who may not: %d", code)
	}
	if a, _ := e.app.Repos.Auth.FindAccountByID(context.Background(), id); a.Disabled {
		t.Fatal("the account was disabled by someone who may not")
	}
	// The national admin may; the coordinator on their own account page may not.
	nat := e.client(t)
	e.login(t, nat, "national@demo.mentorhub.no")
	if code, _ := e.get(t, nat, page); code != 200 {
		t.Errorf("national admin on %s: %d", page, code)
	}
	self := e.client(t)
	e.login(t, self, "coordinator@demo.mentorhub.no")
	if code, _ := e.get(t, self, page); code != 403 {
		t.Errorf("the coordinator on their own admin page: %d, want 403", code)
	}
}

func TestAnExpiredTokenIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token(t, "admin@demo.mentorhub.no")
	clock := e.app.Clock.(*app.FakeClock)
	clock.Advance(auth.DefaultTokenLifetime - time.Minute)
	if code, _ := e.api(t, tok, "/api/v1/me"); code != 200 {
		t.Fatalf("a token a minute before it expires: %d", code)
	}
	clock.Advance(time.Minute)
	if code, b := e.api(t, tok, "/api/v1/me"); code != 401 {
		t.Fatalf("an expired token: %d %s, want 401", code, b)
	}
}
