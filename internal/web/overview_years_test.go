package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

func yearName(y int) string { return fmt.Sprintf("%d/%02d", y, (y+1)%100) }

// yearCells reads the overview's per-year figures of one program:
// "year/col" -> cell text.
func yearCells(t *testing.T, page, code string) map[string]string {
	t.Helper()
	row := regexp.MustCompile(`(?s)<tr data-program="` + regexp.QuoteMeta(code) + `">(.*?)</tr>`).FindStringSubmatch(page)
	if row == nil {
		return nil
	}
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`data-year="(\d+)" data-col="(\w+)">([^<]*)<`).FindAllStringSubmatch(row[1], -1) {
		out[m[1]+"/"+m[2]] = m[3]
	}
	return out
}

// smallProgram creates an unpublished program under unit code with n
// students imported into its current year.
func smallProgram(t *testing.T, e *env, unit, code string, n int) program.Program {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor)
	inst := e.demo.Programs["uib-mn-pilot"].InstitutionID
	u, err := e.app.Org.UnitByCode(sys, inst, unit)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.app.Programs.Create(sys, program.Program{InstitutionID: inst, UnitID: u.ID, Code: code,
		Name: "Small pilot " + code, Level: "faculty", Transition: "first_year", Model: "fixed_group_voluntary",
		MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2026, Status: "pilot"})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("student_number,given_name,family_name,email,programme_code,cohort\n")
	for i := range n {
		fmt.Fprintf(&sb, "%d,Ada,Small%d,small%d.%s@student.uib.example.no,BAMN-BIO,2026H\n", 700000+i, i, i, code)
	}
	if _, err := e.app.People.Import(sys, p.ID, "students", []byte(sb.String()), nil); err != nil {
		t.Fatal(err)
	}
	return p
}

// Issue 11: the overview shows, per program, groups and students taking
// part this academic year and the year before; counts below five are
// shown as "fewer than 5"; a faculty leader does not get another
// faculty's unpublished program's figures.
func TestOverviewShowsFiguresPerYear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	pilot := e.demo.Programs["uib-mn-pilot"]
	this := e.app.People.AcademicYear()
	small := smallProgram(t, e, "MN", "uib-mn-small", 3)
	secret := smallProgram(t, e, "HF", "uib-hf-secret", 7)

	years, err := e.app.People.Years(sys, pilot.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, y := range years {
		if y.Year != this && y.Year != this-1 {
			continue
		}
		if y.Groups < program.MinCell {
			t.Fatalf("the demo pilot has %d groups in %d; the test wants at least %d", y.Groups, y.Year, program.MinCell)
		}
		want[fmt.Sprintf("%d/groups", y.Year)] = fmt.Sprint(y.Groups)
		ps, err := e.app.People.Participants(app.WithYear(sys, y.Year), pilot.ID, "student")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range ps {
			if p.Placeable() {
				n++
			}
		}
		want[fmt.Sprintf("%d/students", y.Year)] = fmt.Sprint(n)
	}
	if len(want) != 4 {
		t.Fatalf("the demo pilot lacks this year or last: %v", want)
	}

	for _, who := range []struct {
		email string
		whole bool
	}{{"leader@demo.mentorhub.no", true}, {"dean.mn@demo.mentorhub.no", false}} {
		c := e.client(t)
		e.login(t, c, who.email)
		r, err := c.Get(e.srv.URL + "/overview")
		if err != nil {
			t.Fatal(err)
		}
		page := body(t, r)
		if r.StatusCode != 200 {
			t.Fatalf("%s: /overview %d", who.email, r.StatusCode)
		}
		got := yearCells(t, page, pilot.Code)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: the pilot's %s is %q, want %q", who.email, k, got[k], v)
			}
		}
		if !strings.Contains(page, yearName(this)) || !strings.Contains(page, yearName(this-1)) {
			t.Errorf("%s: the overview does not name %s and %s", who.email, yearName(this), yearName(this-1))
		}
		fewer := "færre enn 5" // the default language is nb
		cells := yearCells(t, page, small.Code)
		// 3 students: suppressed; no group formed: none is none.
		if cells[fmt.Sprintf("%d/students", this)] != fewer || cells[fmt.Sprintf("%d/groups", this)] != "0" {
			t.Errorf("%s: a program with 3 students and no group shows %v, want %q students and 0 groups", who.email, cells, fewer)
		}
		if !strings.Contains(page, `id="years-hint"`) || !strings.Contains(page, "«færre enn 5»") {
			t.Errorf("%s: no hint on counts below 5", who.email)
		}
		secretCells := yearCells(t, page, secret.Code)
		if who.whole && secretCells[fmt.Sprintf("%d/students", this)] != "7" {
			t.Errorf("%s: the institution's leader gets %v for the HF program, want 7 students", who.email, secretCells)
		}
		if !who.whole && (secretCells != nil || strings.Contains(page, secret.Code) || strings.Contains(page, secret.Name)) {
			t.Errorf("%s: the MN leader sees the HF program's figures %v", who.email, secretCells)
		}
	}
}

// Issue 11: a published program's catalogue page says how many groups its
// current year has (no student counts); unpublished, it says nothing.
func TestCataloguePageShowsThisYearsGroups(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	pilot := e.demo.Programs["uib-mn-pilot"]
	this := e.app.People.AcademicYear()
	get := func() string {
		r, err := e.client(t).Get(e.srv.URL + "/catalogue/" + pilot.Code)
		if err != nil {
			t.Fatal(err)
		}
		return body(t, r)
	}
	years, err := e.app.People.Years(sys, pilot.ID)
	if err != nil {
		t.Fatal(err)
	}
	groups := 0
	for _, y := range years {
		if y.Year == this {
			groups = y.Groups
		}
	}
	page := get()
	want := fmt.Sprintf(`<p id="current-groups">%s: %d grupper</p>`, yearName(this), groups)
	if groups < program.MinCell || !strings.Contains(page, want) {
		t.Errorf("the published pilot's page lacks %q (groups %d)", want, groups)
	}
	if strings.Contains(page, "studenter som deltar") || strings.Contains(page, "Deltakende studenter") {
		t.Error("the public page gives student counts")
	}
	p, err := e.app.Programs.Get(sys, pilot.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Programs.Update(sys, p.ID, p.Version, func(p *program.Program) { p.Public = false }); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(get(), `id="current-groups"`) {
		t.Error("an unpublished program's page gives its groups")
	}
}
