package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/testutil"
	"github.com/mentorhub/mentorhub/internal/training"
)

// A mentor checks in at a training event with the code the trainer shows,
// as students check in at sessions: a wrong code is refused and records
// nothing; the right one, typed in lower case with a dash, marks them
// attended without a sign-up and puts the module on their record; the
// code is shown to the coordinator, never to mentors; after the event
// check-in is closed.
func TestTrainingEventCheckInWithCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tab := "/programs/" + strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10) + "/training"
	coord, mentor := e.client(t), e.client(t)
	ccsrf, mcsrf := e.login(t, coord, "coordinator@demo.mentorhub.no"), e.login(t, mentor, "mentor@demo.mentorhub.no")
	const module = "Samarbeid i mentorpar"
	if s := e.open(t, mentor, "/me/training"); strings.Contains(s, module) {
		t.Fatal("the mentor has the module before the event")
	}
	// The clock is at 10:00 in Oslo; the event runs 10:15–12:00.
	day := e.app.Clock.Now().In(time.FixedZone("", 2*3600)).Format("2006-01-02")
	e.submit(t, coord, ccsrf, tab+"/events", url.Values{"module_id": {"samarbeid"}, "day": {day}, "starts": {"10:15"}, "ends": {"12:00"},
		"place": {"Realfagbygget, rom 2143"}, "capacity": {"20"}}, 303)
	s := e.open(t, coord, tab)
	ev := regexp.MustCompile(`href="\?roster=(\d+)#event-`).FindStringSubmatch(s)
	if ev == nil {
		t.Fatal("the event is not listed")
	}
	s = e.open(t, coord, tab+"?roster="+ev[1])
	m := regexp.MustCompile(`id="event-code">([A-Z0-9]{6})<`).FindStringSubmatch(s)
	if m == nil {
		t.Fatal("the roster shows no check-in code")
	}
	code := m[1]
	if !strings.Contains(s, `id="event-qr"><figure`) && !strings.Contains(s, `id="event-qr"><svg`) {
		t.Errorf("the roster shows no QR code: %.300s", s[strings.Index(s, `id="event-code"`):])
	}
	if !strings.Contains(s, "/me/training?code="+code+"#checkin") {
		t.Error("the roster does not link the check-in form with the code")
	}
	if s := e.open(t, mentor, "/me/training?code="+code); !strings.Contains(s, `name="code" value="`+code+`"`) {
		t.Error("the check-in form from the QR code is not filled in")
	}
	if s := e.open(t, mentor, "/me/training"); strings.Contains(s, code) {
		t.Error("the mentor's page shows the check-in code")
	} else if i := strings.Index(s, `id="event-`+ev[1]+`"`); i < 0 || strings.Contains(s[i:i+300], "Påkrevd") {
		t.Error("the mentor is not offered the event of a module they have not taken (or it is marked required, which it is not)")
	}
	if code, b := e.api(t, e.token(t, "mentor@demo.mentorhub.no"), "/api/v1/training/events"); code != 200 || strings.Contains(b, m[1]) {
		t.Errorf("the events API gives a mentor the check-in code: %d", code)
	}

	if empty := e.submit(t, mentor, mcsrf, "/me/training/checkin", url.Values{"code": {"  "}}, 422); !strings.Contains(empty, "Skriv inn koden kursholderen viser") {
		t.Errorf("an empty code: %.400s", empty[strings.Index(empty, `id="checkin"`):])
	}
	wrong := "ZZZZZZ"
	if code == wrong {
		wrong = "YYYYYY"
	}
	refused := e.submit(t, mentor, mcsrf, "/me/training/checkin", url.Values{"code": {wrong}}, 404)
	if !strings.Contains(refused, `id="checkin-errors"`) || !strings.Contains(refused, "Ingen opplæring har denne koden") ||
		!strings.Contains(refused, `value="`+wrong+`"`) || !strings.Contains(refused, `aria-invalid="true"`) {
		t.Errorf("a wrong code: %.600s", refused[strings.Index(refused, `id="checkin"`):])
	}
	if s := e.open(t, coord, tab+"?roster="+ev[1]); strings.Contains(s, `name="person" value="90001"`) {
		t.Error("a wrong code put the mentor on the roster")
	}

	typed := strings.ToLower(code[:3] + "-" + code[3:])
	r, err := mentor.PostForm(e.srv.URL+"/me/training/checkin", url.Values{"code": {typed}, "csrf_token": {mcsrf}})
	if err != nil {
		t.Fatal(err)
	}
	body(t, r)
	if r.StatusCode != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/me/training?checked="+ev[1]) {
		t.Fatalf("checking in: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	s = e.open(t, mentor, r.Header.Get("Location"))
	if !strings.Contains(s, `id="checked-in"`) || !strings.Contains(s, "Du er sjekket inn på "+module) {
		t.Errorf("after checking in: %.400s", s[strings.Index(s, `id="checkin"`):])
	}
	if strings.Contains(s, `id="event-`+ev[1]+`"`) {
		t.Error("after attending, the mentor is still offered the event")
	}
	roster := e.open(t, coord, tab+"?roster="+ev[1])
	if i := strings.Index(roster, `value="90001"`); i < 0 || !strings.Contains(roster, "– møtt") {
		t.Error("the roster does not have the mentor as attended")
	}
	if len(e.audited(t, "training.checkin", "ok")) != 1 {
		t.Error("the check-in is not in the audit log")
	}

	// After the event, check-in is closed.
	e.app.Clock.(*app.FakeClock).Advance(2*time.Hour + 5*time.Minute)
	mentor = e.client(t) // the first session has expired meanwhile
	mcsrf = e.login(t, mentor, "mentor@demo.mentorhub.no")
	closed := e.submit(t, mentor, mcsrf, "/me/training/checkin", url.Values{"code": {code}}, 409)
	if !strings.Contains(closed, "Innsjekkingen er åpen fra en halvtime før start") {
		t.Errorf("checking in after the event: %.400s", closed[strings.Index(closed, `id="checkin"`):])
	}
}

