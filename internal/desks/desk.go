package desks

import (
	"context"
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // Europe/Oslo on machines without a zoneinfo database

	"github.com/mentorhub/mentorhub/internal/app"
)

// oslo is where desks' weekly times are.
var oslo = func() *time.Location {
	l, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return l
}()

// DeskDraft is what a coordinator gives to set up a desk: the mentors by
// their mentor ids, in rota order.
type DeskDraft struct {
	Name    string
	Place   string
	OnDuty  int
	Slots   []Slot
	Mentors []string
}

// clock parses "15:04".
func clockTime(v string) (int, bool) {
	t, err := time.Parse("15:04", v)
	if err != nil || len(v) != 5 {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// CreateDesk sets up a desk of the program's current year.
func (s *Service) CreateDesk(ctx context.Context, programID int64, d DeskDraft) (Desk, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Desk{}, err
	}
	if err := s.need(ctx, p, Manager, "desk.create"); err != nil {
		return Desk{}, err
	}
	var f faults
	f.line(&d.Name, "name", maxName, true)
	f.line(&d.Place, "place", maxName, false)
	if d.OnDuty < 1 || d.OnDuty > maxOnDuty {
		f.add("on_duty", fmt.Sprintf("between 1 and %d mentors", maxOnDuty))
	}
	if len(d.Slots) == 0 || len(d.Slots) > maxSlots {
		f.add("slots", fmt.Sprintf("one to %d weekly slots", maxSlots))
	}
	if len(d.Mentors) > maxPool {
		f.add("mentors", fmt.Sprintf("at most %d mentors", maxPool))
	}
	for i := range d.Slots {
		sl := &d.Slots[i]
		col := fmt.Sprintf("slots[%d]", i)
		a, ok1 := clockTime(sl.Starts)
		b, ok2 := clockTime(sl.Ends)
		switch {
		case sl.Weekday < 1 || sl.Weekday > 7:
			f.add(col+".weekday", "1 (Monday) to 7 (Sunday)")
		case !ok1 || !ok2:
			f.add(col, "starts and ends as 15:04")
		case b <= a:
			f.add(col+".ends", "must be after starts")
		}
		f.line(&sl.Place, col+".place", maxName, false)
		if sl.Place == "" {
			sl.Place = d.Place
		}
	}
	if len(f) > 0 {
		return Desk{}, f.err("desks.bad_desk", "the desk")
	}
	desk := Desk{ProgramID: programID, Year: p.Year, Name: d.Name, Place: d.Place, OnDuty: d.OnDuty, Slots: d.Slots}
	for i, ref := range d.Mentors {
		m, err := s.participant(ctx, p, "mentor", ref, fmt.Sprintf("mentors[%d]", i))
		if err != nil {
			return Desk{}, err
		}
		if slices.ContainsFunc(desk.Mentors, func(x Person) bool { return x.ParticipantID == m.ParticipantID }) {
			return Desk{}, (faults{{Column: fmt.Sprintf("mentors[%d]", i), Message: "named twice"}}).err("desks.bad_desk", "the desk")
		}
		desk.Mentors = append(desk.Mentors, m)
	}
	desk.CreatedAt = s.now()
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error { return s.store.CreateDesk(ctx, &desk) },
		"desk.create", p.Program.Code, "ok", "")
	return desk, err
}

// Desks lists the program year's desks for anyone taking part in it.
func (s *Service) Desks(ctx context.Context, programID int64) ([]Desk, Part, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, Part{}, err
	}
	if err := s.need(ctx, p, Student, "desk.list"); err != nil {
		return nil, Part{}, err
	}
	out, err := s.store.FindDesks(ctx, programID, p.Year)
	return out, p, err
}

// desk loads a desk with the actor's part in its program year.
func (s *Service) desk(ctx context.Context, id int64, write bool) (Desk, Part, error) {
	d, err := s.store.FindDesk(ctx, id)
	if err != nil {
		return Desk{}, Part{}, err
	}
	p, err := s.within(ctx, d.ProgramID, d.Year, "desk", write)
	return d, p, err
}

