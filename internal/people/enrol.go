package people

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// Enrolment is one program as a student sees it on their page.
type Enrolment struct {
	Program     program.Program
	Participant *Participant // nil: not (yet) a participant
	Group       *Group       // the student's group, if placed
	Signup      Signup
	CanSignUp   bool         // an opt-in program open for sign-up
	SignupState string       // "", "open", "closed" (deadline passed) or "full"
	Rights      []StudyRight // the student's own programmes the program serves (sign-up choices)
}

// mine returns the acting person's participation in a program.
func (s *Service) mine(ctx context.Context, participantID int64) (Participant, error) {
	a := app.ActorFrom(ctx)
	p, err := s.store.FindParticipant(ctx, participantID)
	if err != nil {
		return Participant{}, err
	}
	if a == nil || a.PersonID == 0 || p.PersonID != a.PersonID {
		return Participant{}, app.NotFound("participation")
	}
	return p, nil
}

// OptOut takes the acting student out of a program (with an optional
// reason); they leave their group, which stays as it is otherwise.
func (s *Service) OptOut(ctx context.Context, participantID int64, reason string) error {
	p, err := s.mine(ctx, participantID)
	if err != nil {
		return err
	}
	if p.Role != Student {
		return app.NotFound("participation")
	}
	if err := s.inCurrentYear(ctx, p); err != nil {
		return err
	}
	p.State, p.Reason, p.StateAt = OptedOut, limit(strings.TrimSpace(reason), 500), s.clock.Now()
	return s.auditedChange(ctx, func(ctx context.Context) error {
		return s.store.UpdateParticipant(ctx, p, true)
	}, "enrolment.opt_out", fmt.Sprint(p.ProgramID), "ok", "")
}

// OptIn brings a student who opted out back in (they are placed at the
// next allocation, into an existing group first). For a sign-up it
// counts against the program's capacity and deadline again.
func (s *Service) OptIn(ctx context.Context, participantID int64) error {
	p, err := s.mine(ctx, participantID)
	if err != nil {
		return err
	}
	if p.Role != Student || p.State != OptedOut {
		return app.Invalid("enrolment.not_opted_out", "you are already taking part")
	}
	if err := s.inCurrentYear(ctx, p); err != nil {
		return err
	}
	if p.Source == FromSignup {
		if err := s.signupOpen(ctx, p.ProgramID); err != nil {
			return err
		}
	}
	p.State, p.Reason, p.StateAt = Active, "", s.clock.Now()
	return s.auditedChange(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateParticipant(ctx, p, false); err != nil {
			return err
		}
		return s.rejoin(ctx, p)
	}, "enrolment.opt_in", fmt.Sprint(p.ProgramID), "ok", "")
}

// rejoin puts a student coming back in into the group she left, if it is
// still formed: opting out and straight back in must not cost her the
// group (nor leave the coordinator to find her one). Her membership
// history says which group that was; she gets a new membership from now.
func (s *Service) rejoin(ctx context.Context, p Participant) error {
	if len(p.GroupIDs) > 0 || !p.Placeable() {
		return nil
	}
	gid, err := s.store.FindLastGroup(ctx, p.ID)
	if app.ErrorCode(err) == app.CodeNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	ctx = app.WithYear(ctx, p.Year)
	groups, err := s.groups(ctx, p.ProgramID)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if g.ID != gid || g.Reasons != "" || g.Programme != p.Programme || g.Cohort != p.Cohort {
			continue
		}
		in, err := s.inputs(ctx, p.ProgramID)
		if err != nil {
			return err
		}
		ag := AsAllocate([]Group{g})[0]
		ag.Students = append(ag.Students, p.ExternalID)
		return s.store.JoinGroup(ctx, g.ID, p.ID, coverage(ag, in.students))
	}
	return nil
}

