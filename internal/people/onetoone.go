package people

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/match"
	"github.com/mentorhub/mentorhub/internal/program"
)

// Application is what a mentee fills in to apply for a one-to-one mentor.
type Application struct {
	Programme  string // their study programme (or department, for staff)
	Cohort     string // optional
	Field      string // the field they want a mentor from
	Sector     string // the sector they aim for
	Language   string // preferred language
	Campus     string
	Ranking    []string // mentor ids, most wanted first
	Motivation string
}

// OneToOne reports whether a program pairs mentees with mentors one to
// one rather than forming groups.
func OneToOne(model string) bool {
	return model == "staff_one_to_one" || model == "work_life_one_to_one"
}

// Apply records the acting person's application to a one-to-one program
// (or updates it while it awaits selection).
func (s *Service) Apply(ctx context.Context, programID int64, in Application) (int64, error) {
	a, p, prior, err := s.applicant(ctx, programID)
	if err != nil {
		return 0, err
	}
	if p.Status != "pilot" && p.Status != "active" {
		return 0, app.NotFound("program")
	}
	if prior != nil && prior.State != Applied {
		return 0, app.Invalid("onetoone.decided", "your application has already been decided")
	}
	if err := s.applyOpen(ctx, programID, prior != nil); err != nil {
		return 0, err
	}
	in.Programme, in.Field = limit(strings.TrimSpace(in.Programme), 80), limit(strings.TrimSpace(in.Field), 120)
	if in.Programme == "" {
		return 0, &app.Error{Code: app.CodeInvalid, Key: "onetoone.programme_required", Message: "say what you study or where you work",
			Details: []app.Detail{{Column: "programme_code", Message: "required"}}}
	}
	mentors, err := s.participants(ctx, programID, Mentor)
	if err != nil {
		return 0, err
	}
	known := map[string]bool{}
	for _, m := range mentors {
		known[m.ExternalID] = m.Placeable()
	}
	ranking, err := rankWishes(in.Ranking, known)
	if err != nil {
		return 0, err
	}
	y, err := s.writableYear(ctx, programID, true)
	if err != nil {
		return 0, err
	}
	x := Participant{ProgramID: programID, Year: y, PersonID: a.PersonID, Role: Student, MaxGroups: 1,
		Source: FromApplication, InRoster: true, State: Applied, StateAt: s.clock.Now()}
	if prior != nil {
		x = *prior
	}
	x.Programme, x.Cohort, x.Field = in.Programme, strings.ToUpper(strings.TrimSpace(in.Cohort)), in.Field
	x.Sector, x.Language, x.Campus = limit(strings.TrimSpace(in.Sector), 120), limit(strings.TrimSpace(in.Language), 35), limit(strings.TrimSpace(in.Campus), 80)
	x.Ranking, x.Motivation = ranking, limit(strings.TrimSpace(in.Motivation), 2000)
	if x.ID != 0 {
		err := s.auditedChange(ctx, func(ctx context.Context) error {
			return s.store.UpdateParticipant(ctx, x, false)
		}, "onetoone.change", p.Code, "ok", "")
		return x.ID, err
	}
	var id int64
	err = s.auditedChange(ctx, func(ctx context.Context) (err error) {
		id, err = s.store.CreateParticipant(ctx, x)
		return err
	}, "onetoone.apply", p.Code, "ok", "")
	if err != nil {
		return 0, err
	}
	return id, nil
}

// rankWishes keeps the wishes that name a mentor of the program, in
// order. The same mentor twice is refused, naming the later wish (the
// form's fields are rank1…rank3 in the order given), because a repeated
// wish silently shortens the ranking the applicant thinks they gave.
func rankWishes(wishes []string, known map[string]bool) ([]string, error) {
	var ranking []string
	first := map[string]int{}
	for i, id := range wishes {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if n, seen := first[id]; seen {
			return nil, (&app.Error{Code: app.CodeInvalid, Key: "apply.same_mentor",
				Message: fmt.Sprintf("wish %d names the same mentor as wish %d", i+1, n),
				Details: []app.Detail{{Column: fmt.Sprintf("rank%d", i+1), Message: fmt.Sprintf("same mentor as wish %d", n)}},
			}).WithArgs("N", i+1, "First", n)
		}
		first[id] = i + 1
		if known[id] && !slices.Contains(ranking, id) {
			ranking = append(ranking, id)
		}
	}
	return ranking, nil
}

