package desks

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// RecordTalk records a one-to-one talk as held: a mentor records their own
// (mentor ""), a coordinator names the mentor. Nothing of what was said is
// taken.
func (s *Service) RecordTalk(ctx context.Context, programID int64, mentor, student string, heldAt time.Time, minutes int) (Talk, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Talk{}, err
	}
	if err := s.need(ctx, p, Mentor, "talk.record"); err != nil {
		return Talk{}, err
	}
	var f faults
	if heldAt.IsZero() {
		f.keyed(app.Detail{Column: "held_at", Key: "desks.field.required", Message: "required (RFC 3339)"})
	} else if heldAt.After(s.now().Add(time.Hour)) {
		f.keyed(app.Detail{Column: "held_at", Key: "desks.field.held_later", Message: "a talk is recorded once it is held"})
	}
	if minutes < 1 || minutes > maxMinutes {
		f.keyed(app.Detail{Column: "minutes", Key: "desks.field.minutes", Message: fmt.Sprintf("1 to %d", maxMinutes),
			Args: map[string]any{"Max": maxMinutes}})
	}
	if len(f) > 0 {
		return Talk{}, f.err("talks.bad", "the talk")
	}
	t := Talk{ProgramID: programID, Year: p.Year, HeldAt: heldAt.UTC(), Minutes: minutes, CreatedAt: s.now()}
	if p.Level == Mentor {
		if mentor != "" {
			return Talk{}, s.need(ctx, Part{Program: p.Program}, Manager, "talk.record_other")
		}
		t.Mentor = Person{ParticipantID: p.ParticipantID}
	} else if t.Mentor, err = s.participant(ctx, p, "mentor", mentor, "mentor"); err != nil {
		return Talk{}, err
	}
	if t.Student, err = s.participant(ctx, p, "student", student, "student"); err != nil {
		return Talk{}, err
	}
	if a := app.ActorFrom(ctx); a != nil {
		t.AccountID = a.AccountID
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error { return s.store.CreateTalk(ctx, &t) },
		"talk.record", p.Program.Code, "ok", "")
	if err != nil {
		return Talk{}, err
	}
	all, err := s.store.FindTalks(ctx, programID, p.Year)
	for _, x := range all {
		if x.ID == t.ID {
			return x, err
		}
	}
	return t, err
}

// Talks lists the program year's talks: all for coordinators, their own
// for a mentor or a student.
func (s *Service) Talks(ctx context.Context, programID int64) ([]Talk, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, err
	}
	if err := s.need(ctx, p, Student, "talk.list"); err != nil {
		return nil, err
	}
	all, err := s.store.FindTalks(ctx, programID, p.Year)
	if err != nil || p.Level == Manager {
		return all, err
	}
	return slices.DeleteFunc(all, func(t Talk) bool {
		return t.Mentor.ParticipantID != p.ParticipantID && t.Student.ParticipantID != p.ParticipantID
	}), nil
}

// RecordNote records, for coordinators, a participant's reflection note:
// received, approved or rejected on a date, and whether it gives credits.
// A later record replaces the earlier.
func (s *Service) RecordNote(ctx context.Context, programID int64, ref, state string, on time.Time, credit bool) (Note, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Note{}, err
	}
	if err := s.need(ctx, p, Manager, "note.record"); err != nil {
		return Note{}, err
	}
	var f faults
	if !slices.Contains(NoteStates, state) {
		f.keyed(app.Detail{Column: "state", Key: "desks.field.note_state", Message: "received, approved or rejected"})
	}
	if on.IsZero() {
		f.keyed(app.Detail{Column: "recorded_on", Key: "desks.field.required", Message: "required (a date such as 2026-12-01)"})
	}
	if credit && state != "approved" {
		f.keyed(app.Detail{Column: "credit", Key: "desks.field.credit", Message: "only an approved note gives credits"})
	}
	if len(f) > 0 {
		return Note{}, f.err("notes.bad", "the reflection note")
	}
	per, err := s.store.FindParticipant(ctx, programID, p.Year, "", ref)
	if err != nil {
		if app.ErrorCode(err) == app.CodeNotFound {
			return Note{}, (faults{{Column: "participant", Key: "desks.field.not_participant", Message: "not a participant of this program year"}}).err("notes.bad", "the reflection note")
		}
		return Note{}, err
	}
	n := Note{Participant: per, ProgramID: programID, Year: p.Year, State: state, Credit: credit, RecordedOn: on.UTC(), UpdatedAt: s.now()}
	if a := app.ActorFrom(ctx); a != nil {
		n.AccountID = a.AccountID
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error { return s.store.SaveNote(ctx, &n) },
		"note.record", p.Program.Code, "ok", state)
	return n, err
}

// Notes lists the program year's reflection notes: all for coordinators,
// their own for others.
func (s *Service) Notes(ctx context.Context, programID int64) ([]Note, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, err
	}
	if err := s.need(ctx, p, Student, "note.list"); err != nil {
		return nil, err
	}
	all, err := s.store.FindNotes(ctx, programID, p.Year)
	if err != nil || p.Level == Manager {
		return all, err
	}
	return slices.DeleteFunc(all, func(n Note) bool { return n.Participant.ParticipantID != p.ParticipantID }), nil
}
