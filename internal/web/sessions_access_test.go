package web_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/testutil"
)

// Who may comes before what is asked: someone kept out of a program's
// sessions gets 403 or 404 whatever the body, not 422 for a body nobody
// would have let them send; and a refused request opens no program year
// (the route table found both).
func TestSessionAccessIsCheckedBeforeTheBody(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	mentor := e.token(t, "mentor@demo.mentorhub.no")
	student := e.token(t, "student@demo.mentorhub.no")
	researcher := e.token(t, "researcher@demo.mentorhub.no")
	pilot := "/api/v1/programs/" + strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	lawID := e.demo.Programs["uib-jus-agl"].ID
	law := "/api/v1/programs/" + strconv.FormatInt(lawID, 10)

	years := func() int {
		var n int
		if err := e.app.DB.SQL().QueryRow(`SELECT COUNT(*) FROM program_years WHERE program_id = ` + strconv.FormatInt(lawID, 10)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := years()
	refused := func(what string, code int, b string, want ...int) {
		t.Helper()
		if !slices.Contains(want, code) {
			t.Errorf("%s: %d %.300s, want %v", what, code, b, want)
		}
	}
	// The law program's year is opened by none of these: they take part in
	// none of its years.
	for _, c := range []struct {
		tok, method, path, body string
	}{
		{mentor, "POST", law + "/sessions", `{"title": ""}`},
		{mentor, "POST", law + "/followups", `{"student_number": "100001", "action": "hugged"}`},
		{mentor, "PUT", law + "/attendance-requirement", `{"share": 7}`},
		{researcher, "GET", law + "/sessions", ``},
		{researcher, "GET", law + "/followups", ``},
	} {
		code, b := e.send(t, c.tok, c.method, c.path, c.body)
		refused(c.method+" "+c.path, code, b, 403, 404)
	}
	if n := years(); n != before {
		t.Errorf("refused requests opened a year of the law program: %d years, were %d", n, before)
	}

	// In the pilot: the student takes part (403), the body is not read.
	code, b := e.send(t, student, "POST", pilot+"/followups", `{"student_number": "100001", "action": "hugged"}`)
	refused("a student recording a follow-up with a bad action", code, b, 403)
	code, b = e.send(t, mentor, "PUT", pilot+"/attendance-requirement", `{"share": 7}`)
	refused("a mentor setting a bad requirement", code, b, 403)
	code, b = e.send(t, coord, "PUT", pilot+"/attendance-requirement", `{"share": 7}`)
	refused("a coordinator setting a bad requirement", code, b, 422)

	// A session of a group that is neither the demo mentor's nor the demo
	// student's: not found for both, whatever they send.
	code, b = e.api(t, coord, pilot+"/groups")
	var other int64
	for _, g := range decode[[]apiGroup](t, code, b, 200) {
		if !slices.Contains(g.Mentors, "90001") && !slices.Contains(g.Students, "100001") {
			other = g.ID
			break
		}
	}
	start := testutil.Epoch.Add(24 * time.Hour)
	code, b = e.send(t, coord, "POST", pilot+"/sessions", fmt.Sprintf(`{"title": "Studieteknikk", "starts_at": %q, "ends_at": %q, "group_id": %d}`,
		start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339), other))
	se := decode[apiSession](t, code, b, 201)
	checkins := "/api/v1/sessions/" + strconv.FormatInt(se.ID, 10) + "/checkins"
	for _, c := range []struct{ who, tok, body string }{
		{"the mentor of another group, no student number", mentor, `{}`},
		{"the mentor of another group, a bad status", mentor, `{"student_number": "100002", "status": "late"}`},
		{"a student of another group, a wrong code", student, `{"code": "WRONG1"}`},
		{"a student of another group, the right code", student, fmt.Sprintf(`{"code": %q}`, se.CheckinCode)},
		{"a student of another group, nothing", student, `{}`},
	} {
		code, b := e.send(t, c.tok, "POST", checkins, c.body)
		refused(c.who, code, b, 404)
	}
	code, b = e.send(t, coord, "POST", checkins, `{"student_number": "100002", "status": "late"}`)
	refused("a coordinator with a bad status", code, b, 422)
}

// The calendar feed is reached with its secret only: an unknown secret,
// the secret without .ics or another person's session cookie get 404.
func TestCalendarFeedNeedsTheSecret(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	student := e.token(t, "student@demo.mentorhub.no")
	code, b := e.api(t, student, "/api/v1/people/100001/calendar")
	url := decode[map[string]string](t, code, b, 200)["url"]
	if code, _ := e.fetchFeed(t, url); code != 200 {
		t.Fatalf("the feed: %d", code)
	}
	secret := url[len(url)-len(".ics")-43 : len(url)-len(".ics")]
	c := e.client(t)
	e.login(t, c, "student@demo.mentorhub.no")
	for _, path := range []string{
		"/ical/" + secret,                      // no .ics
		"/ical/" + wrongToken(secret) + ".ics", // another secret
		"/ical/" + secret[:42] + ".ics",        // too short
		"/ical/.ics",
	} {
		r, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body(t, r)
		if r.StatusCode != 404 {
			t.Errorf("%s with the owner's session: %d, want 404", path, r.StatusCode)
		}
	}
}
