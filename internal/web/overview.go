package web

import (
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/chart"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/program"
)

type countRow struct {
	Key, Label string
	Count      int
}

type overviewData struct {
	Institution   org.Institution
	National      bool // every institution
	Institutions  []org.Institution
	Coverage      program.Coverage
	Overview      program.Overview
	ByModel       []countRow
	ByTransition  []countRow
	CoverageChart template.HTML
	ModelChart    template.HTML
	TimelineChart template.HTML
	Total         int
	Closed        int
	MinCell       int // counts below it are shown as "fewer than"
	Costs         []costRow
	Budgets       []budgetRow // per faculty, then the total
	BudgetChart   template.HTML
}

// budgetRow is a faculty's budget against actual: the sums over its
// programs' current years (Year unused).
type budgetRow struct {
	Faculty   string
	Programs  int
	Unplanned int // programs with costs and no budget
	Total     bool
	NoFaculty bool // programs without a unit, listed last
	payroll.YearBudget
}

// budgetsByFaculty sums the programs' budgets and actual costs per faculty
// (the top unit of a program's unit's branch; per institution and faculty
// in the national view), in name order, and adds the total.
func budgetsByFaculty(p interface{ T(string, ...any) string }, rows []costRow, units []org.Unit, national bool) []budgetRow {
	byID := map[int64]org.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	faculty := func(id int64) string { u, _ := org.Top(byID, id); return u.Name }
	if len(rows) == 0 {
		return nil
	}
	idx := map[string]int{}
	var out []budgetRow
	total := budgetRow{Faculty: p.T("overview.budget.total"), Total: true}
	for _, r := range rows {
		name := faculty(r.Program.UnitID)
		none := name == ""
		if none {
			name = p.T("overview.no_faculty")
		}
		if national {
			name = r.Program.InstitutionName + " – " + name
		}
		i, ok := idx[name]
		if !ok {
			i, idx[name] = len(out), len(out)
			out = append(out, budgetRow{Faculty: name, NoFaculty: none})
		}
		for _, b := range []*budgetRow{&out[i], &total} {
			b.Programs++
			b.Budget += r.Budget
			b.Actual += r.Actual
			if !r.Planned {
				b.Unplanned++
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].NoFaculty != out[j].NoFaculty {
			return out[j].NoFaculty
		}
		return out[i].Faculty < out[j].Faculty
	})
	return append(out, total)
}

// costRow is a program's cost in its current year, for the overview.
type costRow struct {
	Program program.Program
	payroll.Summary
}

func counts(p interface{ T(string, ...any) string }, prefix string, keys []string, m map[string]int) []countRow {
	var out []countRow
	for _, k := range keys {
		out = append(out, countRow{Key: k, Label: p.T(prefix + "." + k), Count: m[k]})
	}
	return out
}

// institutionScope is the institution a leadership view shows: the
// reader's own, or for national admins the one ?inst= names (all: every
// institution, 0).
func institutionScope(r *http.Request, a *app.Actor) (inst int64, all bool, err error) {
	if !a.National {
		return a.InstitutionID, false, nil
	}
	switch v := r.URL.Query().Get("inst"); v {
	case "all":
		return 0, true, nil
	case "":
		return a.InstitutionID, false, nil
	default:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, false, app.NotFound("institution")
		}
		return n, false, nil
	}
}

