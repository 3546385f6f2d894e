// Package sessionplan expands a recurring session plan ("Wednesdays at 12,
// every second week from week 34, not in exam weeks, ten times") into
// meeting dates in Europe/Oslo time, and holds the plan templates: the
// pilot's six themes in order, or a blank plan.
//
// It is pure Go: no database, no HTTP, no clock. Texts shown to people
// (template names, theme titles, topics and mentor checklists) live in the
// i18n catalogue under "plan."; validation errors carry keys under
// "sessionplan.bad.".
package sessionplan

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"
	_ "time/tzdata" // Europe/Oslo on machines without a zoneinfo database

	"github.com/mentorhub/mentorhub/internal/app"
)

// Limits of a Recurrence.
const (
	DefaultMinutes = 90   // length of a meeting when Minutes is 0
	MinMinutes     = 15   // shortest meeting
	MaxMinutes     = 360  // longest meeting
	MaxEveryWeeks  = 8    // longest gap between meetings, in weeks
	MaxCount       = 60   // most meetings in a plan
	MinYear        = 2000 // earliest year of a plan
	MaxYear        = 2100 // latest year a plan may start in
	// maxCandidates bounds the weeks Dates looks at, so that skipped weeks
	// that leave no room end in an error, not an endless loop.
	maxCandidates = 1000
)

// Oslo is the time zone of every meeting.
var Oslo = mustLoad("Europe/Oslo")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("sessionplan: time zone %s: %v", name, err))
	}
	return l
}

// slotRE is a weekly meeting slot of the allocation contract.
var slotRE = regexp.MustCompile(`^(mon|tue|wed|thu|fri)(0[89]|1[0-8])$`)

