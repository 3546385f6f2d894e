package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// sessionFixture is the pilot with sessions planned for the pages: today's
// for the demo mentor's group, a coming one moved, a cancelled one, a
// plenary, and today's for another group.
type sessionFixture struct {
	mine, other           people.Group // the demo mentor's group and another
	student               people.Group // the demo student's group
	today, next, gone     sessions.Session
	plenary, otherToday   sessions.Session
	studentToday          sessions.Session // today's session of the demo student's group
	coord                 context.Context
	serviceID             int64
	mentorNumber, sNumber string
}

func hasMember(ms []people.Member, id string) bool {
	return slices.ContainsFunc(ms, func(m people.Member) bool { return m.ID == id })
}

// plan creates the fixture's sessions as the demo coordinator, on the
// fake clock's day (testutil.Epoch: Monday 10 August 2026, 10:00 in Oslo).
func plan(t *testing.T, e *env) *sessionFixture {
	t.Helper()
	_, coord, err := e.app.Auth.Login(context.Background(), "coordinator@demo.mentorhub.no", demo.Password, "setup")
	if err != nil {
		t.Fatal(err)
	}
	f := &sessionFixture{coord: app.WithActor(context.Background(), coord), mentorNumber: "90001", sNumber: "100001"}
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	gs, err := e.app.People.Groups(f.coord, pilot)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		switch {
		case hasMember(g.Mentors, f.mentorNumber) && f.mine.ID == 0:
			f.mine = g
		case !hasMember(g.Mentors, f.mentorNumber) && !hasMember(g.Students, f.sNumber) && f.other.ID == 0:
			f.other = g
		}
		if hasMember(g.Students, f.sNumber) {
			f.student = g
		}
	}
	if f.mine.ID == 0 || f.other.ID == 0 || f.student.ID == 0 || len(f.mine.Students) < 3 {
		t.Fatalf("groups: mine %d, other %d, the student's %d", f.mine.ID, f.other.ID, f.student.ID)
	}
	mk := func(g int64, title, topic string, start time.Duration) sessions.Session {
		t.Helper()
		s, err := e.app.Sessions.Create(f.coord, pilot, sessions.Draft{GroupID: g, Title: title, Topic: topic, Location: "Realfagbygget 1001",
			Checklist: "Ønsk velkommen\nSpør om timeplanen", StartsAt: testutil.Epoch.Add(start), EndsAt: testutil.Epoch.Add(start + 90*time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	f.today = mk(f.mine.ID, "Om undervisninga", "Korleis forelesingane fungerer", 2*time.Hour+15*time.Minute)
	f.next = mk(f.mine.ID, "Studieteknikk", "Å lese smart", 9*24*time.Hour)
	f.gone = mk(f.mine.ID, "Avlyst møte", "", 16*24*time.Hour)
	f.plenary = mk(0, "Fellesmøte: psykisk helse", "Einsemd og meistring", 3*24*time.Hour)
	f.otherToday = mk(f.other.ID, "Ei anna gruppe", "", 3*time.Hour)
	f.studentToday = f.today
	if f.student.ID != f.mine.ID {
		f.studentToday = mk(f.student.ID, "Om undervisninga", "Korleis forelesingane fungerer", 2*time.Hour+15*time.Minute)
	}
	moved := sessions.Draft{GroupID: f.next.GroupID, Title: f.next.Title, Topic: f.next.Topic, Location: f.next.Location,
		StartsAt: f.next.StartsAt.Add(24 * time.Hour), EndsAt: f.next.EndsAt.Add(24 * time.Hour)}
	if f.next, err = e.app.Sessions.Change(f.coord, f.next.ID, moved); err != nil {
		t.Fatal(err)
	}
	if f.gone, err = e.app.Sessions.Cancel(f.coord, f.gone.ID); err != nil {
		t.Fatal(err)
	}
	if f.serviceID, err = e.app.Repos.Sessions.SaveService(context.Background(), sessions.SupportService{InstitutionID: e.demo.Institution.ID,
		Name: "Studentrådgivinga", About: "Råd om studia", Email: "radgiving@uib.example.no"}, 1); err != nil {
		t.Fatal(err)
	}
	return f
}

// page GETs path with c and returns status and body.
func (e *env) page(t *testing.T, c *http.Client, path string) (int, string) {
	t.Helper()
	r, err := c.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, body(t, r)
}

// post sends a form with c and returns the response (body read).
func (e *env) postForm(t *testing.T, c *http.Client, path string, form url.Values, hx bool) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if hx {
		req.Header.Set("HX-Request", "true")
	}
	r, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return r, body(t, r)
}

func wantIn(t *testing.T, what, b string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(b, s) {
			t.Errorf("%s lacks %q", what, s)
			os.WriteFile(filepath.Join(os.TempDir(), "mh-"+strings.ReplaceAll(what, " ", "_")+".html"), []byte(b), 0o644)
		}
	}
}

func wantNotIn(t *testing.T, what, b string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(b, s) {
			t.Errorf("%s shows %q", what, s)
		}
	}
}