// inPool reports whether a participant is one of the desk's mentors.
func (d Desk) inPool(pid int64) bool {
	return pid != 0 && slices.ContainsFunc(d.Mentors, func(m Person) bool { return m.ParticipantID == pid })
}

// GenerateRota makes the desk's shifts for weeks weeks from the date from
// (Europe/Oslo): one per slot and week, each with OnDuty mentors taken
// round-robin from the desk's pool, continuing where the rota left off.
// A slot that has a shift at that time already is skipped. It returns the
// shifts made.
func (s *Service) GenerateRota(ctx context.Context, deskID int64, from time.Time, weeks int) ([]Shift, error) {
	d, p, err := s.desk(ctx, deskID, true)
	if err != nil {
		return nil, err
	}
	if err := s.need(ctx, p, Manager, "desk.rota"); err != nil {
		return nil, err
	}
	var f faults
	if weeks < 1 || weeks > maxWeeks {
		f.add("weeks", fmt.Sprintf("1 to %d", maxWeeks))
	}
	if from.IsZero() {
		f.add("from", "required (a date such as 2026-09-02)")
	}
	if len(d.Mentors) < d.OnDuty {
		f.add("mentors", fmt.Sprintf("the desk has %d mentors for %d on duty", len(d.Mentors), d.OnDuty))
	}
	if len(f) > 0 {
		return nil, f.err("desks.bad_rota", "the rota")
	}
	plan := Plan(d, from, weeks)
	var out []Shift
	now := s.now()
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		next, err := s.store.CountShifts(ctx, deskID)
		if err != nil {
			return err
		}
		for _, sh := range plan {
			sh.OnDuty = Roster(d.Mentors, d.OnDuty, next)
			sh.UpdatedAt = now
			created, err := s.store.CreateShift(ctx, &sh)
			if err != nil {
				return err
			}
			if created {
				next++
				out = append(out, sh)
			}
		}
		return nil
	}, "desk.rota", p.Program.Code, "ok", fmt.Sprintf("desk %d: %d weeks", deskID, weeks))
	return out, err
}

// Plan lists a desk's openings (without mentors) for weeks weeks from the
// day of from, in time order.
func Plan(d Desk, from time.Time, weeks int) []Shift {
	y, m, day := from.In(oslo).Date()
	start := time.Date(y, m, day, 0, 0, 0, 0, oslo)
	var out []Shift
	for w := range weeks {
		for _, sl := range d.Slots {
			// the slot's weekday on or after the week's first day
			first := start.AddDate(0, 0, 7*w)
			diff := (sl.Weekday - isoWeekday(first) + 7) % 7
			date := first.AddDate(0, 0, diff)
			a, _ := clockTime(sl.Starts)
			b, _ := clockTime(sl.Ends)
			yy, mm, dd := date.Date()
			st := time.Date(yy, mm, dd, a/60, a%60, 0, 0, oslo)
			en := time.Date(yy, mm, dd, b/60, b%60, 0, 0, oslo)
			out = append(out, Shift{DeskID: d.ID, SlotID: sl.ID, StartsAt: st.UTC(), EndsAt: en.UTC(), Place: sl.Place})
		}
	}
	slices.SortStableFunc(out, func(a, b Shift) int { return a.StartsAt.Compare(b.StartsAt) })
	return out
}

func isoWeekday(t time.Time) int {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return int(t.Weekday())
}

// Roster is the duty of the k-th shift of a rota: n mentors of pool,
// round-robin (shift k starts at mentor k·n mod len(pool)).
func Roster(pool []Person, n, k int) []Duty {
	out := make([]Duty, 0, n)
	for j := range n {
		out = append(out, Duty{Person: pool[(k*n+j)%len(pool)]})
	}
	return out
}

