package web

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/tabular"
	"github.com/xuri/excelize/v2"
)

// The JSON API of rates, timesheets and the payroll (API.md, "Mentors,
// hours and pay").

type ratesJSON struct {
	Year         int                    `json:"year"`
	Set          bool                   `json:"set"` // false: none set yet (the zeros are no rates)
	Hourly       payroll.NOK            `json:"hourly"`
	PerItem      map[string]payroll.NOK `json:"per_item"`
	TrainingPaid bool                   `json:"training_paid"`
	SetAt        *time.Time             `json:"set_at,omitempty"`
}

func ratesOut(r payroll.Rates, set bool) ratesJSON {
	if r.PerItem == nil {
		r.PerItem = map[string]payroll.NOK{}
	}
	out := ratesJSON{Year: r.Year, Set: set, Hourly: r.Hourly, PerItem: r.PerItem, TrainingPaid: r.TrainingPaid}
	if set {
		out.SetAt = &r.SetAt
	}
	return out
}

func (s *Server) apiRates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	rs, set, err := s.Payroll.Rates(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ratesOut(rs, set))
	return nil
}

func (s *Server) apiRatesSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Hourly       *float64           `json:"hourly"`
		PerItem      map[string]float64 `json:"per_item"`
		TrainingPaid *bool              `json:"training_paid"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	hourly := -1.0 // missing: refused as a bad rate after the access check
	if in.Hourly != nil {
		hourly = *in.Hourly
	}
	rs, err := s.Payroll.SetRates(r.Context(), id, hourly, in.PerItem, in.TrainingPaid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ratesOut(rs, true))
	return nil
}

type timesheetJSON struct {
	ID          int64          `json:"id"`
	MentorID    string         `json:"mentor_id"`
	Month       string         `json:"month"`
	State       string         `json:"state"`
	Lines       []payroll.Line `json:"lines"`
	Hourly      payroll.NOK    `json:"hourly"`
	Amount      payroll.NOK    `json:"amount"`
	Comment     string         `json:"comment"`
	SubmittedAt time.Time      `json:"submitted_at"`
	DecidedAt   *time.Time     `json:"decided_at,omitempty"`
}

func timesheetOut(t payroll.Timesheet) timesheetJSON {
	ls := t.Lines
	if ls == nil {
		ls = []payroll.Line{}
	}
	return timesheetJSON{ID: t.ID, MentorID: t.MentorID, Month: t.Month, State: t.State, Lines: ls, Hourly: t.Hourly,
		Amount: t.Amount, Comment: t.Comment, SubmittedAt: t.SubmittedAt, DecidedAt: t.DecidedAt}
}

func (s *Server) apiTimesheetSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		MentorID string `json:"mentor_id"`
		Month    string `json:"month"`
		Lines    []struct {
			Category string  `json:"category"`
			Hours    float64 `json:"hours"`
			Items    float64 `json:"items"`
		} `json:"lines"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d := payroll.Draft{MentorID: in.MentorID, Month: in.Month}
	if len(in.Lines) > 100 {
		in.Lines = in.Lines[:100] // refused as too many lines
	}
	for _, l := range in.Lines {
		d.Lines = append(d.Lines, payroll.DraftLine{Category: l.Category, Hours: l.Hours, Items: l.Items})
	}
	t, err := s.Payroll.Submit(r.Context(), id, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, timesheetOut(t))
	return nil
}

func (s *Server) apiTimesheets(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	ts, err := s.Payroll.Timesheets(r.Context(), id, r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	out := make([]timesheetJSON, len(ts))
	for i, t := range ts {
		out[i] = timesheetOut(t)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiTimesheetDecide(approve bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "timesheet")
		if err != nil {
			return err
		}
		var in struct {
			Comment string `json:"comment"`
		}
		if r.ContentLength != 0 {
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
		}
		t, err := s.Payroll.Decide(r.Context(), id, approve, in.Comment)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, timesheetOut(t))
		return nil
	}
}

type payrollRowJSON struct {
	EmployeeID string                      `json:"employee_id"`
	MentorID   string                      `json:"mentor_id"`
	Name       string                      `json:"name"`
	Period     string                      `json:"period"`
	Hours      map[string]payroll.Quarters `json:"hours"`
	Items      int                         `json:"items"`
	Rate       payroll.NOK                 `json:"rate"`
	Amount     payroll.NOK                 `json:"amount"`
}

// payrollHeader are the columns of the payroll's CSV and XLSX.
func payrollHeader() []string {
	h := []string{"employee_id", "mentor_id", "name", "period"}
	for _, c := range payroll.Categories {
		h = append(h, "hours_"+c)
	}
	return append(h, "items", "rate", "amount")
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// apiPayroll answers the month's payroll as JSON, or as CSV (Accept:
// text/csv, or ?format=csv) or XLSX (Accept: the XLSX type, or
// ?format=xlsx) with the same figures; names are formula-safe.
func (s *Server) apiPayroll(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	return s.writePayroll(w, r, id, r.URL.Query().Get("month"), wantFormat(r))
}

// writePayroll answers a program's payroll of a month in format (json,
// csv or xlsx): the API's answer and the Pay tab's downloads.
func (s *Server) writePayroll(w http.ResponseWriter, r *http.Request, id int64, month, format string) error {
	rows, err := s.Payroll.Payroll(r.Context(), id, month)
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="payroll-%d-%s.csv"`, id, month))
		cw := tabular.NewCSVWriter(w, tabular.DialectOf(r.URL.Query().Get("sep"), tabular.CSVDialect{}))
		cw.WriteHeader(payrollHeader())
		for _, row := range rows {
			cells := []string{tabular.EscapeFormula(row.EmployeeID), tabular.EscapeFormula(row.MentorID), tabular.EscapeFormula(row.Name), row.Month}
			for _, c := range payroll.Categories {
				cells = append(cells, row.Hours[c].String())
			}
			cells = append(cells, fmt.Sprint(row.Items), row.Rate.String(), row.Amount.String())
			cw.Write(cells)
		}
		return cw.Flush()
	case "xlsx":
		w.Header().Set("Content-Type", xlsxType)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="payroll-%d-%s.xlsx"`, id, month))
		return payrollXLSX(w, rows)
	}
	out := make([]payrollRowJSON, len(rows))
	for i, row := range rows {
		out[i] = payrollRowJSON{EmployeeID: row.EmployeeID, MentorID: row.MentorID, Name: row.Name, Period: row.Month, Hours: row.Hours,
			Items: row.Items, Rate: row.Rate, Amount: row.Amount}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// wantFormat is the format a request asks for: ?format=, else the first
// of CSV or XLSX its Accept header names, else JSON.
func wantFormat(r *http.Request) string {
	switch f := r.URL.Query().Get("format"); f {
	case "csv", "xlsx", "json":
		return f
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part))
		switch mt {
		case "text/csv":
			return "csv"
		case xlsxType:
			return "xlsx"
		case "application/json":
			return "json"
		}
	}
	return "json"
}

// payrollXLSX writes the payroll as a workbook: text cells for ids and
// names (never formulas), numbers for hours and money.
func payrollXLSX(w http.ResponseWriter, rows []payroll.Row) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Payroll"
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	head := payrollHeader()
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = h
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for n, row := range rows {
		cells = []any{row.EmployeeID, row.MentorID, row.Name, row.Month}
		for _, c := range payroll.Categories {
			cells = append(cells, row.Hours[c].Hours())
		}
		cells = append(cells, row.Items, row.Rate.Kroner(), row.Amount.Kroner())
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
