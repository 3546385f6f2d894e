package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

var cardRE = regexp.MustCompile(`<h2><a href="/catalogue/([^"]+)"[^>]*>`)

// cards lists the program codes on a catalogue page.
func cards(b string) []string {
	var out []string
	for _, m := range cardRE.FindAllStringSubmatch(b, -1) {
		out = append(out, m[1])
	}
	return out
}

func htmxGet(t *testing.T, e *env, path string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "catalogue-results")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return body(t, r)
}

// The catalogue shows 25 programs a page, with page links that work
// without JavaScript; every published program is on exactly one page.
func TestCatalogueIsPagedAndEveryProgramIsOnOnePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	all, err := e.app.Programs.Catalogue(app.WithActor(context.Background(), app.SystemActor), program.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) <= 50 {
		t.Fatalf("the demo has %d published programs; the test needs more than two pages", len(all))
	}
	pages := (len(all) + 24) / 25
	var seen []string
	for n := 1; n <= pages; n++ {
		path := "/catalogue"
		if n > 1 {
			path = fmt.Sprintf("/catalogue?page=%d", n)
		}
		code, b := e.api(t, "", path)
		if code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		got := cards(b)
		if want := min(25, len(all)-(n-1)*25); len(got) != want {
			t.Errorf("page %d shows %d programs, want %d", n, len(got), want)
		}
		seen = append(seen, got...)
		if !strings.Contains(b, fmt.Sprintf(`aria-current="page"><span class="visually-hidden">Side </span>%d</a>`, n)) {
			t.Errorf("page %d is not marked as the current page", n)
		}
		if n < pages && !strings.Contains(b, fmt.Sprintf(`href="/catalogue?page=%d" rel="next"`, n+1)) {
			t.Errorf("page %d has no link to the next page", n)
		}
	}
	slices.Sort(seen)
	if len(slices.Compact(seen)) != len(all) {
		t.Errorf("the pages show %d distinct programs, want %d", len(slices.Compact(seen)), len(all))
	}
	// A page link keeps the filter.
	_, b := e.api(t, "", "/catalogue?status=active")
	if strings.Contains(b, `rel="next"`) && !strings.Contains(b, `href="/catalogue?page=2&amp;status=active" rel="next"`) {
		t.Errorf("the next-page link drops the filter")
	}
}

// The result count, not the list, is the live region, and an htmx
// filter brings the new count, the filters in use and the units of the
// chosen institution with it (out of band).
func TestCatalogueCountIsTheLiveRegionAndFiltersStayCurrent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, b := e.api(t, "", "/catalogue")
	if !regexp.MustCompile(`<p id="catalogue-count"[^>]*role="status"`).MatchString(b) {
		t.Errorf("the count is not a live region")
	}
	if regexp.MustCompile(`id="catalogue-results"[^>]*aria-live`).MatchString(b) || strings.Contains(b, `aria-live="polite"><ul`) {
		t.Errorf("the whole result list is a live region")
	}
	f := htmxGet(t, e, "/catalogue?model=open_dropin")
	for _, want := range []string{`<p id="catalogue-count" hx-swap-oob="innerHTML">`, `<span id="filters-label" hx-swap-oob="innerHTML">Filtre (1 i bruk)</span>`,
		`<select id="f-unit" hx-swap-oob="innerHTML">`} {
		if !strings.Contains(f, want) {
			t.Errorf("the htmx results lack %q", want)
		}
	}
}

// The unit filter offers and applies only units of the chosen institution:
// a unit of another institution left from an earlier choice is dropped.
func TestCatalogueUnitFilterHonoursTheInstitution(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	all, err := e.app.Programs.Catalogue(app.WithActor(context.Background(), app.SystemActor), program.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	inst := e.demo.Institution.Name
	var own []string
	units := map[string]bool{}
	foreign := ""
	for _, p := range all {
		if p.InstitutionName == inst {
			own = append(own, p.Code)
			if p.UnitName != "" {
				units[p.UnitName] = true
			}
		}
	}
	for _, p := range all {
		if p.InstitutionName != inst && p.UnitName != "" && !units[p.UnitName] {
			foreign = p.UnitName
		}
	}
	if foreign == "" || len(own) == 0 {
		t.Fatal("the demo lacks a unit of another institution")
	}
	q := url.Values{"institution": {inst}, "unit": {foreign}}.Encode()
	for _, b := range []string{func() string { _, b := e.api(t, "", "/catalogue?"+q); return b }(), htmxGet(t, e, "/catalogue?"+q)} {
		got := cards(b)
		slices.Sort(got)
		want := slices.Clone(own)
		slices.Sort(want)
		if len(want) > 25 {
			want = nil // paged: compare only when one page holds them
		}
		if want != nil && !slices.Equal(got, want) {
			t.Errorf("institution %q with another's unit %q: got %v, want the institution's programs %v", inst, foreign, got, want)
		}
		sel := regexp.MustCompile(`(?s)<select id="f-unit"[^>]*>.*?</select>`).FindString(b)
		if strings.Contains(sel, ">"+foreign+"<") {
			t.Errorf("the unit choices offer %q of another institution", foreign)
		}
		for u := range units {
			if !strings.Contains(sel, ">"+u+"<") {
				t.Errorf("the unit choices lack %q", u)
			}
		}
	}
}

// An opt-in program's page shows its deadline and a way to sign up; the
// way asks a visitor to log in and shows a student her own sign-up.
func TestCatalogueProgramShowsDeadlineAndSignUp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.demo.Programs["uib-hf-signup"]
	_, b := e.api(t, "", "/catalogue/"+p.Code)
	link := fmt.Sprintf(`href="/me/programs/%d/signup"`, p.ID)
	if !strings.Contains(b, link) || !strings.Contains(b, "Påmeldingsfrist: 31. januar 2027") {
		t.Fatalf("the program page lacks the deadline or the sign-up link:\n%s", b)
	}
	c := e.client(t)
	r, err := c.Get(fmt.Sprintf("%s/me/programs/%d/signup", e.srv.URL, p.ID))
	if err != nil {
		t.Fatal(err)
	}
	body(t, r)
	if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
		t.Errorf("a visitor's sign-up: %d %q, want the login", r.StatusCode, loc)
	}
	// The demo student studies biology: the humanities program is not hers.
	e.login(t, c, "student@demo.mentorhub.no")
	r, _ = c.Get(fmt.Sprintf("%s/me/programs/%d/signup", e.srv.URL, p.ID))
	if b = body(t, r); r.StatusCode != 200 || !strings.Contains(b, `id="signup-not-open"`) || strings.Contains(b, `action="/me/programs/`) {
		t.Errorf("the biology student's sign-up page for a humanities program: %d", r.StatusCode)
	}
	// A program without sign-up (opt-out) has no sign-up box.
	if _, b = e.api(t, "", "/catalogue/uib-mn-pilot"); strings.Contains(b, `id="catalogue-sign-up"`) {
		t.Errorf("an opt-out program offers a sign-up")
	}
}
