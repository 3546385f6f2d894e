//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
)

// These tests drive a real Chromium through the pages, against the whole
// app in this process. Run them with
//
//	go test -tags browser ./e2e/ -v -count=1

const (
	chromiumPath       = "/usr/bin/chromium"
	browserTestTimeout = 180 * time.Second
)

// greetings is the dashboard's heading per language, before the name.
var greetings = map[string]string{"nb": "Hei, ", "nn": "Hei, ", "en": "Hello, "}

func TestBrowserPasswordLoginLanguageAndLogout(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t)

	// Log in with a local account.
	b.run("open the login page", chromedp.Navigate(a.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")))
	b.run("log in",
		chromedp.SendKeys(chromedp.CSS("#email"), "student@demo.mentorhub.no"),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("form.logout")),
	)
	first := b.lang()
	t.Logf("the dashboard comes in %q after login", first)
	b.wantDashboard(a, "Sara Student")
	if first == "nn" {
		b.fatalf("the dashboard is in nynorsk before the switch; the switch below would prove nothing")
	}
	if h := b.text("#sec-student"); h == "Mentorordninga di" {
		b.fatalf("the student section is already headed %q", h)
	}

	// Switch to nynorsk with the header's language form.
	b.run("switch to nynorsk",
		chromedp.SetValue(chromedp.CSS("#lang-select"), "nn"),
		chromedp.Click(chromedp.CSS(`form.lang-switch button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="nn"]`)),
		chromedp.WaitVisible(chromedp.CSS("#sec-student")),
	)
	b.wantDashboard(a, "Sara Student")
	if h := b.text("#sec-student"); h != "Mentorordninga di" {
		b.errorf("student section heading %q, want %q", h, "Mentorordninga di")
	}
	if v := b.value("#lang-select"); v != "nn" {
		b.errorf("language menu shows %q after the switch, want nn", v)
	}
	if acct := a.accountByEmail(t, "student@demo.mentorhub.no"); acct.Locale != "nn" {
		t.Errorf("account locale %q after the switch, want nn", acct.Locale)
	}

	// Log out: the login link is back, and so is the front page.
	b.run("log out",
		chromedp.Click(chromedp.CSS(`form.logout button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.site-header a[href="/login"]`)),
	)
	b.wantLoggedOut(a)
	if h := b.text("h1"); h != "Mentorordningar som verkar" {
		b.errorf("after logout the front page is headed %q, want the nynorsk home heading", h)
	}
	b.run("reload the front page", chromedp.Navigate(a.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`.site-header a[href="/login"]`)))
	b.wantLoggedOut(a)
	a.wantAudit(t, auth.AuditEntry{Action: "logout", AccountID: a.accountByEmail(t, "student@demo.mentorhub.no").ID, Outcome: "ok"})
}

func TestBrowserFeideLogin(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t)
	a.OIDC.QueueUser("sub-browser-student", "Nina Ny", "nina.ny@uib.no", "feide:newstudent@uib.no")

	b.run("open the login page", chromedp.Navigate(a.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#feide-login")))
	if txt := b.text("#feide-login"); !regexp.MustCompile(`(?i)feide`).MatchString(txt) {
		b.errorf("Feide link text %q", txt)
	}
	b.run("log in with Feide",
		chromedp.Click(chromedp.CSS("#feide-login")),
		chromedp.WaitVisible(chromedp.CSS("form.logout")),
	)
	b.wantDashboard(a, "Nina Ny")
	if !b.exists("#sec-student") {
		b.errorf("the dashboard has no student section")
	}

	acct := a.accountByEmail(t, "nina.ny@uib.no")
	wantGrants(t, acct, app.Grant{Role: app.RoleStudent, InstitutionID: a.Demo.Institution.ID})
	a.wantIdentity(t, "sub-browser-student", acct.ID)
	a.wantAudit(t, auth.AuditEntry{Action: "login", AccountID: acct.ID, Outcome: "ok", Details: "oidc"})
}

// ---- the browser ------------------------------------------------------------

// browser is one Chromium with one tab, for one test.
type browser struct {
	t     *testing.T
	tab   context.Context // lives until the test ends
	ctx   context.Context // tab with the test's deadline
	saved bool            // evidence of a failure is saved
}

// newBrowser starts Chromium headless with a fresh profile. When the test
// fails, it saves a screenshot and the HTML of the page it was on.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium: %v (install it with apt-get install -y chromium)", err)
	}
	profile, err := os.MkdirTemp("", "mentorhub-e2e-profile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeAllRetry(t, profile) })

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(profile),
	)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	// The first call starts the browser, which then lives as long as the
	// context of that call: so no deadline on it, but a watchdog.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(tab) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	case <-time.After(browserTestTimeout):
		cancelTab()
		t.Fatalf("Chromium did not start within %v", browserTestTimeout)
	}

	ctx, cancel := context.WithTimeout(tab, browserTestTimeout)
	b := &browser{t: t, tab: tab, ctx: ctx}
	t.Cleanup(func() {
		cancel()
		if t.Failed() && !b.saved {
			b.saveEvidence()
		}
	})
	return b
}

