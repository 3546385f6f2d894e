//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/program"
)

// axePath is where `npm ci --prefix e2e` puts axe-core (.ci/run does it).
const axePath = "node_modules/axe-core/axe.min.js"

// axeViolation is the part of an axe-core result a failure message needs.
type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// checkA11y injects axe-core into the page and fails on any WCAG 2.1 A/AA violation.
func (b *browser) checkA11y(axe, what string) {
	b.t.Helper()
	b.run("inject axe-core into "+what, chromedp.Evaluate[chromedp.Void](axe))
	res := get(b, "run axe-core on "+what, chromedp.Evaluate[string](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		b.fatalf("axe result for %s: %v", what, err)
	}
	for _, v := range vs {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
		}
		b.errorf("%s: axe %s (%s) at %s", what, v.ID, v.Help, strings.Join(where, "; "))
	}
}

// checkReflow fails when the page scrolls sideways at 320 CSS pixels
// (WCAG 1.4.10 Reflow); wide tables scroll inside their own box.
func (b *browser) checkReflow(what string) {
	b.t.Helper()
	b.run("narrow the window", chromedp.EmulateViewport(320, 800))
	w := get(b, "measure "+what, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	b.run("widen the window", chromedp.EmulateViewport(1280, 900))
	if w > 320 {
		b.errorf("%s is %d px wide at a 320 px window: it does not reflow", what, w)
	}
}

// shoot saves a full-page screenshot at a desktop and a phone width when
// MENTORHUB_SCREENSHOTS names a folder, so people can look at every page.
func (b *browser) shoot(name string) {
	b.t.Helper()
	dir := os.Getenv("MENTORHUB_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, w := range []int64{1280, 360} {
		b.run("resize to "+fmt.Sprint(w), chromedp.EmulateViewport(w, 900))
		png := get(b, "screenshot "+name, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w)), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
	b.run("resize back", chromedp.EmulateViewport(1280, 900))
}

func (b *browser) loginAs(a *testApp, email string) {
	b.t.Helper()
	b.run("log in as "+email,
		chromedp.Navigate(a.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("form.logout")),
	)
}

func (b *browser) visit(a *testApp, path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(a.URL+path), chromedp.WaitReady(chromedp.CSS("main#main")))
}

// TestBrowserAccessibility runs axe-core on every page of the foundation, as
// the people who see them, and saves screenshots when asked to.
func TestBrowserAccessibility(t *testing.T) {
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run `npm ci --prefix e2e`", err)
	}
	axe := string(src)
	a := startApp(t)
	seedPay(t, a)
	posting := seedRecruit(t, a)

	anon := newBrowser(t)
	for _, p := range []struct{ name, path string }{{"home", "/"}, {"login", "/login"}, {"catalogue", "/catalogue"},
		{"catalogue-filtered", "/catalogue?model=open_dropin&status=active"}, {"catalogue-none", "/catalogue?q=nothing-matches-this"},
		{"catalogue-program", "/catalogue/uib-mn-pilot"}, {"catalogue-signup", "/catalogue/uib-hf-signup"}, {"catalogue-page-2", "/catalogue?page=2"}, {"catalogue-closed", "/catalogue/" + closedProgram(t, a)},
		{"examples", "/examples"}, {"glossary", "/glossary"}, {"recruit-posting", "/recruit/" + posting}} {
		anon.visit(a, p.path)
		anon.checkA11y(axe, p.name)
		anon.checkReflow(p.name)
		anon.shoot(p.name)
	}
	anon.run("fail a login",
		chromedp.Navigate(a.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "student@demo.mentorhub.no"),
		chromedp.SendKeys(chromedp.CSS("#password"), "wrong password"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#login-error")),
	)
	anon.checkA11y(axe, "login with an error")
	anon.shoot("login-error")

	for _, c := range []struct {
		email string
		pages []string
	}{
		{"admin@demo.mentorhub.no", []string{"/", "/admin", "/admin/audit", "/admin/import", "/admin/services", "/programs", "/overview", "/overview/attendance", accountPage(t, a, "coordinator@demo.mentorhub.no"),
			"/programs/" + programID(t, a, "uib-alumni") + "/applications", "/programs/" + programID(t, a, "uib-hf-signup") + "/people"}},
		{"national@demo.mentorhub.no", []string{"/", "/admin/institutions", "/overview?inst=all", "/admin/jobs"}},
		{"leader@demo.mentorhub.no", []string{"/", "/overview"}},
		{"coordinator@demo.mentorhub.no", []string{"/", "/programs", "/programs/new", "/programs/" + programID(t, a, "uib-mn-pilot"),
			"/programs/" + programID(t, a, "uib-mn-pilot") + "/people", "/programs/" + programID(t, a, "uib-mn-pilot") + "/groups",
			"/programs/" + programID(t, a, "uib-mn-pilot") + "/groups?year=" + strconv.Itoa(a.App.People.AcademicYear()-1),
			"/programs/" + programID(t, a, "uib-mn-pilot") + "/people?year=" + strconv.Itoa(a.App.People.AcademicYear()-1),
			"/programs/" + programID(t, a, "uib-mn-pilot") + "/sessions", "/programs/" + programID(t, a, "uib-mn-pilot") + "/attendance",
			"/programs/" + programID(t, a, "uib-mn-pilot") + "/training", "/programs/" + programID(t, a, "uib-mn-pilot") + "/pay?month=" + lastMonth(),
			"/programs/" + programID(t, a, "uib-mn-pilot") + "/costs", "/programs/" + programID(t, a, "uib-mn-pilot") + "/recruit?posting=" + posting,
			"/me/programs/" + programID(t, a, "uib-mn-pilot") + "/desk"}},
		{"mentor@demo.mentorhub.no", []string{"/", "/me/sessions", "/me/training", "/me/programs/" + programID(t, a, "uib-mn-pilot") + "/timesheet",
			"/me/programs/" + programID(t, a, "uib-mn-pilot") + "/timesheet?month=" + lastMonth(), "/me/programs/" + programID(t, a, "uib-mn-pilot") + "/desk"}},
		{"student@demo.mentorhub.no", []string{"/", "/admin", "/me/program", "/me/programs/" + programID(t, a, "uib-alumni") + "/apply",
			"/me/programs/" + programID(t, a, "uib-hf-signup") + "/signup"}}, // /admin: the 403 page
	} {
		b := newBrowser(t)
		b.loginAs(a, c.email)
		role := strings.Split(c.email, "@")[0]
		for _, p := range c.pages {
			b.visit(a, p)
			name := role + strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(strings.TrimSuffix(p, "/"))
			b.checkA11y(axe, name)
			b.checkReflow(name)
			b.shoot(name)
		}
	}
}

