//go:build browser

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mentorhub/mentorhub/internal/i18n"
)

// TestBrowserCoordinatorPublishesAndVisitorFindsIt: a coordinator creates a
// program, fills in the minimum-standard checklist and publishes it; a
// logged-out visitor then finds it in the catalogue by filter and search, in
// bokmål and in nynorsk.
func TestBrowserCoordinatorPublishesAndVisitorFindsIt(t *testing.T) {
	a := startApp(t)
	c := newBrowser(t)
	c.loginAs(a, "coordinator@demo.mentorhub.no")
	const name = "Rock-solid start: mentor groups for new geology students"
	const code = "uib-rock-solid-start-mentor-groups-for-new"
	c.run("open the new-program form", chromedp.Navigate(a.URL+"/programs/new"), chromedp.WaitVisible(chromedp.CSS("#name")))
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SetValue(chromedp.CSS("#model"), "self_signup_group"),
		chromedp.SetValue(chromedp.CSS("#enrolment"), "opt_in"),
		chromedp.SetValue(chromedp.CSS("#level"), "programme"),
		chromedp.SendKeys(chromedp.CSS("#group_size"), "6"),
		chromedp.SendKeys(chromedp.CSS("#mentors_per_group"), "1"),
		chromedp.SendKeys(chromedp.CSS("#purpose"), "Get to know other geology students and learn how to study rocks and maps from day one."),
		chromedp.SendKeys(chromedp.CSS("#expectations"), "Groups of six meet every second week on campus with one senior student."),
		chromedp.SendKeys(chromedp.CSS("#how_to_join"), "Sign up on the faculty page before the first week."),
	}
	for n := 1; n <= 5; n++ {
		steps = append(steps,
			chromedp.Click(chromedp.CSS(fmt.Sprintf("#criterion_%d", n))),
			chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#evidence_%d", n)), fmt.Sprintf("Evidence for criterion %d.", n)))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#publish")))
	c.run("fill in and save the program", steps...)
	if h := c.text("h1"); h != name {
		c.fatalf("after saving, the heading is %q", h)
	}
	c.run("publish", chromedp.Click(chromedp.CSS("#publish")), chromedp.WaitVisible(chromedp.CSS(`a[href="/catalogue/`+code+`"]`)))
	p, err := a.App.Programs.Public(t.Context(), code)
	if err != nil || !p.Public || !p.MeetsStandard() || p.Criteria[4].Evidence != "Evidence for criterion 5." {
		t.Fatalf("stored program: %+v, %v", p, err)
	}

	v := newBrowser(t)
	find := func(lang, search string) {
		v.t.Helper()
		v.run("filter and search ("+lang+")",
			chromedp.Navigate(a.URL+"/catalogue"),
			chromedp.WaitVisible(chromedp.CSS("details.filters > summary")),
			chromedp.Click(chromedp.CSS("details.filters > summary")),
			chromedp.WaitVisible(chromedp.CSS("#f-model")),
			chromedp.SetValue(chromedp.CSS("#f-model"), "self_signup_group"),
			chromedp.SetValue(chromedp.CSS("#f-status"), "pilot"),
			chromedp.SendKeys(chromedp.CSS("#f-q"), search),
			chromedp.Click(chromedp.CSS(`form.catalogue-filter button[type="submit"]`)),
			// Typing, leaving the search field and submitting each start
			// an htmx request that replaces the results: wait until the
			// last one has been swapped in and settled, so that no node
			// read below is replaced while it is read.
			htmxSettled(`#catalogue-results a[href="/catalogue/`+code+`"]`),
			chromedp.WaitVisible(chromedp.CSS(`#catalogue-results a[href="/catalogue/`+code+`"]`)),
		)
		count := v.text("#catalogue-count")
		if !strings.HasPrefix(count, "1 ") {
			v.errorf("%s: the search found %q, want exactly this program", lang, count)
		}
		loc := v.location()
		if !strings.Contains(loc, "model=self_signup_group") || !strings.Contains(loc, "q=") {
			v.errorf("%s: the filter is not in the address (%s), so it cannot be shared", lang, loc)
		}
		v.run("open the program", chromedp.Click(chromedp.CSS(`#catalogue-results a[href="/catalogue/`+code+`"]`)), chromedp.WaitVisible(chromedp.CSS("#h-standard")))
		if h := v.text("h1"); h != name {
			v.errorf("%s: program page heading %q", lang, h)
		}
	}
	// First in the browser's own language (Accept-Language), then nynorsk.
	find("browser's language", "geology rocks")
	tr := i18n.MustLoad().Printer(v.lang())
	if got := v.text("#h-purpose"); got != tr.T("program.purpose") {
		v.errorf("%s program page: %q", tr.Lang, got)
	}
	if !strings.Contains(v.text("main"), tr.T("catalogue.meets_standard")) {
		v.errorf("the program page does not say it meets the minimum standard")
	}
	v.run("switch to nynorsk",
		chromedp.SetValue(chromedp.CSS("#lang-select"), "nn"),
		chromedp.Click(chromedp.CSS(`form.lang-switch button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="nn"]`)),
	)
	find("nn", "GEOLOGY")
	if got := v.text("#h-purpose"); got != "Kva er ordninga for?" {
		v.errorf("nynorsk program page: %q", got)
	}
	if !strings.Contains(v.text("main"), "Oppfyller minstestandarden") || !strings.Contains(v.text("main"), "Grupper med påmelding") {
		v.errorf("the nynorsk program page lacks the standard badge or the model name")
	}
	v.run("back to the catalogue", chromedp.Navigate(a.URL+"/catalogue"), chromedp.Click(chromedp.CSS("details.filters > summary")), chromedp.WaitVisible(chromedp.CSS("#f-model")))
	if got := v.text(`label[for="f-model"]`); got != "Modell" {
		v.errorf("nynorsk filter label %q", got)
	}
	if got := v.text("h1"); got != "Mentorordningar" {
		v.errorf("nynorsk catalogue heading %q", got)
	}
}
