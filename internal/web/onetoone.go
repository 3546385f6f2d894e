package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

type applyData struct {
	Program program.Program
	Mentors []people.MentorOffer
	Mine    *people.Participant
	Ranks   []int
	Errors  []applyError
	Wishes  map[int]string    // rank → mentor id, as sent or as applied
	Open    bool              // the application may still be changed or withdrawn
	Values  map[string]string // the form's fields, as sent or as applied
}

// applyFields are the apply form's text fields.
var applyFields = []string{"programme", "cohort", "field", "sector", "language", "campus", "motivation"}

// Value is a field of the form, for the template.
func (d applyData) Value(name string) string { return d.Values[name] }

// Invalid reports whether a message of the form is about the field id.
func (d applyData) Invalid(id string) bool {
	for _, e := range d.Errors {
		if e.Field == id {
			return true
		}
	}
	return false
}

// applyError is one message of the apply form, in the reader's language,
// with the id of the field it is about (empty: the form as a whole).
type applyError struct {
	Field, Message string
}

// WishOf is the mentor id chosen as wish n (1-based), for the template.
func (d applyData) WishOf(n int) string { return d.Wishes[n] }

func (s *Server) applyPage(w http.ResponseWriter, r *http.Request, status int, errs []applyError) error {
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
	d := applyData{Program: p, Mentors: ms, Mine: mine, Ranks: []int{1, 2, 3}, Errors: errs, Wishes: map[int]string{},
		Values: map[string]string{}}
	if mine != nil {
		d.Open = mine.State == people.Applied
		for i, id := range mine.Ranking {
			d.Wishes[i+1] = id
		}
		d.Values = map[string]string{"programme": mine.Programme, "cohort": mine.Cohort, "field": mine.Field,
			"sector": mine.Sector, "language": mine.Language, "campus": mine.Campus, "motivation": mine.Motivation}
	}
	if r.Method == http.MethodPost && r.URL.Path == fmt.Sprintf("/me/programs/%d/apply", id) {
		// A refused form comes back as it was sent, not as it was stored.
		for _, n := range d.Ranks {
			d.Wishes[n] = r.FormValue(fmt.Sprintf("rank%d", n))
		}
		for _, f := range applyFields {
			d.Values[f] = r.FormValue(f)
		}
	}
	s.render(w, r, status, "programs/apply", d)
	return nil
}

// applyErrors turns a refused application into the form's messages, each
// translated and pointing at its field where it has one.
func applyErrors(r *http.Request, e *app.Error) []applyError {
	msg := errorText(r, e)
	field := ""
	switch {
	case strings.HasPrefix(e.Key, "apply.same_mentor") && len(e.Details) > 0:
		field = e.Details[0].Column
	case e.Key == "onetoone.programme_required":
		field = "programme"
	}
	return []applyError{{Field: field, Message: msg}}
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
			return s.applyPage(w, r, http.StatusUnprocessableEntity, applyErrors(r, e))
		}
		return err
	}
	http.Redirect(w, r, "/?done=applied#sec-student", http.StatusSeeOther)
	return nil
}

// handleWithdrawApplication takes back the acting student's application
// while it awaits a decision.
func (s *Server) handleWithdrawApplication(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	if err := s.People.Withdraw(r.Context(), id); err != nil {
		if e := app.AsError(err); e.Code == app.CodeInvalid {
			return s.applyPage(w, r, http.StatusUnprocessableEntity, applyErrors(r, e))
		}
		return err
	}
	http.Redirect(w, r, "/?done=withdrawn#sec-student", http.StatusSeeOther)
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
