// Package calendar writes a person's private iCalendar feed (RFC 5545): the
// sessions they are expected at, with a stable UID, a SEQUENCE that grows
// with every change, and STATUS:CANCELLED instead of a deleted event. Times
// are written in Europe/Oslo local time with a VTIMEZONE, so calendar
// programs show the same wall-clock time in winter and in summer.
//
// A wall-clock time in the hour that repeats when summer time ends (02:00–
// 03:00 on the last Sunday of October) is ambiguous in this form; calendar
// programs read it as the first of the two. Sessions are not held at night.
//
// A feed holds only what its events hold: title, topic, group, place, time
// and an optional link. It has no names of other people and no notes.
package calendar

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Oslo on machines without a zoneinfo database
	"unicode"

	ics "github.com/arran4/golang-ical"
)

// ProdID is the PRODID of every feed.
const ProdID = "-//mentorhub//mentorhub//EN"

// TZID is the time zone every event time is written in.
const TZID = "Europe/Oslo"

// oslo is TZID as a location; time/tzdata is linked in, so it always loads.
var oslo = mustLoad(TZID)

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("calendar: time zone %s: %v", name, err))
	}
	return l
}

// localFormat is a DATE-TIME in local time (FORM #3 of RFC 5545 3.3.5).
const localFormat = "20060102T150405"

// Event is one session in a feed.
type Event struct {
	// UID identifies the event across changes, e.g. "session-42@mentorhub".
	UID string
	// Sequence is bumped on every change (move, edit, cancel).
	Sequence int
	// Title is the SUMMARY.
	Title string
	// Topic goes in DESCRIPTION, followed by the group.
	Topic string
	// Group is the group's name, "" for a plenary session.
	Group string
	// Location is where the session is; "" leaves LOCATION out.
	Location string
	// Start and End are the session's instants, written in Europe/Oslo time.
	Start, End time.Time
	// Cancelled writes STATUS:CANCELLED (an event is never deleted);
	// otherwise STATUS:CONFIRMED.
	Cancelled bool
	// Updated is the last change, written as DTSTAMP and LAST-MODIFIED (UTC).
	Updated time.Time
	// URL is an optional link to the session's page.
	URL string
}

// Feed is one person's calendar.
type Feed struct {
	// Name is the calendar's name (NAME and X-WR-CALNAME); "" leaves both out.
	Name string
	// Events are the sessions; Write orders them by Start, then UID.
	Events []Event
}

// Write writes f as an iCalendar stream with CRLF line ends and lines
// folded at 75 octets. Text is escaped as RFC 5545 TEXT; a CR or CRLF in
// text is written as a newline and other control characters (except tab)
// are left out, since TEXT cannot hold them. It fails, writing nothing, on
// an event without a UID or Updated time, with a negative Sequence, or
// with End before Start.
func Write(w io.Writer, f Feed) error {
	events := slices.Clone(f.Events)
	for _, e := range events {
		if err := check(e); err != nil {
			return err
		}
	}
	slices.SortStableFunc(events, func(a, b Event) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.UID, b.UID)
	})

	cal := ics.NewCalendar()
	cal.SetProductId(ProdID)
	cal.SetVersion("2.0")
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	if name := text(f.Name); name != "" {
		cal.SetName(name) // NAME and X-WR-CALNAME
	}
	cal.SetXWRTimezone(TZID)
	cal.AddVTimezone(osloTimezone())
	for _, e := range events {
		cal.AddVEvent(vevent(e))
	}
	// The library ends lines the way the operating system does; RFC 5545
	// wants CRLF everywhere.
	var b strings.Builder
	if err := cal.SerializeTo(&b, ics.WithNewLineWindows, ics.WithLineLength(75)); err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func check(e Event) error {
	switch {
	case strings.TrimSpace(e.UID) == "":
		return fmt.Errorf("calendar: event %q has no UID", e.Title)
	case e.Sequence < 0:
		return fmt.Errorf("calendar: event %s has a negative sequence %d", e.UID, e.Sequence)
	case e.Updated.IsZero():
		return fmt.Errorf("calendar: event %s has no Updated time", e.UID)
	case e.Start.IsZero() || e.End.Before(e.Start):
		return fmt.Errorf("calendar: event %s has no start or ends before it starts", e.UID)
	}
	return nil
}

func vevent(e Event) *ics.VEvent {
	v := ics.NewEvent(text(e.UID))
	v.SetDtStampTime(e.Updated)
	v.SetModifiedAt(e.Updated)
	v.SetSequence(e.Sequence)
	v.SetProperty(ics.ComponentPropertyDtStart, e.Start.In(oslo).Format(localFormat), ics.WithTZID(TZID))
	v.SetProperty(ics.ComponentPropertyDtEnd, e.End.In(oslo).Format(localFormat), ics.WithTZID(TZID))
	v.SetSummary(text(e.Title))
	if d := description(e); d != "" {
		v.SetDescription(d)
	}
	if e.Location != "" {
		v.SetLocation(text(e.Location))
	}
	if e.URL != "" {
		// A URI value is written as it is: without control characters
		// it cannot break out of its line.
		v.SetURL(strings.Map(dropControl, e.URL))
	}
	if e.Cancelled {
		v.SetStatus(ics.ObjectStatusCancelled)
	} else {
		v.SetStatus(ics.ObjectStatusConfirmed)
	}
	return v
}

// description is the topic and the group, one a line.
func description(e Event) string {
	var parts []string
	for _, s := range []string{e.Topic, e.Group} {
		if s = text(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n")
}

// text makes s fit an RFC 5545 TEXT value before the library escapes it:
// CRLF and CR become LF (escaped as \n), other control characters but tab
// are dropped.
func text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		return dropControl(r)
	}, s)
}

func dropControl(r rune) rune {
	if unicode.IsControl(r) {
		return -1
	}
	return r
}

// osloTimezone is the VTIMEZONE of Europe/Oslo since 1996: CET (+0100)
// and CEST (+0200), summer time from the last Sunday of March at 02:00
// local time (01:00 UTC) to the last Sunday of October at 03:00 local
// time (01:00 UTC).
func osloTimezone() *ics.VTimezone {
	tz := ics.NewTimezone(TZID)
	tz.AddProperty(ics.ComponentProperty("X-LIC-LOCATION"), TZID)

	summer := &ics.Daylight{}
	summer.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0100")
	summer.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0200")
	summer.AddProperty(ics.ComponentProperty(ics.PropertyTzname), "CEST")
	summer.AddProperty(ics.ComponentPropertyDtStart, "19700329T020000")
	summer.AddProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")

	winter := ics.NewStandard()
	winter.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0200")
	winter.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0100")
	winter.AddProperty(ics.ComponentProperty(ics.PropertyTzname), "CET")
	winter.AddProperty(ics.ComponentPropertyDtStart, "19701025T030000")
	winter.AddProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")

	tz.Components = append(tz.Components, summer, winter)
	return tz
}