// Shifts lists a desk's shifts; visitor counts only for mentors and
// coordinators.
func (s *Service) Shifts(ctx context.Context, deskID int64) ([]Shift, error) {
	_, p, err := s.desk(ctx, deskID, false)
	if err != nil {
		return nil, err
	}
	out, err := s.store.FindShifts(ctx, deskID)
	if p.Level < Mentor {
		for i := range out {
			out[i].Visitors = 0
		}
	}
	return out, err
}

// shift loads a shift with its desk and the actor's part.
func (s *Service) shift(ctx context.Context, id int64, write bool) (Shift, Desk, Part, error) {
	sh, err := s.store.FindShift(ctx, id)
	if err != nil {
		return Shift{}, Desk{}, Part{}, err
	}
	d, p, err := s.desk(ctx, sh.DeskID, write)
	if err != nil {
		return Shift{}, Desk{}, Part{}, err
	}
	return sh, d, p, nil
}

func (sh Shift) onDuty(pid int64) bool {
	return pid != 0 && slices.ContainsFunc(sh.OnDuty, func(d Duty) bool { return d.ParticipantID == pid })
}

// Swap actions.
const (
	SwapOffer    = "offer"    // a mentor on duty offers their duty
	SwapWithdraw = "withdraw" // …and takes the offer back
	SwapTake     = "take"     // another mentor of the desk takes an offered duty
	SwapReassign = "reassign" // a coordinator moves a duty from one mentor to another
)

// Swap offers, withdraws, takes or reassigns a duty at a shift. from and
// to are mentor ids: take may name the duty it takes (from; else the first
// offered), reassign names both.
func (s *Service) Swap(ctx context.Context, shiftID int64, action, from, to string) (Shift, error) {
	sh, d, p, err := s.shift(ctx, shiftID, true)
	if err != nil {
		return Shift{}, err
	}
	if err := s.need(ctx, p, Mentor, "shift.swap"); err != nil {
		return Shift{}, err
	}
	a := app.ActorFrom(ctx)
	var write func(ctx context.Context) error
	code := "shift.offer"
	switch action {
	case SwapOffer, SwapWithdraw:
		if action == SwapWithdraw {
			code = "shift.withdraw"
		}
		if p.Level != Mentor || !sh.onDuty(p.ParticipantID) {
			return Shift{}, s.need(ctx, Part{Program: p.Program}, Manager, "shift."+action)
		}
		write = func(ctx context.Context) error {
			return s.store.OfferDuty(ctx, shiftID, p.ParticipantID, action == SwapOffer)
		}
	case SwapTake:
		code = "shift.take"
		if p.Level != Mentor || !d.inPool(p.ParticipantID) {
			return Shift{}, s.need(ctx, Part{Program: p.Program}, Manager, "shift.take")
		}
		if sh.onDuty(p.ParticipantID) {
			return Shift{}, app.Errorf(app.CodeConflict, "desks.on_duty", "you are on duty at this shift already")
		}
		var give int64
		for _, du := range sh.OnDuty {
			if du.Offered && (from == "" || du.Ref == from) {
				give = du.ParticipantID
				break
			}
		}
		if give == 0 {
			return Shift{}, app.Errorf(app.CodeConflict, "desks.no_offer", "no duty at this shift is offered")
		}
		write = func(ctx context.Context) error {
			return s.store.MoveDuty(ctx, shiftID, give, p.ParticipantID, true, a.AccountID)
		}
	case SwapReassign:
		code = "shift.reassign"
		if err := s.need(ctx, p, Manager, "shift.reassign"); err != nil {
			return Shift{}, err
		}
		var fr Person
		for _, du := range sh.OnDuty {
			if du.Ref == from {
				fr = du.Person
			}
		}
		if fr.ParticipantID == 0 {
			return Shift{}, (faults{{Column: "from", Message: "not on duty at this shift"}}).err("desks.bad_swap", "the swap")
		}
		tp, err := s.participant(ctx, p, "mentor", to, "to")
		if err != nil {
			return Shift{}, err
		}
		if sh.onDuty(tp.ParticipantID) {
			return Shift{}, app.Errorf(app.CodeConflict, "desks.on_duty", "that mentor is on duty at this shift already")
		}
		write = func(ctx context.Context) error {
			return s.store.MoveDuty(ctx, shiftID, fr.ParticipantID, tp.ParticipantID, false, a.AccountID)
		}
	default:
		return Shift{}, (faults{{Column: "action", Message: "offer, withdraw, take or reassign"}}).err("desks.bad_swap", "the swap")
	}
	if err := s.changes.AuditedChange(ctx, write, code, p.Program.Code, "ok", fmt.Sprintf("shift %d", shiftID)); err != nil {
		return Shift{}, err
	}
	return s.store.FindShift(ctx, shiftID)
}

