package training

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// GateStore is what the gate needs of the database.
type GateStore interface {
	FindYear(ctx context.Context, programID int64, year int) (Year, error)
	SetGate(ctx context.Context, programID int64, year int, on bool) error
	SetOverride(ctx context.Context, participantID int64, reason string, accountID int64) error
}

// standing computes the mentors' standing of a program year.
func (s *Service) standing(ctx context.Context, p program.Program, year int) (Standing, error) {
	y, err := s.gates.FindYear(ctx, p.ID, year)
	if err != nil {
		return Standing{}, err
	}
	mods, err := s.store.FindModules(ctx, p.InstitutionID)
	if err != nil {
		return Standing{}, err
	}
	st := Standing{Year: year, Gate: y.Gate, Required: Required(y.Required != nil, y.Required, mods)}
	for _, m := range y.Mentors {
		ms := MentorStatus{YearMentor: m, Missing: []string{}}
		for _, r := range st.Required {
			if !slices.Contains(y.Done[m.PersonID], r.ID) {
				ms.Missing = append(ms.Missing, r.Code)
			}
		}
		st.Mentors = append(st.Mentors, ms)
	}
	return st, nil
}

// Blocked lists the mentors of a program year whom the gate keeps from
// leading a group (participant id → the modules they miss): none when the
// year's gate is off. For services that have checked the caller's access.
func (s *Service) Blocked(ctx context.Context, programID int64, year int) (map[int64][]string, error) {
	p, err := s.programs.Get(app.WithActor(ctx, app.SystemActor), programID)
	if err != nil {
		return nil, err
	}
	st, err := s.standing(ctx, p, year)
	if err != nil || !st.Gate {
		return nil, err
	}
	out := map[int64][]string{}
	for _, m := range st.Mentors {
		if m.Blocked(true) {
			out[m.ParticipantID] = m.Missing
		}
	}
	return out, nil
}

// manage finds a program the actor coordinates and the year the request
// works in (written, when write); forbidden to others (callers write the
// denial to the audit log).
func (s *Service) manage(ctx context.Context, programID int64, write bool) (program.Program, int, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return program.Program{}, 0, app.Unauthorized()
	}
	p, err := s.programs.Get(ctx, programID)
	if err != nil {
		return program.Program{}, 0, err
	}
	if !program.CanEdit(a, p) {
		return program.Program{}, 0, app.Forbidden()
	}
	year, err := s.years.ReadYear(ctx, programID)
	if write {
		year, err = s.years.WriteYear(ctx, programID)
	}
	return p, year, err
}

// Standing is the program year's requirement and every active mentor's
// standing against it (the program's coordinators).
func (s *Service) Standing(ctx context.Context, programID int64) (Standing, error) {
	p, year, err := s.manage(ctx, programID, false)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "training.read", fmt.Sprint(programID), "denied", "")
	}
	if err != nil {
		return Standing{}, err
	}
	return s.standing(ctx, p, year)
}

// SetGate turns on or off, for the program's current year, the rule that
// a mentor must have completed the required training before leading a
// group (coordinators).
func (s *Service) SetGate(ctx context.Context, programID int64, on bool) error {
	p, year, err := s.manage(ctx, programID, true)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "training.gate", fmt.Sprint(programID), "denied", "")
	}
	if err != nil {
		return err
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.gates.SetGate(ctx, p.ID, year, on)
	}, "training.gate", fmt.Sprint(programID), "ok", fmt.Sprintf("year %d: %v", year, on))
}

// MaxReason bounds an override's reason.
const MaxReason = 500

// Override lets a mentor of the program's current year lead a group
// without the required training, for a reason the coordinator gives (kept
// with the override; the audit log names the mentor); an empty reason
// withdraws the override.
func (s *Service) Override(ctx context.Context, programID, participantID int64, reason string) error {
	p, year, err := s.manage(ctx, programID, true)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "training.override", fmt.Sprint(programID), "denied", "")
	}
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n > MaxReason {
		return &app.Error{Code: app.CodeInvalid, Key: "training.reason_long", Message: fmt.Sprintf("the reason is %d characters long, at most %d are allowed", n, MaxReason),
			Args: map[string]any{"Count": n, "N": MaxReason}, Details: []app.Detail{{Column: "reason", Key: "training.reason_long", Message: "too long",
				Args: map[string]any{"Count": n, "N": MaxReason}}}}
	}
	y, err := s.gates.FindYear(ctx, p.ID, year)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(y.Mentors, func(m YearMentor) bool { return m.ParticipantID == participantID })
	if i < 0 {
		return app.NotFound("mentor")
	}
	a := app.ActorFrom(ctx)
	outcome := "ok"
	if reason == "" {
		outcome = "withdrawn"
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.gates.SetOverride(ctx, participantID, reason, a.AccountID)
	}, "training.override", y.Mentors[i].Ref, outcome, fmt.Sprintf("program %d, year %d", programID, year))
}
