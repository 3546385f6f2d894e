package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/mentorhub/mentorhub/internal/calendar"
)

var updated = time.Date(2026, 8, 20, 9, 30, 0, 0, time.UTC)

// write writes f and parses it back with golang-ical.
func write(t *testing.T, f calendar.Feed) (string, *ics.Calendar) {
	t.Helper()
	var b bytes.Buffer
	if err := calendar.Write(&b, f); err != nil {
		t.Fatalf("Write: %v", err)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(b.String()))
	if err != nil {
		t.Fatalf("ParseCalendar: %v\n%s", err, b.String())
	}
	return b.String(), cal
}

func prop(t *testing.T, e *ics.VEvent, p ics.ComponentProperty) *ics.IANAProperty {
	t.Helper()
	v := e.GetProperty(p)
	if v == nil {
		t.Fatalf("event %s has no %s", e.Id(), p)
	}
	return v
}

func calProp(cal *ics.Calendar, name ics.Property) (string, bool) {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(name) {
			return p.Value, true
		}
	}
	return "", false
}

func TestSessionsReadBackInOsloTimeInSummerAndWinter(t *testing.T) {
	// 12:15 in Oslo is 10:15 UTC in September (CEST) and 11:15 UTC in January (CET).
	autumn := time.Date(2026, 9, 2, 10, 15, 0, 0, time.UTC)
	spring := time.Date(2027, 1, 13, 11, 15, 0, 0, time.UTC)
	f := calendar.Feed{Name: "Mentor meetings", Events: []calendar.Event{
		{UID: "session-43@mentorhub", Sequence: 2, Title: "About learning", Start: spring, End: spring.Add(90 * time.Minute), Updated: updated, Cancelled: true},
		{UID: "session-42@mentorhub", Sequence: 0, Title: "About teaching", Topic: "Information about teaching", Group: "Group 3", Location: "Realfagbygget, room 2143", Start: autumn, End: autumn.Add(90 * time.Minute), Updated: updated, URL: "https://mentorhub.example/sessions/42"},
	}}
	out, cal := write(t, f)

	for name, want := range map[ics.Property]string{
		ics.PropertyProductId: "-//mentorhub//mentorhub//EN", ics.PropertyVersion: "2.0",
		ics.PropertyMethod: "PUBLISH", ics.PropertyCalscale: "GREGORIAN",
		ics.PropertyXWRTimezone: "Europe/Oslo", ics.PropertyXWRCalName: "Mentor meetings", ics.PropertyName: "Mentor meetings",
	} {
		if got, ok := calProp(cal, name); !ok || got != want {
			t.Errorf("%s = %q (present %v), want %q", name, got, ok, want)
		}
	}

	tzs := cal.Timezones()
	if len(tzs) != 1 || tzs[0].GetProperty(ics.ComponentPropertyTzid) == nil || tzs[0].GetProperty(ics.ComponentPropertyTzid).Value != "Europe/Oslo" {
		t.Fatalf("want one VTIMEZONE Europe/Oslo, got %d:\n%s", len(tzs), out)
	}
	var std, dst bool
	for _, c := range tzs[0].SubComponents() {
		switch c := c.(type) {
		case *ics.Standard:
			std = c.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto)).Value == "+0100" &&
				c.GetProperty(ics.ComponentPropertyRrule).Value == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
		case *ics.Daylight:
			dst = c.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto)).Value == "+0200" &&
				c.GetProperty(ics.ComponentPropertyRrule).Value == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
		}
	}
	if !std || !dst {
		t.Errorf("VTIMEZONE lacks CET standard (%v) or CEST daylight (%v) time:\n%s", std, dst, out)
	}

	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("got %d events, want 2", len(evs))
	}
	// Ordered by start: September before January, whatever the input order.
	for i, want := range []struct {
		uid, seq, status, start, end string
		instant                      time.Time
	}{
		{"session-42@mentorhub", "0", "CONFIRMED", "20260902T121500", "20260902T134500", autumn},
		{"session-43@mentorhub", "2", "CANCELLED", "20270113T121500", "20270113T134500", spring},
	} {
		e := evs[i]
		if got := prop(t, e, ics.ComponentPropertyUniqueId).Value; got != want.uid {
			t.Errorf("event %d UID = %q, want %q", i, got, want.uid)
		}
		if got := prop(t, e, ics.ComponentPropertySequence).Value; got != want.seq {
			t.Errorf("%s SEQUENCE = %q, want %q", want.uid, got, want.seq)
		}
		if got := prop(t, e, ics.ComponentPropertyStatus).Value; got != want.status {
			t.Errorf("%s STATUS = %q, want %q", want.uid, got, want.status)
		}
		for p, local := range map[ics.ComponentProperty]string{ics.ComponentPropertyDtStart: want.start, ics.ComponentPropertyDtEnd: want.end} {
			v := prop(t, e, p)
			if got := v.ICalParameters["TZID"]; len(got) != 1 || got[0] != "Europe/Oslo" {
				t.Errorf("%s %s TZID = %v, want Europe/Oslo", want.uid, p, got)
			}
			if v.Value != local {
				t.Errorf("%s %s = %q, want local time %q", want.uid, p, v.Value, local)
			}
		}
		if got, err := e.GetStartAt(); err != nil || !got.Equal(want.instant) {
			t.Errorf("%s start reads back as %v (%v), want %v", want.uid, got, err, want.instant)
		}
		if got := prop(t, e, ics.ComponentPropertyDtstamp).Value; got != "20260820T093000Z" {
			t.Errorf("%s DTSTAMP = %q", want.uid, got)
		}
		if got := prop(t, e, ics.ComponentPropertyLastModified).Value; got != "20260820T093000Z" {
			t.Errorf("%s LAST-MODIFIED = %q", want.uid, got)
		}
	}
	e := evs[0]
	if got := prop(t, e, ics.ComponentPropertyDescription).Value; got != "Information about teaching\nGroup 3" {
		t.Errorf("DESCRIPTION = %q, want the topic and the group", got)
	}
	if got := prop(t, e, ics.ComponentPropertyLocation).Value; got != "Realfagbygget, room 2143" {
		t.Errorf("LOCATION = %q", got)
	}
	if got := prop(t, e, ics.ComponentPropertyUrl).Value; got != "https://mentorhub.example/sessions/42" {
		t.Errorf("URL = %q", got)
	}
	// A plenary session without place or link has none of them.
	for _, p := range []ics.ComponentProperty{ics.ComponentPropertyLocation, ics.ComponentPropertyUrl, ics.ComponentPropertyDescription} {
		if evs[1].GetProperty(p) != nil {
			t.Errorf("event without %s has one", p)
		}
	}
}

