package sessions

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// held reports whether a session counts as held at now: not cancelled,
// and begun (or with someone checked in already).
func held(se Session, now time.Time) bool {
	return !se.Cancelled() && (!se.StartsAt.After(now) || se.Present > 0)
}

// FollowUps lists the program year's students to follow up, for the
// coordinators (every group) and mentors (their groups): those absent
// from their group's last two or more sessions (an excused absence ends
// the run), with "never came" when they were present at none, and those
// below the year's attendance requirement. Students cannot read it.
// Each comes with what has been done so far.
func (s *Service) FollowUps(ctx context.Context, programID int64) ([]FollowUp, Part, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, Part{}, err
	}
	if err := s.need(ctx, p, Mentor, "followups.read"); err != nil {
		return nil, Part{}, err
	}
	all, err := s.Standings(ctx, p)
	if err != nil {
		return nil, Part{}, err
	}
	out := all[:0]
	for _, f := range all {
		if len(f.Reasons) > 0 {
			out = append(out, f)
		}
	}
	acts, err := s.store.FindActions(ctx, programID, p.Year)
	if err != nil {
		return nil, Part{}, err
	}
	for i := range out {
		out[i].Actions = acts[out[i].ParticipantID]
		if out[i].Actions == nil {
			out[i].Actions = []Action{}
		}
	}
	s.audit(ctx, "followups.read", p.Program.Code, "ok", "")
	return out, p, nil
}

// yearData is what the standings and the report read of a program year:
// one query each, whatever the number of sessions.
type yearData struct {
	members  []Member
	sessions []Session // narrow rows (see Store.FindYearSessions), in time order
	marks    []Mark
	req      float64
	hasReq   bool
}

func (s *Service) yearData(ctx context.Context, p Part, more ...func(ctx context.Context) error) (d yearData, err error) {
	id, y := p.Program.ID, p.Year
	err = s.store.Together(ctx, append([]func(context.Context) error{
		func(ctx context.Context) (err error) { d.members, err = s.store.FindMembers(ctx, id, y); return },
		func(ctx context.Context) (err error) { d.sessions, err = s.store.FindYearSessions(ctx, id, y); return },
		func(ctx context.Context) (err error) { d.marks, err = s.store.FindMarks(ctx, id, y); return },
		func(ctx context.Context) (err error) {
			d.req, d.hasReq, err = s.store.FindRequirement(ctx, id, y)
			return
		},
	}, more...)...)
	return d, err
}

// Standings computes every student's attendance of their group's held
// sessions in the part's program year (a mentor's part: their groups
// only), with the follow-up reasons that apply.
func (s *Service) Standings(ctx context.Context, p Part) ([]FollowUp, error) {
	d, err := s.yearData(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.standings(p, d), nil
}

func (s *Service) standings(p Part, d yearData) []FollowUp {
	members, sessions, marks, req, hasReq := d.members, d.sessions, d.marks, d.req, d.hasReq
	now := s.clock.Now()
	byGroup := map[int64][]Session{}
	for _, se := range sessions {
		if se.GroupID != 0 && held(se, now) {
			byGroup[se.GroupID] = append(byGroup[se.GroupID], se)
		}
	}
	for _, ss := range byGroup {
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].StartsAt.Before(ss[j].StartsAt) })
	}
	// A student's marks, looked up among their own few: a map of
	// students, not of every check-in of the year.
	mine := make(map[int64][]Mark, len(members))
	for _, m := range marks {
		mine[m.ParticipantID] = append(mine[m.ParticipantID], m)
	}
	markOf := func(x, session int64) string {
		for _, m := range mine[x] {
			if m.SessionID == session {
				return m.Status
			}
		}
		return ""
	}
	var out []FollowUp
	for _, m := range members {
		if p.Level < Manager && !p.Groups[m.GroupID] {
			continue
		}
		f := FollowUp{ParticipantID: m.ParticipantID, PersonID: m.PersonID, StudentNumber: m.StudentNumber, Name: m.Name,
			GroupID: m.GroupID, GroupName: m.GroupName, Reasons: []string{}}
		ss := byGroup[m.GroupID]
		run := true
		for i := len(ss) - 1; i >= 0; i-- {
			se := ss[i]
			if se.RosterAt.Before(m.ValidFrom) {
				continue // before they joined the group
			}
			f.Expected++
			switch markOf(m.ParticipantID, se.ID) {
			case Present:
				f.Attended++
				run = false
				if f.LastPresent == nil {
					t := se.StartsAt
					f.LastPresent = &t
				}
			case Excused:
				f.Excused++
				run = false
			default:
				if run {
					f.MissedInARow++
				}
			}
		}
		if n := f.Expected - f.Excused; n > 0 {
			f.Share = float64(f.Attended) / float64(n)
		}
		if f.MissedInARow >= 2 {
			f.Reasons = append(f.Reasons, ReasonAbsentStreak)
			if f.Attended == 0 {
				f.Reasons = append(f.Reasons, ReasonNeverCame)
			}
		}
		if hasReq && f.Expected-f.Excused > 0 && f.Share < req {
			f.Reasons = append(f.Reasons, ReasonAtRisk)
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].GroupName != out[j].GroupName {
			return out[i].GroupName < out[j].GroupName
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// RecordAction records what was done to follow a student up (one of
// Actions; "referred" names a support service of the institution).
func (s *Service) RecordAction(ctx context.Context, programID int64, studentNumber, action string, serviceID int64) (Action, error) {
	// Who may comes first: someone kept out learns nothing from the body.
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Action{}, err
	}
	if err := s.need(ctx, p, Mentor, "followups.record"); err != nil {
		return Action{}, err
	}
	if !slices.Contains(Actions, action) {
		return Action{}, invalid("followups.bad_action", "action", "action must be one of message_sent, talked, no_answer, referred, resolved")
	}
	who, err := s.followed(ctx, p, studentNumber)
	if err != nil {
		return Action{}, err
	}
	var svcName string
	if action == "referred" {
		svcs, err := s.store.FindServices(ctx, p.Program.InstitutionID)
		if err != nil {
			return Action{}, err
		}
		for _, x := range svcs {
			if x.ID == serviceID {
				svcName = x.Name
			}
		}
		if svcName == "" {
			return Action{}, invalid("followups.bad_service", "service_id", "name one of the institution's support services")
		}
	} else {
		serviceID = 0
	}
	accountID, by := accountOf(ctx), ""
	if a := app.ActorFrom(ctx); a != nil {
		by = a.Name
	}
	out := Action{Action: action, ServiceID: serviceID, Service: svcName, By: by, At: s.clock.Now().UTC()}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		out.ID, err = s.store.CreateAction(ctx, programID, p.Year, who.ParticipantID, action, serviceID, accountID)
		return err
	}, "followups.record", p.Program.Code, "ok", action)
	return out, err
}

