package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/desks"
)

// deskBrowser is a signed-in client on a program's desk page.
type deskBrowser struct {
	c    *http.Client
	csrf string
	page string
}

func (e *env) deskBrowser(t *testing.T, email, program string) deskBrowser {
	t.Helper()
	c := e.client(t)
	return deskBrowser{c, e.login(t, c, email), "/me/programs/" + strconv.FormatInt(e.demo.Programs[program].ID, 10) + "/desk"}
}

func (e *env) deskGet(t *testing.T, b deskBrowser) string {
	t.Helper()
	status, s := e.page(t, b.c, b.page)
	if status != 200 {
		t.Fatalf("GET %s: %d %.300s", b.page, status, s)
	}
	return s
}

func (e *env) deskPost(t *testing.T, b deskBrowser, form url.Values, want int) (*http.Response, string) {
	t.Helper()
	form.Set("csrf_token", b.csrf)
	r, s := e.postForm(t, b.c, b.page, form, false)
	if r.StatusCode != want {
		t.Fatalf("POST %v: %d, want %d: %.500s", form, r.StatusCode, want, s)
	}
	return r, s
}

// saved is what the program year holds, read with every right.
func (e *env) savedTalksAndNotes(t *testing.T, program string) ([]desks.Talk, []desks.Note) {
	t.Helper()
	ctx := app.WithActor(context.Background(), app.SystemActor)
	id := e.demo.Programs[program].ID
	talks, err := e.app.Desks.Talks(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	notes, err := e.app.Desks.Notes(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return talks, notes
}

// A mentor records a talk on the desk page (held at a local time, in
// Europe/Oslo) and sees it listed; a coordinator records one for a named
// mentor and a reflection note with credit; a note with credit that is
// only received is refused with the field's message in bokmål (422) and
// nothing saved; the student sees their own talk and note and no forms,
// and is refused recording a talk.
func TestDeskPageTalksAndNotes(t *testing.T) {
	t.Parallel()
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	mentor := e.deskBrowser(t, "mentor@demo.mentorhub.no", "uib-mn-pilot")
	coord := e.deskBrowser(t, "coordinator@demo.mentorhub.no", "uib-mn-pilot")
	student := e.deskBrowser(t, "student@demo.mentorhub.no", "uib-mn-pilot")

	m := e.deskGet(t, mentor)
	wantIn(t, "the mentor's page", m, `<h2 id="talks-h">Samtaler</h2>`, `name="action" value="talk"`, `<label for="talk-student">`,
		`<label for="talk-held-at">`, `id="talk-held-at" name="held_at" type="datetime-local"`, `<label for="talk-minutes">`,
		`<h3 id="talk-form-h">Registrer en samtale som er holdt</h3>`, "Ingen samtaler er registrert.")
	for _, not := range []string{`id="talk-mentor"`, `name="action" value="note"`, `name="text"`} {
		if strings.Contains(m[strings.Index(m, `id="talks-h"`):], not) {
			t.Errorf("the mentor's talks and notes have %s", not)
		}
	}
	r, _ := e.deskPost(t, mentor, url.Values{"action": {"talk"}, "student": {"100001"}, "held_at": {"2026-08-07T14:15"}, "minutes": {"45"}}, 303)
	if loc := r.Header.Get("Location"); loc != mentor.page+"?done=talk" {
		t.Errorf("after the talk: Location %q", loc)
	}
	status, m := e.page(t, mentor.c, mentor.page+"?done=talk")
	if status != 200 {
		t.Fatalf("the page after the talk: %d", status)
	}
	wantIn(t, "the mentor's page after the talk", m, "Samtalen er registrert.", "<caption>Dine samtaler</caption>",
		"<td>7. august 2026 kl. 14.15</td><td>45</td><td>Magnus Mentor</td><td>Sara Student</td>")

	talks, _ := e.savedTalksAndNotes(t, "uib-mn-pilot")
	if len(talks) != 1 || talks[0].HeldAt.Format("2006-01-02T15:04Z07:00") != "2026-08-07T12:15Z" || talks[0].Minutes != 45 || talks[0].Student.Ref != "100001" {
		t.Fatalf("saved talks: %+v", talks)
	}

	// A talk of another student, recorded by the coordinator for the mentor.
	c := e.deskGet(t, coord)
	wantIn(t, "the coordinator's page", c, `<label for="talk-mentor">Mentor (mentor-ID)</label>`, `name="action" value="note"`,
		`<label for="note-participant">`, `<label for="note-state">`, `<label for="note-date">`, `<label for="note-credit">`,
		`<option value="received">Mottatt</option>`, `<option value="approved">Godkjent</option>`, `<option value="rejected">Ikke godkjent</option>`,
		`<h3 id="note-form-h">Registrer et refleksjonsnotat</h3>`, "Ingen refleksjonsnotater er registrert.")
	e.deskPost(t, coord, url.Values{"action": {"talk"}, "mentor": {"90001"}, "student": {"100002"}, "held_at": {"2026-08-06T10:00"}, "minutes": {"30"}}, 303)
	talks, _ = e.savedTalksAndNotes(t, "uib-mn-pilot")
	if len(talks) != 2 {
		t.Fatalf("saved talks: %+v", talks)
	}
	other := talks[0].Student.Name
	if talks[0].Student.Ref != "100002" {
		other = talks[1].Student.Name
	}
	c = e.deskGet(t, coord)
	wantIn(t, "the coordinator's talks", c, "<caption>Samtaler som er holdt dette året</caption>", other, "Sara Student")

	// A note with credit that is only received: refused, shown next to
	// the field, nothing saved; the form keeps what was typed.
	_, refused := e.deskPost(t, coord, url.Values{"action": {"note"}, "participant": {"100001"}, "state": {"received"},
		"recorded_on": {"2026-08-03"}, "credit": {"yes"}}, 422)
	wantIn(t, "the refused note", refused, `id="desk-errors"`, "Refleksjonsnotatet kan ikke registreres. Se feltene som er merket.",
		`<span class="field-error" id="err-note-credit">Bare et godkjent notat gir studiepoeng.</span>`,
		`<a href="#note-credit">Gir studiepoeng: Bare et godkjent notat gir studiepoeng.</a>`,
		`aria-describedby="note-credit-hint err-note-credit" aria-invalid="true"`,
		`value="100001"`, `<option value="received" selected>`, `value="2026-08-03"`, `value="yes" checked`)
	if strings.Contains(refused, "only an approved note") {
		t.Error("the refused note shows the English message")
	}
	if _, notes := e.savedTalksAndNotes(t, "uib-mn-pilot"); len(notes) != 0 {
		t.Fatalf("a refused note was saved: %+v", notes)
	}

	// Approved with credit: saved and listed.
	r, _ = e.deskPost(t, coord, url.Values{"action": {"note"}, "participant": {"100001"}, "state": {"approved"},
		"recorded_on": {"2026-08-03"}, "credit": {"yes"}}, 303)
	if loc := r.Header.Get("Location"); loc != coord.page+"?done=note" {
		t.Errorf("after the note: Location %q", loc)
	}
	_, c = e.page(t, coord.c, coord.page+"?done=note")
	wantIn(t, "the coordinator's notes", c, "Refleksjonsnotatet er registrert.", "<caption>Refleksjonsnotater dette året</caption>",
		"<td>Sara Student</td><td>Godkjent</td><td>3. august 2026</td><td>Ja</td>")
	if _, notes := e.savedTalksAndNotes(t, "uib-mn-pilot"); len(notes) != 1 || !notes[0].Credit || notes[0].State != "approved" {
		t.Fatalf("saved notes: %+v", notes)
	}

	// The student: their own talk and note, not the other student's, no forms.
	s := e.deskGet(t, student)
	wantIn(t, "the student's page", s, "<caption>Dine samtaler</caption>", "<td>7. august 2026 kl. 14.15</td><td>45</td><td>Magnus Mentor</td><td>Sara Student</td>",
		"<caption>Ditt refleksjonsnotat</caption>", "<td>Sara Student</td><td>Godkjent</td><td>3. august 2026</td><td>Ja</td>")
	if strings.Contains(s, other) {
		t.Errorf("the student sees another student's talk (%s)", other)
	}
	for _, not := range []string{`value="talk"`, `value="note"`, `id="talk-student"`, `id="note-participant"`} {
		if strings.Contains(s, not) {
			t.Errorf("the student's page has %s", not)
		}
	}
	// The student may not record a talk: the service refuses (403).
	e.deskPost(t, student, url.Values{"action": {"talk"}, "student": {"100001"}, "held_at": {"2026-08-07T15:00"}, "minutes": {"20"}}, 403)
	// Nor a note.
	e.deskPost(t, mentor, url.Values{"action": {"note"}, "participant": {"100001"}, "state": {"approved"}, "recorded_on": {"2026-08-04"}}, 403)
	if talks, notes := e.savedTalksAndNotes(t, "uib-mn-pilot"); len(talks) != 2 || len(notes) != 1 || notes[0].RecordedOn.In(oslo).Format("2006-01-02") != "2026-08-03" {
		t.Fatalf("refused changes saved: %d talks, %d notes", len(talks), len(notes))
	}
}

// Refused talks come back on the page with the field's message: a student
// number of no one, a time in the future, a time that is not one, too
// many minutes; nothing is saved and what was typed is kept.
func TestDeskPageTalkRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mentor := e.deskBrowser(t, "mentor@demo.mentorhub.no", "uib-mn-pilot")
	for _, tc := range []struct {
		form  url.Values
		field string
		msg   string
	}{
		{url.Values{"student": {"999999"}, "held_at": {"2026-08-07T14:15"}, "minutes": {"45"}}, "talk-student", "Ingen student i dette programåret har dette studentnummeret."},
		{url.Values{"student": {"100001"}, "held_at": {"2026-09-07T14:15"}, "minutes": {"45"}}, "talk-held-at", "En samtale registreres når den er holdt."},
		{url.Values{"student": {"100001"}, "held_at": {"7.8.2026"}, "minutes": {"45"}}, "talk-held-at", "Skriv dato og klokkeslett."},
		{url.Values{"student": {"100001"}, "held_at": {"2026-08-07T14:15"}, "minutes": {"600"}}, "talk-minutes", "Fra 1 til 480 minutter."},
	} {
		tc.form.Set("action", "talk")
		_, s := e.deskPost(t, mentor, tc.form, 422)
		wantIn(t, "the refused talk", s, `id="desk-errors"`, `<p class="field-error" id="err-`+tc.field+`">`+tc.msg,
			`<a href="#`+tc.field+`">`, `value="`+tc.form.Get("held_at")+`"`)
	}
	if talks, _ := e.savedTalksAndNotes(t, "uib-mn-pilot"); len(talks) != 0 {
		t.Fatalf("refused talks saved: %+v", talks)
	}
}

// A mentor of one program cannot record a talk in another: the law
// program's desk is not found for them (404: a mentor of the pilot may
// not see that program) and nothing is saved in either.
func TestDeskPageTalkInAnotherProgram(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mentor := e.deskBrowser(t, "mentor@demo.mentorhub.no", "uib-jus-agl")
	e.deskPost(t, mentor, url.Values{"action": {"talk"}, "student": {"100001"}, "held_at": {"2026-08-07T14:15"}, "minutes": {"45"}}, 404)
	if status, _ := e.page(t, mentor.c, mentor.page); status != 404 {
		t.Errorf("GET the other program's desk page: %d, want 404", status)
	}
	for _, prog := range []string{"uib-jus-agl", "uib-mn-pilot"} {
		if talks, _ := e.savedTalksAndNotes(t, prog); len(talks) != 0 {
			t.Errorf("%s: a refused talk was saved: %+v", prog, talks)
		}
	}
}
