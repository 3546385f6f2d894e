package training

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// EventStore is what events need of the database.
type EventStore interface {
	CreateEvent(ctx context.Context, e *Event, accountID int64) error
	FindEvent(ctx context.Context, id int64) (Event, error)
	// FindEvents lists an institution's events from a time on (every one
	// for the zero time), soonest first.
	FindEvents(ctx context.Context, inst int64, from time.Time) ([]Event, error)
	// SignUp puts a person on an event's roster unless it is full or
	// cancelled (a conflict); signing up twice changes nothing.
	SignUp(ctx context.Context, eventID, personID int64) error
	FindSignups(ctx context.Context, eventID int64) ([]Signup, error)
	// Mark sets a person's status on the roster (adding them if absent
	// from it) and, for attended, records the module as completed on the
	// event's day in the same unit.
	Mark(ctx context.Context, ev Event, personID int64, status string, accountID int64) error
	// FindEventByCode returns the event of institution inst with a
	// check-in code; not found for none.
	FindEventByCode(ctx context.Context, inst int64, code string) (Event, error)
	// CancelEvent marks an event cancelled.
	CancelEvent(ctx context.Context, id int64) error
	// FindPersonSignups returns the status of each of a person's
	// sign-ups, by event.
	FindPersonSignups(ctx context.Context, personID int64) (map[int64]string, error)
	// Withdraw takes a person off an event's roster, giving the place
	// back.
	Withdraw(ctx context.Context, eventID, personID int64) error
}

// MaxPlace bounds an event's place.
const MaxPlace = 200

// CreateEvent plans a training event of the institution (admins and
// coordinators).
func (s *Service) CreateEvent(ctx context.Context, d EventDraft) (Event, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return Event{}, app.Unauthorized()
	}
	inst := a.InstitutionID
	if !runsEvents(a, inst) {
		s.audit(ctx, "training.event", "", "denied", "event")
		return Event{}, app.Forbidden()
	}
	mods, err := s.store.FindModules(ctx, inst)
	if err != nil {
		return Event{}, err
	}
	var ds []app.Detail
	j := slices.IndexFunc(mods, func(m Module) bool { return m.Code == d.Module })
	if j < 0 {
		ds = append(ds, app.Detail{Column: "module_id", Key: "training.module_unknown", Message: fmt.Sprintf("no training module %q", d.Module), Args: map[string]any{"Code": d.Module}})
	}
	switch {
	case d.StartsAt.IsZero():
		ds = append(ds, app.Detail{Column: "starts_at", Key: "training.event_time", Message: "when the event begins"})
	case !d.EndsAt.After(d.StartsAt) || d.EndsAt.Sub(d.StartsAt) > 24*time.Hour:
		ds = append(ds, app.Detail{Column: "ends_at", Key: "training.event_end", Message: "after the start, the same day or the next"})
	}
	d.Place = strings.TrimSpace(d.Place)
	if utf8.RuneCountInString(d.Place) > MaxPlace {
		ds = append(ds, app.Detail{Column: "place", Key: "training.event_place", Message: fmt.Sprintf("at most %d characters", MaxPlace)})
	}
	if d.Capacity < 1 || d.Capacity > 10000 {
		ds = append(ds, app.Detail{Column: "capacity", Key: "training.event_capacity", Message: "from 1 to 10000 places"})
	}
	if len(ds) > 0 {
		return Event{}, &app.Error{Code: app.CodeInvalid, Key: "training.bad_event", Message: "the event cannot be planned", Details: ds}
	}
	e := Event{InstitutionID: inst, ModuleID: mods[j].ID, Module: mods[j].Code, ModuleName: mods[j].Name, StartsAt: d.StartsAt.UTC(),
		EndsAt: d.EndsAt.UTC(), Place: d.Place, Capacity: d.Capacity}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		// A fresh check-in code, another on the (rare) clash.
		for try := 0; ; try++ {
			e.CheckinCode = sessions.NewCode()
			err := s.events.CreateEvent(ctx, &e, a.AccountID)
			if app.ErrorCode(err) != app.CodeConflict || try == 4 {
				return err
			}
		}
	}, "training.event", e.Module, "ok", e.StartsAt.Format(time.RFC3339))
	return e, err
}

