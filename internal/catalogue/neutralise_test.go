package catalogue_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/catalogue"
)

// exportedCells writes rows with WriteCSV and reads the bytes back with a
// plain CSV reader (as a spreadsheet would, without catalogue.Parse's
// unescaping): a leading BOM is dropped and the delimiter is taken from the
// header line, so the test holds whatever dialect the export settles on.
func exportedCells(t *testing.T, rows []catalogue.Row) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := catalogue.WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	b := bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(b))
	if i := bytes.IndexAny(b, ",;"); i >= 0 {
		r.Comma = rune(b[i])
	}
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the export is not CSV: %v\n%q", err, b)
	}
	return recs
}

// TestExportNeutralisesTabAndCarriageReturn: a spreadsheet takes a cell
// starting with TAB or CR (before =, +, - or @) for a formula just as it
// takes one starting with = (OWASP CSV injection), so the exported cell must
// not start with any of them.
func TestExportNeutralisesTabAndCarriageReturn(t *testing.T) {
	sample, err := os.ReadFile("testdata/catalogue.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := catalogue.Parse(bytes.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	for _, evil := range []string{
		"\t=HYPERLINK(\"http://evil.example/\",\"x\")",
		"\r=1+1",
		"\t+47",
		"\r@SUM(A1)",
		"\t-2",
		"\r\t=1",
	} {
		r := rows[0]
		r.Name, r.Funding = evil, evil
		recs := exportedCells(t, []catalogue.Row{r})
		if len(recs) != 2 {
			t.Fatalf("%q: %d records exported, want header and one row", evil, len(recs))
		}
		found := 0
		for i, cell := range recs[1] {
			if !strings.Contains(cell, strings.TrimLeft(evil, "\t\r")) {
				continue
			}
			found++
			if cell == "" || strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("column %s exports %q: starts with a formula character", recs[0][i], cell)
			}
		}
		if found != 2 {
			t.Errorf("%q: found in %d cells, want 2 (name, funding): %q", evil, found, recs[1])
		}
	}
}
