package people

import (
	"context"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// StudyRight is a study programme and cohort a student is enrolled in.
type StudyRight struct {
	Programme string
	Cohort    string
}

// studyRights are the programmes and cohorts the institution's own records
// put the person in: the roster imports of its programs (the student
// register's word), never a choice made on a sign-up form. A student's
// sign-up therefore cannot claim a programme she is not in, and the
// coordinator's list of an opt-in program shows only real programmes.
func (s *Service) studyRights(ctx context.Context, a *app.Actor, mine []Participant) ([]StudyRight, error) {
	var out []StudyRight
	seen := map[StudyRight]bool{}
	for _, x := range mine {
		if x.Role != Student || x.Source != FromImport || !x.InRoster || x.Programme == "" {
			continue
		}
		p, err := s.programs.Get(app.WithActor(ctx, app.SystemActor), x.ProgramID)
		if err != nil {
			return nil, err
		}
		if p.InstitutionID != a.InstitutionID {
			continue
		}
		r := StudyRight{Programme: x.Programme, Cohort: strings.ToUpper(x.Cohort)}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out, nil
}

// ownChoice checks a sign-up's programme and cohort against the student's
// own: given ones must be hers and served by the program; none given
// takes her only served one.
func (s *Service) ownChoice(ctx context.Context, a *app.Actor, p program.Program, mine []Participant, programme, cohort string) (string, string, error) {
	rights, err := s.studyRights(ctx, a, mine)
	if err != nil {
		return "", "", err
	}
	if len(rights) == 0 {
		return "", "", app.Invalid("enrolment.no_study_right", "your study programme is not known yet; ask the program's coordinator")
	}
	programme, cohort = strings.TrimSpace(programme), strings.ToUpper(strings.TrimSpace(cohort))
	var served []StudyRight
	for _, r := range rights {
		if serves(p, r.Programme, r.Cohort) {
			served = append(served, r)
		}
	}
	if programme == "" && cohort == "" && len(served) == 1 {
		return served[0].Programme, served[0].Cohort, nil
	}
	for _, r := range served {
		if r.Programme == programme && (cohort == "" || r.Cohort == cohort) {
			return r.Programme, r.Cohort, nil
		}
	}
	if len(served) == 0 {
		return "", "", app.Invalid("enrolment.not_for_your_programme", "this program is not for your study programme")
	}
	return "", "", &app.Error{Code: app.CodeInvalid, Key: "enrolment.bad_programme", Message: "choose one of your own study programmes the program is for",
		Details: []app.Detail{{Column: "programme_code", Message: "not one of your study programmes"}}}
}