// applyOpen fails unless the program takes applications now. Changing an
// application already made is allowed until the deadline even when the
// program is full: the applicant's place in the queue is not a new one.
func (s *Service) applyOpen(ctx context.Context, programID int64, changing bool) error {
	if !changing {
		return s.signupOpen(ctx, programID)
	}
	state, _, err := s.signupState(ctx, programID)
	if err != nil {
		return err
	}
	if state == "closed" {
		return app.Invalid("enrolment.closed", "the sign-up deadline has passed")
	}
	return nil
}

// Withdraw takes back the acting person's application to a program while
// it awaits a decision and the sign-up is open. The application is
// removed (it never joined a group), so they may apply again; the audit
// log keeps the fact.
func (s *Service) Withdraw(ctx context.Context, programID int64) error {
	_, p, mine, err := s.applicant(ctx, programID)
	if err != nil {
		return err
	}
	if mine == nil {
		return app.NotFound("application")
	}
	if mine.State != Applied {
		return app.Invalid("onetoone.decided", "your application has already been decided")
	}
	if err := s.applyOpen(ctx, programID, true); err != nil {
		return err
	}
	return s.auditedChange(ctx, func(ctx context.Context) error {
		return s.store.DeleteApplication(ctx, mine.ID)
	}, "onetoone.withdraw", p.Code, "ok", "")
}

// Select decides applications: the ids given are selected (take part),
// the other applications awaiting a decision are declined when decline
// is set, else left waiting. Selecting more than the capacity fails.
func (s *Service) Select(ctx context.Context, programID int64, selected []int64, decline bool) error {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return err
	}
	sts, err := s.participants(ctx, programID, Student)
	if err != nil {
		return err
	}
	su, err := s.store.FindSignup(ctx, programID)
	if err != nil && app.ErrorCode(err) != app.CodeNotFound {
		return err
	}
	active := 0
	for _, x := range sts {
		if x.Placeable() {
			active++
		}
	}
	chosen := 0
	for _, x := range sts {
		if x.State == Applied && slices.Contains(selected, x.ID) {
			chosen++
		}
	}
	if su.Capacity != nil && active+chosen > *su.Capacity {
		return app.Invalid("onetoone.over_capacity", fmt.Sprintf("only %d places are left", max(*su.Capacity-active, 0)))
	}
	// Every decision and the audit entry: one unit, so a selection is
	// never half made.
	return s.auditedChange(ctx, func(ctx context.Context) error {
		for _, x := range sts {
			if x.State != Applied {
				continue
			}
			switch {
			case slices.Contains(selected, x.ID):
				x.State = Active
			case decline:
				x.State = Declined
			default:
				continue
			}
			x.StateAt = s.clock.Now()
			if err := s.store.UpdateParticipant(ctx, x, false); err != nil {
				return err
			}
		}
		return nil
	}, "onetoone.select", p.Code, "ok", fmt.Sprintf("%d selected", chosen))
}

// MatchPreview is a proposed one-to-one assignment.
type MatchPreview struct {
	Result      match.Result
	MenteeNames map[string]string
	MentorNames map[string]string
}

func (s *Service) matchInputs(ctx context.Context, programID int64) ([]match.Mentee, []match.Mentor, *MatchPreview, map[string]int64, error) {
	sts, err := s.participants(ctx, programID, Student)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	ms, err := s.participants(ctx, programID, Mentor)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	pv := &MatchPreview{MenteeNames: map[string]string{}, MentorNames: map[string]string{}}
	pid := map[string]int64{}
	var mentees []match.Mentee
	var mentors []match.Mentor
	for _, x := range sts {
		if !x.Placeable() {
			continue
		}
		id := menteeKey(x)
		pid["s:"+id] = x.ID
		pv.MenteeNames[id] = x.Name()
		mentees = append(mentees, match.Mentee{ID: id, Field: firstNonEmpty(x.Field, x.Programme), Sector: x.Sector,
			Language: x.Language, Campus: x.Campus, Ranking: x.Ranking})
	}
	for _, m := range ms {
		if !m.Placeable() {
			continue
		}
		pid["m:"+m.ExternalID] = m.ID
		pv.MentorNames[m.ExternalID] = m.Name()
		mentors = append(mentors, match.Mentor{ID: m.ExternalID, Field: firstNonEmpty(m.Field, m.Programme), Sector: m.Sector,
			Languages: m.Languages, Campus: m.Campus, Capacity: m.MaxGroups})
	}
	return mentees, mentors, pv, pid, nil
}