// closedProgram is the program_id of a closed program in the demo's national mapping.
func closedProgram(t *testing.T, a *testApp) string {
	t.Helper()
	list, err := a.App.Programs.Catalogue(context.Background(), program.Filter{Status: "closed"})
	if err != nil || len(list) == 0 {
		t.Fatalf("no closed program in the demo: %v", err)
	}
	return list[0].Code
}

// programID is the numeric id of a demo program, as its management URL needs.
func programID(t *testing.T, a *testApp, code string) string {
	t.Helper()
	p, err := a.App.Programs.Public(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(p.ID)
}

// accountPage is the admin page of a demo account, with one API token
// issued first so that the token table is shown.
func accountPage(t *testing.T, a *testApp, email string) string {
	t.Helper()
	ctx := app.WithActor(context.Background(), app.SystemActor)
	if _, _, err := a.App.Auth.IssueTokenFor(ctx, auth.TokenRequest{Email: email, Name: "Canvas-synk"}); err != nil {
		t.Fatal(err)
	}
	acct, err := a.App.Auth.AccountByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/admin/users/%d", acct.ID)
}

// lastMonth is the month before this one, as YYYY-MM.
func lastMonth() string {
	n := time.Now()
	return time.Date(n.Year(), n.Month(), 1, 12, 0, 0, 0, time.UTC).AddDate(0, -1, 0).Format("2006-01")
}

// seedPay gives the pilot rates and, last month, a submitted timesheet of
// the demo mentor and an approved one of another, so that the pay pages
// show what they are for.
func seedPay(t *testing.T, a *testApp) {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor)
	pilot := a.Demo.Programs["uib-mn-pilot"].ID
	if _, err := a.App.Payroll.SetRates(sys, pilot, 187.5, map[string]float64{"reports": 120}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.App.Payroll.SetPlan(sys, pilot, payroll.PlanInput{Mentors: 20, MentorHours: 60, Hourly: 187.5, Catering: 12000,
		Materials: 3500, CoordinatorHours: 150, CoordinatorHourly: 450}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"90001", "90002"} {
		ts, err := a.App.Payroll.Submit(sys, pilot, payroll.Draft{MentorID: m, Month: lastMonth(), Lines: []payroll.DraftLine{
			{Category: "sessions", Hours: 6}, {Category: "preparation", Hours: 3}, {Category: "reports", Hours: 1.5, Items: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		if m == "90002" {
			if _, err := a.App.Payroll.Decide(sys, ts.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// seedRecruit posts positions in the pilot with one application, for the
// recruiting pages; it returns the posting's id.
func seedRecruit(t *testing.T, a *testApp) string {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor)
	now := time.Now()
	p, err := a.App.Recruit.CreatePosting(sys, a.Demo.Programs["uib-mn-pilot"].ID, recruit.PostingDraft{Title: "Mentorer til tematiske mentorgrupper",
		Role: "Du leder en gruppe annenhver uke, får opplæring i august og betalt for forberedelse.", ProgrammeCode: "BAMN-BIO", Positions: 4,
		StartsOn: now.AddDate(0, 1, 0), EndsOn: now.AddDate(1, 0, 0), Deadline: now.AddDate(0, 0, 20), Hourly: 187.5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.App.Recruit.Apply(context.Background(), p.ID, recruit.Application{GivenName: "Ada", FamilyName: "Lunde",
		Email: "ada.lunde@student.uib.no", StudentNumber: "777001", Programme: "BAMN-BIO", Cohort: "2024H",
		Motivation: "Jeg husker hvor mye mentoren min betydde det første året.", Slots: []string{"tue10", "thu14"}}); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(p.ID, 10)
}
