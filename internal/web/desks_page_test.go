package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The desk page without JavaScript: a student submits a text, a mentor
// claims it and returns feedback, the student reads it; a refused form
// comes back with the problem on top (422) and the typed text kept.
func TestDeskPageTextForFeedback(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	page := "/me/programs/" + strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10) + "/desk"
	type browser struct {
		c    *http.Client
		csrf string
	}
	open := func(email string) browser {
		c := e.client(t)
		return browser{c, e.login(t, c, email)}
	}
	get := func(b browser) string {
		t.Helper()
		r, err := b.c.Get(e.srv.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		s := body(t, r)
		if r.StatusCode != 200 {
			t.Fatalf("GET %s: %d %.300s", page, r.StatusCode, s)
		}
		return s
	}
	post := func(b browser, form url.Values, want int) string {
		t.Helper()
		form.Set("csrf_token", b.csrf)
		r, err := b.c.PostForm(e.srv.URL+page, form)
		if err != nil {
			t.Fatal(err)
		}
		s := body(t, r)
		if r.StatusCode != want {
			t.Fatalf("POST %v: %d, want %d: %.500s", form, r.StatusCode, want, s)
		}
		return s
	}
	student, mentor := open("student@demo.mentorhub.no"), open("mentor@demo.mentorhub.no")
	for _, b := range []browser{student, mentor} {
		r, err := b.c.Get(e.srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		if s := body(t, r); !strings.Contains(s, `href="`+page+`"`) {
			t.Errorf("the dashboard does not link to %s", page)
		}
	}

	s := get(student)
	for _, want := range []string{`<label for="text-title">`, `id="text-text"`, `maxlength="20000"`, `<html lang="nb"`} {
		if !strings.Contains(s, want) {
			t.Errorf("the student's page lacks %s", want)
		}
	}
	refused := post(student, url.Values{"action": {"submit"}, "title": {"Rapport"}, "text": {"  "}}, 422)
	if !strings.Contains(refused, `id="desk-errors"`) || !strings.Contains(refused, `value="Rapport"`) {
		t.Errorf("the refused form: %.600s", refused)
	}
	post(student, url.Values{"action": {"submit"}, "kind": {"text"}, "title": {"Rapport om enzymer"}, "text": {"Første linje.\nAndre <linje>."}}, 303)
	if s := get(student); !strings.Contains(s, "Rapport om enzymer") || !strings.Contains(s, html.EscapeString("Andre <linje>.")) {
		t.Errorf("the student's page does not list the text")
	}

	m := get(mentor)
	item := regexp.MustCompile(`name="action" value="claim"><input type="hidden" name="item" value="(\d+)"`).FindStringSubmatch(m)
	if item == nil {
		t.Fatalf("no claim button on the mentor's page")
	}
	post(mentor, url.Values{"action": {"claim"}, "item": {item[1]}}, 303)
	post(student, url.Values{"action": {"claim"}, "item": {item[1]}}, 403)
	post(mentor, url.Values{"action": {"return"}, "item": {item[1]}, "feedback": {"Godt strukturert."}}, 303)
	if s := get(student); !strings.Contains(s, "Godt strukturert.") {
		t.Errorf("the student does not see the feedback")
	}
}

// A coordinator sets up a drop-in desk on the page — its weekly opening,
// two of the program's mentors on duty — and makes its rota: the shifts
// are listed with the mentors on duty, taking turns; a mentor id that is
// not one of the program's is refused with the page shown again.
func TestCoordinatorSetsUpADeskAndItsRota(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	page := e.srv.URL + "/me/programs/" + strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10) + "/desk"
	desk := url.Values{"csrf_token": {csrf}, "action": {"desk"}, "name": {"Matteverkstedet"}, "place": {"Realfagbygget, rom 2140"},
		"weekday": {"3"}, "starts": {"14:15"}, "ends": {"16:00"}, "on_duty": {"2"}, "mentors": {"90001, 99999"}}
	r, err := c.PostForm(page, desk)
	if err != nil {
		t.Fatal(err)
	}
	if b := body(t, r); r.StatusCode != 422 || !strings.Contains(b, "error-summary") {
		t.Fatalf("a desk with a mentor of no one: %d", r.StatusCode)
	}
	desk.Set("mentors", "90001, 90002, 90003")
	r, _ = c.PostForm(page, desk)
	body(t, r)
	if r.StatusCode != 303 {
		t.Fatalf("setting up the desk: %d", r.StatusCode)
	}
	_, b := e.page(t, c, "/me/programs/"+strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)+"/desk")
	m := regexp.MustCompile(`name="desk" value="(\d+)"`).FindStringSubmatch(b)
	if m == nil || !strings.Contains(b, "Matteverkstedet") {
		t.Fatal("the new desk is not on the page")
	}
	r, _ = c.PostForm(page, url.Values{"csrf_token": {csrf}, "action": {"rota"}, "desk": {m[1]}, "from": {"2026-08-17"}, "weeks": {"3"}})
	body(t, r)
	if r.StatusCode != 303 {
		t.Fatalf("the rota: %d", r.StatusCode)
	}
	_, b = e.page(t, c, "/me/programs/"+strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)+"/desk")
	for _, want := range []string{"19. august 2026", "26. august 2026", "2. september 2026", "Magnus Mentor"} {
		if !strings.Contains(b, want) {
			t.Errorf("the rota on the page lacks %q", want)
		}
	}
}