// handleOverview is the leadership view: coverage per faculty and study
// programme, programs by model and transition, the timeline of running
// programs with openings and closures, and programs failing the minimum
// standard. National admins may choose an institution or all of them.
func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	ctx := r.Context()
	p := printerOf(r)
	d := overviewData{MinCell: program.MinCell}
	if a.National {
		var err error
		if d.Institutions, err = s.Org.Institutions(ctx); err != nil {
			return err
		}
	}
	inst, all, err := institutionScope(r, a)
	if err != nil {
		return err
	}
	d.National = all
	if inst != 0 {
		if d.Institution, err = s.Org.Institution(ctx, inst); err != nil {
			return err
		}
		if d.Coverage, err = s.Programs.Coverage(ctx, inst); err != nil {
			return err
		}
	}
	if d.Overview, err = s.Programs.Overview(ctx, inst, s.now().Year(), program.AcademicYear(s.now())); err != nil {
		return err
	}
	var ids []int64
	byID := map[int64]program.Program{}
	for _, pr := range append(append([]program.Program(nil), d.Overview.Programs...), d.Overview.Unpublished...) {
		ids = append(ids, pr.ID)
		byID[pr.ID] = pr
	}
	// Costs are for the institution's admins and leaders; other readers of
	// the overview (researchers) see it without them.
	sums, err := s.Payroll.Summaries(ctx, inst, ids, program.AcademicYear(s.now()))
	if err != nil && app.ErrorCode(err) != app.CodeForbidden {
		return err
	}
	for _, sm := range sums {
		d.Costs = append(d.Costs, costRow{Program: byID[sm.ProgramID], Summary: sm})
	}
	var units []org.Unit
	seen := map[int64]bool{}
	for _, c := range d.Costs {
		if id := c.Program.InstitutionID; !seen[id] {
			seen[id] = true
			us, err := s.Org.Units(ctx, id)
			if err != nil {
				return err
			}
			units = append(units, us...)
		}
	}
	d.Budgets = budgetsByFaculty(p, d.Costs, units, all)
	if len(d.Budgets) > 0 {
		var shares []chart.Share
		for _, b := range d.Budgets[:len(d.Budgets)-1] {
			if b.Budget > 0 {
				shares = append(shares, chart.Share{Label: b.Faculty, Part: int(b.Actual / 100), Whole: int(b.Budget / 100)})
			}
		}
		tot := d.Budgets[len(d.Budgets)-1]
		d.BudgetChart = chart.ShareChart{ID: "chart-budget", Title: p.T("overview.budget.chart"),
			Desc: p.T("overview.budget.desc", "Actual", nokText(p, tot.Actual), "Budget", nokText(p, tot.Budget), "Used", tot.Used()),
			Rows: shares, Format: func(part, whole int) string {
				used := payroll.YearBudget{Budget: payroll.NOK(whole) * 100, Actual: payroll.NOK(part) * 100}.Used()
				return p.T("overview.budget.of", "Used", used)
			}}.SVG()
	}
	d.Total = len(d.Overview.Programs)
	for _, pr := range d.Overview.Programs {
		if pr.Status == "closed" {
			d.Closed++
		}
	}
	d.ByModel = counts(p, "model", catalogue.Models, d.Overview.ByModel)
	d.ByTransition = counts(p, "transition", catalogue.Transitions, d.Overview.ByTransition)
	intf := func(f float64) string { return p.Int(int64(f)) }

	var shares []chart.Share
	for _, f := range d.Coverage.Faculties {
		name := f.Name
		if name == "" {
			name = p.T("overview.no_faculty")
		}
		shares = append(shares, chart.Share{Label: name, Part: f.Offered, Whole: f.Students})
	}
	d.CoverageChart = chart.ShareChart{ID: "chart-coverage", Title: p.T("overview.coverage.chart"),
		Desc: p.T("overview.coverage.desc", "Count", d.Coverage.Students, "Offered", p.Int(int64(d.Coverage.Offered)), "Students", p.Int(int64(d.Coverage.Students)), "Share", p.Percent(d.Coverage.Share())),
		Rows: shares, Format: func(part, whole int) string {
			sh := 0.0
			if whole > 0 {
				sh = float64(part) / float64(whole)
			}
			return p.T("overview.share_of", "Part", p.Int(int64(part)), "Whole", p.Int(int64(whole)), "Share", p.Percent(sh))
		}}.SVG()

	var bars []chart.Bar
	rows := append([]countRow(nil), d.ByModel...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Count > rows[j].Count })
	for _, c := range rows {
		bars = append(bars, chart.Bar{Label: c.Label, Value: float64(c.Count)})
	}
	d.ModelChart = chart.BarChart{ID: "chart-models", Title: p.T("overview.models.chart"),
		Desc: p.T("overview.models.desc", "Count", d.Total), Bars: bars, Format: intf}.SVG()

	var years []chart.Year
	for _, y := range d.Overview.Timeline {
		years = append(years, chart.Year{Year: y.Year, Active: y.Active, Opened: y.Opened, Closed: y.Closed})
	}
	d.TimelineChart = chart.Timeline{ID: "chart-timeline", Title: p.T("overview.timeline.chart"),
		Desc: timelineDesc(p, d.Overview.Timeline), Years: years, Format: intf,
		ActiveLabel: p.T("overview.timeline.active"), OpenedLabel: p.T("overview.timeline.opened"), ClosedLabel: p.T("overview.timeline.closed")}.SVG()
	s.render(w, r, http.StatusOK, "overview/index", d)
	return nil
}

// timelineDesc says in words what the timeline shows: the peak and the
// years with most closures.
func timelineDesc(p interface{ T(string, ...any) string }, ys []program.YearCount) string {
	if len(ys) == 0 {
		return p.T("overview.timeline.empty")
	}
	peak, closed := ys[0], ys[0]
	for _, y := range ys {
		if y.Active > peak.Active {
			peak = y
		}
		if y.Closed > closed.Closed {
			closed = y
		}
	}
	return p.T("overview.timeline.desc", "From", ys[0].Year, "To", ys[len(ys)-1].Year, "Peak", peak.Active, "PeakYear", peak.Year,
		"Closed", closed.Closed, "ClosedYear", fmt.Sprint(closed.Year))
}

// nokText writes an amount in whole kroner ("84 875 kr").
func nokText(p interface {
	T(string, ...any) string
	Int(int64) string
}, n payroll.NOK) string {
	return p.T("pay.nok", "Amount", p.Int((int64(n)+50)/100))
}
