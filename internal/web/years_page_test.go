package web_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

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
