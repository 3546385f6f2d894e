package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// The coordinator opens the next year from the groups page; the page then
// switches between the years, and last year's groups stay readable.
func TestTheCoordinatorOpensTheNextYearAndLastYearsGroupsStayReadable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	this := program.AcademicYear(testutil.Epoch)
	r, _ := c.Get(e.srv.URL + "/programs/" + pilot + "/groups")
	before := body(t, r)
	if !strings.Contains(before, `id="year-bar"`) || !strings.Contains(before, fmt.Sprintf("%d/%02d", this, (this+1)%100)) {
		t.Fatalf("the groups page shows no year: %.400s", before)
	}
	groupsBefore := strings.Count(before, `id="group-`)
	resp, b := postForm(t, e, c, "/programs/"+pilot+"/years", url.Values{"csrf_token": {csrf}, "year": {strconv.Itoa(this + 1)}, "carry_mentors": {"true"}})
	if resp.StatusCode != 303 {
		t.Fatalf("opening the next year: %d %.300s", resp.StatusCode, b)
	}
	r, _ = c.Get(e.srv.URL + "/programs/" + pilot + "/groups?year=" + strconv.Itoa(this+1))
	next := body(t, r)
	if !strings.Contains(next, fmt.Sprintf(`href="?year=%d"`, this)) || strings.Count(next, `id="group-`) != 0 {
		t.Errorf("the new year's page: no link to last year, or groups already (%d)", strings.Count(next, `id="group-`))
	}
	r, _ = c.Get(e.srv.URL + "/programs/" + pilot + "/groups?year=" + strconv.Itoa(this))
	if again := body(t, r); groupsBefore == 0 || strings.Count(again, `id="group-`) != groupsBefore {
		t.Errorf("last year's groups: %d, before %d", strings.Count(again, `id="group-`), groupsBefore)
	}
	// The demo's pilot ran last year too: its groups are there to read,
	// with students of their own.
	r, _ = c.Get(e.srv.URL + "/programs/" + pilot + "/groups?year=" + strconv.Itoa(this-1))
	if past := body(t, r); strings.Count(past, `id="group-`) == 0 || !strings.Contains(past, `id="year-past"`) || !strings.Contains(past, "2000") {
		t.Errorf("last year's groups are not readable: %d groups", strings.Count(past, `id="group-`))
	}
	// Without the token the form is refused.
	if resp, _ := postForm(t, e, c, "/programs/"+pilot+"/years", url.Values{"year": {strconv.Itoa(this + 2)}}); resp.StatusCode != 403 {
		t.Errorf("opening a year without the CSRF token: %d", resp.StatusCode)
	}
}

// Last year stays as it was: its page offers no rename or move, and a
// rename of one of its groups is refused (asked for in that year: 409; in
// the current year, where the group is not: 404), the name unchanged.
func TestLastYearsGroupsCannotBeChanged(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	last := strconv.Itoa(program.AcademicYear(testutil.Epoch) - 1)
	r, _ := c.Get(e.srv.URL + "/programs/" + pilot + "/groups?year=" + last)
	past := body(t, r)
	if strings.Contains(past, `/name"`) || strings.Contains(past, `id="move-form"`) {
		t.Error("last year's page offers to rename or move")
	}
	m := regexp.MustCompile(`<tr id="group-(\d+)">\s*<th scope="row">([^<]+)`).FindStringSubmatch(past)
	if m == nil {
		t.Fatalf("no group on last year's page: %.300s", past)
	}
	gid, name := m[1], m[2]
	for path, want := range map[string]int{
		"/programs/" + pilot + "/groups/" + gid + "/name?year=" + last: 409,
		"/programs/" + pilot + "/groups/" + gid + "/name":              404,
	} {
		if resp, b := postForm(t, e, c, path, url.Values{"csrf_token": {csrf}, "name": {"Omdøpt"}}); resp.StatusCode != want {
			t.Errorf("POST %s: %d, want %d (%.200s)", path, resp.StatusCode, want, b)
		}
	}
	r, _ = c.Get(e.srv.URL + "/programs/" + pilot + "/groups?year=" + last)
	if again := body(t, r); strings.Contains(again, "Omdøpt") || !strings.Contains(again, name) {
		t.Error("last year's group was renamed")
	}
	// A year the program never had: the page says so, in the reader's language.
	r, _ = c.Get(e.srv.URL + "/programs/" + pilot + "/groups?year=2019")
	if none := body(t, r); r.StatusCode != 404 || !strings.Contains(none, "ikke noe år 2019/20") {
		t.Errorf("a year the program never had: %d %.300s", r.StatusCode, none)
	}
}

