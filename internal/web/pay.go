package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/program"
)

// The hours-and-pay pages: a mentor's month (/me/programs/{id}/timesheet),
// pre-filled from what mentorhub knows, and the coordinator's Pay tab
// (/programs/{id}/pay): rates, the month's timesheets to approve or
// return, and the payroll to download.

// timesheetForm is a month's lines as the form shows them.
type timesheetForm struct {
	Category string
	Hours    string
	Items    string
	HasItems bool   // the category is paid per item
	Error    string // the line's problem
}

type myTimesheetData struct {
	Program  program.Program
	MentorID string
	Month    string
	Rates    payroll.Rates
	RatesSet bool
	Lines    []timesheetForm
	Mine     []payroll.Timesheet
	Open     *payroll.Timesheet // the month's submitted or approved timesheet
	Done     string
	Problem  string
}

// monthParam is ?month= (or the form's), else this month in Oslo.
func monthParam(r *http.Request, now time.Time) string {
	m := r.FormValue("month")
	if m == "" {
		m = now.In(osloLocation).Format("2006-01")
	}
	return m
}

func (s *Server) myTimesheetData(r *http.Request) (*myTimesheetData, error) {
	a := actorOf(r)
	if a == nil {
		return nil, app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return nil, err
	}
	d := &myTimesheetData{Month: monthParam(r, s.now())}
	ts, err := s.Payroll.Timesheets(r.Context(), id, "")
	if err != nil {
		return nil, err
	}
	d.Mine = ts
	me, err := s.People.MyMentorRef(r.Context(), id)
	if err != nil {
		return nil, err
	}
	d.MentorID = me
	if d.Program, err = s.Programs.Get(r.Context(), id); err != nil {
		return nil, err
	}
	if d.Rates, d.RatesSet, err = s.Payroll.Rates(r.Context(), id); err != nil {
		return nil, err
	}
	if me != "" {
		// The mentor's own hourly rate: their contract's, if any.
		h, err := s.Payroll.HourlyFor(r.Context(), id, me)
		switch {
		case err == nil:
			d.Rates.Hourly = h
		case app.ErrorCode(err) != app.CodeNotFound:
			return nil, err
		}
	}
	for i := range ts {
		if ts[i].Month == d.Month && ts[i].State != payroll.Returned {
			d.Open = &ts[i]
		}
	}
	return d, nil
}

// fill sets the form's lines from a draft.
func (d *myTimesheetData) fill(dr payroll.Draft) {
	d.Lines = nil
	for _, c := range payroll.Categories {
		f := timesheetForm{Category: c, Hours: "0", Items: "0"}
		_, f.HasItems = d.Rates.PerItem[c]
		for _, l := range dr.Lines {
			if l.Category == c {
				f.Hours = strconv.FormatFloat(l.Hours, 'f', -1, 64)
				f.Items = strconv.FormatFloat(l.Items, 'f', -1, 64)
			}
		}
		if c == "training" && !d.Rates.TrainingPaid {
			continue
		}
		d.Lines = append(d.Lines, f)
	}
}

func (s *Server) handleMyTimesheet(w http.ResponseWriter, r *http.Request) error {
	d, err := s.myTimesheetData(r)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	if d.Open == nil {
		dr, err := s.Payroll.Prefill(r.Context(), d.Program.ID, d.MentorID, d.Month)
		if err != nil {
			if app.ErrorCode(err) != app.CodeInvalid {
				return err
			}
			d.Problem, d.Month = errorText(r, err), s.now().In(osloLocation).Format("2006-01")
			dr, err = s.Payroll.Prefill(r.Context(), d.Program.ID, d.MentorID, d.Month)
			if err != nil {
				return err
			}
		}
		d.fill(dr)
	}
	s.render(w, r, http.StatusOK, "payroll/mine", d)
	return nil
}

// readLines reads the form's hours_<category> and items_<category>; a
// number that is no number is kept as written and refused by the service
// as -1.
func readLines(r *http.Request) []payroll.DraftLine {
	num := func(v string) float64 {
		v = strings.ReplaceAll(strings.TrimSpace(v), ",", ".")
		if v == "" {
			return 0
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return -1
		}
		return f
	}
	var out []payroll.DraftLine
	for _, c := range payroll.Categories {
		h, it := r.PostFormValue("hours_"+c), r.PostFormValue("items_"+c)
		if h == "" && it == "" {
			continue
		}
		out = append(out, payroll.DraftLine{Category: c, Hours: num(h), Items: num(it)})
	}
	return out
}

func (s *Server) handleMyTimesheetSubmit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.myTimesheetData(r)
	if err != nil {
		return err
	}
	dr := payroll.Draft{MentorID: d.MentorID, Month: d.Month, Lines: readLines(r)}
	if _, err = s.Payroll.Submit(r.Context(), d.Program.ID, dr); err == nil {
		http.Redirect(w, r, fmt.Sprintf("/me/programs/%d/timesheet?month=%s&done=submitted", d.Program.ID, url.QueryEscape(d.Month)), http.StatusSeeOther)
		return nil
	}
	e := app.AsError(err)
	if e.Code != app.CodeInvalid && e.Code != app.CodeConflict {
		return err
	}
	// The form again with what was written and each line's problem.
	d.fill(dr)
	for i := range d.Lines {
		d.Lines[i].Hours, d.Lines[i].Items = r.PostFormValue("hours_"+d.Lines[i].Category), r.PostFormValue("items_"+d.Lines[i].Category)
	}
	pr := printerOf(r)
	for _, det := range e.Details {
		msg := detailText(pr, det)
		for j, l := range dr.Lines {
			if strings.HasPrefix(det.Column, fmt.Sprintf("lines[%d]", j)) {
				for i := range d.Lines {
					if d.Lines[i].Category == l.Category {
						d.Lines[i].Error = msg
					}
				}
			}
		}
	}
	d.Problem = errorText(r, err)
	s.render(w, r, http.StatusUnprocessableEntity, "payroll/mine", d)
	return nil
}

