package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/chart"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// attendanceWeek is the held sessions of one ISO week, summed.
type attendanceWeek struct {
	Week                       int
	Sessions                   int
	Expected, Present, Excused int
	Rate                       float64
	Below                      bool // under the requirement
}

// attendanceData is the attendance page of a program year, or of one of
// its groups.
type attendanceData struct {
	Program   program.Program
	Tab       string
	Manager   bool // coordinators and admins: every group, the requirement form, student-level export
	YearBar   *yearBar
	Report    sessions.Report
	GroupName string
	Weeks     []attendanceWeek
	Chart     template.HTML
	Percent   string // the requirement form's value as shown
	Error     string // the requirement form's problem
	Done      string
	Query     string // ?group=…&year=… for the export link
}

// handleAttendance shows a program year's attendance: the curve (the
// program's, or one group's with ?group=), participation by study
// programme and cohort, the share who came at least once, the
// requirement and the students below it. Coordinators and admins see
// every group; a mentor sees their own groups only (the first of them
// without ?group=); students never.
func (s *Server) handleAttendance(w http.ResponseWriter, r *http.Request) error {
	d, err := s.attendanceData(r)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	s.render(w, r, http.StatusOK, "programs/attendance", d)
	return nil
}

// groupParam reads ?group= (0 when absent; a group that is not a number
// is not found).
func groupParam(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("group")
	if r.Method == http.MethodPost {
		v = r.PostFormValue("group")
	}
	if v == "" || v == "0" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, app.NotFound("group")
	}
	return n, nil
}

func (s *Server) attendanceReport(r *http.Request) (sessions.Report, error) {
	if actorOf(r) == nil {
		return sessions.Report{}, app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return sessions.Report{}, err
	}
	g, err := groupParam(r)
	if err != nil {
		return sessions.Report{}, err
	}
	return s.Sessions.Report(r.Context(), id, g)
}

func (s *Server) attendanceData(r *http.Request) (*attendanceData, error) {
	rep, err := s.attendanceReport(r)
	if err != nil {
		return nil, err
	}
	p := printerOf(r)
	d := &attendanceData{Program: rep.Part.Program, Tab: "attendance", Manager: rep.Part.Level == sessions.Manager, Report: rep}
	if d.Manager {
		if d.YearBar, err = s.yearBarOf(r, d.Program.ID); err != nil {
			return nil, err
		}
	}
	for _, g := range rep.Groups {
		if g.ID == rep.GroupID {
			d.GroupName = g.Name
		}
	}
	q := []string{}
	if rep.GroupID != 0 {
		q = append(q, "group="+strconv.FormatInt(rep.GroupID, 10))
	}
	if y := r.URL.Query().Get("year"); y != "" {
		q = append(q, "year="+url.QueryEscape(y))
	}
	if len(q) > 0 {
		d.Query = "?" + strings.Join(q, "&")
	}
	if rep.HasRequirement {
		d.Percent = strconv.FormatFloat(math.Round(rep.Requirement*1000)/10, 'f', -1, 64)
	}
	d.Weeks = attendanceWeeks(rep)
	d.Chart = attendanceChart(p, d)
	return d, nil
}

// attendanceWeeks sums the held sessions by ISO week (Oslo time): the
// curve's points and the table beside it.
func attendanceWeeks(rep sessions.Report) []attendanceWeek {
	var out []attendanceWeek
	lastYear := 0
	for _, sr := range rep.Sessions {
		y, wk := sr.Session.StartsAt.In(sessions.Oslo()).ISOWeek()
		if n := len(out); n == 0 || out[n-1].Week != wk || lastYear != y {
			out = append(out, attendanceWeek{Week: wk})
			lastYear = y
		}
		w := &out[len(out)-1]
		w.Sessions++
		w.Expected += sr.Expected
		w.Present += sr.Present
		w.Excused += sr.Excused
	}
	for i := range out {
		w := &out[i]
		if n := w.Expected - w.Excused; n > 0 {
			w.Rate = float64(w.Present) / float64(n)
		}
		w.Below = rep.HasRequirement && w.Rate < rep.Requirement
	}
	return out
}