var weekdays = map[string]int{"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}

// Recurrence is a plan of regular meetings.
//
// The rhythm is anchored at FromWeek: the candidate weeks are FromWeek,
// FromWeek+EveryWeeks, FromWeek+2·EveryWeeks, … counted in calendar weeks
// across the new year (week 52 or 53 is followed by week 1 of the next
// year). A candidate week listed in SkipWeeks has no meeting: the meeting
// is dropped, the rhythm goes on unchanged, and counting continues until
// Count meetings are held. With EveryWeeks 2 from week 34 and week 40
// skipped, the meetings are in weeks 34, 36, 38, 42, 44, …
type Recurrence struct {
	// Slot is the weekday and hour of the meeting, a slot code of the
	// allocation contract: mon|tue|wed|thu|fri and an hour 08..18, e.g. "wed12".
	Slot string
	// Minutes is the length of a meeting, DefaultMinutes when 0.
	Minutes int
	// Year is the ISO year of FromWeek.
	Year int
	// FromWeek is the ISO week of the first meeting, e.g. 34.
	FromWeek int
	// EveryWeeks is the rhythm: 1 is weekly, 2 every second week.
	EveryWeeks int
	// Count is the number of meetings held, at most MaxCount.
	Count int
	// SkipWeeks are ISO week numbers (1–53) with no meeting, such as exam
	// weeks and holidays. A number applies in every year the plan reaches.
	SkipWeeks []int
}

// Occurrence is one meeting of a plan.
type Occurrence struct {
	// Start and End are in Europe/Oslo time.
	Start, End time.Time
	// Year and Week are the ISO year and week of the meeting.
	Year, Week int
}

// Validate reports whether r is a plan Dates can expand: an *app.Error
// with code invalid, a key "sessionplan.bad.<field>" for the first bad
// field and one Detail (Column = field) for each bad field.
func (r Recurrence) Validate() error {
	_, err := r.Dates()
	return err
}

// Dates expands r into its meetings, in order. The meeting starts at the
// slot's hour in Europe/Oslo wall-clock time in summer and winter alike.
// Its work is bounded whatever r holds; a plan whose skipped weeks leave
// no room for Count meetings is an error.
func (r Recurrence) Dates() ([]Occurrence, error) {
	if err := r.checkFields(); err != nil {
		return nil, err
	}
	weekday, hour := weekdays[r.Slot[:3]], atoi(r.Slot[3:])
	length := time.Duration(r.minutes()) * time.Minute
	skip := map[int]bool{}
	for _, w := range r.SkipWeeks {
		skip[w] = true
	}
	first := isoMonday(r.Year, r.FromWeek)
	out := make([]Occurrence, 0, r.Count)
	for k := 0; len(out) < r.Count && k < maxCandidates; k++ {
		monday := first.AddDate(0, 0, 7*r.EveryWeeks*k)
		year, week := monday.ISOWeek()
		if skip[week] {
			continue
		}
		day := monday.AddDate(0, 0, weekday)
		start := time.Date(day.Year(), day.Month(), day.Day(), hour, 0, 0, 0, Oslo)
		out = append(out, Occurrence{Start: start, End: start.Add(length), Year: year, Week: week})
	}
	if len(out) < r.Count {
		return nil, invalid(bad("skip_weeks", "sessionplan.bad.skip_weeks",
			fmt.Sprintf("the weeks to skip leave room for only %d of %d meetings", len(out), r.Count), "Held", len(out), "Count", r.Count))
	}
	return out, nil
}

func (r Recurrence) minutes() int {
	if r.Minutes == 0 {
		return DefaultMinutes
	}
	return r.Minutes
}

// checkFields checks each field on its own.
func (r Recurrence) checkFields() error {
	var ds []app.Detail
	if !slotRE.MatchString(r.Slot) {
		ds = append(ds, bad("slot", "sessionplan.bad.slot",
			fmt.Sprintf("slot %q is not a weekday mon–fri and an hour 08–18, such as wed12", r.Slot), "Value", r.Slot))
	}
	if m := r.minutes(); m < MinMinutes || m > MaxMinutes {
		ds = append(ds, bad("minutes", "sessionplan.bad.minutes",
			fmt.Sprintf("a meeting lasts %d to %d minutes, not %d", MinMinutes, MaxMinutes, r.Minutes), "Value", r.Minutes))
	}
	lastWeek := 53
	if r.Year < MinYear || r.Year > MaxYear {
		ds = append(ds, bad("year", "sessionplan.bad.year",
			fmt.Sprintf("year %d is outside %d–%d", r.Year, MinYear, MaxYear), "Value", r.Year))
	} else {
		lastWeek = WeeksIn(r.Year)
	}
	if r.FromWeek < 1 || r.FromWeek > lastWeek {
		ds = append(ds, bad("from_week", "sessionplan.bad.from_week",
			fmt.Sprintf("week %d does not exist in %d (weeks 1–%d)", r.FromWeek, r.Year, lastWeek), "Value", r.FromWeek, "Last", lastWeek))
	}
	if r.EveryWeeks < 1 || r.EveryWeeks > MaxEveryWeeks {
		ds = append(ds, bad("every_weeks", "sessionplan.bad.every_weeks",
			fmt.Sprintf("meetings come every 1 to %d weeks, not every %d", MaxEveryWeeks, r.EveryWeeks), "Value", r.EveryWeeks))
	}
	if r.Count < 1 || r.Count > MaxCount {
		ds = append(ds, bad("count", "sessionplan.bad.count",
			fmt.Sprintf("a plan has 1 to %d meetings, not %d", MaxCount, r.Count), "Value", r.Count))
	}
	if i := slices.IndexFunc(r.SkipWeeks, func(w int) bool { return w < 1 || w > 53 }); i >= 0 {
		ds = append(ds, bad("skip_weeks", "sessionplan.bad.skip_weeks",
			fmt.Sprintf("week %d to skip does not exist (weeks 1–53)", r.SkipWeeks[i]), "Value", r.SkipWeeks[i]))
	}
	if len(ds) == 0 {
		return nil
	}
	return invalid(ds...)
}

// bad is one bad field: Column names the field.
func bad(field, key, msg string, args ...any) app.Detail {
	d := app.Detail{Column: field, Message: msg, Key: key, Args: map[string]any{}}
	for i := 0; i+1 < len(args); i += 2 {
		d.Args[fmt.Sprint(args[i])] = args[i+1]
	}
	return d
}

// invalid is the error of one or more bad fields, keyed by the first.
func invalid(ds ...app.Detail) *app.Error {
	return &app.Error{Code: app.CodeInvalid, Key: ds[0].Key, Args: ds[0].Args, Message: ds[0].Message, Details: ds}
}

// WeeksIn is the number of ISO weeks of year: 52 or 53.
func WeeksIn(year int) int {
	_, w := time.Date(year, time.December, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// isoMonday is the Monday of ISO week week of year, midnight UTC (a date,
// so that adding days never meets a daylight saving change).
func isoMonday(year, week int) time.Time {
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday1 := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday1.AddDate(0, 0, 7*(week-1))
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // s matched slotRE
	return n
}