// Services lists the institution's support services, for referrals.
func (s *Service) Services(ctx context.Context, institutionID int64) ([]SupportService, error) {
	return s.store.FindServices(ctx, institutionID)
}

// SetRequirement sets or clears (nil) the program year's attendance
// requirement, a share from 0 to 1 (the medical program: 0.6).
func (s *Service) SetRequirement(ctx context.Context, programID int64, share *float64) error {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return err
	}
	if err := s.need(ctx, p, Manager, "attendance.requirement"); err != nil {
		return err
	}
	if share != nil && (*share <= 0 || *share > 1) {
		return invalid("attendance.bad_requirement", "share", "the requirement is a share above 0 and at most 1 (60 % is 0.6)")
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.SaveRequirement(ctx, programID, p.Year, share)
	}, "attendance.requirement", p.Program.Code, "ok", "")
}

// Requirement returns the program year's attendance requirement.
func (s *Service) Requirement(ctx context.Context, p Part) (float64, bool, error) {
	return s.store.FindRequirement(ctx, p.Program.ID, p.Year)
}

// SaveService adds or updates (by name) a support service of an
// institution (its admins).
func (s *Service) SaveService(ctx context.Context, svc SupportService) (SupportService, error) {
	if !app.ActorFrom(ctx).IsAdminOf(svc.InstitutionID) {
		return SupportService{}, app.Forbidden()
	}
	svc.Name, svc.About = strings.TrimSpace(svc.Name), strings.TrimSpace(svc.About)
	svc.URL, svc.Email, svc.Phone = strings.TrimSpace(svc.URL), strings.TrimSpace(svc.Email), strings.TrimSpace(svc.Phone)
	switch {
	case svc.Name == "" || len(svc.Name) > 200 || strings.ContainsAny(svc.Name, "\r\n"):
		return SupportService{}, invalid("services.bad_name", "name", "a name of one line, at most 200 characters")
	case len(svc.About) > 2000 || len(svc.URL) > 500 || len(svc.Email) > 200 || len(svc.Phone) > 50:
		return SupportService{}, invalid("services.too_long", "about", "a text is too long")
	case svc.URL != "" && !strings.HasPrefix(svc.URL, "https://") && !strings.HasPrefix(svc.URL, "http://"):
		return SupportService{}, invalid("services.bad_url", "url", "a web address starts with https://")
	}
	existing, err := s.store.FindServices(ctx, svc.InstitutionID)
	if err != nil {
		return SupportService{}, err
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		svc.ID, err = s.store.SaveService(ctx, svc, len(existing))
		return err
	}, "services.save", svc.Name, "ok", "")
	return svc, err
}

// RetireService takes a support service off the institution's directory
// (its admins); referrals made to it keep its name.
func (s *Service) RetireService(ctx context.Context, institutionID, id int64) error {
	if !app.ActorFrom(ctx).IsAdminOf(institutionID) {
		return app.Forbidden()
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.RetireService(ctx, institutionID, id)
	}, "services.retire", "", "ok", "")
}

// followed is a student in a group now whom the part follows up:
// coordinators any, mentors their groups' (invalid otherwise).
func (s *Service) followed(ctx context.Context, p Part, studentNumber string) (Member, error) {
	members, err := s.store.FindMembers(ctx, p.Program.ID, p.Year)
	if err != nil {
		return Member{}, err
	}
	for _, m := range members {
		if m.StudentNumber == studentNumber && (p.Level >= Manager || p.Groups[m.GroupID]) {
			return m, nil
		}
	}
	return Member{}, invalid("followups.not_yours", "student_number", "the student is not in a group you follow up")
}
