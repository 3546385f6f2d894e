package catalogue

import (
	"fmt"
	"io"
	"strings"
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
func ParsePopulations(r io.Reader) ([]Population, []string, error) {
	t, err := readTable(r)
	if err != nil {
		return nil, nil, err
	}
	rep := &report{columns: PopulationColumns}
	idx := rep.bind(t, PopulationRequired)
	out := make([]Population, 0, len(t.records))
	var keys []dupKey
	for _, rec := range t.records {
		rep.checkWidth(t, rec)
		c := &cells{rep: rep, idx: idx, line: rec.line, rec: rec.cells}
		p := Population{
			Line:          rec.line,
			ProgrammeCode: c.text("programme_code", true),
			ProgrammeName: c.text("programme_name", true),
			Unit:          c.text("unit", false),
			Cohort:        c.cohort("cohort"),
			Students:      deref(c.integer("students", 0, true)),
		}
		if p.ProgrammeCode != "" && p.Cohort != "" {
			keys = append(keys, dupKey{
				line:  rec.line,
				key:   p.ProgrammeCode + "\x00" + p.Cohort,
				label: fmt.Sprintf("programme_code %s with cohort %s", quote(p.ProgrammeCode), p.Cohort),
			})
		}
		out = append(out, p)
	}
	rep.duplicates("programme_code", keys)
	if err := rep.err(); err != nil {
		return nil, rep.warnings, err
	}
	return out, rep.warnings, nil
}

// cohort is a required start term, `YYYYH` or `YYYYV` (case-insensitive),
// with a year from minYear to maxYear; returned in upper case.
func (c *cells) cohort(column string) string {
	raw := c.text(column, true)
	v := strings.ToUpper(raw)
	if v == "" {
		return ""
	}
	n, ok := 0, len(v) == 5 && (v[4] == 'H' || v[4] == 'V')
	if ok {
		n, ok = atoi(v[:4])
		ok = ok && !strings.ContainsFunc(v[:4], func(r rune) bool { return r < '0' || r > '9' })
	}
	if !ok || n < minYear || n > maxYear {
		c.bad(column, "must be a start term like 2025H (autumn) or 2025V (spring), not %s", quote(raw))
		return ""
	}
	return v
}
