package payroll

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// Store keeps rates and timesheets.
type Store interface {
	// FindRates returns the rates of a program year in force now (the
	// latest set); found is false when none were set.
	FindRates(ctx context.Context, programID int64, year int) (r Rates, found bool, err error)
	// SaveRates records new rates of a program year (the earlier stay).
	SaveRates(ctx context.Context, r Rates, accountID int64) error
	// FindMentor finds an active mentor of a program year by mentor id.
	FindMentor(ctx context.Context, programID int64, year int, ref string) (Timesheet, error)
	// CreateTimesheet stores a submitted timesheet with its lines; a
	// conflict when the mentor has one for the month that was not returned.
	CreateTimesheet(ctx context.Context, t *Timesheet, accountID int64) error
	FindTimesheet(ctx context.Context, id int64) (Timesheet, error)
	// FindTimesheets lists a program's timesheets of a month (every month
	// for ""), of one mentor when participantID is not 0, in state when
	// state is not "".
	FindTimesheets(ctx context.Context, programID int64, month, state string, participantID int64) ([]Timesheet, error)
	// Decide moves a submitted timesheet to state with the comment; a
	// conflict when it is not submitted (any more).
	Decide(ctx context.Context, id int64, state, comment string, accountID int64) error
	// FindWork returns what a mentor did in [from, to).
	FindWork(ctx context.Context, participantID int64, from, to time.Time) (Work, error)
}

// Parts resolves an actor's part in a program year (sessions.Service.PartOf).
type Parts interface {
	PartOf(ctx context.Context, programID int64, year int, write bool) (sessions.Part, error)
}

// Service holds the rules of rates, timesheets and the payroll.
type Service struct {
	store   Store
	costs   CostStore
	parts   Parts
	clock   app.Clock
	audit   func(ctx context.Context, action, target, outcome, details string)
	changes app.Auditor
}

// NewService returns a Service.
func NewService(st interface {
	Store
	CostStore
}, parts Parts, clock app.Clock, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	if clock == nil {
		clock = app.SystemClock{}
	}
	return &Service{store: st, costs: st, parts: parts, clock: clock, audit: audit, changes: app.AuditOnly(audit)}
}

// UseUnits makes the service's changes units of work with their audit entry.
func (s *Service) UseUnits(a app.Auditor) { s.changes = a }

// part finds the actor's part in a program year (the request's when year
// is 0); nobody without one gets past.
func (s *Service) part(ctx context.Context, programID int64, year int, write bool) (sessions.Part, error) {
	if app.ActorFrom(ctx) == nil {
		return sessions.Part{}, app.Unauthorized()
	}
	p, err := s.parts.PartOf(ctx, programID, year, write)
	if err != nil {
		return p, err
	}
	if p.Level == sessions.None {
		return p, app.Forbidden()
	}
	return p, nil
}

func manager(p sessions.Part) bool { return p.Level == sessions.Manager }

func invalid(key, msg string, ds []app.Detail) error {
	return &app.Error{Code: app.CodeInvalid, Key: key, Message: msg, Details: ds}
}

