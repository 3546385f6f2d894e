package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var summaryRE = regexp.MustCompile(`(?s)<div class="notice error error-summary"[^>]*>.*?</div>`)

// summaryOf returns a page's error summary, failing unless it takes the
// focus (autofocus on a focusable container) and links to each field.
func summaryOf(t *testing.T, page string, fields ...string) string {
	t.Helper()
	s := summaryRE.FindString(page)
	if s == "" {
		t.Fatalf("no error summary on the page:\n%.2000s", page)
	}
	open := s[:strings.Index(s, ">")]
	if !strings.Contains(open, `tabindex="-1"`) || !strings.Contains(open, "autofocus") {
		t.Errorf("the error summary does not take the focus: %s", open)
	}
	for _, f := range fields {
		if !strings.Contains(s, `href="#`+f+`"`) {
			t.Errorf("the error summary does not link to #%s: %s", f, s)
		}
		if !strings.Contains(page, `id="`+f+`"`) {
			t.Errorf("the summary links to #%s, which is not on the page", f)
		}
	}
	return s
}

// A failed login moves the focus to its message, which leads to the field.
func TestFailedLoginFocusesAnErrorSummaryLinkedToTheField(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, err := e.client(t).PostForm(e.srv.URL+"/login", url.Values{"email": {"student@demo.mentorhub.no"}, "password": {"wrong"}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, r)
	if r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d", r.StatusCode)
	}
	summaryOf(t, page, "email")
}

// A new program without a name comes back with a summary linking the name field.
func TestFailedNewProgramFocusesAnErrorSummaryLinkedToTheField(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	resp, page := postForm(t, e, c, "/programs", url.Values{"csrf_token": {csrf}, "name": {""}, "level": {"faculty"},
		"transition": {"first_year"}, "model": {"open_dropin"}, "mentor_kinds": {"senior_student"}, "enrolment": {"opt_in"},
		"status": {"active"}, "started": {"2026"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %.500s", resp.StatusCode, page)
	}
	summaryOf(t, page, "name")
	if n := strings.Count(page, `role="alert"`); n != 1 {
		t.Errorf("%d alerts on the page, want the summary alone", n)
	}
}

// Raising "Smallest group" above "Largest group" is reported at the
// smallest group, in a summary that links to it; raising the largest group
// would not be its fault.
func TestGroupsFormSummaryAndMessageSitAtTheFieldChanged(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	send := func(min, max, shownMin, shownMax string) string {
		t.Helper()
		resp, page := postForm(t, e, c, "/programs/"+pilot+"/groups/preview", url.Values{"csrf_token": {csrf},
			"group_min": {min}, "group_max": {max}, "mentors_per_group": {"2"}, "seed": {"1"},
			"shown_group_min": {shownMin}, "shown_group_max": {shownMax}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", resp.StatusCode)
		}
		return page
	}
	page := send("30", "25", "12", "25")
	s := summaryOf(t, page, "group_min")
	if strings.Contains(s, `href="#group_max"`) {
		t.Errorf("the summary blames the largest group for the smallest: %s", s)
	}
	if !strings.Contains(page, `id="err-group_min"`) || strings.Contains(page, `id="err-group_max"`) {
		t.Errorf("the message is not at the smallest group alone")
	}
	if !strings.Contains(page, `id="group_min" name="group_min" type="number" required value="30" aria-invalid="true" aria-describedby="err-group_min"`) {
		t.Errorf("the smallest group is not marked invalid and described by its message")
	}
	// Lowering the largest group below the smallest is the largest group's problem.
	page = send("12", "5", "12", "25")
	summaryOf(t, page, "group_max")
	if strings.Contains(page, `id="err-group_min"`) || !strings.Contains(page, `id="err-group_max"`) {
		t.Errorf("lowering the largest group: the message is not at the largest group alone")
	}
	// A word where a number belongs is linked too.
	summaryOf(t, send("x", "25", "12", "25"), "group_min")
}