// VisitDraft is a line for the visitor log: empty for a student checking
// themself in (Topic optional), a count and a topic from a mentor.
type VisitDraft struct {
	Visitors int
	Topic    string
}

// checkinWindow is when a student may check in to a shift: from half an
// hour before it opens until six hours after it closes.
const (
	checkinEarly = 30 * time.Minute
	checkinLate  = 6 * time.Hour
)

// AddVisit logs a visit: a student of the program checks themself in
// (once per shift, while it is open), or a mentor of the desk or a
// coordinator adds an anonymous count with a topic tag. created is false
// for a repeated check-in.
func (s *Service) AddVisit(ctx context.Context, shiftID int64, v VisitDraft) (Visit, bool, error) {
	sh, d, p, err := s.shift(ctx, shiftID, true)
	if err != nil {
		return Visit{}, false, err
	}
	if v.Topic == "" && p.Level == Student {
		v.Topic = "other"
	}
	var f faults
	if !slices.Contains(Topics, v.Topic) {
		f.add("topic", "one of study_technique, assignment, exam, course_choice, other")
	}
	a := app.ActorFrom(ctx)
	out := Visit{ShiftID: shiftID, Topic: v.Topic, AccountID: a.AccountID}
	switch {
	case p.Level == Student:
		if v.Visitors != 0 && v.Visitors != 1 {
			f.add("visitors", "a student checks in themself only")
		}
		now := s.now()
		if now.Before(sh.StartsAt.Add(-checkinEarly)) || now.After(sh.EndsAt.Add(checkinLate)) {
			return Visit{}, false, app.Errorf(app.CodeConflict, "desks.not_open", "the desk is not open for check-in now")
		}
		out.Student = &Person{ParticipantID: p.ParticipantID}
		out.Visitors = 1
	case p.Level == Manager || (p.Level == Mentor && d.inPool(p.ParticipantID)):
		if v.Visitors < 1 || v.Visitors > maxVisitors {
			f.add("visitors", fmt.Sprintf("1 to %d", maxVisitors))
		}
		out.Visitors = v.Visitors
	default:
		return Visit{}, false, s.need(ctx, Part{Program: p.Program}, Manager, "visit.add")
	}
	if len(f) > 0 {
		return Visit{}, false, f.err("desks.bad_visit", "the visit")
	}
	out.CreatedAt = s.now()
	var created bool
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		created, err = s.store.AddVisit(ctx, &out)
		return err
	}, "visit.add", p.Program.Code, "ok", fmt.Sprintf("shift %d", shiftID))
	return out, created, err
}

// Visits returns a shift's visitor log for the desk's mentors and coordinators.
func (s *Service) Visits(ctx context.Context, shiftID int64) ([]Visit, error) {
	_, d, p, err := s.shift(ctx, shiftID, false)
	if err != nil {
		return nil, err
	}
	if p.Level != Manager && !(p.Level == Mentor && d.inPool(p.ParticipantID)) {
		return nil, s.need(ctx, Part{Program: p.Program}, Manager, "visit.list")
	}
	return s.store.FindVisits(ctx, shiftID)
}