func detail(col, key, msg string, kv ...any) app.Detail {
	d := app.Detail{Column: col, Key: key, Message: msg}
	if len(kv) > 0 {
		d.Args = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			d.Args[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return d
}

// SetRates sets the rates of the program's current year (coordinators):
// hourly in kroner, per item by category, and whether training is paid
// (nil: as before, paid when never set).
func (s *Service) SetRates(ctx context.Context, programID int64, hourly float64, perItem map[string]float64, trainingPaid *bool) (Rates, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Rates{}, err
	}
	if !manager(p) {
		s.audit(ctx, "pay.rates", p.Program.Code, "denied", "")
		return Rates{}, app.Forbidden()
	}
	r := Rates{ProgramID: programID, Year: p.Year, PerItem: map[string]NOK{}, TrainingPaid: true}
	if old, found, err := s.store.FindRates(ctx, programID, p.Year); err != nil {
		return Rates{}, err
	} else if found {
		r.TrainingPaid = old.TrainingPaid
	}
	if trainingPaid != nil {
		r.TrainingPaid = *trainingPaid
	}
	var ds []app.Detail
	var ok bool
	if r.Hourly, ok = ParseNOK(hourly); !ok {
		ds = append(ds, detail("hourly", "pay.bad_rate", "a rate in kroner with at most two decimals, from 0 to 100000"))
	}
	for _, c := range slices.Sorted(mapKeys(perItem)) {
		if !slices.Contains(Categories, c) {
			ds = append(ds, detail("per_item."+c, "pay.bad_category", fmt.Sprintf("no category %q (%s)", c, strings.Join(Categories, ", ")), "Category", c))
			continue
		}
		if r.PerItem[c], ok = ParseNOK(perItem[c]); !ok {
			ds = append(ds, detail("per_item."+c, "pay.bad_rate", "a rate in kroner with at most two decimals, from 0 to 100000"))
		}
	}
	if len(ds) > 0 {
		return Rates{}, invalid("pay.bad_rates", "the rates cannot be set", ds)
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.SaveRates(ctx, r, app.ActorFrom(ctx).AccountID)
	}, "pay.rates", p.Program.Code, "ok", fmt.Sprintf("year %d: hourly %s", p.Year, r.Hourly))
	if err != nil {
		return Rates{}, err
	}
	r, _, err = s.store.FindRates(ctx, programID, p.Year)
	return r, err
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Rates returns the rates of the program year (coordinators and the
// year's mentors); set is false when none were set yet.
func (s *Service) Rates(ctx context.Context, programID int64) (r Rates, set bool, err error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return Rates{}, false, err
	}
	if p.Level < sessions.Mentor {
		return Rates{}, false, app.Forbidden()
	}
	r, set, err = s.store.FindRates(ctx, programID, p.Year)
	if !set {
		r = Rates{ProgramID: programID, Year: p.Year, PerItem: map[string]NOK{}, TrainingPaid: true}
	}
	return r, set, err
}

var monthRE = regexp.MustCompile(`^(2[0-9]{3})-(0[1-9]|1[0-2])$`)

// checkMonth refuses a month that is not YYYY-MM or has not begun.
func (s *Service) checkMonth(col, month string) *app.Detail {
	if !monthRE.MatchString(month) {
		d := detail(col, "pay.bad_month", "a month such as 2026-09")
		return &d
	}
	if month > s.clock.Now().In(oslo).Format("2006-01") {
		d := detail(col, "pay.future_month", "the month has not begun")
		return &d
	}
	return nil
}

var oslo = func() *time.Location {
	l, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return l
}()

// MaxItems bounds the items of one category in a month.
const MaxItems = 10_000

// Submit records a mentor's timesheet for a month of the program's
// current year: by the mentor for themself, or by a coordinator for any
// mentor of the year. Every line names a category once, hours ≥ 0 in
// steps of 0.25, whole items ≥ 0, and items only where the category has an
// item rate; training only where training is paid. The amount is computed
// from the rates in force now — the hourly rate of the mentor's contract
// where they were hired through a posting, else the program year's — and
// kept with the timesheet.
func (s *Service) Submit(ctx context.Context, programID int64, d Draft) (Timesheet, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Timesheet{}, err
	}
	if p.Level < sessions.Mentor {
		s.audit(ctx, "pay.timesheet", p.Program.Code, "denied", "")
		return Timesheet{}, app.Forbidden()
	}
	var ds []app.Detail
	t, err := s.store.FindMentor(ctx, programID, p.Year, strings.TrimSpace(d.MentorID))
	switch {
	case app.ErrorCode(err) == app.CodeNotFound:
		ds = append(ds, detail("mentor_id", "pay.not_a_mentor", "not a mentor of the program year"))
	case err != nil:
		return Timesheet{}, err
	case !manager(p) && t.ParticipantID != p.ParticipantID:
		// A mentor submits their own hours only.
		s.audit(ctx, "pay.timesheet", p.Program.Code, "denied", "another mentor's")
		return Timesheet{}, app.Forbidden()
	}
	if bad := s.checkMonth("month", d.Month); bad != nil {
		ds = append(ds, *bad)
	}
	rates, found, err := s.store.FindRates(ctx, programID, p.Year)
	if err != nil {
		return Timesheet{}, err
	}
	if !found {
		return Timesheet{}, invalid("pay.no_rates", "the program year has no rates yet: a coordinator sets them first", nil)
	}
	if len(d.Lines) == 0 || len(d.Lines) > len(Categories) {
		ds = append(ds, detail("lines", "pay.lines", fmt.Sprintf("one to %d lines, one per category", len(Categories))))
	}
	seen := map[string]bool{}
	var lines []Line
	for i, dl := range d.Lines {
		col := fmt.Sprintf("lines[%d]", i)
		l := Line{Category: dl.Category}
		switch {
		case !slices.Contains(Categories, dl.Category):
			ds = append(ds, detail(col+".category", "pay.bad_category", fmt.Sprintf("no category %q (%s)", dl.Category, strings.Join(Categories, ", ")), "Category", dl.Category))
		case seen[dl.Category]:
			ds = append(ds, detail(col+".category", "pay.category_twice", "the category is on an earlier line"))
		case dl.Category == "training" && !rates.TrainingPaid:
			ds = append(ds, detail(col+".category", "pay.training_unpaid", "training is not paid in this program"))
		}
		seen[dl.Category] = true
		var ok bool
		if l.Hours, ok = ParseHours(dl.Hours); !ok {
			ds = append(ds, detail(col+".hours", "pay.bad_hours", "hours from 0 to 744 in steps of 0.25"))
		}
		if dl.Items < 0 || dl.Items > MaxItems || dl.Items != float64(int(dl.Items)) {
			ds = append(ds, detail(col+".items", "pay.bad_items", fmt.Sprintf("a whole number of items from 0 to %d", MaxItems)))
		} else if l.Items = int(dl.Items); l.Items > 0 {
			rate, has := rates.PerItem[dl.Category]
			if !has {
				ds = append(ds, detail(col+".items", "pay.no_item_rate", "the category has no item rate in this program"))
			}
			l.ItemRate = rate
		}
		lines = append(lines, l)
	}
	if len(ds) > 0 {
		return Timesheet{}, invalid("pay.bad_timesheet", "the timesheet cannot be submitted", ds)
	}
	hourly := rates.Hourly
	if t.Contract {
		hourly = t.Hourly // the position's rate, from the mentor's contract
	}
	t.ProgramID, t.Year, t.Month, t.State, t.Hourly, t.Lines = programID, p.Year, d.Month, Submitted, hourly, lines
	t.Amount = amount(hourly, lines)
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.CreateTimesheet(ctx, &t, app.ActorFrom(ctx).AccountID)
	}, "pay.timesheet", t.MentorID, "ok", fmt.Sprintf("program %d, %s: %s", programID, t.Month, t.Amount))
	return t, err
}