// Cancelling a training event tells those signed up by e-mail (a River
// job each, a real SMTP server), with the module, the time and the place;
// nobody else is written to.
func TestCancellingAnEventMailsThoseSignedUp(t *testing.T) {
	t.Parallel()
	e, smtp := newMailEnv(t)
	tab := "/programs/" + strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10) + "/training"
	coord, mentor := e.client(t), e.client(t)
	ccsrf, mcsrf := e.login(t, coord, "coordinator@demo.mentorhub.no"), e.login(t, mentor, "mentor@demo.mentorhub.no")
	start := testutil.Epoch.Add(10 * 24 * time.Hour)
	_, ca, err := e.app.Auth.Login(context.Background(), "coordinator@demo.mentorhub.no", demo.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := e.app.Training.CreateEvent(app.WithActor(context.Background(), ca), training.EventDraft{Module: "samarbeid",
		StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Realfagbygget <rom 2143>", Capacity: 10})
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(ev.ID, 10)
	if code, _ := e.post(t, mentor, "/me/training/events/"+id+"/signup", url.Values{"csrf_token": {mcsrf}}); code != 303 {
		t.Fatalf("signing up: %d", code)
	}
	e.submit(t, coord, ccsrf, tab+"/events/"+id+"/cancel", url.Values{}, 303)
	ms := smtp.Wait(t, 1)
	if len(ms) != 1 {
		t.Fatalf("%d messages, want 1 (the one signed up)", len(ms))
	}
	m := ms[0]
	_, me, err := e.app.Auth.Login(context.Background(), "mentor@demo.mentorhub.no", demo.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	email, _, _, err := e.app.Repos.Training.FindContact(context.Background(), me.PersonID)
	if err != nil || email == "" {
		t.Fatalf("the mentor's address %q: %v", email, err)
	}
	if m.To[0].Address != email || !strings.Contains(m.Subject, "Avlyst: Samarbeid i mentorpar") ||
		!strings.Contains(m.Text, "Realfagbygget <rom 2143>") || !strings.Contains(m.Text, "er avlyst") {
		t.Errorf("the message to %v: %s\n%s", m.To, m.Subject, m.Text)
	}
}

// The cancellation reaches each person in their language: a mentor whose
// participation the student system gave as English is written to in
// English.
func TestTheCancellationIsInTheirLanguage(t *testing.T) {
	t.Parallel()
	e, smtp := newMailEnv(t)
	tab := "/programs/" + strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10) + "/training"
	coord, mentor := e.client(t), e.client(t)
	ccsrf, mcsrf := e.login(t, coord, "coordinator@demo.mentorhub.no"), e.login(t, mentor, "mentor@demo.mentorhub.no")
	_, me, err := e.app.Auth.Login(context.Background(), "mentor@demo.mentorhub.no", demo.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.DB.SQL().Exec(`UPDATE participants SET language = 'en' WHERE person_id = ` + strconv.FormatInt(me.PersonID, 10)); err != nil {
		t.Fatal(err)
	}
	_, ca, err := e.app.Auth.Login(context.Background(), "coordinator@demo.mentorhub.no", demo.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	start := testutil.Epoch.Add(11 * 24 * time.Hour)
	ev, err := e.app.Training.CreateEvent(app.WithActor(context.Background(), ca), training.EventDraft{Module: "samarbeid",
		StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Realfagbygget", Capacity: 10})
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(ev.ID, 10)
	if code, _ := e.post(t, mentor, "/me/training/events/"+id+"/signup", url.Values{"csrf_token": {mcsrf}}); code != 303 {
		t.Fatalf("signing up: %d", code)
	}
	e.submit(t, coord, ccsrf, tab+"/events/"+id+"/cancel", url.Values{}, 303)
	ms := smtp.Wait(t, 1)
	if len(ms) != 1 || !strings.HasPrefix(ms[0].Subject, "Cancelled: ") || !strings.Contains(ms[0].Text, "is cancelled") {
		t.Errorf("the message to an English-speaking mentor: %+v", ms)
	}
}
