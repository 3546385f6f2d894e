package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
)

// kroner writes whole kroner as the pages' headline figures do: "kr 84 875".
func kroner(kr int) string {
	neg := kr < 0
	if neg {
		kr = -kr
	}
	d := strconv.Itoa(kr)
	for i := len(d) - 3; i > 0; i -= 3 {
		d = d[:i] + "\u00a0" + d[i:]
	}
	if neg {
		return "kr -" + d
	}
	return "kr " + d
}

// cell returns the text of the element with data-col="col" in row, the
// first tag inside it stripped.
func cell(row, col string) string {
	i := strings.Index(row, `data-col="`+col+`">`)
	if i < 0 {
		return ""
	}
	s := row[i+len(`data-col="`+col+`">`):]
	s = s[:strings.Index(s, "</td>")]
	for strings.HasPrefix(s, "<") {
		s = s[strings.Index(s, ">")+1:]
	}
	if j := strings.Index(s, "<"); j >= 0 {
		s = s[:j]
	}
	return s
}

// The leaders' overview sets each faculty's budget (the cost plans of its
// programs' current years) against the actual cost so far, summed by hand
// here from the plans and timesheets the test makes:
//
//   - MN: the pilot plans 20 × 60 h × 187.50 + 12 000 + 3 500 + 150 h ×
//     450 = 308 000 and is paid 10 h × 187.50 = 1 875 (actual 84 875);
//     biORAKEL, of a department of MN, plans 6 × 45 h × 215 + 4 000 +
//     40 h × 500 = 82 050, nothing paid (actual 24 000). MN: 390 050
//     against 108 875, 281 175 left, 28 % used (27.91).
//   - JUS: planned 2 × 10 h × 200 = 4 000, paid 30 h × 200 = 6 000:
//     over by 2 000, 150 % used.
//   - The alumni program (no faculty): no plan, paid 4 h × 300 = 1 200.
//   - All: 394 050 against 116 075, 277 975 left, 29 % used (29.46).
func TestOverviewSetsFacultyBudgetsAgainstActual(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	id := func(code string) int64 { return e.demo.Programs[code].ID }
	plan := func(code string, in payroll.PlanInput) {
		t.Helper()
		if _, err := e.app.Payroll.SetPlan(sys, id(code), in); err != nil {
			t.Fatalf("%s plan: %v", code, err)
		}
	}
	pay := func(code string, rate, hours float64) {
		t.Helper()
		if _, err := e.app.Payroll.SetRates(sys, id(code), rate, nil, nil); err != nil {
			t.Fatal(err)
		}
		// The pilot's first mentor mentors this program too.
		ms, err := e.app.People.Participants(sys, id("uib-mn-pilot"), people.Mentor)
		if err != nil || len(ms) == 0 {
			t.Fatalf("the pilot has no mentor: %v", err)
		}
		if code != "uib-mn-pilot" {
			m := ms[0]
			m.ID, m.ProgramID = 0, id(code)
			if _, err := e.app.Repos.People.CreateParticipant(sys, m); err != nil {
				t.Fatalf("a mentor of %s: %v", code, err)
			}
		}
		ts, err := e.app.Payroll.Submit(sys, id(code), payroll.Draft{MentorID: ms[0].ExternalID, Month: "2026-08",
			Lines: []payroll.DraftLine{{Category: "sessions", Hours: hours}}})
		if err != nil {
			t.Fatalf("%s timesheet: %v", code, err)
		}
		if _, err := e.app.Payroll.Decide(sys, ts.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	plan("uib-mn-pilot", payroll.PlanInput{Mentors: 20, MentorHours: 60, Hourly: 187.5, Catering: 12000, Materials: 3500, CoordinatorHours: 150, CoordinatorHourly: 450})
	pay("uib-mn-pilot", 187.5, 10)
	plan("uib-bio-orakel", payroll.PlanInput{Mentors: 6, MentorHours: 45, Hourly: 215, Catering: 4000, CoordinatorHours: 40, CoordinatorHourly: 500})
	plan("uib-jus-agl", payroll.PlanInput{Mentors: 2, MentorHours: 10, Hourly: 200})
	pay("uib-jus-agl", 200, 30)
	pay("uib-alumni", 300, 4)

	c := e.client(t)
	e.login(t, c, "leader@demo.mentorhub.no")
	o := e.open(t, c, "/overview")
	i := strings.Index(o, `id="budget-table"`)
	if i < 0 {
		t.Fatal("the overview has no budget table")
	}
	o = o[i : i+strings.Index(o[i:], "</table>")]
	rows := map[string]string{}
	var order []string
	for _, part := range strings.Split(o, `<tr data-faculty="`)[1:] {
		name := part[:strings.Index(part, `"`)]
		rows[name], order = part[:strings.Index(part, "</tr>")], append(order, name)
	}
	want := []struct {
		faculty           string
		budget, actual    int
		left, used, muted string
	}{
		{"Det juridiske fakultet", 4000, 6000, "overskredet med " + kroner(2000), "150 %", ""},
		{"Det matematisk-naturvitenskapelige fakultet", 390050, 108875, kroner(281175), "28 %", ""},
		{"Uten fakultet", 0, 1200, "–", "–", "1 ordning uten plan"},
		{"Alle fakulteter", 394050, 116075, kroner(277975), "29 %", "1 ordning uten plan"},
	}
	var names []string
	for _, w := range want {
		names = append(names, w.faculty)
		row, ok := rows[w.faculty]
		if !ok {
			t.Errorf("no budget row for %s", w.faculty)
			continue
		}
		for col, v := range map[string]string{"budget": kroner(w.budget), "actual": kroner(w.actual), "left": w.left, "used": w.used} {
			if got := cell(row, col); got != v {
				t.Errorf("%s, %s: %q, want %q", w.faculty, col, got, v)
			}
		}
		if note := strings.Contains(row, "uten plan"); note != (w.muted != "") || !strings.Contains(row, w.muted) {
			t.Errorf("%s: the note on programs without a plan (want %q): %s", w.faculty, w.muted, row)
		}
	}
	// Faculties in name order, those without a faculty and then the total last.
	if strings.Join(order, "|") != strings.Join(names, "|") {
		t.Errorf("the rows %v, want %v", order, names)
	}
	if !strings.Contains(o, `<tfoot><tr data-faculty="Alle fakulteter">`) {
		t.Error("the total is not the table's foot")
	}

	// The pilot's Costs tab sets this year's budget against its actual too.
	c2 := e.client(t)
	e.login(t, c2, "coordinator@demo.mentorhub.no")
	s := e.open(t, c2, "/programs/"+strconv.FormatInt(id("uib-mn-pilot"), 10)+"/costs")
	i = strings.Index(s, `id="years-table"`)
	if i < 0 {
		t.Fatal("the Costs tab has no table of years")
	}
	s = s[i:]
	s = s[:strings.Index(s, "</table>")]
	yr := s[strings.Index(s, `<tr data-year=`):]
	yr = yr[:strings.Index(yr, "</tr>")]
	for col, v := range map[string]string{"budget": kroner(308000), "actual": kroner(84875), "left": kroner(223125), "used": "28 %"} {
		if got := cell(yr, col); got != v {
			t.Errorf("the pilot's year, %s: %q, want %q", col, got, v)
		}
	}
	// And the API says the same, in kroner.
	code, b := e.api(t, e.token(t, "coordinator@demo.mentorhub.no"), "/api/v1/programs/"+strconv.FormatInt(id("uib-mn-pilot"), 10)+"/costs")
	got := decode[struct {
		Years []struct {
			Year    int     `json:"year"`
			Planned bool    `json:"planned"`
			Budget  float64 `json:"budget"`
			Actual  float64 `json:"actual"`
		} `json:"years"`
	}](t, code, b, 200)
	if len(got.Years) == 0 || !got.Years[0].Planned || got.Years[0].Budget != 308000 || got.Years[0].Actual != 84875 {
		t.Errorf("the API's years: %+v", got.Years)
	}
}