// The people page has the same year bar: last year's is read-only (no
// upload, no signup settings, no chief toggles), the current year's has
// its forms.
func TestThePeoplePageShowsTheYearAndLastYearIsReadOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	this := program.AcademicYear(testutil.Epoch)
	r, _ := c.Get(e.srv.URL + "/programs/" + pilot + "/people")
	now := body(t, r)
	if !strings.Contains(now, `id="year-bar"`) || strings.Contains(now, `id="year-past"`) || !strings.Contains(now, `/people/upload"`) {
		t.Errorf("the current year's people page: no year bar, or no upload form")
	}
	r, _ = c.Get(e.srv.URL + "/programs/" + pilot + "/people?year=" + strconv.Itoa(this-1))
	past := body(t, r)
	if !strings.Contains(past, `id="year-bar"`) || !strings.Contains(past, `id="year-past"`) || !strings.Contains(past, fmt.Sprintf(`href="?year=%d" aria-current="page"`, this-1)) {
		t.Errorf("last year's people page shows no year bar on that year: %.400s", past)
	}
	for _, form := range []string{`/people/upload"`, `/signup"`, `/chief"`} {
		if strings.Contains(past, form) {
			t.Errorf("last year's people page offers a change: %s", form)
		}
	}
	if !strings.Contains(past, fmt.Sprintf(`/people?year=%d#students"`, this-1)) {
		t.Error("the search on last year's page leaves the year")
	}
}

// The program's own page has a table of its years with their figures,
// the current year marked.
func TestTheProgramPageShowsFiguresPerYear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	this := program.AcademicYear(testutil.Epoch)
	r, _ := c.Get(e.srv.URL + "/programs/" + pilot)
	page := body(t, r)
	if !strings.Contains(page, `id="program-years"`) || !strings.Contains(page, `<caption id="years-caption">`) {
		t.Fatalf("the program page has no year table: %.400s", page)
	}
	row := func(y int) string {
		m := regexp.MustCompile(fmt.Sprintf(`(?s)<tr id="year-%d"[^>]*>(.*?)</tr>`, y)).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no row for %d", y)
		}
		return m[0]
	}
	now, last := row(this), row(this-1)
	if !strings.Contains(now, `<th scope="row">`) || !strings.Contains(now, fmt.Sprintf("%d/%02d", this, (this+1)%100)) || !strings.Contains(now, `class="current"`) || !strings.Contains(now, "badge") {
		t.Errorf("the current year's row: %s", now)
	}
	if strings.Contains(last, "badge") || strings.Contains(last, `class="current"`) {
		t.Errorf("last year is marked current: %s", last)
	}
	// Last year's figures are there: the demo's pilot had students then.
	cells := regexp.MustCompile(`<td class="num">([^<]*)</td>`).FindAllStringSubmatch(last, -1)
	if len(cells) != 3 || cells[0][1] == "0" || cells[2][1] == "0" {
		t.Errorf("last year's figures: %v", cells)
	}
}

// Through the API too, last year stays as it was: an import or an
// allocation asked for in it is refused (409), and its groups and people
// are what they were.
func TestTheAPIDoesNotChangeLastYear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	last := strconv.Itoa(program.AcademicYear(testutil.Epoch) - 1)
	base := "/api/v1/programs/" + pilot
	_, groupsBefore := e.api(t, tok, base+"/groups?year="+last)
	students, mentors := genCSV(allocate.Generate(30, 4))
	if code, b := e.put(t, tok, base+"/students?year="+last, "text/csv", students); code != 409 {
		t.Errorf("importing students into last year: %d %.200s", code, b)
	}
	if code, b := e.put(t, tok, base+"/mentors?year="+last, "text/csv", mentors); code != 409 {
		t.Errorf("importing mentors into last year: %d %.200s", code, b)
	}
	if code, b := e.send(t, tok, "POST", base+"/allocations?year="+last, `{"group_min": 5, "group_max": 15, "mentors_per_group": 1, "seed": 1}`); code != 409 {
		t.Errorf("allocating last year: %d %.200s", code, b)
	}
	if _, after := e.api(t, tok, base+"/groups?year="+last); after != groupsBefore {
		t.Error("last year's groups changed")
	}
}
