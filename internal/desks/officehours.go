package desks

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// OfficeHourDraft is an office-hour slot to publish: a mentor publishes
// their own (Mentor ""), a coordinator names the mentor.
type OfficeHourDraft struct {
	Mentor   string
	StartsAt time.Time
	Minutes  int
	Place    string
}

// PublishOfficeHour publishes an office-hour slot for one student to book.
func (s *Service) PublishOfficeHour(ctx context.Context, programID int64, d OfficeHourDraft) (OfficeHour, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return OfficeHour{}, err
	}
	if err := s.need(ctx, p, Mentor, "office_hour.publish"); err != nil {
		return OfficeHour{}, err
	}
	var f faults
	f.line(&d.Place, "place", maxName, true)
	if d.StartsAt.IsZero() {
		f.add("starts_at", "required (RFC 3339)")
	} else if d.StartsAt.Before(s.now()) {
		f.add("starts_at", "must be in the future")
	}
	if d.Minutes < 5 || time.Duration(d.Minutes)*time.Minute > maxSlotLen {
		f.add("minutes", "5 to 480")
	}
	if len(f) > 0 {
		return OfficeHour{}, f.err("office_hours.bad", "the office hour")
	}
	o := OfficeHour{ProgramID: programID, Year: p.Year, StartsAt: d.StartsAt.UTC(), Place: d.Place}
	o.EndsAt = o.StartsAt.Add(time.Duration(d.Minutes) * time.Minute)
	if p.Level == Mentor {
		if d.Mentor != "" {
			return OfficeHour{}, s.need(ctx, Part{Program: p.Program}, Manager, "office_hour.publish_other")
		}
		o.Mentor = Person{ParticipantID: p.ParticipantID}
	} else if o.Mentor, err = s.participant(ctx, p, "mentor", d.Mentor, "mentor"); err != nil {
		return OfficeHour{}, err
	}
	o.UpdatedAt = s.now()
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error { return s.store.CreateOfficeHour(ctx, &o) },
		"office_hour.publish", p.Program.Code, "ok", "")
	if err != nil {
		return OfficeHour{}, err
	}
	return s.store.FindOfficeHour(ctx, o.ID)
}

// OfficeHours lists the program year's office hours: all for
// coordinators; a mentor's own and, like students, every slot of others
// that is not cancelled, without who booked it unless it is the reader.
func (s *Service) OfficeHours(ctx context.Context, programID int64) ([]OfficeHour, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, err
	}
	if err := s.need(ctx, p, Student, "office_hour.list"); err != nil {
		return nil, err
	}
	all, err := s.store.FindOfficeHours(ctx, programID, p.Year)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, o := range all {
		if o2, ok := p.view(o); ok {
			out = append(out, o2)
		}
	}
	return out, nil
}

// view is what a part sees of a slot.
func (p Part) view(o OfficeHour) (OfficeHour, bool) {
	if p.Level == Manager || o.Mentor.ParticipantID == p.ParticipantID {
		return o, true
	}
	if o.Booking != nil && o.Booking.Student.ParticipantID == p.ParticipantID {
		return o, true
	}
	if o.CancelledAt != nil {
		return o, false
	}
	o.Booking = nil
	return o, true
}

// officeHour loads a slot with the actor's part in its program year.
func (s *Service) officeHour(ctx context.Context, id int64) (OfficeHour, Part, error) {
	o, err := s.store.FindOfficeHour(ctx, id)
	if err != nil {
		return OfficeHour{}, Part{}, err
	}
	p, err := s.within(ctx, o.ProgramID, o.Year, "office hour", true)
	if err != nil {
		return OfficeHour{}, Part{}, err
	}
	if _, ok := p.view(o); !ok {
		return OfficeHour{}, Part{}, app.NotFound("office hour")
	}
	return o, p, nil
}

// Book books a slot for the acting student: one student per slot, so of
// many booking at once exactly one wins and the rest get a conflict.
func (s *Service) Book(ctx context.Context, slotID int64) (OfficeHour, error) {
	o, p, err := s.officeHour(ctx, slotID)
	if err != nil {
		return OfficeHour{}, err
	}
	if p.Level != Student {
		return OfficeHour{}, s.need(ctx, Part{Program: p.Program}, Manager, "office_hour.book")
	}
	if o.CancelledAt != nil {
		return OfficeHour{}, app.Errorf(app.CodeConflict, "office_hours.cancelled", "the office hour is cancelled")
	}
	if !o.StartsAt.After(s.now()) {
		return OfficeHour{}, app.Errorf(app.CodeConflict, "office_hours.past", "the office hour has begun")
	}
	if o.Booking != nil {
		if o.Booking.Student.ParticipantID == p.ParticipantID {
			return o, nil
		}
		return OfficeHour{}, app.Errorf(app.CodeConflict, "office_hours.taken", "the office hour is booked")
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		_, err := s.store.Book(ctx, slotID, p.ParticipantID)
		return err
	}, "office_hour.book", p.Program.Code, "ok", fmt.Sprintf("office hour %d", slotID))
	if err != nil {
		return OfficeHour{}, err
	}
	return s.store.FindOfficeHour(ctx, slotID)
}

// CancelOfficeHour cancels: the booking student their booking (the slot
// is free again), the slot's mentor or a coordinator the slot with any
// booking. Both stay in the feeds as STATUS:CANCELLED.
func (s *Service) CancelOfficeHour(ctx context.Context, slotID int64) (OfficeHour, error) {
	o, p, err := s.officeHour(ctx, slotID)
	if err != nil {
		return OfficeHour{}, err
	}
	var write func(ctx context.Context) error
	action := "office_hour.cancel"
	switch {
	case p.Level == Manager || (p.Level == Mentor && o.Mentor.ParticipantID == p.ParticipantID):
		if o.CancelledAt != nil {
			return o, nil
		}
		write = func(ctx context.Context) error { return s.store.CancelOfficeHour(ctx, slotID) }
	case p.Level == Student && o.Booking != nil && o.Booking.Student.ParticipantID == p.ParticipantID:
		action = "appointment.cancel"
		write = func(ctx context.Context) error { return s.store.CancelBooking(ctx, slotID) }
	case p.Level == Student:
		return OfficeHour{}, app.Errorf(app.CodeConflict, "office_hours.not_booked", "you have not booked this office hour")
	default:
		return OfficeHour{}, s.need(ctx, Part{Program: p.Program}, Manager, "office_hour.cancel")
	}
	if err := s.changes.AuditedChange(ctx, write, action, p.Program.Code, "ok", fmt.Sprintf("office hour %d", slotID)); err != nil {
		return OfficeHour{}, err
	}
	o, err = s.store.FindOfficeHour(ctx, slotID)
	if err != nil {
		return OfficeHour{}, err
	}
	o, _ = p.view(o)
	return o, nil
}

// Feed returns the desks' events of the person whose calendar secret it
// is: appointments (both parties), office-hour slots and desk shifts (the
// mentor's), cancelled ones marked. An unknown secret is not found.
func (s *Service) Feed(ctx context.Context, secret string) ([]Event, error) {
	if len(secret) != 43 {
		return nil, app.NotFound("calendar")
	}
	id, err := s.store.FindFeedPerson(ctx, secret)
	if err != nil {
		return nil, err
	}
	out, err := s.store.FindPersonEvents(ctx, id)
	slices.SortStableFunc(out, func(a, b Event) int { return a.Start.Compare(b.Start) })
	return out, err
}
