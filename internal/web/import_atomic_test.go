package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// TestCatalogueUploadWithGoodRowsBeforeOneBadRowImportsNothing: an admin's
// file of four good rows and then one bad row (bad in itself, of another
// institution, or taking over another institution's program_id) is refused
// whole: none of the good rows is imported, nothing in the database changes.
func TestCatalogueUploadWithGoodRowsBeforeOneBadRowImportsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "admin@demo.mentorhub.no")
	const header = "program_id,institution,level,name,transition,model,mentor_kinds,mandatory,enrolment,paid,started,status\n"
	row := func(code, inst, status string) string {
		return fmt.Sprintf("%s,%s,faculty,Program %s,first_year,open_dropin,senior_student,false,opt_in,false,2020,%s\n", code, inst, code, status)
	}
	good := header
	for i := 1; i <= 4; i++ {
		good += row(fmt.Sprintf("uib-good-%d", i), "Universitetet i Bergen", "active")
	}
	sys := app.WithActor(context.Background(), app.SystemActor)
	count := func() int {
		n := 0
		for i := 1; i <= 4; i++ {
			if _, err := e.app.Programs.ByCode(sys, e.demo.Institution.ID, fmt.Sprintf("uib-good-%d", i)); err == nil {
				n++
			}
		}
		return n
	}
	for _, bad := range []struct{ name, row string }{
		{"a bad status", row("uib-bad", "Universitetet i Bergen", "paused")},
		{"another institution's row", row("hvl-new", e.demo.Other.Name, "active")},
		{"a take-over of another institution's program", row("hvl-nurse-mentor", "Universitetet i Bergen", "active")},
	} {
		before := fingerprint(t, e.app.DB)
		if code, _ := e.upload(t, c, "/admin/import/catalogue", csrf, "catalogue.csv", []byte(good+bad.row)); code != http.StatusUnprocessableEntity {
			t.Errorf("%s after four good rows: %d, want 422", bad.name, code)
		}
		if n := count(); n != 0 {
			t.Errorf("%s: %d of the good rows before it were imported", bad.name, n)
		}
		if ch := changedTables(before, fingerprint(t, e.app.DB)); len(ch) > 0 {
			t.Errorf("%s: the refused file changed %v", bad.name, ch)
		}
	}
	if code, _ := e.upload(t, c, "/admin/import/catalogue", csrf, "catalogue.csv", []byte(good)); code != http.StatusOK || count() != 4 {
		t.Errorf("the good rows alone: %d, %d imported", code, count())
	}
}