func menteeKey(x Participant) string {
	if x.ExternalID != "" {
		return x.ExternalID
	}
	return fmt.Sprintf("p%d", x.PersonID)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// PlanMatch proposes the optimal one-to-one assignment of the program's
// selected mentees to its mentors, with the reasons for every pair.
func (s *Service) PlanMatch(ctx context.Context, programID int64) (*MatchPreview, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return nil, err
	}
	mentees, mentors, pv, _, err := s.matchInputs(ctx, programID)
	if err != nil {
		return nil, err
	}
	pv.Result = match.Match(mentees, mentors, match.DefaultWeights)
	return pv, nil
}

// AcceptMatch stores the assignment as pairs (a group of one mentee and
// one mentor, with the reasons), replacing earlier pairs.
func (s *Service) AcceptMatch(ctx context.Context, programID int64) (*MatchPreview, error) {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return nil, err
	}
	mentees, mentors, pv, pid, err := s.matchInputs(ctx, programID)
	if err != nil {
		return nil, err
	}
	pv.Result = match.Match(mentees, mentors, match.DefaultWeights)
	groups := make([]Group, 0, len(pv.Result.Pairs))
	for i, pr := range pv.Result.Pairs {
		groups = append(groups, Group{ProgramID: programID, Code: fmt.Sprintf("p%d", i+1),
			Name:      pv.MenteeNames[pr.Mentee] + " – " + pv.MentorNames[pr.Mentor],
			Reasons:   strings.Join(pr.Reasons, "; "),
			Students:  []Member{{ParticipantID: pid["s:"+pr.Mentee], ID: pr.Mentee}},
			Mentors:   []Member{{ParticipantID: pid["m:"+pr.Mentor], ID: pr.Mentor}},
			Programme: "", Cohort: ""})
	}
	resultJS, _ := json.Marshal(pv.Result)
	rec := AllocationRecord{ProgramID: programID, AccountID: app.ActorFrom(ctx).AccountID, Mode: "match", Params: "{}", Result: string(resultJS)}
	err = s.auditedChange(ctx, func(ctx context.Context) error {
		_, err := s.saveGroups(ctx, rec, groups)
		return err
	}, "onetoone.match", p.Code, "ok", fmt.Sprintf("%d pairs", len(groups)))
	if err != nil {
		return nil, err
	}
	return pv, nil
}

// MentorOffer is what an applicant sees of a mentor to rank them.
type MentorOffer struct {
	ID, Name, Field, Sector, Campus string
	Languages                       []string
}

// mayApply: mentees of a published one-to-one program are students of its
// institution (DOMAIN.md: work-life and staff programs mentor students), not
// any account there; others do not see its mentors either.
func mayApply(a *app.Actor, p program.Program) bool {
	return a.InstitutionID == p.InstitutionID && a.Has(app.RoleStudent, p.InstitutionID) && p.Public && OneToOne(p.Model)
}

// OfferedMentors lists the mentors of a public one-to-one program for
// applicants of its institution to rank, and the applicant's application
// if they have one.
func (s *Service) OfferedMentors(ctx context.Context, programID int64) (program.Program, []MentorOffer, *Participant, error) {
	_, p, mine, err := s.applicant(ctx, programID)
	if err != nil {
		return program.Program{}, nil, nil, err
	}
	ms, err := s.participants(ctx, programID, Mentor)
	if err != nil {
		return p, nil, nil, err
	}
	var out []MentorOffer
	for _, m := range ms {
		if m.Placeable() {
			out = append(out, MentorOffer{ID: m.ExternalID, Name: m.Name(), Field: firstNonEmpty(m.Field, m.Programme),
				Sector: m.Sector, Campus: m.Campus, Languages: m.Languages})
		}
	}
	return p, out, mine, nil
}

// applicant is the acting person, the public one-to-one program they may
// apply to (else not found), and their application to it (nil: none).
func (s *Service) applicant(ctx context.Context, programID int64) (*app.Actor, program.Program, *Participant, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return nil, program.Program{}, nil, app.Unauthorized()
	}
	p, err := s.programs.Get(app.WithActor(ctx, app.SystemActor), programID)
	if err != nil || !mayApply(a, p) {
		return nil, program.Program{}, nil, app.NotFound("program")
	}
	mine, err := s.myParticipations(ctx, a.PersonID)
	if err != nil {
		return nil, program.Program{}, nil, err
	}
	for i := range mine {
		if mine[i].ProgramID == programID && mine[i].Role == Student {
			return a, p, &mine[i], nil
		}
	}
	return a, p, nil, nil
}
