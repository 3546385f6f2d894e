package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/mentorhub/mentorhub/internal/testutil"
)

// fetchFeed reads a calendar feed URL without credentials and parses it
// with a library.
func (e *env) fetchFeed(t *testing.T, url string) (int, *ics.Calendar) {
	t.Helper()
	path := url[strings.Index(url, "/ical/"):]
	r, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	b := body(t, r)
	if r.StatusCode != 200 {
		return r.StatusCode, nil
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("feed content type %q", ct)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(b))
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%.500s", err, b)
	}
	return 200, cal
}

func eventByUID(cal *ics.Calendar, uid string) *ics.VEvent {
	for _, ev := range cal.Events() {
		if ev.Id() == uid {
			return ev
		}
	}
	return nil
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if x := ev.GetProperty(p); x != nil {
		return x.Value
	}
	return ""
}

// A person's calendar feed has every session they are expected at; a
// moved session comes with a higher SEQUENCE, a cancelled one as
// cancelled; revoking the URL ends the old one; nobody else gets it.
func TestCalendarFeedShowsMovedAndCancelledSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	student := e.token(t, "student@demo.mentorhub.no")
	mentor := e.token(t, "mentor@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	code, b := e.api(t, coord, "/api/v1/programs/"+pilot+"/groups")
	var group int64
	for _, g := range decode[[]apiGroup](t, code, b, 200) {
		if slices.Contains(g.Students, "100001") {
			group = g.ID
		}
	}
	start := testutil.Epoch.Add(10 * 24 * time.Hour)
	mk := func(title string, group int64) apiSession {
		g := ""
		if group != 0 {
			g = fmt.Sprintf(`, "group_id": %d`, group)
		}
		code, b := e.send(t, coord, "POST", "/api/v1/programs/"+pilot+"/sessions", fmt.Sprintf(
			`{"title": %q, "topic": "Om læring, studievaner; og \"alt\" annet\\nny linje", "starts_at": %q, "ends_at": %q, "location": "Aud. 2, Realfagbygget"%s}`,
			title, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339), g))
		return decode[apiSession](t, code, b, 201)
	}
	moved, cancelled, plenary := mk("Om undervisninga", group), mk("Studievaner", group), mk("Oppstart for alle", 0)

	code, b = e.api(t, student, "/api/v1/people/100001/calendar")
	url := decode[map[string]string](t, code, b, 200)["url"]
	if !strings.Contains(url, "/ical/") || !strings.HasSuffix(url, ".ics") {
		t.Fatalf("feed URL %q", url)
	}
	if code, b := e.api(t, coord, "/api/v1/people/100001/calendar"); code != 200 || !strings.Contains(b, url) {
		t.Errorf("the coordinator asking for the student's feed: %d %s", code, b)
	}
	if code, _ := e.api(t, mentor, "/api/v1/people/100001/calendar"); code != 404 {
		t.Errorf("a mentor asking for a student's feed: %d", code)
	}
	_, cal := e.fetchFeed(t, url)
	uid := func(s apiSession) string { return "session-" + strconv.FormatInt(s.ID, 10) + "@mentorhub" }
	for _, s := range []apiSession{moved, cancelled, plenary} {
		ev := eventByUID(cal, uid(s))
		if ev == nil {
			t.Fatalf("session %d is not in the feed", s.ID)
		}
		if prop(ev, ics.ComponentPropertySequence) != "0" || prop(ev, ics.ComponentPropertyStatus) != "CONFIRMED" {
			t.Errorf("a new session: SEQUENCE %q STATUS %q", prop(ev, ics.ComponentPropertySequence), prop(ev, ics.ComponentPropertyStatus))
		}
	}
	ev := eventByUID(cal, uid(moved))
	if got, err := ev.GetStartAt(); err != nil || !got.Equal(start) {
		t.Errorf("start %v (%v), want %v", got, err, start)
	}
	if p := ev.GetProperty(ics.ComponentPropertyDtStart); p == nil || p.ICalParameters["TZID"] == nil || p.ICalParameters["TZID"][0] != "Europe/Oslo" {
		t.Errorf("DTSTART without TZID=Europe/Oslo: %+v", p)
	}

	later := start.Add(48 * time.Hour)
	if code, b := e.send(t, coord, "PATCH", "/api/v1/sessions/"+strconv.FormatInt(moved.ID, 10), fmt.Sprintf(`{"starts_at": %q}`, later.Format(time.RFC3339))); code != 200 {
		t.Fatalf("moving: %d %s", code, b)
	}
	if code, b := e.send(t, coord, "POST", "/api/v1/sessions/"+strconv.FormatInt(cancelled.ID, 10)+"/cancel", ""); code != 200 {
		t.Fatalf("cancelling: %d %s", code, b)
	}
	_, cal = e.fetchFeed(t, url)
	ev = eventByUID(cal, uid(moved))
	if n, _ := strconv.Atoi(prop(ev, ics.ComponentPropertySequence)); n < 1 {
		t.Errorf("the moved session's SEQUENCE %q, want higher than 0", prop(ev, ics.ComponentPropertySequence))
	}
	if got, _ := ev.GetStartAt(); !got.Equal(later) {
		t.Errorf("the moved session starts %v, want %v", got, later)
	}
	if end, _ := ev.GetEndAt(); !end.Equal(later.Add(time.Hour)) {
		t.Errorf("the moved session ends %v: a move keeps the length", end)
	}
	ev = eventByUID(cal, uid(cancelled))
	if ev == nil || prop(ev, ics.ComponentPropertyStatus) != "CANCELLED" {
		t.Errorf("the cancelled session: %v", ev)
	} else if n, _ := strconv.Atoi(prop(ev, ics.ComponentPropertySequence)); n < 1 {
		t.Errorf("the cancelled session's SEQUENCE %q", prop(ev, ics.ComponentPropertySequence))
	}

	// Revoking: the old URL is gone, the new one works.
	code, b = e.send(t, student, "POST", "/api/v1/people/100001/calendar", "")
	fresh := decode[map[string]string](t, code, b, 200)["url"]
	if fresh == url {
		t.Fatal("revoking answered the same URL")
	}
	if code, _ := e.fetchFeed(t, url); code != 404 {
		t.Errorf("the revoked URL: %d", code)
	}
	if code, _ := e.fetchFeed(t, fresh); code != 200 {
		t.Errorf("the new URL: %d", code)
	}
}