func attendanceChart(p *i18n.Printer, d *attendanceData) template.HTML {
	rep := d.Report
	var pts []chart.RatePoint
	hi, lo := -1, -1
	for i, w := range d.Weeks {
		pts = append(pts, chart.RatePoint{Label: strconv.Itoa(w.Week), Rate: w.Rate,
			Title: p.T("attendance.chart.point", "Week", w.Week, "Present", p.Int(int64(w.Present)), "Expected", p.Int(int64(w.Expected-w.Excused)), "Rate", p.Percent(w.Rate))})
		if hi < 0 || w.Rate > d.Weeks[hi].Rate {
			hi = i
		}
		if lo < 0 || w.Rate < d.Weeks[lo].Rate {
			lo = i
		}
	}
	desc := p.T("attendance.chart.empty")
	if len(d.Weeks) > 0 {
		first, last := d.Weeks[0], d.Weeks[len(d.Weeks)-1]
		desc = p.T("attendance.chart.desc", "Weeks", len(d.Weeks), "First", first.Week, "FirstRate", p.Percent(first.Rate),
			"Low", d.Weeks[lo].Week, "LowRate", p.Percent(d.Weeks[lo].Rate), "High", d.Weeks[hi].Week, "HighRate", p.Percent(d.Weeks[hi].Rate),
			"Last", last.Week, "LastRate", p.Percent(last.Rate))
		if rep.HasRequirement {
			below := 0
			for _, w := range d.Weeks {
				if w.Below {
					below++
				}
			}
			desc += " " + p.T("attendance.chart.desc_requirement", "Requirement", p.Percent(rep.Requirement), "Below", below)
		}
	}
	title := p.T("attendance.chart.title_program")
	if d.GroupName != "" {
		title = p.T("attendance.chart.title_group", "Group", d.GroupName)
	}
	c := chart.RateChart{ID: "chart-attendance", Title: title, Desc: desc, Points: pts, Format: p.Percent,
		RateLabel: p.T("attendance.chart.rate")}
	if rep.HasRequirement {
		c.Requirement = rep.Requirement
		c.BelowLabel = p.T("attendance.chart.below")
		c.RequirementLabel = p.T("attendance.chart.requirement", "Requirement", p.Percent(rep.Requirement))
	}
	return c.SVG()
}

// handleAttendanceRequirement sets or clears (an empty field) the program
// year's attendance requirement, a percentage (coordinators and admins).
func (s *Server) handleAttendanceRequirement(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.PostFormValue("percent")), "%"))
	var share *float64
	var bad bool
	if raw != "" {
		v, err := strconv.ParseFloat(strings.ReplaceAll(raw, ",", "."), 64)
		if err != nil || math.IsNaN(v) || v <= 0 || v > 100 {
			bad = true
		} else {
			v = v / 100
			share = &v
		}
	}
	if !bad {
		err = s.Sessions.SetRequirement(r.Context(), id, share)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/programs/%d/attendance?done=requirement", id), http.StatusSeeOther)
			return nil
		}
		if app.ErrorCode(err) != app.CodeInvalid {
			return err
		}
	}
	d, err := s.attendanceData(r)
	if err != nil {
		return err
	}
	if !d.Manager {
		return app.Forbidden()
	}
	d.Percent = raw
	d.Error = printerOf(r).T("attendance.requirement.bad")
	s.render(w, r, http.StatusUnprocessableEntity, "programs/attendance", d)
	return nil
}

// formulaStart holds the characters with which a spreadsheet may take a
// cell for a formula (OWASP: = + - @ TAB CR), as the catalogue's export.
const formulaStart = "=+-@\t\r"

// neutralise guards a cell against formula injection with a leading
// single quote, as the catalogue's CSV does.
func neutralise(s string) string {
	t := strings.TrimLeft(s, "'")
	if t != "" && strings.IndexByte(formulaStart, t[0]) >= 0 {
		return "'" + s
	}
	return s
}