func sessionPath(s sessions.Session) string { return fmt.Sprintf("/sessions/%d", s.ID) }

// The mentor's "My groups" puts today's session of their group first,
// lists the next ones (a moved one at its new time), never another
// group's; the session page shows the code, a QR code and the roster;
// another group's session is not found.
func TestMentorSeesTheirGroupsTodayAndTheRoster(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := plan(t, e)
	c := e.client(t)
	e.login(t, c, "mentor@demo.mentorhub.no")

	code, b := e.page(t, c, "/")
	if code != 200 || !strings.Contains(b, `href="/me/sessions"`) {
		t.Errorf("the mentor's dashboard does not lead to My groups (%d)", code)
	}
	code, b = e.page(t, c, "/me/sessions")
	if code != 200 {
		t.Fatalf("/me/sessions: %d", code)
	}
	wantIn(t, "My groups", b, f.mine.Name, "Om undervisninga", `href="/sessions/`+fmt.Sprint(f.today.ID)+`#roster"`, "Studieteknikk",
		"Fellesmøte: psykisk helse", "Hvem du bør følge opp", `id="calendar-url"`, "/ical/")
	wantNotIn(t, "My groups", b, "Ei anna gruppe", f.otherToday.CheckinCode)
	// The moved session is listed on its new day (20 August, a Thursday).
	wantIn(t, "My groups", b, "torsdag 20. august 2026")

	code, b = e.page(t, c, sessionPath(f.today))
	if code != 200 {
		t.Fatalf("today's session: %d", code)
	}
	wantIn(t, "today's session", b, f.today.CheckinCode, `<svg class="qr"`, "/checkin?code="+f.today.CheckinCode, "Ønsk velkommen",
		"Spør om timeplanen", "Realfagbygget 1001", "mandag 10. august 2026 kl. 12.15", "0 av "+fmt.Sprint(len(f.mine.Students))+" til stede")
	for _, s := range f.mine.Students {
		wantIn(t, "the roster", b, `id="row-`+s.ID+`"`)
	}
	wantNotIn(t, "the roster", b, `id="row-`+f.other.Students[0].ID+`"`)

	if code, _ := e.page(t, c, sessionPath(f.otherToday)); code != 404 {
		t.Errorf("another group's session as its non-mentor: %d, want 404", code)
	}
}