func limit(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// signupOpen fails unless an opt-in program takes sign-ups now.
func (s *Service) signupOpen(ctx context.Context, programID int64) error {
	state, _, err := s.signupState(ctx, programID)
	if err != nil {
		return err
	}
	switch state {
	case "closed":
		return app.Invalid("enrolment.closed", "the sign-up deadline has passed")
	case "full":
		return app.Invalid("enrolment.full", "the program is full")
	}
	return nil
}

func (s *Service) signupState(ctx context.Context, programID int64) (string, Signup, error) {
	su, err := s.store.FindSignup(ctx, programID)
	if err != nil && app.ErrorCode(err) != app.CodeNotFound {
		return "", su, err
	}
	su.ProgramID = programID
	if su.Deadline != nil && !s.clock.Now().Before(*su.Deadline) {
		return "closed", su, nil
	}
	if su.Capacity != nil {
		n, err := s.countTakingPart(ctx, programID)
		if err != nil {
			return "", su, err
		}
		if n >= *su.Capacity {
			return "full", su, nil
		}
	}
	return "open", su, nil
}

// SignUp enrols the acting student in an opt-in program, in the study
// programme and cohort they choose among those the program serves.
func (s *Service) SignUp(ctx context.Context, programID int64, programme, cohort string) (int64, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return 0, app.Unauthorized()
	}
	p, err := s.programs.Get(app.WithActor(ctx, app.SystemActor), programID)
	if err != nil || !canSignUp(a, p) {
		return 0, app.NotFound("program")
	}
	if err := s.signupOpen(ctx, programID); err != nil {
		return 0, err
	}
	mine, err := s.myParticipations(ctx, a.PersonID)
	if err != nil {
		return 0, err
	}
	programme, cohort, err = s.ownChoice(ctx, a, p, mine, programme, cohort)
	if err != nil {
		return 0, err
	}
	for _, x := range mine {
		if x.ProgramID == programID && x.Role == Student {
			if x.State == OptedOut {
				return x.ID, s.OptIn(ctx, x.ID)
			}
			return x.ID, nil
		}
	}
	y, err := s.writableYear(ctx, programID, true)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.auditedChange(ctx, func(ctx context.Context) (err error) {
		id, err = s.store.CreateParticipant(ctx, Participant{ProgramID: programID, Year: y, PersonID: a.PersonID, Role: Student,
			ExternalID: "", Programme: programme, Cohort: cohort, MaxGroups: 1, Source: FromSignup, InRoster: true,
			State: Active, StateAt: s.clock.Now()})
		return err
	}, "enrolment.sign_up", p.Code, "ok", "")
	if err != nil {
		return 0, err
	}
	return id, nil
}

// canSignUp: students of the program's institution (holding the student
// role there: a staff, mentor or admin account is not enrolled as a
// student by a click), for a running opt-in program published in the
// catalogue (not disability support, which is given individually after an
// assessment).
func canSignUp(a *app.Actor, p program.Program) bool {
	return a.InstitutionID == p.InstitutionID && a.Has(app.RoleStudent, p.InstitutionID) &&
		p.Enrolment == "opt_in" && p.Public && p.Model != "disability_support" &&
		(p.Status == "pilot" || p.Status == "active")
}

// serves reports whether the program is for the programme and cohort. A
// program that names no programmes is for everyone at its institution.
func serves(p program.Program, programme, cohort string) bool {
	programme, cohort = strings.TrimSpace(programme), strings.ToUpper(strings.TrimSpace(cohort))
	if programme == "" || !validCohort(cohort) {
		return false
	}
	if len(p.Served) == 0 {
		return true
	}
	for _, sv := range p.Served {
		if sv.ProgrammeCode == programme && (sv.Cohort == "" || sv.Cohort == cohort) {
			return true
		}
	}
	return false
}

