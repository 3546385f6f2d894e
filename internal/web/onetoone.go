package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

type applyData struct {
	Program program.Program
	Mentors []people.MentorOffer
	Mine    *people.Participant
	Ranks   []int
	Errors  []app.Detail
}

func (s *Server) applyPage(w http.ResponseWriter, r *http.Request, status int, errs []app.Detail) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	p, ms, mine, err := s.People.OfferedMentors(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, status, "programs/apply", applyData{Program: p, Mentors: ms, Mine: mine, Ranks: []int{1, 2, 3}, Errors: errs})
	return nil
}

func (s *Server) handleApplyForm(w http.ResponseWriter, r *http.Request) error {
	return s.applyPage(w, r, http.StatusOK, nil)
}

// handleApply records a mentee's application to a one-to-one program.
func (s *Server) handleApply(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	in := people.Application{Programme: r.FormValue("programme"), Cohort: r.FormValue("cohort"), Field: r.FormValue("field"),
		Sector: r.FormValue("sector"), Language: r.FormValue("language"), Campus: r.FormValue("campus"),
		Motivation: r.FormValue("motivation")}
	for i := 1; i <= 3; i++ {
		if v := r.FormValue(fmt.Sprintf("rank%d", i)); v != "" {
			in.Ranking = append(in.Ranking, v)
		}
	}
	if _, err := s.People.Apply(r.Context(), id, in); err != nil {
		if e := app.AsError(err); e.Code == app.CodeInvalid {
			ds := e.Details
			if len(ds) == 0 {
				ds = []app.Detail{{Message: printerOf(r).TMap(e.Key, e.Args)}}
			}
			return s.applyPage(w, r, http.StatusUnprocessableEntity, ds)
		}
		return err
	}
	http.Redirect(w, r, "/?done=applied#sec-student", http.StatusSeeOther)
	return nil
}

type applicationsData struct {
	Program    program.Program
	Tab        string
	Applicants []people.Participant
	Signup     people.Signup
	Match      *people.MatchPreview
	Done       string
}

func (s *Server) applicationsData(r *http.Request, p program.Program) (*applicationsData, error) {
	d := &applicationsData{Program: p, Tab: "applications"}
	sts, err := s.People.Participants(r.Context(), p.ID, people.Student)
	if err != nil {
		return nil, err
	}
	for _, x := range sts {
		if x.Source == people.FromApplication {
			d.Applicants = append(d.Applicants, x)
		}
	}
	if d.Signup, _, err = s.People.SignupSettings(r.Context(), p.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// handleApplications shows a one-to-one program's applications, the
// selection step and the matching.
func (s *Server) handleApplications(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	d, err := s.applicationsData(r, p)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	s.render(w, r, http.StatusOK, "programs/applications", d)
	return nil
}

// handleSelect decides applications.
func (s *Server) handleSelect(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return app.Invalid("error.invalid", "bad form")
	}
	var ids []int64
	for _, v := range r.Form["selected"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	if err := s.People.Select(r.Context(), p.ID, ids, r.FormValue("decline_rest") == "true"); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/applications?done=selected", p.ID), http.StatusSeeOther)
	return nil
}

// handleMatch previews (or, with accept, stores) the one-to-one matching.
func (s *Server) handleMatch(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	if r.FormValue("accept") == "true" {
		if _, err := s.People.AcceptMatch(r.Context(), p.ID); err != nil {
			return err
		}
		http.Redirect(w, r, fmt.Sprintf("/programs/%d/groups?done=matched", p.ID), http.StatusSeeOther)
		return nil
	}
	d, err := s.applicationsData(r, p)
	if err != nil {
		return err
	}
	if d.Match, err = s.People.PlanMatch(r.Context(), p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "programs/applications", d)
	return nil
}
