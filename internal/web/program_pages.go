package web

import (
	"net/http"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// studentProgram is one program on the student's "My mentor program".
type studentProgram struct {
	people.Enrolment
	Weeks     []sessions.Session // the group's meetings, in time order
	Plenaries []sessions.Session
}

// myProgramData is the student's "My mentor program" page.
type myProgramData struct {
	Programs    []studentProgram
	Services    []sessions.SupportService
	CalendarURL string
	Checked     *sessions.CheckinResult // the check-in just made
	Code        string
	Summary     errorSummary
	CodeError   string
}

// myProgram gathers the programs the student takes part in, with their
// meetings by week, the institution's support services and the
// student's calendar address.
func (s *Server) myProgram(r *http.Request) (*myProgramData, error) {
	ctx := r.Context()
	a := actorOf(r)
	d := &myProgramData{}
	if !a.Has(app.RoleStudent, a.InstitutionID) {
		return d, nil
	}
	enrolments, err := s.studentSection(r)
	if err != nil {
		return nil, err
	}
	for _, e := range enrolments {
		if e.Participant == nil || e.Participant.State != "active" {
			continue
		}
		sp := studentProgram{Enrolment: e}
		list, _, err := s.Sessions.List(ctx, e.Program.ID)
		if err != nil && app.ErrorCode(err) != app.CodeForbidden {
			return nil, err
		}
		for _, se := range list {
			if se.Plenary() {
				sp.Plenaries = append(sp.Plenaries, se)
			} else {
				sp.Weeks = append(sp.Weeks, se)
			}
		}
		d.Programs = append(d.Programs, sp)
	}
	if d.Services, err = s.Sessions.Services(ctx, a.InstitutionID); err != nil {
		return nil, err
	}
	if a.PersonID != 0 {
		secret, err := s.Sessions.MySecret(ctx)
		if err != nil {
			return nil, err
		}
		d.CalendarURL = s.calendarURL(r, secret)
	}
	return d, nil
}

// handleMyProgram is the student's "My mentor program": their group and
// mentors, the weeks with meetings and what each is about, plenaries,
// where to get help, the calendar feed and the check-in form.
func (s *Server) handleMyProgram(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	if !a.Has(app.RoleStudent, a.InstitutionID) {
		return app.Forbidden()
	}
	d, err := s.myProgram(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "sessions/program", d)
	return nil
}

// handleMyCheckin checks the logged-in student in with the code their
// mentor shows. Attempts are rate-limited as on the public page.
func (s *Server) handleMyCheckin(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	if !a.Has(app.RoleStudent, a.InstitutionID) {
		return app.Forbidden()
	}
	code := strings.TrimSpace(r.FormValue("code"))
	var res sessions.CheckinResult
	err := checkinInput(code)
	if err == nil {
		err = s.limitCode(r)
	}
	if err == nil {
		res, err = s.Sessions.CheckInMine(r.Context(), code)
	}
	d, derr := s.myProgram(r)
	if derr != nil {
		return derr
	}
	status := http.StatusOK
	if err != nil {
		e := app.AsError(err)
		if e.Code == app.CodeInternal {
			return err
		}
		status = statusOf(e.Code)
		setRetryAfter(w, e)
		d.Code = code
		d.CodeError = errorText(r, err)
		d.Summary = errorSummary{ID: "checkin-errors", Heading: printerOf(r).T("checkin.problem"),
			Items: []summaryItem{{Field: "checkin-code", Label: printerOf(r).T("checkin.code"), Message: d.CodeError}}}
	} else {
		d.Checked = &res
	}
	s.render(w, r, status, "sessions/program", d)
	return nil
}

// checkinInput refuses an empty code before it counts as an attempt.
func checkinInput(code string) error {
	if strings.TrimSpace(code) == "" {
		return &app.Error{Code: app.CodeInvalid, Key: "checkin.code_required", Message: "give the code your mentor shows",
			Details: []app.Detail{{Column: "code", Message: "required"}}}
	}
	return nil
}
