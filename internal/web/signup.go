package web

import (
	"net/http"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

// signupData is a student's sign-up page for one opt-in program: the way
// in from the catalogue, and where a refused sign-up comes back to.
type signupData struct {
	Program   program.Program
	Enrolment *people.Enrolment // nil: the program is not open to her
	Summary   errorSummary
}

// handleSignUpForm shows the sign-up of one program (after a login).
func (s *Server) handleSignUpForm(w http.ResponseWriter, r *http.Request) error {
	return s.signupPage(w, r, http.StatusOK, nil)
}

func (s *Server) signupPage(w http.ResponseWriter, r *http.Request, status int, problem *app.Error) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	list, err := s.Programs.Catalogue(r.Context(), program.Filter{})
	if err != nil {
		return err
	}
	d := signupData{}
	for _, p := range list {
		if p.ID == id {
			d.Program = p
		}
	}
	// Only the institution's students reach a running opt-in program's
	// sign-up, as with the sign-up itself.
	if d.Program.ID == 0 || len(people.OpenPrograms(a, []program.Program{d.Program})) == 0 {
		return app.NotFound("program")
	}
	if people.OneToOne(d.Program.Model) {
		http.Redirect(w, r, "/me/programs/"+r.PathValue("id")+"/apply", http.StatusSeeOther)
		return nil
	}
	mine, err := s.People.MyEnrolments(r.Context(), people.OpenPrograms(a, []program.Program{d.Program}))
	if err != nil {
		return err
	}
	for i := range mine {
		if mine[i].Program.ID == id {
			d.Enrolment = &mine[i]
		}
	}
	if problem != nil {
		pr := printerOf(r)
		field := ""
		if d.Enrolment != nil && len(d.Enrolment.Rights) > 1 {
			field = "served-" + r.PathValue("id")
		}
		d.Summary = errorSummary{ID: "signup-errors", Heading: pr.T("a11y.signup.refused"),
			Items: []summaryItem{{Field: field, Message: errorText(r, problem)}}}
	}
	pg := s.page(r, d.Program.Name, d)
	pg.NoIndex = true
	s.renderPage(w, r, status, "programs/signup", pg)
	return nil
}