// errorf reports a failure, with a screenshot of the page as it is now if
// it is the test's first.
func (b *browser) errorf(format string, args ...any) {
	b.t.Helper()
	b.t.Errorf(format, args...)
	if !b.saved {
		b.saveEvidence()
	}
}

// fatalf is errorf that ends the test.
func (b *browser) fatalf(format string, args ...any) {
	b.t.Helper()
	b.errorf(format, args...)
	b.t.FailNow()
}

// run runs steps and ends the test if one fails.
func (b *browser) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.fatalf("%s: %v", what, err)
	}
}

// get runs an action that reads a value and ends the test if it fails.
func get[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.fatalf("%s: %v", what, err)
	}
	return v
}

// text is the visible text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return get(b, "read "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeReady))
}

func (b *browser) value(sel string) string {
	b.t.Helper()
	return get(b, "read the value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// exists says whether sel matches now, without waiting.
func (b *browser) exists(sel string) bool {
	b.t.Helper()
	return get(b, "look for "+sel, chromedp.Evaluate[bool](`document.querySelector(`+jsString(sel)+`) !== null`))
}

func (b *browser) lang() string {
	b.t.Helper()
	return get(b, "read the page language", chromedp.Evaluate[string](`document.documentElement.lang`))
}

func (b *browser) location() string {
	b.t.Helper()
	return get(b, "read the location", chromedp.Location())
}

// wantDashboard checks that the tab shows name's dashboard at /.
func (b *browser) wantDashboard(a *testApp, name string) {
	b.t.Helper()
	if loc := b.location(); loc != a.URL+"/" {
		b.errorf("at %s, want %s/", loc, a.URL)
	}
	lang := b.lang()
	greet, ok := greetings[lang]
	if !ok {
		b.fatalf("page language %q", lang)
	}
	if h := b.text("h1"); h != greet+name {
		b.fatalf("heading %q, want %q (the dashboard in %s)", h, greet+name, lang)
	}
	if !b.exists("form.logout") {
		b.errorf("the dashboard has no logout form")
	}
}

// wantLoggedOut checks that the tab shows a page for anonymous visitors.
func (b *browser) wantLoggedOut(a *testApp) {
	b.t.Helper()
	if loc := b.location(); loc != a.URL+"/" {
		b.errorf("at %s, want %s/", loc, a.URL)
	}
	if b.exists("form.logout") {
		b.errorf("the page still has a logout form")
	}
	for _, sel := range []string{"#sec-student", "#sec-admin", "#sec-coord"} {
		if b.exists(sel) {
			b.errorf("the page still shows the dashboard (%s)", sel)
		}
	}
	if !b.exists(`.site-header a[href="/login"]`) {
		b.errorf("the header has no login link")
	}
}

// saveEvidence writes a full-page screenshot and the page's HTML to a new
// temporary directory that outlives the test.
func (b *browser) saveEvidence() {
	b.saved = true
	dir, err := os.MkdirTemp("", "mentorhub-e2e-"+regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(b.t.Name(), "_")+"-")
	if err != nil {
		b.t.Logf("no screenshot: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(b.tab, 15*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("no screenshot: %v", err)
		return
	}
	page, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	shot := filepath.Join(dir, "screenshot.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		b.t.Logf("no screenshot: %v", err)
		return
	}
	_ = os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644)
	b.t.Logf("screenshot of %s saved to %s (page HTML beside it)", loc, shot)
}

// removeAllRetry removes a browser profile; Chromium's helper processes may
// still write to it for a moment after the browser has quit.
func removeAllRetry(t *testing.T, dir string) {
	var err error
	for range 20 {
		if err = os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("could not remove the browser profile %s: %v", dir, err)
}

// htmxSettled waits until htmx has no request in flight and nothing being
// swapped or settling, and sel matches. A filter form fires a request per
// change; each swap replaces the nodes of its target, so a test that reads
// or clicks them while a later request is under way races it ("Could not
// find node with given id"). htmx marks the requesting element with
// htmx-request from before the request is sent until its answer is swapped
// (a queued request starts in the same task), and the target with
// htmx-swapping and htmx-settling until the swap has settled: one check of
// all three classes and of sel, in one evaluation, sees a quiet page.
func htmxSettled(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`document.readyState === "complete" && typeof htmx !== "undefined" && `+
		`document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling") === null && `+
		`document.querySelector(`+jsString(sel)+`) !== null`, chromedp.WithPollingTimeout(0))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
