package program_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

const catalogueHeader = "program_id,institution,level,name,transition,model,mentor_kinds,mandatory,enrolment,paid,started,status\n"

// goodRows are n valid rows of inst's programs, codes prefix-1 … prefix-n.
func goodRows(inst, prefix string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%s-%d,%s,faculty,Good program %d,first_year,open_dropin,senior_student,false,opt_in,false,2020,active\n", prefix, i, inst, i)
	}
	return b.String()
}

// imported counts the catalogue's programs whose code starts with prefix.
func (f *fx) imported(t *testing.T, prefix string) int {
	t.Helper()
	all, err := f.svc.Catalogue(context.Background(), program.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range all {
		if strings.HasPrefix(p.Code, prefix) {
			n++
		}
	}
	return n
}

// TestCatalogueImportIsAllOrNothing: good rows that come before one bad row
// are not imported either, whether the service refuses the bad row (another
// institution's row in an admin's file, a take-over of another
// institution's program_id) or the database does (a second row with a
// program_id the file has already created, which the service's checks do
// not see as it compares with programs stored before the import).
func TestCatalogueImportIsAllOrNothing(t *testing.T) {
	f := setup(t)
	if _, err := f.svc.Import(f.sys, parse(t, catalogueHeader+goodRows("Nord University", "nord", 1))); err != nil {
		t.Fatal(err)
	}
	admin := f.actor(t, "ada@uib.no", app.Grant{Role: app.RoleAdmin})
	good := goodRows("University of Bergen", "uib-good", 4)
	for _, c := range []struct {
		name string
		ctx  context.Context
		bad  string
		code app.Code
	}{
		{"another institution's row in an admin's file", admin,
			"ntnu-x,NTNU,faculty,Foreign,first_year,open_dropin,senior_student,false,opt_in,false,2020,active\n", app.CodeInvalid},
		{"a take-over of another institution's program_id", f.sys,
			"nord-1,University of Bergen,faculty,Taken,first_year,open_dropin,senior_student,false,opt_in,false,2020,active\n", app.CodeInvalid},
	} {
		_, err := f.svc.Import(c.ctx, parse(t, catalogueHeader+good+c.bad))
		if e := app.AsError(err); e.Code != c.code || len(e.Details) != 1 || e.Details[0].Line != 6 {
			t.Errorf("%s: %v %+v, want %s naming line 6", c.name, err, e.Details, c.code)
		}
		if n := f.imported(t, "uib-good"); n != 0 {
			t.Errorf("%s: %d good rows before the bad one were imported", c.name, n)
		}
	}
	// A row the database refuses, after four it has written in the same unit.
	rows := parse(t, catalogueHeader+good)
	dup := rows[0]
	dup.Line, dup.Name = 6, "Same code again"
	if _, err := f.svc.Import(f.sys, append(rows, dup)); err == nil {
		t.Error("a file creating one program_id twice was imported")
	}
	if n := f.imported(t, "uib-good"); n != 0 {
		t.Errorf("%d good rows before the row the database refused were imported", n)
	}
	if own, err := f.svc.Import(admin, rows); err != nil || own.Created != 4 || f.imported(t, "uib-good") != 4 {
		t.Errorf("the good rows alone: %+v %v", own, err)
	}
}