// MaxComment bounds a coordinator's comment.
const MaxComment = 1000

// Decide approves or returns a submitted timesheet (coordinators of its
// program); a return needs a comment saying what to change. A timesheet
// decided already is a conflict.
func (s *Service) Decide(ctx context.Context, id int64, approve bool, comment string) (Timesheet, error) {
	if app.ActorFrom(ctx) == nil {
		return Timesheet{}, app.Unauthorized()
	}
	t, err := s.store.FindTimesheet(ctx, id)
	if err != nil {
		return Timesheet{}, err
	}
	p, err := s.parts.PartOf(ctx, t.ProgramID, t.Year, false)
	if err != nil || p.Level == sessions.None {
		return Timesheet{}, app.NotFound("timesheet")
	}
	if !manager(p) {
		s.audit(ctx, "pay.decide", p.Program.Code, "denied", "")
		return Timesheet{}, app.Forbidden()
	}
	comment = strings.TrimSpace(comment)
	state, action := Approved, "pay.approve"
	if !approve {
		state, action = Returned, "pay.return"
	}
	switch {
	case utf8.RuneCountInString(comment) > MaxComment:
		return Timesheet{}, invalid("pay.bad_comment", fmt.Sprintf("at most %d characters", MaxComment),
			[]app.Detail{detail("comment", "pay.comment_long", fmt.Sprintf("at most %d characters", MaxComment), "N", MaxComment)})
	case !approve && comment == "":
		return Timesheet{}, invalid("pay.bad_comment", "say what to change",
			[]app.Detail{detail("comment", "pay.comment_needed", "say what the mentor should change")})
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.Decide(ctx, id, state, comment, app.ActorFrom(ctx).AccountID)
	}, action, t.MentorID, "ok", fmt.Sprintf("timesheet %d, %s", id, t.Month))
	if err != nil {
		return Timesheet{}, err
	}
	return s.store.FindTimesheet(ctx, id)
}

// Timesheets lists the program's timesheets of a month ("" for all):
// coordinators see every mentor's, a mentor their own.
func (s *Service) Timesheets(ctx context.Context, programID int64, month string) ([]Timesheet, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, err
	}
	if month != "" && !monthRE.MatchString(month) {
		return nil, invalid("pay.bad_month", "month: a month such as 2026-09", []app.Detail{detail("month", "pay.bad_month", "a month such as 2026-09")})
	}
	switch p.Level {
	case sessions.Manager:
		return s.store.FindTimesheets(ctx, programID, month, "", 0)
	case sessions.Mentor:
		return s.store.FindTimesheets(ctx, programID, month, "", p.ParticipantID)
	}
	return nil, app.Forbidden()
}

