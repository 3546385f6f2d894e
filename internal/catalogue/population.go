package catalogue

import (
	"fmt"
	"io"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// PopulationColumns are the columns of a study-programme population file.
var PopulationColumns = []string{"programme_code", "programme_name", "unit", "cohort", "students"}

// PopulationRequired are the population-file columns that a file must have
// and that must not be empty in any row.
var PopulationRequired = []string{"programme_code", "programme_name", "cohort", "students"}

// Population is one row of a population file: how many students started a
// study programme in one term.
type Population struct {
	Line          int    // line number in the file (1 = header)
	ProgrammeCode string // study programme code, e.g. "BAMN-BIO"
	ProgrammeName string // the programme's name
	Unit          string // unit code or name; "" when not given
	Cohort        string // start term "YYYYH" (autumn) or "YYYYV" (spring), upper case
	Students      int    // ≥ 0
}

// ParsePopulations reads a study-programme population file with the columns
// PopulationColumns, under the same rules as Parse (CSV or XLSX, header and
// separator handling, limits, warnings, all-or-nothing errors). A
// (programme_code, cohort) pair may occur once; a repeat is reported on
// every line that has it, naming the others.
func ParsePopulations(r io.Reader) ([]Population, []app.Detail, error) {
	t, err := files.Read(r)
	if err != nil {
		return nil, nil, err
	}
	rep := &tabular.Report{Columns: PopulationColumns}
	idx := rep.Bind(t, PopulationRequired)
	out := make([]Population, 0, len(t.Records))
	var keys []tabular.DupKey
	for _, rec := range t.Records {
		rep.CheckWidth(t, rec)
		c := newCells(rep, idx, rec.Line, rec.Cells)
		p := Population{
			Line:          rec.Line,
			ProgrammeCode: c.Text("programme_code", true),
			ProgrammeName: c.Text("programme_name", true),
			Unit:          c.Text("unit", false),
			Cohort:        c.cohort("cohort"),
			Students:      deref(c.Integer("students", 0, true)),
		}
		if p.ProgrammeCode != "" && p.Cohort != "" {
			keys = append(keys, tabular.DupKey{
				Line:  rec.Line,
				Key:   p.ProgrammeCode + "\x00" + p.Cohort,
				Label: fmt.Sprintf("programme_code %s with cohort %s", quote(p.ProgrammeCode), p.Cohort),
				Value: quote(p.ProgrammeCode) + " " + p.Cohort,
			})
		}
		out = append(out, p)
	}
	rep.Duplicates("programme_code", keys)
	if err := rep.Err(); err != nil {
		return nil, rep.Warnings(), err
	}
	return out, rep.Warnings(), nil
}

// cohort is a required start term, `YYYYH` or `YYYYV` (case-insensitive),
// with a year from minYear to maxYear; returned in upper case.
func (c *cells) cohort(column string) string {
	raw := c.Text(column, true)
	v := strings.ToUpper(raw)
	if v == "" {
		return ""
	}
	n, ok := 0, len(v) == 5 && (v[4] == 'H' || v[4] == 'V')
	if ok {
		n, ok = tabular.Atoi(v[:4])
		ok = ok && !strings.ContainsFunc(v[:4], func(r rune) bool { return r < '0' || r > '9' })
	}
	if !ok || n < minYear || n > maxYear {
		c.Bad(column, "import.msg.cohort", "must be a start term like 2025H (autumn) or 2025V (spring), not %s", "Value", quote(raw))
		return ""
	}
	return v
}