// handleAttendanceCSV exports the report's held sessions (date, group,
// title, expected, present, excused, rate) for whoever may read the
// report; ?rows=students exports each student's standing instead, for
// coordinators and admins only. Every text cell is guarded against
// formula injection; ?sep=semicolon gives the Excel dialect.
func (s *Server) handleAttendanceCSV(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.attendanceReport(r)
	if err != nil {
		return err
	}
	students := r.URL.Query().Get("rows") == "students"
	if students && rep.Part.Level < sessions.Manager {
		return app.Forbidden()
	}
	pr := printerOf(r)
	name := fmt.Sprintf("attendance-%s-%d", rep.Part.Program.Code, rep.Part.Year)
	if students {
		name += "-students"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, strings.Map(func(c rune) rune {
		if c == '"' || c == '\\' || c < 0x20 || c > 0x7e {
			return '_'
		}
		return c
	}, name)))
	w.Header().Set("Cache-Control", "no-store")
	cw := tabular.NewCSVWriter(w, tabular.DialectOf(r.URL.Query().Get("sep"), tabular.CSVDialect{}))
	rate := func(f float64) string { return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64) }
	itoa := strconv.Itoa
	if students {
		cw.WriteHeader([]string{"student_number", "name", "group", "expected", "attended", "excused", "share", "missed_in_a_row", "at_risk"})
		for _, f := range rep.Standings {
			risk := "false"
			for _, why := range f.Reasons {
				if why == sessions.ReasonAtRisk {
					risk = "true"
				}
			}
			cw.Write([]string{neutralise(f.StudentNumber), neutralise(f.Name), neutralise(f.GroupName), itoa(f.Expected), itoa(f.Attended),
				itoa(f.Excused), rate(f.Share), itoa(f.MissedInARow), risk})
		}
		return cw.Flush()
	}
	cw.WriteHeader([]string{"date", "group", "title", "expected", "present", "excused", "rate"})
	for _, sr := range rep.Sessions {
		group := sr.Session.GroupName
		if sr.Session.Plenary() {
			group = pr.T("attendance.plenary")
		}
		cw.Write([]string{sr.Session.StartsAt.In(sessions.Oslo()).Format("2006-01-02 15:04"), neutralise(group), neutralise(sr.Session.Title),
			itoa(sr.Expected), itoa(sr.Present), itoa(sr.Excused), rate(sr.Rate)})
	}
	return cw.Flush()
}

// institutionRow is one program's attendance on the leaders' view.
type institutionRow struct {
	Program  program.Program
	Students program.Cell
	Held     int
	Rate     float64
	Hidden   bool // fewer students than MinCell: no rate shown
	None     bool // no held session
}

// institutionRowOf is a program's row on the leaders' view: the number
// of students and the rate hidden below MinCell students.
func institutionRowOf(pr program.Program, f sessions.ProgramAttendance) institutionRow {
	row := institutionRow{Program: pr, Held: f.Held, Rate: f.Rate, None: f.Held == 0}
	if f.Students > 0 && f.Students < program.MinCell {
		row.Students, row.Hidden = program.Cell{Fewer: true}, true
	} else {
		row.Students = program.Cell{N: f.Students}
	}
	return row
}

type attendanceOverviewData struct {
	Institution  string
	National     bool
	Institutions []institutionChoice
	Year         int
	Rows         []institutionRow
	MinCell      int
	Chart        template.HTML
}

type institutionChoice struct {
	ID       int64
	Name     string
	Selected bool
}

// handleAttendanceOverview is attendance per program for leaders and
// admins: held sessions and the mean attendance of the academic year,
// from the sessions' rollup and the expected counts (never the
// check-ins). It shows the programs the overview shows the reader, and
// hides the rate of a program year with fewer than MinCell students.
func (s *Server) handleAttendanceOverview(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	ctx := r.Context()
	p := printerOf(r)
	d := attendanceOverviewData{MinCell: program.MinCell, Year: program.AcademicYear(s.now())}
	inst, all, err := institutionScope(r, a)
	if err != nil {
		return err
	}
	d.National = all
	ov, err := s.Programs.Overview(ctx, inst, s.now().Year(), d.Year)
	if err != nil {
		return err
	}
	if a.National {
		all, err := s.Org.Institutions(ctx)
		if err != nil {
			return err
		}
		for _, x := range all {
			d.Institutions = append(d.Institutions, institutionChoice{ID: x.ID, Name: x.Name, Selected: !d.National && x.ID == inst})
		}
	}
	if inst != 0 {
		in, err := s.Org.Institution(ctx, inst)
		if err != nil {
			return err
		}
		d.Institution = in.Name
	}
	figures, err := s.Sessions.Institution(ctx, inst, d.Year)
	if err != nil {
		return err
	}
	var bars []chart.Bar
	for _, pr := range append(append([]program.Program(nil), ov.Programs...), ov.Unpublished...) {
		f, ok := figures[pr.ID]
		if !ok {
			continue // no such year, or no students and no sessions
		}
		row := institutionRowOf(pr, f)
		if !row.Hidden && !row.None {
			bars = append(bars, chart.Bar{Label: pr.Name, Value: f.Rate})
		}
		d.Rows = append(d.Rows, row)
	}
	sort.SliceStable(d.Rows, func(i, j int) bool { return d.Rows[i].Program.Name < d.Rows[j].Program.Name })
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].Label < bars[j].Label })
	d.Chart = chart.BarChart{ID: "chart-attendance-programs", Title: p.T("attendance.overview.chart", "Year", yearName(d.Year)),
		Desc: p.T("attendance.overview.desc", "Count", len(bars)), Bars: bars, Max: 1, Format: p.Percent}.SVG()
	s.render(w, r, http.StatusOK, "overview/attendance", d)
	return nil
}
