package web

import (
	"net/http"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

// dashboardData holds one section per role of the actor.
type dashboardData struct {
	Institution  org.Institution
	Roles        []app.Role
	Institutions []org.Institution // national admins
	Units        int
	Programmes   int
	Students     int
	Accounts     int
	Programs     []program.Program
	Published    int                // of Programs, those in the catalogue: what leadership counts
	Enrolments   []people.Enrolment // the student's programs
	MentorGroups []people.MentorGroup
	Done         string
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		s.render(w, r, http.StatusOK, "home", nil)
		return nil
	}
	ctx := r.Context()
	d := dashboardData{Roles: a.RoleSet()}
	var err error
	if d.Institution, err = s.Org.Institution(ctx, a.InstitutionID); err != nil {
		return err
	}
	if a.National {
		if d.Institutions, err = s.Org.Institutions(ctx); err != nil {
			return err
		}
	}
	units, err := s.Org.Units(ctx, a.InstitutionID)
	if err != nil {
		return err
	}
	progs, err := s.Org.Programmes(ctx, a.InstitutionID)
	if err != nil {
		return err
	}
	d.Units, d.Programmes = len(units), len(progs)
	for _, p := range progs {
		d.Students += p.Students
	}
	if a.IsAdminOf(a.InstitutionID) {
		accts, err := s.Auth.Accounts(ctx, a.InstitutionID)
		if err != nil {
			return err
		}
		d.Accounts = len(accts)
	}
	if d.Programs, err = s.Programs.List(ctx); err != nil {
		return err
	}
	for _, p := range d.Programs {
		if p.Public {
			d.Published++
		}
	}
	if a.Has(app.RoleStudent, a.InstitutionID) {
		if d.Enrolments, err = s.studentSection(r); err != nil {
			return err
		}
	}
	if a.Has(app.RoleMentor, a.InstitutionID) {
		if d.MentorGroups, err = s.People.MyMentorGroups(ctx); err != nil {
			return err
		}
	}
	d.Done = r.URL.Query().Get("done")
	s.render(w, r, http.StatusOK, "dashboard/index", d)
	return nil
}