func validCohort(c string) bool {
	if len(c) != 5 || (c[4] != 'H' && c[4] != 'V') {
		return false
	}
	for _, r := range c[:4] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// MyEnrolments lists the acting person's programs as a student: those they
// take part in (with their group) and the opt-in programs open to them.
func (s *Service) MyEnrolments(ctx context.Context, open []program.Program) ([]Enrolment, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return nil, nil
	}
	mine, err := s.myParticipations(ctx, a.PersonID)
	if err != nil {
		return nil, err
	}
	var out []Enrolment
	seen := map[int64]bool{}
	for i := range mine {
		x := mine[i]
		if x.Role != Student || (!x.InRoster && x.Source == FromImport) {
			continue
		}
		p, err := s.programs.Get(app.WithActor(ctx, app.SystemActor), x.ProgramID)
		if err != nil {
			return nil, err
		}
		e := Enrolment{Program: p, Participant: &x}
		if len(x.GroupIDs) > 0 {
			g, err := s.store.FindGroup(ctx, x.GroupIDs[0])
			if err != nil {
				return nil, err
			}
			e.Group = &g
		}
		seen[p.ID] = true
		out = append(out, e)
	}
	rights, err := s.studyRights(ctx, a, mine)
	if err != nil {
		return nil, err
	}
	for _, p := range open {
		if seen[p.ID] || !canSignUp(a, p) {
			continue
		}
		// Only programs for one of her own study programmes are hers to
		// sign up for (one-to-one applications keep their own rules).
		var served []StudyRight
		for _, r := range rights {
			if serves(p, r.Programme, r.Cohort) {
				served = append(served, r)
			}
		}
		if len(served) == 0 && !OneToOne(p.Model) {
			continue
		}
		state, su, err := s.signupState(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, Enrolment{Program: p, Signup: su, SignupState: state, CanSignUp: state == "open", Rights: served})
	}
	return out, nil
}

// SignupSettings returns an opt-in program's deadline and capacity.
func (s *Service) SignupSettings(ctx context.Context, programID int64) (Signup, string, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return Signup{}, "", err
	}
	state, su, err := s.signupState(ctx, programID)
	return su, state, err
}

// SetSignup sets an opt-in program's deadline and capacity (nil: none).
func (s *Service) SetSignup(ctx context.Context, programID int64, deadline *time.Time, capacity *int) error {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return err
	}
	if capacity != nil && *capacity < 0 {
		return &app.Error{Code: app.CodeInvalid, Key: "enrolment.bad_capacity", Message: "the capacity cannot be negative",
			Details: []app.Detail{{Column: "capacity", Message: "must be 0 or more"}}}
	}
	return s.auditedChange(ctx, func(ctx context.Context) error {
		return s.store.SaveSignup(ctx, Signup{ProgramID: programID, Deadline: deadline, Capacity: capacity})
	}, "enrolment.settings", p.Code, "ok", "")
}

// OpenPrograms filters programs to those a student could sign up for.
func OpenPrograms(a *app.Actor, ps []program.Program) []program.Program {
	return slices.DeleteFunc(slices.Clone(ps), func(p program.Program) bool { return !canSignUp(a, p) })
}

// MentorGroup is a group the acting person mentors.
type MentorGroup struct {
	Program program.Program
	Group   Group
}

// MyMentorGroups lists the groups the acting person mentors.
func (s *Service) MyMentorGroups(ctx context.Context) ([]MentorGroup, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return nil, nil
	}
	mine, err := s.myParticipations(ctx, a.PersonID)
	if err != nil {
		return nil, err
	}
	var out []MentorGroup
	for _, x := range mine {
		if x.Role != Mentor || len(x.GroupIDs) == 0 {
			continue
		}
		p, err := s.programs.Get(app.WithActor(ctx, app.SystemActor), x.ProgramID)
		if err != nil {
			return nil, err
		}
		for _, id := range x.GroupIDs {
			g, err := s.store.FindGroup(ctx, id)
			if err != nil {
				return nil, err
			}
			out = append(out, MentorGroup{Program: p, Group: g})
		}
	}
	return out, nil
}

// PublicSignup is what the catalogue says of a published opt-in
// program's sign-up: its deadline and state ("open", "closed" or "full").
// It is public, like the rest of the catalogue page.
func (s *Service) PublicSignup(ctx context.Context, p program.Program) (Signup, string, error) {
	if !p.Public || p.Enrolment != "opt_in" {
		return Signup{}, "", app.NotFound("sign-up")
	}
	state, su, err := s.signupState(ctx, p.ID)
	return su, state, err
}

// MyMentorRef is the actor's mentor id in the program's current year; not
// found when they are no active mentor of it.
func (s *Service) MyMentorRef(ctx context.Context, programID int64) (string, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return "", app.Unauthorized()
	}
	if a.PersonID != 0 {
		mine, err := s.myParticipations(ctx, a.PersonID)
		if err != nil {
			return "", err
		}
		for _, x := range mine {
			if x.ProgramID == programID && x.Role == Mentor && x.State == "active" {
				return x.ExternalID, nil
			}
		}
	}
	return "", app.NotFound("mentor")
}