// Ticking a student present shows on the roster and in the counts; a
// repeat changes nothing; with htmx the answer is the row and the counts.
func TestMentorTicksTheRoster(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := plan(t, e)
	c := e.client(t)
	csrf := e.login(t, c, "mentor@demo.mentorhub.no")
	path := sessionPath(f.today) + "/checkins"
	num := f.mine.Students[0].ID

	r, _ := e.postForm(t, c, path, url.Values{"csrf_token": {csrf}, "student_number": {num}, "status": {"present"}}, false)
	if r.StatusCode != 303 || !strings.HasPrefix(r.Header.Get("Location"), sessionPath(f.today)) {
		t.Fatalf("tick without JavaScript: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	att, err := e.app.Sessions.Attendance(f.coord, f.today.ID)
	if err != nil {
		t.Fatal(err)
	}
	if att.Counts.Present != 1 {
		t.Fatalf("present after one tick: %+v", att.Counts)
	}
	_, b := e.page(t, c, sessionPath(f.today))
	row := regexp.MustCompile(`(?s)<li class="roster-row status-(\w+)" id="row-` + num + `"`).FindStringSubmatch(b)
	if row == nil || row[1] != "present" {
		t.Errorf("the ticked row: %v", row)
	}
	wantIn(t, "the roster", b, "1 av "+fmt.Sprint(len(f.mine.Students))+" til stede")

	// A repeat changes nothing.
	e.postForm(t, c, path, url.Values{"csrf_token": {csrf}, "student_number": {num}, "status": {"present"}}, false)
	again, _ := e.app.Sessions.Attendance(f.coord, f.today.ID)
	if again.Counts != att.Counts {
		t.Errorf("a repeated tick changed the counts: %+v, was %+v", again.Counts, att.Counts)
	}

	// htmx: the row and the counts, out of band.
	num2 := f.mine.Students[1].ID
	r, b = e.postForm(t, c, path, url.Values{"csrf_token": {csrf}, "student_number": {num2}, "status": {"excused"}}, true)
	if r.StatusCode != 200 {
		t.Fatalf("htmx tick: %d %s", r.StatusCode, b)
	}
	wantIn(t, "the htmx answer", b, `id="row-`+num2+`"`, "status-excused", `hx-swap-oob="innerHTML"`, "1 av ", "1 har meldt forfall")
	wantNotIn(t, "the htmx answer", b, "<html", `id="row-`+num+`"`)

	// A student of another group is refused with the page and a summary.
	r, b = e.postForm(t, c, path, url.Values{"csrf_token": {csrf}, "student_number": {f.other.Students[0].ID}, "status": {"present"}}, false)
	if r.StatusCode != 422 {
		t.Errorf("ticking another group's student: %d", r.StatusCode)
	}
	wantIn(t, "the refusal", b, "error-summary", "Studenten er ikke ventet")

	// A mentor cannot tick another group's session; a student cannot tick.
	r, _ = e.postForm(t, c, sessionPath(f.otherToday)+"/checkins", url.Values{"csrf_token": {csrf}, "student_number": {f.other.Students[0].ID}}, false)
	if r.StatusCode != 404 {
		t.Errorf("ticking another group's session: %d, want 404", r.StatusCode)
	}
	sc := e.client(t)
	scsrf := e.login(t, sc, "student@demo.mentorhub.no")
	r, _ = e.postForm(t, sc, sessionPath(f.studentToday)+"/checkins", url.Values{"csrf_token": {scsrf}, "student_number": {f.sNumber}}, false)
	if r.StatusCode != 403 {
		t.Errorf("a student ticking the roster: %d, want 403", r.StatusCode)
	}
}

// A follow-up action is recorded from "My groups"; an action for a
// student outside the mentor's groups is refused.
func TestMentorRecordsAFollowUp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := plan(t, e)
	c := e.client(t)
	csrf := e.login(t, c, "mentor@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	path := fmt.Sprintf("/programs/%d/followups", pilot)
	// Two held sessions nobody came to: every student of the group is
	// absent from the last two, and is listed to follow up.
	for _, days := range []int{14, 7} {
		start := testutil.Epoch.Add(-time.Duration(days) * 24 * time.Hour)
		if _, err := e.app.Sessions.Create(f.coord, pilot, sessions.Draft{GroupID: f.mine.ID, Title: "Før", StartsAt: start, EndsAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	_, b := e.page(t, c, "/me/sessions")
	fid := fmt.Sprintf("fu-%d-%s-action", pilot, f.mine.Students[2].ID)
	wantIn(t, "who to follow up", b, f.mine.Students[2].Name(), "borte fra de siste møtene", `id="`+fid+`"`, "Studentrådgivinga")
	wantNotIn(t, "who to follow up", b, f.other.Students[0].Name())
	r, _ := e.postForm(t, c, path, url.Values{"csrf_token": {csrf}, "student_number": {f.mine.Students[2].ID}, "action": {"referred"},
		"service_id": {fmt.Sprint(f.serviceID)}}, false)
	if r.StatusCode != 303 {
		t.Fatalf("record a referral: %d", r.StatusCode)
	}
	_, b = e.page(t, c, "/me/sessions")
	wantIn(t, "My groups after the referral", b, "henvist (Studentrådgivinga)")
	r, b = e.postForm(t, c, path, url.Values{"csrf_token": {csrf}, "student_number": {f.mine.Students[2].ID}, "action": {"referred"}}, false)
	if r.StatusCode != 422 {
		t.Errorf("a referral without a service: %d", r.StatusCode)
	}
	svc := fmt.Sprintf("fu-%d-%s-service", pilot, f.mine.Students[2].ID)
	wantIn(t, "the refusal", b, "error-summary", "Velg et av", `href="#`+svc+`"`, `id="`+svc+`" name="service_id" aria-invalid="true"`)
	r, _ = e.postForm(t, c, path, url.Values{"csrf_token": {csrf}, "student_number": {f.other.Students[0].ID}, "action": {"talked"}}, false)
	if r.StatusCode != 422 {
		t.Errorf("an action for another group's student: %d, want 422", r.StatusCode)
	}
	// A coordinator of another program may not record anything here.
	oc := e.client(t)
	if _, err := e.app.Auth.CreateAccount(app.WithActor(context.Background(), app.SystemActor), authInput(e, "coord.law@test.example", e.demo.Programs["uib-jus-agl"].ID)); err != nil {
		t.Fatal(err)
	}
	ocsrf := e.login(t, oc, "coord.law@test.example")
	r, _ = e.postForm(t, oc, path, url.Values{"csrf_token": {ocsrf}, "student_number": {f.mine.Students[2].ID}, "action": {"talked"}}, false)
	if r.StatusCode != 403 && r.StatusCode != 404 {
		t.Errorf("a coordinator of another program recording a follow-up: %d", r.StatusCode)
	}
	if code, _ := e.page(t, oc, sessionPath(f.today)); code != 404 {
		t.Errorf("a coordinator of another program opening a session: %d, want 404", code)
	}
	if code, _ := e.page(t, oc, "/me/sessions"); code != 403 {
		t.Errorf("a coordinator on My groups: %d, want 403", code)
	}
}

// The student's "My mentor program" lists their group's weeks with topics
// (cancelled marked, moved at the new time), plenaries, mentors with
// e-mail, support services and the calendar feed; never another group's.
// Checking in with the code confirms it, and the roster shows it.
func TestStudentSeesWeeksAndChecksIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := plan(t, e)
	c := e.client(t)
	csrf := e.login(t, c, "student@demo.mentorhub.no")
	if _, b := e.page(t, c, "/"); !strings.Contains(b, `href="/me/program"`) {
		t.Errorf("the student's dashboard does not lead to My mentor program")
	}
	e.postForm(t, c, "/lang", url.Values{"csrf_token": {csrf}, "lang": {"nn"}, "return": {"/"}}, false)
	code, b := e.page(t, c, "/me/program")
	if code != 200 {
		t.Fatalf("/me/program: %d", code)
	}
	wantIn(t, "My mentor program", b, "Mentorordninga mi", f.student.Name, "Veke 33</strong> · måndag 10. august 2026 kl. 12.15", "Om undervisninga",
		"Korleis forelesingane fungerer", "Fellesmøte: psykisk helse", "Studentrådgivinga", "/ical/", "Registrer meg")
	for _, m := range f.student.Mentors {
		wantIn(t, "the mentors", b, m.Name(), "mailto:"+m.Email)
	}
	wantNotIn(t, "My mentor program", b, "Ei anna gruppe", f.studentToday.CheckinCode)
	if f.student.ID == f.mine.ID {
		wantIn(t, "My mentor program", b, "Veke 34</strong> · torsdag 20. august", "Avlyst")
	}

	r, b := e.postForm(t, c, "/me/checkin", url.Values{"csrf_token": {csrf}, "code": {"ZZZZZZ"}}, false)
	if r.StatusCode != 422 {
		t.Errorf("a wrong code: %d", r.StatusCode)
	}
	wantIn(t, "a wrong code", b, "error-summary", "Koden stemmer ikkje", `aria-invalid="true"`)
	r, b = e.postForm(t, c, "/me/checkin", url.Values{"csrf_token": {csrf}, "code": {strings.ToLower(f.studentToday.CheckinCode)}}, false)
	if r.StatusCode != 200 {
		t.Fatalf("check in: %d", r.StatusCode)
	}
	wantIn(t, "the confirmation", b, "Du er registrert som til stades.")
	_, b = e.postForm(t, c, "/me/checkin", url.Values{"csrf_token": {csrf}, "code": {f.studentToday.CheckinCode}}, false)
	wantIn(t, "a repeat", b, "Du var alt registrert")
	att, err := e.app.Sessions.Attendance(f.coord, f.studentToday.ID)
	if err != nil {
		t.Fatal(err)
	}
	if att.Counts.Present != 1 {
		t.Errorf("present after the student's check-in: %+v", att.Counts)
	}
	// The student sees their session without the code; another group's not at all.
	code, b = e.page(t, c, sessionPath(f.studentToday))
	if code != 200 {
		t.Errorf("the student's session: %d", code)
	}
	wantNotIn(t, "the student's session page", b, f.studentToday.CheckinCode, `class="roster"`)
	if code, _ := e.page(t, c, sessionPath(f.otherToday)); code != 404 {
		t.Errorf("another group's session as a student: %d, want 404", code)
	}
	if code, _ := e.page(t, c, "/me/sessions"); code != 403 {
		t.Errorf("a student on My groups: %d, want 403", code)
	}
}

// The public check-in takes the code and a student number; after
// codeBurst attempts from one client the next is 429, in the reader's
// language, and changes nothing.
func TestPublicCheckinIsRateLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := plan(t, e)
	c := e.client(t)
	code, b := e.page(t, c, "/checkin?code="+f.studentToday.CheckinCode)
	if code != 200 {
		t.Fatalf("/checkin: %d", code)
	}
	wantIn(t, "the check-in form", b, `value="`+f.studentToday.CheckinCode+`"`, `name="student_number"`)

	r, b := e.postForm(t, c, "/checkin", url.Values{"code": {f.studentToday.CheckinCode}, "student_number": {f.sNumber}}, false)
	if r.StatusCode != 200 {
		t.Fatalf("public check-in: %d %.300s", r.StatusCode, b)
	}
	wantIn(t, "the confirmation", b, "er registrert som til stede")
	const burst = 10
	for i := 1; i < burst; i++ {
		r, b = e.postForm(t, c, "/checkin", url.Values{"code": {fmt.Sprintf("ABCD%c%c", 'A'+i, 'B'+i)}, "student_number": {f.sNumber}}, false)
		if r.StatusCode != 422 {
			t.Fatalf("wrong code %d: %d", i, r.StatusCode)
		}
	}
	wantIn(t, "a wrong code", b, "error-summary", "Koden stemmer ikke")
	before, err := e.app.Sessions.Attendance(f.coord, f.today.ID)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/checkin", strings.NewReader(url.Values{"code": {f.today.CheckinCode}, "student_number": {f.mine.Students[0].ID}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	r, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b = body(t, r)
	if r.StatusCode != 429 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("attempt %d: %d (Retry-After %q), want 429", burst+1, r.StatusCode, r.Header.Get("Retry-After"))
	}
	wantIn(t, "the 429 page", b, "Too many attempts", "error-summary")
	after, _ := e.app.Sessions.Attendance(f.coord, f.today.ID)
	if after.Counts != before.Counts {
		t.Errorf("a refused attempt checked someone in: %+v, was %+v", after.Counts, before.Counts)
	}
	// An empty form is no attempt at a code: refused as invalid, not counted.
	r, _ = e.postForm(t, e.client(t), "/checkin", url.Values{}, false)
	if r.StatusCode != 422 {
		t.Errorf("an empty form: %d, want 422", r.StatusCode)
	}
}

// authInput is a new account coordinating one program.
func authInput(e *env, email string, programID int64) auth.CreateAccountInput {
	return auth.CreateAccountInput{InstitutionID: e.demo.Institution.ID, Email: email, GivenName: "Test", FamilyName: "Coordinator",
		Password: demo.Password, Grants: []app.Grant{{Role: app.RoleCoordinator, InstitutionID: e.demo.Institution.ID, ProgramID: programID}}}
}
