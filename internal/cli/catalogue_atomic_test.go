package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCatalogueImportWithGoodRowsBeforeOneBadRowImportsNothing: the bad
// row is the last of the file, after four good ones; it is either bad in
// itself (a status the spec does not know) or bad only against the
// database (a program_id another institution owns). Neither file imports
// anything: the four good rows alone are all created afterwards.
func TestCatalogueImportWithGoodRowsBeforeOneBadRowImportsNothing(t *testing.T) {
	const header = "program_id,institution,level,name,transition,model,mentor_kinds,mandatory,enrolment,paid,started,status\n"
	row := func(code, inst, status string) string {
		return fmt.Sprintf("%s,%s,faculty,Program %s,first_year,open_dropin,senior_student,false,opt_in,false,2020,%s\n", code, inst, code, status)
	}
	var good strings.Builder
	good.WriteString(header)
	for i := 1; i <= 4; i++ {
		good.WriteString(row(fmt.Sprintf("uib-good-%d", i), "Universitetet i Bergen", "active"))
	}
	tmp := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dir := dataDir(t)
	if code, out, errs := run(t, dir, "", "catalogue", "import", write("nord.csv", header+row("nord-1", "Nord University", "active"))); code != 0 {
		t.Fatalf("the other institution's program: %d %q %q", code, out, errs)
	}
	for _, c := range []struct{ name, bad, want string }{
		{"a bad status", row("uib-bad", "Universitetet i Bergen", "paused"), "line 6: column status"},
		{"a take-over", row("nord-1", "Universitetet i Bergen", "active"), "line 6: column program_id"},
	} {
		code, out, errs := run(t, dir, "", "catalogue", "import", write("bad.csv", good.String()+c.bad))
		if code != 1 || !strings.Contains(errs, c.want) || !strings.Contains(errs, "nothing was imported") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 naming %q and nothing imported", c.name, code, out, errs, c.want)
		}
	}
	if code, out, errs := run(t, dir, "", "catalogue", "import", write("good.csv", good.String())); code != 0 || !strings.Contains(out, "4 created") {
		t.Fatalf("the good rows alone: %d %q %q (were some imported by a refused file?)", code, out, errs)
	}
}
