package sessionplan_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/sessionplan"
)

// oslo builds a wall-clock time in Oslo.
func oslo(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, sessionplan.Oslo)
}

func dates(t *testing.T, r sessionplan.Recurrence) []sessionplan.Occurrence {
	t.Helper()
	occ, err := r.Dates()
	if err != nil {
		t.Fatalf("Dates(%+v): %v", r, err)
	}
	if len(occ) != r.Count {
		t.Fatalf("got %d meetings, want Count %d", len(occ), r.Count)
	}
	return occ
}

func weeks(occ []sessionplan.Occurrence) []int {
	var w []int
	for _, o := range occ {
		w = append(w, o.Week)
	}
	return w
}

func TestWeeklyFromWeek34SkipsExamWeeksAndHoldsCount(t *testing.T) {
	r := sessionplan.Recurrence{Slot: "wed12", Year: 2026, FromWeek: 34, EveryWeeks: 1, Count: 12, SkipWeeks: []int{40, 41}}
	occ := dates(t, r)
	want := []int{34, 35, 36, 37, 38, 39, 42, 43, 44, 45, 46, 47}
	if got := weeks(occ); !slices.Equal(got, want) {
		t.Errorf("weeks = %v, want %v", got, want)
	}
	// Week 34 of 2026 begins on Monday 17 August.
	if !occ[0].Start.Equal(oslo(2026, time.August, 19, 12)) {
		t.Errorf("first meeting %v, want Wednesday 19 August 2026 12:00", occ[0].Start)
	}
	if !occ[6].Start.Equal(oslo(2026, time.October, 14, 12)) {
		t.Errorf("first meeting after the skipped weeks %v, want 14 October 2026 12:00", occ[6].Start)
	}
	for _, o := range occ {
		if o.End.Sub(o.Start) != 90*time.Minute {
			t.Errorf("meeting %v lasts %v, want the default 90 minutes", o.Start, o.End.Sub(o.Start))
		}
	}
}

func TestEverySecondWeekKeepsItsRhythmPastSkippedWeeks(t *testing.T) {
	r := sessionplan.Recurrence{Slot: "thu16", Minutes: 60, Year: 2026, FromWeek: 34, EveryWeeks: 2, Count: 8, SkipWeeks: []int{40, 48}}
	occ := dates(t, r)
	want := []int{34, 36, 38, 42, 44, 46, 50, 52}
	if got := weeks(occ); !slices.Equal(got, want) {
		t.Errorf("weeks = %v, want %v (a skipped meeting is dropped, the rhythm goes on)", got, want)
	}
	if !occ[7].Start.Equal(oslo(2026, time.December, 24, 16)) || occ[7].End.Sub(occ[7].Start) != time.Hour {
		t.Errorf("last meeting %v–%v, want Thursday 24 December 2026 16:00–17:00", occ[7].Start, occ[7].End)
	}
}

func TestPlansCrossTheNewYear(t *testing.T) {
	for year, n := range map[int]int{2020: 53, 2025: 52, 2026: 53, 2027: 52, 2032: 53} {
		if got := sessionplan.WeeksIn(year); got != n {
			t.Errorf("WeeksIn(%d) = %d, want %d", year, got, n)
		}
	}
	// 2026 has 53 ISO weeks: week 53 is 28 December–3 January.
	occ := dates(t, sessionplan.Recurrence{Slot: "wed12", Year: 2026, FromWeek: 50, EveryWeeks: 1, Count: 6, SkipWeeks: []int{1}})
	type yw struct{ y, w int }
	var got []yw
	for _, o := range occ {
		got = append(got, yw{o.Year, o.Week})
	}
	want := []yw{{2026, 50}, {2026, 51}, {2026, 52}, {2026, 53}, {2027, 2}, {2027, 3}}
	if !slices.Equal(got, want) {
		t.Errorf("year/weeks = %v, want %v", got, want)
	}
	if !occ[3].Start.Equal(oslo(2026, time.December, 30, 12)) || !occ[4].Start.Equal(oslo(2027, time.January, 13, 12)) {
		t.Errorf("week 53 and week 2: %v, %v; want 30 December 2026 and 13 January 2027", occ[3].Start, occ[4].Start)
	}
	// 2025 has 52 weeks: every second week from week 51 goes to week 1 and 3 of 2026.
	occ = dates(t, sessionplan.Recurrence{Slot: "mon08", Year: 2025, FromWeek: 51, EveryWeeks: 2, Count: 3})
	if got := weeks(occ); !slices.Equal(got, []int{51, 1, 3}) || occ[1].Year != 2026 {
		t.Errorf("weeks = %v (second in %d), want [51 1 3] with 1 in 2026", got, occ[1].Year)
	}
	if !occ[1].Start.Equal(oslo(2025, time.December, 29, 8)) {
		t.Errorf("week 1 of 2026 starts %v, want Monday 29 December 2025 08:00", occ[1].Start)
	}
}

