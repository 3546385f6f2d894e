package web

import (
	"net/http"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// checkinPage is the public check-in page (the QR code leads here).
type checkinPage struct {
	Code, Number string
	Checked      *sessions.CheckinResult
	Errors       map[string]string // by field id
	Summary      errorSummary
}

// handleCheckinForm shows the public check-in form, with the code from
// the QR code filled in.
func (s *Server) handleCheckinForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "sessions/checkin", &checkinPage{Code: sessions.NormaliseCode(r.URL.Query().Get("code"))})
	return nil
}

// handleCheckinSubmit checks a student in by the session's code and their
// student number, without a login. Every attempt with a code counts
// against the client's and everyone's limit (429 beyond), so that codes
// cannot be guessed.
func (s *Server) handleCheckinSubmit(w http.ResponseWriter, r *http.Request) error {
	d := &checkinPage{Code: strings.TrimSpace(r.FormValue("code")), Number: strings.TrimSpace(r.FormValue("student_number"))}
	pr := printerOf(r)
	var err error
	switch {
	case d.Code == "":
		err = checkinInput(d.Code)
	case d.Number == "":
		err = &app.Error{Code: app.CodeInvalid, Key: "checkin.number_required", Message: "give your student number",
			Details: []app.Detail{{Column: "student_number", Message: "required"}}}
	default:
		if err = s.limitCode(r); err == nil {
			var res sessions.CheckinResult
			if res, err = s.Sessions.CheckInByNumber(r.Context(), d.Code, d.Number); err == nil {
				d.Checked = &res
			}
		}
	}
	if err == nil {
		s.render(w, r, http.StatusOK, "sessions/checkin", d)
		return nil
	}
	e := app.AsError(err)
	if e.Code == app.CodeInternal {
		return err
	}
	field, label := "checkin-code", pr.T("checkin.code")
	if len(e.Details) > 0 && e.Details[0].Column == "student_number" {
		field, label = "checkin-number", pr.T("checkin.student_number")
	}
	msg := errorText(r, err)
	d.Errors = map[string]string{field: msg}
	d.Summary = errorSummary{ID: "checkin-errors", Heading: pr.T("checkin.problem"), Items: []summaryItem{{Field: field, Label: label, Message: msg}}}
	if e.Code == app.CodeTooMany {
		d.Errors = nil
		d.Summary.Items[0].Field = ""
		setRetryAfter(w, e)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, statusOf(e.Code), "sessions/checkin", d)
	return nil
}
