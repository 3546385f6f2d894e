package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// A coordinator plans the year on the Sessions tab: a bad form is shown
// again with its problems, a good one makes the sessions, one session is
// added and one cancelled.
func TestCoordinatorPlansSessionsOnThePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	page := e.srv.URL + "/programs/" + pilot + "/sessions"

	r, err := c.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	if b := body(t, r); r.StatusCode != 200 || !strings.Contains(b, `id="plan-submit"`) {
		t.Fatalf("sessions page: %d", r.StatusCode)
	}
	plan := url.Values{"csrf_token": {csrf}, "template": {"pilot"}, "from_week": {"34"}, "every_weeks": {"2"}, "count": {"6"},
		"skip_weeks": {"40, abc"}, "minutes": {"90"}, "location": {""}}
	r, _ = c.PostForm(page+"/plan", plan)
	b := body(t, r)
	if r.StatusCode != 422 || !strings.Contains(b, `id="plan-errors"`) || !strings.Contains(b, `href="#plan-skip"`) {
		t.Fatalf("a bad week list: %d, want 422 with the error summary linked to the field", r.StatusCode)
	}
	plan.Set("skip_weeks", "40")
	r, _ = c.PostForm(page+"/plan", plan)
	body(t, r)
	if r.StatusCode != 303 {
		t.Fatalf("the plan: %d", r.StatusCode)
	}
	r, _ = c.Get(page)
	b = body(t, r)
	for _, want := range []string{"Uke 34", "Uke 42", "Om undervisningen", "Om eksamensmestring"} {
		if !strings.Contains(b, want) {
			t.Errorf("the plan page lacks %q", want)
		}
	}
	if strings.Contains(b, "Uke 40<") {
		t.Error("a session in the skipped week 40")
	}

	one := url.Values{"csrf_token": {csrf}, "group": {""}, "date": {"2026-08-20"}, "start": {"10:15"}, "end": {"09:00"}, "title": {"Velkommen til alle"}}
	r, _ = c.PostForm(page, one)
	if b := body(t, r); r.StatusCode != 422 || !strings.Contains(b, `href="#one-end"`) {
		t.Errorf("a session ending before it starts: %d", r.StatusCode)
	}
	// A group that is not one of the program's: refused in the reader's
	// language, at its field.
	one.Set("end", "12:00")
	one.Set("group", "999999")
	r, _ = c.PostForm(page, one)
	if b := body(t, r); r.StatusCode != 422 || !strings.Contains(b, `href="#one-group"`) || !strings.Contains(b, "Gruppen hører ikke til denne ordningen.") {
		t.Errorf("a group of no one: %d, want 422 with the Norwegian message linked to the group field", r.StatusCode)
	}
	one.Set("group", "")
	r, _ = c.PostForm(page, one)
	body(t, r)
	if r.StatusCode != 303 {
		t.Fatalf("a plenary: %d", r.StatusCode)
	}
	code, js := e.api(t, e.token(t, "coordinator@demo.mentorhub.no"), "/api/v1/programs/"+pilot+"/sessions")
	ss := decode[[]struct {
		ID      int64  `json:"id"`
		GroupID int64  `json:"group_id"`
		Title   string `json:"title"`
	}](t, code, js, 200)
	var plenary int64
	for _, s := range ss {
		if s.GroupID == 0 && s.Title == "Velkommen til alle" {
			plenary = s.ID
		}
	}
	if plenary == 0 {
		t.Fatal("the plenary is not in the list")
	}
	r, _ = c.PostForm(page+"/"+strconv.FormatInt(plenary, 10)+"/cancel", url.Values{"csrf_token": {csrf}})
	body(t, r)
	if r.StatusCode != 303 {
		t.Fatalf("cancelling: %d", r.StatusCode)
	}
	code, js = e.api(t, e.token(t, "coordinator@demo.mentorhub.no"), "/api/v1/sessions/"+strconv.FormatInt(plenary, 10))
	if code != 200 || !strings.Contains(js, `"cancelled_at"`) {
		t.Errorf("the cancelled plenary: %d %.300s", code, js)
	}

	// The welcome from the page: queued for every student taking part,
	// then counted in the messages table.
	r, _ = c.PostForm(page+"/welcome", url.Values{"csrf_token": {csrf}})
	body(t, r)
	if r.StatusCode != 303 || !strings.Contains(r.Header.Get("Location"), "done=welcome&n=") || strings.Contains(r.Header.Get("Location"), "n=0&") {
		t.Fatalf("sending the welcome: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r, _ = c.Get(e.srv.URL + r.Header.Get("Location"))
	if b := body(t, r); !strings.Contains(b, "Velkomstmeldinger lagt i kø") || !strings.Contains(b, `id="messages"`) {
		t.Errorf("the page after sending the welcome lacks its notice or the messages table")
	}
}