func TestMeetingsKeepTheirWallClockHourInSummerAndWinter(t *testing.T) {
	occ := dates(t, sessionplan.Recurrence{Slot: "wed12", Year: 2026, FromWeek: 36, EveryWeeks: 1, Count: 21})
	var sawSummer, sawWinter bool
	for _, o := range occ {
		local, utc := o.Start.In(sessionplan.Oslo), o.Start.UTC()
		if local.Weekday() != time.Wednesday || local.Hour() != 12 || local.Minute() != 0 {
			t.Errorf("week %d meets %v, want Wednesday 12:00 Oslo time", o.Week, local)
		}
		switch o.Week {
		case 36: // 2 September 2026, summer time
			sawSummer = true
			if utc.Hour() != 10 || !local.Equal(oslo(2026, time.September, 2, 12)) {
				t.Errorf("week 36: %v (%v UTC), want 2 September 12:00 = 10:00 UTC", local, utc)
			}
		case 3: // 20 January 2027, standard time
			sawWinter = true
			if utc.Hour() != 11 || !local.Equal(oslo(2027, time.January, 20, 12)) {
				t.Errorf("week 3: %v (%v UTC), want 20 January 2027 12:00 = 11:00 UTC", local, utc)
			}
		}
	}
	if !sawSummer || !sawWinter {
		t.Errorf("plan did not reach both week 36 and week 3: %v", weeks(occ))
	}
}