// runsEvents tells whether the actor plans and marks the institution's
// training events: its admins and coordinators.
func runsEvents(a *app.Actor, inst int64) bool {
	if a.IsAdminOf(inst) {
		return true
	}
	return slices.ContainsFunc(a.Grants, func(g app.Grant) bool { return g.Role == app.RoleCoordinator && g.InstitutionID == inst })
}

// Check-in at a training event is open from CheckinEarly before it begins
// until it ends.
const CheckinEarly = 30 * time.Minute

// CheckIn marks the actor attended at the event whose check-in code the
// trainer showed (typed as people type codes: any case, spaces and
// dashes ignored), which records the module as completed; a person not on
// the roster who came is added to it. A wrong code, or one of another
// institution, is not found; a cancelled event, or one not under way, is a
// conflict.
func (s *Service) CheckIn(ctx context.Context, code string) (Event, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return Event{}, app.Unauthorized()
	}
	bad := &app.Error{Code: app.CodeNotFound, Key: "training.bad_code", Message: "no training event has this code",
		Details: []app.Detail{{Column: "code", Key: "training.bad_code", Message: "no training event has this code"}}}
	c := sessions.NormaliseCode(code)
	if c == "" {
		return Event{}, bad
	}
	e, err := s.events.FindEventByCode(ctx, a.InstitutionID, c)
	if app.ErrorCode(err) == app.CodeNotFound {
		s.audit(ctx, "training.checkin", "", "denied", "")
		return Event{}, bad
	}
	if err != nil {
		return Event{}, err
	}
	now := s.clock.Now()
	switch {
	case e.CancelledAt != nil:
		return Event{}, &app.Error{Code: app.CodeConflict, Key: "training.event_cancelled", Message: "the event is cancelled"}
	case now.Before(e.StartsAt.Add(-CheckinEarly)) || !now.Before(e.EndsAt):
		return Event{}, &app.Error{Code: app.CodeConflict, Key: "training.checkin_closed", Message: "check-in is open from half an hour before the event until it ends"}
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.events.Mark(ctx, e, a.PersonID, Attended, a.AccountID)
	}, "training.checkin", e.Module, "ok", fmt.Sprint(e.ID))
	e.CheckinCode = ""
	return e, err
}

// Events lists the institution's coming events (and those of the last
// two weeks, whose rosters may still be marked), for anyone logged in.
func (s *Service) Events(ctx context.Context) ([]Event, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return nil, app.Unauthorized()
	}
	es, err := s.events.FindEvents(ctx, a.InstitutionID, s.clock.Now().Add(-14*24*time.Hour))
	if !runsEvents(a, a.InstitutionID) {
		for i := range es {
			es[i].CheckinCode = "" // the trainer's to show, not the mentors' to read
		}
	}
	return es, err
}

// Event returns an event of the actor's institution (without its
// check-in code).
func (s *Service) Event(ctx context.Context, id int64) (Event, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return Event{}, app.Unauthorized()
	}
	e, err := s.event(ctx, a, id)
	e.CheckinCode = ""
	return e, err
}

// event finds an event of the actor's institution; others' do not exist.
func (s *Service) event(ctx context.Context, a *app.Actor, id int64) (Event, error) {
	e, err := s.events.FindEvent(ctx, id)
	if err != nil {
		return Event{}, err
	}
	if e.InstitutionID != a.InstitutionID && !a.National && !a.System {
		return Event{}, app.NotFound("event")
	}
	return e, nil
}

// SignUp puts the actor on an event's roster: a person of the institution
// with a mentor participation, before the event begins.
func (s *Service) SignUp(ctx context.Context, id int64) error {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return app.Unauthorized()
	}
	e, err := s.event(ctx, a, id)
	if err != nil {
		return err
	}
	switch {
	case e.CancelledAt != nil:
		return &app.Error{Code: app.CodeConflict, Key: "training.event_cancelled", Message: "the event is cancelled"}
	case !s.clock.Now().Before(e.StartsAt):
		return &app.Error{Code: app.CodeConflict, Key: "training.event_begun", Message: "the event has begun: sign-up is closed"}
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.events.SignUp(ctx, id, a.PersonID)
	}, "training.signup", e.Module, "ok", fmt.Sprint(id))
}