// Payroll is the program's approved hours of a month, one row per mentor
// (coordinators and admins): hours by category, items, the hourly rate and
// the amount, in order of employee id.
func (s *Service) Payroll(ctx context.Context, programID int64, month string) ([]Row, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, err
	}
	if !manager(p) {
		s.audit(ctx, "pay.payroll", p.Program.Code, "denied", "")
		return nil, app.Forbidden()
	}
	if !monthRE.MatchString(month) {
		return nil, invalid("pay.bad_month", "month: a month such as 2026-09", []app.Detail{detail("month", "pay.bad_month", "a month such as 2026-09")})
	}
	ts, err := s.store.FindTimesheets(ctx, programID, month, Approved, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Row, 0, len(ts))
	for _, t := range ts {
		r := Row{EmployeeID: t.EmployeeID, MentorID: t.MentorID, Name: t.MentorName, Month: t.Month, Hours: map[string]Quarters{},
			Rate: t.Hourly, Amount: t.Amount}
		for _, c := range Categories {
			r.Hours[c] = 0
		}
		for _, l := range t.Lines {
			r.Hours[l.Category] += l.Hours
			r.Items += l.Items
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Row) int {
		return strings.Compare(a.EmployeeID+"\x00"+a.MentorID, b.EmployeeID+"\x00"+b.MentorID)
	})
	return out, nil
}

// quartersOf sums spans in quarter hours, each rounded to the nearest
// quarter (a 50-minute session is 0.75 h, a 55-minute one 1 h).
func quartersOf(spans []Span) Quarters {
	var q Quarters
	for _, sp := range spans {
		if m := sp.End.Sub(sp.Start).Minutes(); m > 0 {
			q += Quarters((m + 7.5) / 15)
		}
	}
	return q
}

// HourlyFor is the hourly rate a mentor of the program's current year is
// paid: their contract's, where they were hired through a posting, else
// the program year's. The mentor for themself, or a coordinator.
func (s *Service) HourlyFor(ctx context.Context, programID int64, mentorID string) (NOK, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return 0, err
	}
	if p.Level < sessions.Mentor {
		return 0, app.Forbidden()
	}
	t, err := s.store.FindMentor(ctx, programID, p.Year, mentorID)
	if err != nil {
		return 0, err
	}
	if !manager(p) && t.ParticipantID != p.ParticipantID {
		return 0, app.Forbidden()
	}
	if t.Contract {
		return t.Hourly, nil
	}
	rates, _, err := s.store.FindRates(ctx, programID, p.Year)
	return rates.Hourly, err
}

// Prefill is a mentor's month as mentorhub knows it, for the mentor to
// check and complete before submitting: the group sessions they led (held,
// not cancelled, the mentor not marked absent), the desk shifts they
// worked and the feedback items they returned (as items; the hours spent
// on them are the mentor's to add). The mentor for themself, or a
// coordinator for any mentor of the current year.
func (s *Service) Prefill(ctx context.Context, programID int64, mentorID, month string) (Draft, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return Draft{}, err
	}
	if p.Level < sessions.Mentor {
		return Draft{}, app.Forbidden()
	}
	t, err := s.store.FindMentor(ctx, programID, p.Year, mentorID)
	if err != nil {
		return Draft{}, err
	}
	if !manager(p) && t.ParticipantID != p.ParticipantID {
		return Draft{}, app.Forbidden()
	}
	if !monthRE.MatchString(month) {
		return Draft{}, invalid("pay.bad_month", "month: a month such as 2026-09", []app.Detail{detail("month", "pay.bad_month", "a month such as 2026-09")})
	}
	from, _ := time.ParseInLocation("2006-01", month, oslo)
	w, err := s.store.FindWork(ctx, t.ParticipantID, from.UTC(), from.AddDate(0, 1, 0).UTC())
	if err != nil {
		return Draft{}, err
	}
	rates, _, err := s.store.FindRates(ctx, programID, p.Year)
	if err != nil {
		return Draft{}, err
	}
	if _, paid := rates.PerItem["feedback"]; !paid {
		w.Feedback = 0 // not paid per item here: the hours are the mentor's to add
	}
	d := Draft{MentorID: t.MentorID, Month: month}
	for _, c := range Categories {
		l := DraftLine{Category: c}
		switch c {
		case "sessions":
			l.Hours = quartersOf(w.Sessions).Hours()
		case "desk":
			l.Hours = quartersOf(w.Shifts).Hours()
		case "feedback":
			l.Items = float64(w.Feedback)
		}
		d.Lines = append(d.Lines, l)
	}
	return d, nil
}