func TestMovedEventReadsBackWithItsNewSequence(t *testing.T) {
	start := time.Date(2026, 10, 7, 10, 15, 0, 0, time.UTC)
	ev := calendar.Event{UID: "session-7@mentorhub", Sequence: 0, Title: "Study habits", Start: start, End: start.Add(time.Hour), Updated: updated}
	_, before := write(t, calendar.Feed{Events: []calendar.Event{ev}})

	ev.Sequence++
	ev.Start, ev.End = ev.Start.Add(48*time.Hour), ev.End.Add(48*time.Hour)
	ev.Updated = updated.Add(24 * time.Hour)
	_, after := write(t, calendar.Feed{Events: []calendar.Event{ev}})

	if _, ok := calProp(after, ics.PropertyXWRCalName); ok {
		t.Error("a feed without a name has X-WR-CALNAME")
	}
	b, a := before.Events()[0], after.Events()[0]
	if b.Id() != a.Id() || a.Id() != "session-7@mentorhub" {
		t.Errorf("UID changed on a move: %q → %q", b.Id(), a.Id())
	}
	if got := prop(t, a, ics.ComponentPropertySequence).Value; got != "1" {
		t.Errorf("moved event SEQUENCE = %q, want 1", got)
	}
	if got := prop(t, a, ics.ComponentPropertyDtStart).Value; got != "20261009T121500" {
		t.Errorf("moved event DTSTART = %q, want 20261009T121500", got)
	}
	if got := prop(t, a, ics.ComponentPropertyDtstamp).Value; got != "20260821T093000Z" {
		t.Errorf("moved event DTSTAMP = %q", got)
	}
}