func TestBadFieldsAreNamed(t *testing.T) {
	good := sessionplan.Recurrence{Slot: "wed12", Year: 2026, FromWeek: 34, EveryWeeks: 1, Count: 10}
	if err := good.Validate(); err != nil {
		t.Fatalf("good plan: %v", err)
	}
	all := make([]int, 53)
	for i := range all {
		all[i] = i + 1
	}
	cases := []struct {
		field  string
		change func(*sessionplan.Recurrence)
	}{
		{"slot", func(r *sessionplan.Recurrence) { r.Slot = "" }},
		{"slot", func(r *sessionplan.Recurrence) { r.Slot = "sat12" }},
		{"slot", func(r *sessionplan.Recurrence) { r.Slot = "wed07" }},
		{"slot", func(r *sessionplan.Recurrence) { r.Slot = "wed19" }},
		{"slot", func(r *sessionplan.Recurrence) { r.Slot = "Wed12" }},
		{"slot", func(r *sessionplan.Recurrence) { r.Slot = "wed12\n" }},
		{"minutes", func(r *sessionplan.Recurrence) { r.Minutes = -90 }},
		{"minutes", func(r *sessionplan.Recurrence) { r.Minutes = 10 }},
		{"minutes", func(r *sessionplan.Recurrence) { r.Minutes = 361 }},
		{"year", func(r *sessionplan.Recurrence) { r.Year = 0 }},
		{"year", func(r *sessionplan.Recurrence) { r.Year = 2101 }},
		{"from_week", func(r *sessionplan.Recurrence) { r.FromWeek = 0 }},
		{"from_week", func(r *sessionplan.Recurrence) { r.FromWeek = 54 }},
		{"from_week", func(r *sessionplan.Recurrence) { r.Year, r.FromWeek = 2025, 53 }}, // 2025 has 52 weeks
		{"every_weeks", func(r *sessionplan.Recurrence) { r.EveryWeeks = 0 }},
		{"every_weeks", func(r *sessionplan.Recurrence) { r.EveryWeeks = 9 }},
		{"every_weeks", func(r *sessionplan.Recurrence) { r.EveryWeeks = -1 }},
		{"count", func(r *sessionplan.Recurrence) { r.Count = 0 }},
		{"count", func(r *sessionplan.Recurrence) { r.Count = 61 }},
		{"skip_weeks", func(r *sessionplan.Recurrence) { r.SkipWeeks = []int{40, 0} }},
		{"skip_weeks", func(r *sessionplan.Recurrence) { r.SkipWeeks = []int{54} }},
		{"skip_weeks", func(r *sessionplan.Recurrence) { r.SkipWeeks = all }},
		// Only week 53 is free: years with 53 weeks are too rare for 60 meetings.
		{"skip_weeks", func(r *sessionplan.Recurrence) { r.SkipWeeks, r.Count = all[:52], 60 }},
	}
	cat := i18n.MustLoad()
	for i, c := range cases {
		r := good
		r.SkipWeeks = nil
		c.change(&r)
		t.Run(fmt.Sprintf("%d_%s", i, c.field), func(t *testing.T) {
			err := r.Validate()
			var e *app.Error
			if !errors.As(err, &e) {
				t.Fatalf("Validate(%+v) = %v, want an *app.Error", r, err)
			}
			if e.Code != app.CodeInvalid || e.Key != "sessionplan.bad."+c.field {
				t.Errorf("code %s key %s, want invalid sessionplan.bad.%s", e.Code, e.Key, c.field)
			}
			if len(e.Details) != 1 || e.Details[0].Column != c.field || e.Details[0].Key != e.Key {
				t.Errorf("details %+v, want one naming %s", e.Details, c.field)
			}
			if occ, err := r.Dates(); err == nil || occ != nil {
				t.Errorf("Dates gave %d meetings and %v for a bad plan", len(occ), err)
			}
			for _, l := range i18n.Languages {
				if msg := cat.Printer(l).T(e.Key); msg == e.Key || msg == "" {
					t.Errorf("%s has no message for %s", l, e.Key)
				}
			}
		})
	}

	// Several bad fields: each is named, the first gives the key.
	err := sessionplan.Recurrence{Slot: "sun12", Year: 2026, FromWeek: 34, EveryWeeks: 0, Count: 100}.Validate()
	var e *app.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v", err)
	}
	var cols []string
	for _, d := range e.Details {
		cols = append(cols, d.Column)
	}
	if e.Key != "sessionplan.bad.slot" || !slices.Equal(cols, []string{"slot", "every_weeks", "count"}) {
		t.Errorf("key %s, details %v; want slot first and slot, every_weeks, count named", e.Key, cols)
	}
}

func TestWorkIsBoundedForExtremeInput(t *testing.T) {
	all := make([]int, 0, 53)
	for w := 1; w <= 53; w++ {
		all = append(all, w)
	}
	for _, r := range []sessionplan.Recurrence{
		{Slot: "wed12", Year: 1 << 40, FromWeek: 1 << 40, EveryWeeks: 1 << 40, Count: 1 << 40, Minutes: 1 << 40},
		{Slot: "wed12", Year: -1 << 40, FromWeek: -1, EveryWeeks: -1, Count: -1, Minutes: -1},
		{Slot: "fri18", Year: 2100, FromWeek: 53, EveryWeeks: 8, Count: 60, SkipWeeks: all[:52]},
		{Slot: "fri18", Year: 2026, FromWeek: 1, EveryWeeks: 1, Count: 60, SkipWeeks: all},
	} {
		if _, err := r.Dates(); err == nil {
			t.Errorf("Dates(%+v) gave no error", r)
		}
	}
	// The longest plan: every eighth week, 60 times, 472 weeks on from
	// Monday 27 December 2100 (week 52).
	occ := dates(t, sessionplan.Recurrence{Slot: "fri18", Minutes: 360, Year: 2100, FromWeek: 52, EveryWeeks: 8, Count: 60})
	if last := occ[59]; !last.Start.Equal(oslo(2110, time.January, 17, 18)) || !last.End.Equal(oslo(2110, time.January, 18, 0)) {
		t.Errorf("60th meeting %v–%v, want Friday 17 January 2110 18:00–24:00", last.Start, last.End)
	}
}
