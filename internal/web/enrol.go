package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

// studentSection is what a student sees of their programs on their page.
func (s *Server) studentSection(r *http.Request) ([]people.Enrolment, error) {
	a := actorOf(r)
	list, err := s.Programs.Catalogue(r.Context(), program.Filter{})
	if err != nil {
		return nil, err
	}
	return s.People.MyEnrolments(r.Context(), people.OpenPrograms(a, list))
}

func participationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, app.NotFound("participation")
	}
	return id, nil
}

// handleOptOut takes the student out of a program, with an optional reason.
func (s *Server) handleOptOut(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := participationID(r)
	if err != nil {
		return err
	}
	if err := s.People.OptOut(r.Context(), id, r.FormValue("reason")); err != nil {
		return err
	}
	http.Redirect(w, r, "/?done=opted_out#sec-student", http.StatusSeeOther)
	return nil
}

// handleOptIn brings the student back in.
func (s *Server) handleOptIn(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := participationID(r)
	if err != nil {
		return err
	}
	if err := s.People.OptIn(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/?done=opted_in#sec-student", http.StatusSeeOther)
	return nil
}

// handleSignUp enrols the student in an opt-in program.
func (s *Server) handleSignUp(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	programme, cohort, _ := strings.Cut(r.FormValue("served"), " ")
	if v := strings.TrimSpace(r.FormValue("programme")); v != "" {
		programme = v
	}
	if v := strings.TrimSpace(r.FormValue("cohort")); v != "" {
		cohort = v
	}
	if _, err := s.People.SignUp(r.Context(), id, programme, cohort); err != nil {
		if e := app.AsError(err); e.Code == app.CodeInvalid {
			return s.signupPage(w, r, http.StatusUnprocessableEntity, e)
		}
		return err
	}
	http.Redirect(w, r, "/?done=signed_up#sec-student", http.StatusSeeOther)
	return nil
}
