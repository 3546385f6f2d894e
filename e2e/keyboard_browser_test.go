//go:build browser

package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// focused is the id of the element that has the focus ("" for none).
func (b *browser) focused() string {
	b.t.Helper()
	return get(b, "read the focus", chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id || document.activeElement.getAttribute("href") || document.activeElement.tagName : ""`))
}

// wantSummaryLeadsTo checks, with the keyboard alone, that the focus is on
// the error summary summary, that the summary's next stop (Tab) is its link
// to the field, and that the link (Enter) brings the focus to the field.
func (b *browser) wantSummaryLeadsTo(what, summary, field string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Poll[chromedp.Void](`document.readyState === "complete" && document.activeElement && document.activeElement.id === `+jsString(summary),
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		b.fatalf("%s: after the failed submit the focus is on %q, want the error summary #%s", what, b.focused(), summary)
	}
	b.run(what+": Tab from the summary", chromedp.KeyEvent("\t"))
	if got := b.focused(); got != "#"+field {
		b.fatalf("%s: Tab from the summary reaches %q, want its link to #%s", what, got, field)
	}
	b.run(what+": follow the link", chromedp.KeyEvent("\r"))
	// The focus moves when the key is released: wait for it (or fail).
	if err := chromedp.Do(b.ctx, chromedp.Poll[chromedp.Void](`document.activeElement && document.activeElement.id === `+jsString(field),
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		b.errorf("%s: the summary's link brings the focus to %q, want #%s", what, b.focused(), field)
	}
}

// TestBrowserKeyboardFailedSubmitsFocusAnErrorSummary: with the keyboard
// alone, a failed submit of the login, new-program and groups forms puts
// the focus on an error summary whose link leads to the field.
func TestBrowserKeyboardFailedSubmitsFocusAnErrorSummary(t *testing.T) {
	a := startApp(t)
	v := newBrowser(t)
	v.run("fail a login with the keyboard",
		chromedp.Navigate(a.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "student@demo.mentorhub.no"),
		chromedp.SendKeys(chromedp.CSS("#password"), "wrong password\r"),
		chromedp.WaitVisible(chromedp.CSS("#login-error")),
	)
	v.wantSummaryLeadsTo("login", "login-error", "email")
	v.shoot("keyboard-login-error")

	c := newBrowser(t)
	c.loginAs(a, "coordinator@demo.mentorhub.no")
	c.run("submit a new program without a name",
		chromedp.Navigate(a.URL+"/programs/new"),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#group_size"), "ten\r"),
		chromedp.WaitVisible(chromedp.CSS("#form-errors")),
	)
	c.wantSummaryLeadsTo("new program", "form-errors", "name")
	if !c.exists(`#form-errors a[href="#group_size"]`) {
		c.errorf("the program form's summary does not link the bad group size")
	}
	c.shoot("keyboard-program-errors")

	pilot := strconv.FormatInt(a.Demo.Programs["uib-mn-pilot"].ID, 10)
	c.run("raise the smallest group above the largest",
		chromedp.Navigate(a.URL+"/programs/"+pilot+"/groups"),
		chromedp.WaitVisible(chromedp.CSS("#group_min")),
		chromedp.SetValue(chromedp.CSS("#group_min"), ""),
		chromedp.SendKeys(chromedp.CSS("#group_min"), "40\r"),
		chromedp.WaitVisible(chromedp.CSS("#allocation-errors")),
	)
	c.wantSummaryLeadsTo("groups", "allocation-errors", "group_min")
	if !c.exists("#err-group_min") || c.exists("#err-group_max") {
		c.errorf("the groups form's message is not at the smallest group alone")
	}
	c.shoot("keyboard-groups-errors")

	// In a short, narrow window a cell that takes the focus from the
	// keyboard comes into view, inside the table's scrolling box too.
	c.run("open the groups in a 640×400 window", chromedp.EmulateViewport(640, 400),
		chromedp.Navigate(a.URL+"/programs/"+pilot+"/groups"), chromedp.WaitVisible(chromedp.CSS(".groups-table")))
	c.run("focus the first group's name, then Tab to its students",
		chromedp.Evaluate[chromedp.Void](`document.querySelector(".groups-table tbody tr:first-child th summary").focus()`),
		chromedp.KeyEvent("\t"))
	where := get(c, "measure the focused cell", chromedp.Evaluate[string](`(() => {
		const f = document.activeElement, w = f.closest(".table-wrap");
		if (!w || !f.closest("td")) { return "focus not in a table cell: " + f.tagName; }
		const r = f.getBoundingClientRect(), b = w.getBoundingClientRect();
		const inBox = r.left >= b.left - 1 && r.right <= b.right + 1;
		const inWin = r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
		return inBox && inWin ? "" : "focused " + JSON.stringify(r) + " box " + JSON.stringify(b) + " window " + innerWidth + "x" + innerHeight;
	})()`))
	if where != "" {
		c.errorf("at 640×400 the focused students cell is out of view: %s", where)
	}
	c.run("restore the window", chromedp.EmulateViewport(1280, 900))
}