// The coordinator's Pay tab.

type payData struct {
	Program  program.Program
	Tab      string
	YearBar  *yearBar
	Rates    payroll.Rates
	RatesSet bool
	Month    string
	Sheets   []payroll.Timesheet
	Rows     []payroll.Row
	Total    payroll.NOK
	Done     string
	Problem  string
	// The rates form as written, when refused.
	Hourly, Feedback, Reports string
}

func (s *Server) payData(r *http.Request) (*payData, error) {
	p, err := s.programOf(r)
	if err != nil {
		return nil, err
	}
	d := &payData{Program: p, Tab: "pay", Month: monthParam(r, s.now())}
	if d.YearBar, err = s.yearBarOf(r, p.ID); err != nil {
		return nil, err
	}
	if d.Rates, d.RatesSet, err = s.Payroll.Rates(r.Context(), p.ID); err != nil {
		return nil, err
	}
	item := func(c string) string {
		if v, ok := d.Rates.PerItem[c]; ok {
			return v.String()
		}
		return ""
	}
	d.Hourly, d.Feedback, d.Reports = "", item("feedback"), item("reports")
	if d.RatesSet {
		d.Hourly = d.Rates.Hourly.String()
	}
	if d.Sheets, err = s.Payroll.Timesheets(r.Context(), p.ID, d.Month); err != nil {
		if app.ErrorCode(err) != app.CodeInvalid {
			return nil, err
		}
		d.Problem, d.Month = errorText(r, err), s.now().In(osloLocation).Format("2006-01")
		if d.Sheets, err = s.Payroll.Timesheets(r.Context(), p.ID, d.Month); err != nil {
			return nil, err
		}
	}
	if d.Rows, err = s.Payroll.Payroll(r.Context(), p.ID, d.Month); err != nil {
		return nil, err
	}
	for _, row := range d.Rows {
		d.Total += row.Amount
	}
	return d, nil
}

func (s *Server) handlePay(w http.ResponseWriter, r *http.Request) error {
	d, err := s.payData(r)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	s.render(w, r, http.StatusOK, "programs/pay", d)
	return nil
}

// handlePayRates saves the rates form: hourly, per report read and per
// feedback item (empty: not paid per item), training paid.
func (s *Server) handlePayRates(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	num := func(v string) (float64, bool) {
		v = strings.ReplaceAll(strings.TrimSpace(v), ",", ".")
		if v == "" {
			return 0, false
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return -1, true
		}
		return f, true
	}
	hourly, given := num(r.PostFormValue("hourly"))
	if !given {
		hourly = -1
	}
	per := map[string]float64{}
	for _, c := range []string{"feedback", "reports"} {
		if v, ok := num(r.PostFormValue("item_" + c)); ok {
			per[c] = v
		}
	}
	paid := r.PostFormValue("training_paid") == "on"
	if _, err := s.Payroll.SetRates(r.Context(), p.ID, hourly, per, &paid); err != nil {
		if app.ErrorCode(err) != app.CodeInvalid {
			return err
		}
		d, derr := s.payData(r)
		if derr != nil {
			return derr
		}
		d.Problem = errorText(r, err)
		d.Hourly, d.Feedback, d.Reports = r.PostFormValue("hourly"), r.PostFormValue("item_feedback"), r.PostFormValue("item_reports")
		s.render(w, r, http.StatusUnprocessableEntity, "programs/pay", d)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/pay?done=rates", p.ID), http.StatusSeeOther)
	return nil
}

// handlePayDecide approves or returns a timesheet (decision=approve|return).
func (s *Server) handlePayDecide(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("timesheet"), 10, 64)
	if err != nil {
		return app.NotFound("timesheet")
	}
	t, err := s.Payroll.Decide(r.Context(), id, r.PostFormValue("decision") == "approve", r.PostFormValue("comment"))
	if err != nil {
		if c := app.ErrorCode(err); c != app.CodeInvalid && c != app.CodeConflict {
			return err
		}
		d, derr := s.payData(r)
		if derr != nil {
			return derr
		}
		d.Problem = errorText(r, err)
		s.render(w, r, http.StatusUnprocessableEntity, "programs/pay", d)
		return nil
	}
	if t.ProgramID != p.ID {
		return app.NotFound("timesheet")
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/pay?month=%s&done=%s#timesheets", p.ID, url.QueryEscape(t.Month), t.State), http.StatusSeeOther)
	return nil
}

// handlePayrollDownload is the Pay tab's payroll as CSV (semicolons and a
// byte order mark, for Norwegian Excel, unless ?sep=comma) or XLSX.
func (s *Server) handlePayrollDownload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	f := r.PathValue("format")
	if f != "csv" && f != "xlsx" {
		return app.NotFound("format")
	}
	if f == "csv" && r.URL.Query().Get("sep") == "" {
		q := r.URL.Query()
		q.Set("sep", "semicolon")
		r.URL.RawQuery = q.Encode()
	}
	return s.writePayroll(w, r, p.ID, monthParam(r, s.now()), f)
}