// CancelEvent cancels an event that has not begun (admins and
// coordinators of its institution): nobody signs up for it or checks in
// any more, those signed up are mailed (a job each) and their calendar
// feeds show it cancelled.
// Cancelling it again changes nothing.
func (s *Service) CancelEvent(ctx context.Context, id int64) error {
	a := app.ActorFrom(ctx)
	if a == nil {
		return app.Unauthorized()
	}
	e, err := s.event(ctx, a, id)
	if err != nil {
		return err
	}
	if !runsEvents(a, e.InstitutionID) {
		s.audit(ctx, "training.event_cancel", "", "denied", "event")
		return app.Forbidden()
	}
	switch {
	case e.CancelledAt != nil:
		return nil
	case !s.clock.Now().Before(e.StartsAt):
		return &app.Error{Code: app.CodeConflict, Key: "training.event_begun_cancel", Message: "the event has begun: it cannot be cancelled"}
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		if err := s.events.CancelEvent(ctx, id); err != nil {
			return err
		}
		return s.tellCancelled(ctx, id)
	}, "training.event_cancel", e.Module, "ok", fmt.Sprint(id))
}

// Withdraw takes the actor off an event's roster before it begins, so
// that their place is free for another; nothing changes for one not
// signed up.
func (s *Service) Withdraw(ctx context.Context, id int64) error {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return app.Unauthorized()
	}
	e, err := s.event(ctx, a, id)
	if err != nil {
		return err
	}
	if !s.clock.Now().Before(e.StartsAt) {
		return &app.Error{Code: app.CodeConflict, Key: "training.event_begun_withdraw", Message: "the event has begun: the sign-up stands"}
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.events.Withdraw(ctx, id, a.PersonID)
	}, "training.withdraw", e.Module, "ok", fmt.Sprint(id))
}

// MySignups returns the actor's own sign-ups: the status of each, by
// event.
func (s *Service) MySignups(ctx context.Context) (map[int64]string, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return map[int64]string{}, nil
	}
	return s.events.FindPersonSignups(ctx, a.PersonID)
}

// Roster lists an event's sign-ups (admins and coordinators).
func (s *Service) Roster(ctx context.Context, id int64) (Event, []Signup, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return Event{}, nil, app.Unauthorized()
	}
	e, err := s.event(ctx, a, id)
	if err != nil {
		return Event{}, nil, err
	}
	if !runsEvents(a, e.InstitutionID) {
		s.audit(ctx, "training.read", "", "denied", "event")
		return Event{}, nil, app.Forbidden()
	}
	ss, err := s.events.FindSignups(ctx, id)
	return e, ss, err
}

// Mark records whether a person (student number or employee id) came to
// an event that has begun (admins and coordinators of the institution);
// attended records the module as completed on the event's day.
func (s *Service) Mark(ctx context.Context, id int64, ref, status string) error {
	a := app.ActorFrom(ctx)
	if a == nil {
		return app.Unauthorized()
	}
	e, err := s.event(ctx, a, id)
	if err != nil {
		return err
	}
	if !runsEvents(a, e.InstitutionID) {
		s.audit(ctx, "training.attendance", "", "denied", "event")
		return app.Forbidden()
	}
	if status != Attended && status != Absent {
		return &app.Error{Code: app.CodeInvalid, Key: "training.bad_status", Message: "status: attended or absent",
			Details: []app.Detail{{Column: "status", Key: "training.bad_status", Message: "attended or absent"}}}
	}
	if s.clock.Now().Before(e.StartsAt) {
		return &app.Error{Code: app.CodeConflict, Key: "training.event_not_begun", Message: "attendance is marked once the event has begun"}
	}
	person, err := s.store.FindPersonRef(ctx, e.InstitutionID, ref)
	if err != nil {
		return &app.Error{Code: app.CodeInvalid, Key: "training.person_unknown", Message: "no such person in the institution",
			Details: []app.Detail{{Column: "person_id", Key: "training.person_unknown", Message: "no such person in the institution"}}}
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.events.Mark(ctx, e, person, status, a.AccountID)
	}, "training.attendance", e.Module, status, fmt.Sprint(id))
}