func TestHostileTextRoundTripsExactly(t *testing.T) {
	long := string([]rune(strings.Repeat("Eksamensmeistring; stress, rutinar\\arbeidsplan æøå ÆØÅ ", 40))[:2000])
	texts := map[string]string{
		"newline":   "line one\nline two\n\nline four",
		"specials":  `a,b;c\d\\e\,f\;g\nh:i"j'k`,
		"long":      long,
		"no spaces": strings.Repeat("ø", 1000),
		"boundary":  strings.Repeat("a", 60) + "\\" + strings.Repeat(",", 20) + "é€𝄞",
		"norwegian": "Møte på Realfagbygget – «På veg»: karriere, før eksamen",
	}
	start := time.Date(2026, 9, 2, 10, 15, 0, 0, time.UTC)
	for name, s := range texts {
		t.Run(name, func(t *testing.T) {
			f := calendar.Feed{Name: s, Events: []calendar.Event{{
				UID: "session-1@mentorhub", Title: s, Topic: s, Group: s, Location: s,
				Start: start, End: start.Add(time.Hour), Updated: updated,
			}}}
			out, cal := write(t, f)
			checkLines(t, out)
			e := cal.Events()[0]
			if got := prop(t, e, ics.ComponentPropertySummary).Value; got != s {
				t.Errorf("SUMMARY = %q, want %q", got, s)
			}
			if got := prop(t, e, ics.ComponentPropertyLocation).Value; got != s {
				t.Errorf("LOCATION = %q, want %q", got, s)
			}
			if got := prop(t, e, ics.ComponentPropertyDescription).Value; got != s+"\n"+s {
				t.Errorf("DESCRIPTION = %q, want %q", got, s+"\n"+s)
			}
			if got, _ := calProp(cal, ics.PropertyXWRCalName); got != s {
				t.Errorf("X-WR-CALNAME = %q, want %q", got, s)
			}
		})
	}
}

func TestCarriageReturnsAndControlsCannotBreakLines(t *testing.T) {
	start := time.Date(2026, 9, 2, 10, 15, 0, 0, time.UTC)
	f := calendar.Feed{Name: "x", Events: []calendar.Event{{
		UID: "session-1@mentorhub", Title: "one\r\ntwo\rthree\x00\x1b\ttab",
		URL:   "https://mentorhub.example/s/1\r\nX-INJECTED:yes",
		Start: start, End: start.Add(time.Hour), Updated: updated,
	}}}
	out, cal := write(t, f)
	checkLines(t, out)
	if strings.Contains(out, "\r\nX-INJECTED") {
		t.Errorf("a URL with CRLF added a property:\n%s", out)
	}
	e := cal.Events()[0]
	if got := prop(t, e, ics.ComponentPropertySummary).Value; got != "one\ntwo\nthree\ttab" {
		t.Errorf("SUMMARY = %q, want CR and CRLF as newlines and no control characters", got)
	}
}

// checkLines asserts RFC 5545 3.1: CRLF line ends, at most 75 octets a
// line, folds that do not split a character.
func checkLines(t *testing.T, out string) {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Errorf("output does not end in CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
	}
}

func TestEventsAreOrderedByStartThenUID(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2026, 9, d, 10, 15, 0, 0, time.UTC) }
	ev := func(uid string, d int) calendar.Event {
		return calendar.Event{UID: uid, Title: uid, Start: at(d), End: at(d).Add(time.Hour), Updated: updated}
	}
	_, cal := write(t, calendar.Feed{Events: []calendar.Event{ev("c", 9), ev("b", 2), ev("a", 9), ev("d", 2)}})
	var got []string
	for _, e := range cal.Events() {
		got = append(got, e.Id())
	}
	if strings.Join(got, " ") != "b d a c" {
		t.Errorf("order = %v, want [b d a c]", got)
	}
}

func TestBadEventsAreRefused(t *testing.T) {
	start := time.Date(2026, 9, 2, 10, 15, 0, 0, time.UTC)
	good := calendar.Event{UID: "session-1@mentorhub", Start: start, End: start.Add(time.Hour), Updated: updated}
	for name, change := range map[string]func(*calendar.Event){
		"no UID":       func(e *calendar.Event) { e.UID = " " },
		"negative seq": func(e *calendar.Event) { e.Sequence = -1 },
		"no updated":   func(e *calendar.Event) { e.Updated = time.Time{} },
		"no start":     func(e *calendar.Event) { e.Start = time.Time{} },
		"ends before":  func(e *calendar.Event) { e.End = start.Add(-time.Minute) },
	} {
		e := good
		change(&e)
		var b bytes.Buffer
		if err := calendar.Write(&b, calendar.Feed{Events: []calendar.Event{good, e}}); err == nil {
			t.Errorf("%s: no error", name)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, b.Len())
		}
	}
	if err := calendar.Write(&bytes.Buffer{}, calendar.Feed{Events: []calendar.Event{good}}); err != nil {
		t.Errorf("good event: %v", err)
	}
}
