package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/people"
)

// The Training tab without JavaScript, as the pilot's coordinator: the
// demo's mentors are trained (criterion 2 met); the required modules and
// the gate are saved; a completions file with a bad line is refused with
// the line named in the reader's language; an override needs a reason
// (refused next to its field) and, given one, is kept and can be
// withdrawn.
func TestTrainingPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	page := "/programs/" + strconv.FormatInt(pilot, 10) + "/training"
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	get := func() string { t.Helper(); return e.open(t, c, page) }
	post := func(path string, form url.Values, want int) string {
		t.Helper()
		return e.submit(t, c, csrf, path, form, want)
	}
	s := get()
	for _, want := range []string{`aria-current="page">Opplæring</a>`, `id="criterion-two">Oppfylt<`, `id="mentor-training"`,
		`<label for="gate">`, `name="module"`, `id="completions-file"`} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(s, "Holdes utenfor grupper") || strings.Contains(s, `name="reason"`) {
		t.Error("a trained mentor is offered an exception")
	}
	// Mentor for mentors: a mentor new this year is offered an experienced
	// one, and the pair is made.
	sys := app.WithActor(context.Background(), app.SystemActor)
	acct, err := e.app.Auth.CreateAccount(sys, auth.CreateAccountInput{InstitutionID: e.demo.Institution.ID, Email: "ny@test.example",
		GivenName: "Ny", FamilyName: "Mentor", StudentNumber: "99990002"})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := e.app.People.Participants(sys, e.demo.Programs["uib-mn-pilot"].ID, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	nm := ms[0]
	nm.ID, nm.PersonID, nm.ExternalID = 0, acct.PersonID, "99990002"
	if _, err := e.app.Repos.People.CreateParticipant(sys, nm); err != nil {
		t.Fatal(err)
	}
	s = get()
	pair := regexp.MustCompile(`name="experienced" value="(\d+)"><input type="hidden" name="newcomer" value="(\d+)">`).FindStringSubmatch(s)
	if pair == nil {
		i := strings.Index(s, `id="pairs"`)
		t.Fatalf("no pair is suggested for the pilot's new mentors: %.1500s", s[i:])
	}
	post(page+"/pairs", url.Values{"action": {"pair"}, "experienced": {pair[1]}, "newcomer": {pair[2]}}, 303)
	if s := get(); !strings.Contains(s, `id="pair-list"`) {
		t.Error("the pair made is not listed")
	}
	// A chief mentors' meeting is planned and 90001, made chief, is marked present.
	ms0, _ := e.app.People.Participants(sys, e.demo.Programs["uib-mn-pilot"].ID, people.Mentor)
	var m90001 int64
	for _, m := range ms0 {
		if m.ExternalID == "90001" {
			m90001 = m.ID
		}
	}
	if err := e.app.People.SetChief(sys, e.demo.Programs["uib-mn-pilot"].ID, m90001, true); err != nil {
		t.Fatal(err)
	}
	post(page+"/meetings", url.Values{"action": {"plan"}, "kind": {"chief"}, "title": {""}, "day": {"2026-08-20"}, "starts": {"16:15"}, "ends": {"17:00"}}, 422)
	post(page+"/meetings", url.Values{"action": {"plan"}, "kind": {"chief"}, "title": {"Sjefsmentormøte"}, "day": {"2026-08-20"}, "starts": {"16:15"}, "ends": {"17:00"}}, 303)
	mt := regexp.MustCompile(`id="meeting-(\d+)"><strong>Sjefsmentormøte`).FindStringSubmatch(get())
	if mt == nil {
		t.Fatal("the meeting is not listed")
	}
	post(page+"/meetings", url.Values{"action": {"mark"}, "meeting": {mt[1]}, "mentor": {strconv.FormatInt(m90001, 10)}, "status": {"present"}}, 303)
	if s := get(); !strings.Contains(s, "1 av 1") {
		t.Errorf("the meeting's count after marking: %.300s", s[strings.Index(s, `id="meeting-`+mt[1]):])
	}
	s = get()
	// Require the teamwork module too, with the gate on: nobody has it.
	ids := map[string]string{}
	for _, m := range regexp.MustCompile(`id="module-(\d+)" name="module" value="\d+"(?: checked)?[^>]*>\s*<label for="module-\d+">([^<]+)<`).FindAllStringSubmatch(s, -1) {
		ids[m[2]] = m[1]
	}
	checked := regexp.MustCompile(`id="module-(\d+)" name="module" value="\d+" checked`).FindAllStringSubmatch(s, -1)
	if len(ids) != 7 || len(checked) != 5 {
		t.Fatalf("modules %v, checked %d (the pilot requires its five)", ids, len(checked))
	}
	form := url.Values{"gate": {"on"}, "module": {ids["Samarbeid i mentorpar"]}}
	for _, m := range checked {
		form.Add("module", m[1])
	}
	post(page+"/requirement", form, 303)
	s = get()
	if !strings.Contains(s, `id="criterion-two">Ikke oppfylt<`) || !strings.Contains(s, `id="gate" name="gate" value="on" checked`) ||
		strings.Count(s, "Holdes utenfor grupper") < 2 {
		t.Fatalf("after requiring a module nobody has, with the gate on: %.2000s", s[strings.Index(s, `<div class="cards">`):])
	}
	// A file with a bad line: nothing recorded, the line named in bokmål.
	code, refused := e.upload(t, c, page+"/completions", csrf, "kurs.csv", []byte("person_id,module_id,completed_on\n90001,samarbeid,2026-08-01\n90001,astrologi,2026-08-01\n"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(refused, "linje 3: kolonne module_id") || !strings.Contains(refused, "finner ingen opplæringsmodul") {
		t.Fatalf("a bad file: %d %.1500s", code, refused[max(0, strings.Index(refused, `id="import-result"`)):])
	}
	// An override without a reason is refused next to its field.
	mentor := regexp.MustCompile(`name="mentor" value="(\d+)">`).FindStringSubmatch(s)
	if mentor == nil {
		t.Fatal("no exception form")
	}
	refused = post(page+"/override", url.Values{"mentor": {mentor[1]}, "reason": {"  "}}, 422)
	if !strings.Contains(refused, `id="reason-`+mentor[1]+`-error">Skriv en begrunnelse.`) || !strings.Contains(refused, `aria-invalid="true"`) {
		t.Fatalf("an override without a reason: %.500s", refused)
	}
	post(page+"/override", url.Values{"mentor": {mentor[1]}, "reason": {"Tar samarbeidskurset 20. august."}}, 303)
	s = get()
	if !strings.Contains(s, "Tar samarbeidskurset 20. august.") || !strings.Contains(s, "Kan lede gruppe") {
		t.Fatal("the override is not shown")
	}
	post(page+"/override", url.Values{"mentor": {mentor[1]}, "withdraw": {"1"}}, 303)
	if s = get(); strings.Contains(s, "Tar samarbeidskurset 20. august.") {
		t.Fatal("the withdrawn override is still shown")
	}
	// The good half of the file alone is recorded: one mentor fewer kept out.
	before := strings.Count(get(), "Holdes utenfor grupper")
	code, done := e.upload(t, c, page+"/completions", csrf, "kurs.csv", []byte("person_id,module_id,completed_on\n90001,samarbeid,2026-08-01\n"))
	if code != http.StatusSeeOther {
		t.Fatalf("a good file: %d %.300s", code, done)
	}
	if after := strings.Count(get(), "Holdes utenfor grupper"); after != before-1 {
		t.Errorf("kept out before the import %d, after %d", before, after)
	}
}

// A mentor's own training page: the pilot's five modules on a printable
// certificate with their hours summed (the catalogue's 3 + 3 + 2 + 3 + 2),
// nothing missing, reached from the dashboard.
func TestMyTrainingPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	e.login(t, c, "mentor@demo.mentorhub.no")
	r, err := c.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	if s := body(t, r); !strings.Contains(s, `href="/me/training"`) {
		t.Error("the mentor's dashboard does not link to their training")
	}
	r, err = c.Get(e.srv.URL + "/me/training")
	if err != nil {
		t.Fatal(err)
	}
	s := body(t, r)
	if r.StatusCode != 200 {
		t.Fatalf("GET /me/training: %d", r.StatusCode)
	}
	rows := regexp.MustCompile(`<tr><th scope="row">([^<]+)</th><td>[^<]+</td><td class="num">(\d+)</td>`).FindAllStringSubmatch(s, -1)
	if len(rows) != 5 {
		t.Fatalf("certificate rows: %v", rows)
	}
	if !strings.Contains(s, `<th scope="row">Sum</th><td></td><td class="num">13</td>`) {
		t.Errorf("the certificate's total is not 13 hours")
	}
	if !strings.Contains(s, "Du har fullført alt denne ordningen krever.") || strings.Contains(s, `id="missing-`) {
		t.Errorf("the trained mentor is told something is missing")
	}
	for _, c := range []string{"En tekstmelding klokka 23", "Gruppen inviterer deg ut", "Et forhold i egen gruppe"} {
		if !strings.Contains(s, "<summary>"+c+"</summary>") {
			t.Errorf("the ethics case %q is missing", c)
		}
	}
}

// A training event through the pages: the coordinator adds the teamwork
// module to the pilot's requirement and plans an event of it (a form
// without places is refused); the demo mentor, now missing the module,
// finds it on their training page and signs up; once it has begun the
// coordinator marks them as attended, and the module is no longer missing.
func TestTrainingEventPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	tab := "/programs/" + pilot + "/training"
	coord, mentor := e.client(t), e.client(t)
	ccsrf, mcsrf := e.login(t, coord, "coordinator@demo.mentorhub.no"), e.login(t, mentor, "mentor@demo.mentorhub.no")
	s := e.open(t, coord, tab)
	form := url.Values{"gate": {"on"}}
	for _, m := range regexp.MustCompile(`name="module" value="(\d+)" checked`).FindAllStringSubmatch(s, -1) {
		form.Add("module", m[1])
	}
	teamwork := regexp.MustCompile(`id="module-(\d+)" name="module" value="\d+"[^>]*>\s*<label for="module-\d+">Samarbeid i mentorpar<`).FindStringSubmatch(s)
	form.Add("module", teamwork[1])
	e.submit(t, coord, ccsrf, tab+"/requirement", form, 303)

	day := e.app.Clock.Now().In(time.FixedZone("", 2*3600)).Format("2006-01-02") // Oslo in August
	refused := e.submit(t, coord, ccsrf, tab+"/events", url.Values{"module_id": {"samarbeid"}, "day": {day}, "starts": {"10:15"}, "ends": {"12:00"}, "capacity": {""}}, 422)
	if !strings.Contains(refused, `id="event-problem"`) || !strings.Contains(refused, "Fra 1 til 10 000 plasser.") {
		t.Errorf("a planned event without places: %.500s", refused)
	}
	e.submit(t, coord, ccsrf, tab+"/events", url.Values{"module_id": {"samarbeid"}, "day": {day}, "starts": {"10:15"}, "ends": {"12:00"},
		"place": {"Realfagbygget, rom 2143"}, "capacity": {"20"}}, 303)

	s = e.open(t, mentor, "/me/training")
	ev := regexp.MustCompile(`action="/me/training/events/(\d+)/signup"`).FindStringSubmatch(s)
	if ev == nil || !strings.Contains(s, "Samarbeid i mentorpar") {
		t.Fatalf("the mentor is not offered the event: %.300s", s[strings.Index(s, `id="events"`):])
	}
	if i := strings.Index(s, `id="event-`+ev[1]+`"`); i < 0 || !strings.Contains(s[i:i+300], "Påkrevd") {
		t.Error("the event of a module the mentor's program requires is not marked required")
	}
	e.submit(t, mentor, mcsrf, "/me/training/events/"+ev[1]+"/signup", url.Values{}, 303)
	if s := e.open(t, mentor, "/me/training"); !strings.Contains(s, `id="signed-`+ev[1]+`">Du er påmeldt<`) || strings.Contains(s, `action="/me/training/events/`+ev[1]+`/signup"`) {
		t.Error("after signing up, the mentor is not told so (or is offered to sign up again)")
	}
	// Withdrawn, the place is free again (1 of 20 → 0 of 20), and the
	// mentor signs up once more.
	placesOf := func() string {
		t.Helper()
		s := e.open(t, coord, tab)
		i := strings.Index(s, `id="event-`+ev[1]+`"`)
		return regexp.MustCompile(`(\d+) av 20`).FindString(s[i:])
	}
	if got := placesOf(); got != "1 av 20" {
		t.Errorf("places taken after signing up: %q", got)
	}
	e.submit(t, mentor, mcsrf, "/me/training/events/"+ev[1]+"/withdraw", url.Values{}, 303)
	if s := e.open(t, mentor, "/me/training?withdrawn="+ev[1]); !strings.Contains(s, `id="withdrawn"`) || strings.Contains(s, `id="signed-`+ev[1]+`"`) {
		t.Error("after withdrawing, the mentor is not told so (or still shown as signed up)")
	}
	if got := placesOf(); got != "0 av 20" {
		t.Errorf("places taken after withdrawing: %q", got)
	}
	if len(e.audited(t, "training.withdraw", "ok")) != 1 {
		t.Error("the withdrawal is not in the audit log")
	}
	e.submit(t, mentor, mcsrf, "/me/training/events/"+ev[1]+"/signup", url.Values{}, 303)

	// The event begins at 10:15 in Oslo, 08:15 UTC; the clock is at 08:00 UTC.
	e.app.Clock.(*app.FakeClock).Advance(30 * time.Minute)
	s = e.open(t, coord, tab+"?roster="+ev[1])
	if !strings.Contains(s, `name="person" value="90001"`) {
		t.Fatalf("the roster lacks the mentor")
	}
	e.submit(t, coord, ccsrf, tab+"/events/"+ev[1]+"/mark", url.Values{"person": {"90001"}, "status": {"attended"}}, 303)
	s = e.open(t, mentor, "/me/training")
	if strings.Contains(s, `id="missing-`) || !strings.Contains(s, "Samarbeid i mentorpar") {
		t.Fatal("after attending, the mentor still misses the module (or it is not on the certificate)")
	}
}