// control is one named control of a page's accessibility tree.
type control struct{ role, name, href string }

// namedRoles are the roles whose accessible name tells a control apart.
// Radio buttons are left out: each group of them is named by its legend.
var namedRoles = []string{"button", "textbox", "searchbox", "combobox", "listbox", "checkbox", "spinbutton", "slider",
	"switch", "DisclosureTriangle", "link"}

// controls lists the page's controls as Chromium exposes them to a screen
// reader, with every <details> opened so that hidden controls count too.
func (b *browser) controls() []control {
	b.t.Helper()
	b.run("open every disclosure", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`))
	res, err := chromedp.Call(b.ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		b.fatalf("read the accessibility tree: %v", err)
	}
	var out []control
	for _, n := range res.Nodes {
		if n.Ignored || n.Role == nil || n.Name == nil {
			continue
		}
		var role, name string
		json.Unmarshal(n.Role.Value, &role)
		json.Unmarshal(n.Name.Value, &name)
		if !slices.Contains(namedRoles, role) {
			continue
		}
		c := control{role: role, name: strings.Join(strings.Fields(name), " ")}
		for _, p := range n.Properties {
			if string(p.Name) == "url" && p.Value != nil {
				json.Unmarshal(p.Value.Value, &c.href)
			}
		}
		out = append(out, c)
	}
	return out
}

// sameNames lists the names that two controls share (links only when they
// lead to different places: the same link twice is the same control).
func sameNames(cs []control) []string {
	byName := map[string][]control{}
	for _, c := range cs {
		key := strings.ToLower(c.name)
		byName[key] = append(byName[key], c)
	}
	var out []string
	for name, list := range byName {
		if len(list) < 2 {
			continue
		}
		places := map[string]bool{}
		others := 0
		for _, c := range list {
			if c.role == "link" {
				places[c.href] = true
			} else {
				others++
			}
		}
		if others+len(places) > 1 {
			var what []string
			for _, c := range list {
				what = append(what, c.role+" "+c.href)
			}
			sort.Strings(what)
			out = append(out, fmt.Sprintf("%q (%s)", name, strings.Join(what, ", ")))
		}
	}
	sort.Strings(out)
	return out
}

// TestBrowserNoTwoControlsShareAName walks the main pages as a visitor, a
// coordinator, a student and an admin: on each, no two controls (buttons,
// fields, disclosures, links to different places) have the same
// accessible name, so a screen-reader user can tell them apart in a list.
func TestBrowserNoTwoControlsShareAName(t *testing.T) {
	a := startApp(t)
	pilot := strconv.FormatInt(a.Demo.Programs["uib-mn-pilot"].ID, 10)
	signup := strconv.FormatInt(a.Demo.Programs["uib-hf-signup"].ID, 10)
	walks := []struct {
		email string
		pages []string
	}{
		{"", []string{"/", "/login", "/catalogue", "/catalogue?page=2", "/catalogue/uib-mn-pilot", "/catalogue/uib-hf-signup", "/examples", "/glossary"}},
		{"coordinator@demo.mentorhub.no", []string{"/", "/programs", "/programs/new", "/programs/" + pilot, "/programs/" + pilot + "/people",
			"/programs/" + pilot + "/groups", "/catalogue/uib-mn-pilot"}},
		{"student@demo.mentorhub.no", []string{"/", "/catalogue", "/me/programs/" + signup + "/signup"}},
		{"admin@demo.mentorhub.no", []string{"/", "/admin", "/admin/audit", "/admin/import", "/programs", "/overview",
			"/programs/" + signup + "/people"}},
	}
	for _, w := range walks {
		b := newBrowser(t)
		who := "a visitor"
		if w.email != "" {
			b.loginAs(a, w.email)
			who = w.email
		}
		for _, p := range w.pages {
			b.visit(a, p)
			if same := sameNames(b.controls()); len(same) > 0 {
				b.errorf("%s as %s: controls share a name: %s", p, who, strings.Join(same, "; "))
			}
		}
	}
}

// TestBrowserCatalogueHtmxKeepsCountFiltersAndUnitsCurrent: filtering by
// institution through htmx updates the count (the live region), "Filters
// (N in use)" and the unit choices; a page link brings the next page and
// puts the focus on the count.
func TestBrowserCatalogueHtmxKeepsCountFiltersAndUnitsCurrent(t *testing.T) {
	a := startApp(t)
	v := newBrowser(t)
	v.run("filter by institution",
		chromedp.Navigate(a.URL+"/catalogue"),
		chromedp.WaitVisible(chromedp.CSS("details.filters > summary")),
		chromedp.Click(chromedp.CSS("details.filters > summary")),
		chromedp.WaitVisible(chromedp.CSS("#f-institution")),
		chromedp.SetValue(chromedp.CSS("#f-institution"), "Universitetet i Oslo"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#f-institution").dispatchEvent(new Event("change", {bubbles: true}))`),
		htmxSettled(`#catalogue-results`),
		chromedp.Poll[chromedp.Void](`document.querySelector("#filters-label").textContent.includes("1")`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if got := v.text("#filters-label"); !strings.Contains(got, "(1 ") {
		v.errorf("after an htmx filter the summary says %q, want one filter in use", got)
	}
	if got := v.text("#catalogue-count"); !strings.HasPrefix(got, "9 ") {
		v.errorf("the count says %q, want the 9 programs of Universitetet i Oslo", got)
	}
	units := get(v, "read the unit choices", chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#f-unit option")).map(o => o.textContent).join("|")`))
	if !strings.Contains(units, "Universitetsbiblioteket") || strings.Contains(units, "Det juridiske fakultet|") && strings.Contains(units, "Institutt for biovitenskap") {
		v.errorf("the unit choices are not Universitetet i Oslo's: %s", units)
	}
	if live := get(v, "read the live region", chromedp.Evaluate[string](`document.querySelector("#catalogue-results").getAttribute("aria-live") || ""`)); live != "" {
		v.errorf("the whole result list is a live region (%s)", live)
	}

	v.run("open the second page with the keyboard",
		chromedp.Navigate(a.URL+"/catalogue"),
		chromedp.WaitVisible(chromedp.CSS(`.pagination a[rel="next"]`)),
		chromedp.Focus(chromedp.CSS(`.pagination a[rel="next"]`)),
		chromedp.KeyEvent("\r"),
		htmxSettled(`#catalogue-results .pagination a[rel="prev"]`),
		chromedp.Poll[chromedp.Void](`document.activeElement && document.activeElement.id === "catalogue-count"`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if loc := v.location(); !strings.Contains(loc, "page=2") {
		v.errorf("the second page is not in the address: %s", loc)
	}
	v.shoot("catalogue-page-2-htmx")
}
