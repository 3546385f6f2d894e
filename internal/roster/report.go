package roster

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
)

// fullDetails is how many problems a report lists in full. Beyond it only
// the first problem of each further bad line is kept, so that a large file
// of bad lines cannot blow up the memory and the size of the error report;
// every bad line is still listed.
const fullDetails = 10_000

// NationalIDColumns are header names that look like a national identity
// number (fødselsnummer). mentorhub never asks for or stores one: a file
// with such a column is refused whole. Headers are compared in lower case
// with spaces, hyphens, dots and underscores removed, so "National ID" and
// "national-id" are caught too.
var NationalIDColumns = []string{
	"fodselsnummer", "fødselsnummer", "fnr", "personnummer", "ssn", "national_id",
	"fodselsnr", "fødselsnr", "personnr", "nationalidentitynumber", "nin",
}

// squash is a header name without case, spaces, hyphens, dots and underscores.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.', '\t':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// isNationalID tells whether header cell h names a national identity number.
func isNationalID(h string) bool {
	s := squash(h)
	for _, c := range NationalIDColumns {
		if s == squash(c) {
			return true
		}
	}
	return false
}

// report collects every problem of one file.
type report struct {
	columns  []string // the file kind's columns, in the order details sort by
	details  []app.Detail
	warnings []string
	bad      map[int]bool // lines with a detail
	dropped  int          // problems not listed, beyond fullDetails
}

func (r *report) add(line int, column, format string, args ...any) {
	if r.bad == nil {
		r.bad = map[int]bool{}
	}
	if len(r.details) >= fullDetails && r.bad[line] {
		r.dropped++
		return
	}
	r.bad[line] = true
	r.details = append(r.details, app.Detail{Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
}

// warn adds a warning.
func (r *report) warn(format string, args ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf(format, args...))
}

// err is nil when nothing was wrong, else the all-or-nothing import error
// with every detail, sorted by line and then by column order.
func (r *report) err() error {
	if len(r.details) == 0 {
		return nil
	}
	pos := func(col string) int {
		if i := slices.Index(r.columns, col); i >= 0 {
			return i
		}
		return len(r.columns)
	}
	slices.SortStableFunc(r.details, func(a, b app.Detail) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return pos(a.Column) - pos(b.Column)
	})
	lines := 0
	for i, d := range r.details {
		if i == 0 || d.Line != r.details[i-1].Line {
			lines++
		}
	}
	msg := fmt.Sprintf("the file has %d bad lines", lines)
	if lines == 1 {
		msg = "the file has 1 bad line"
	}
	e := app.Invalid("import.invalid", msg).WithArgs("count", lines)
	e.Details = r.details
	if r.dropped > 0 {
		e.Details = append(e.Details, app.Detail{Message: fmt.Sprintf(
			"%d more problems are not listed: after the first %d, only the first problem of each line is",
			r.dropped, fullDetails)})
	}
	return e
}

// bind maps the header of t onto columns: it returns the cell index of each
// known column found, adds a warning per unknown column and reports missing
// required and repeated columns on the header line. refused is true when
// the header has a national identity number column: that is then the only
// problem reported, and no row is to be read.
func (r *report) bind(t *table, required []string) (idx map[string]int, refused bool) {
	for _, h := range t.header {
		if isNationalID(h) {
			r.add(t.headerLine, strings.TrimSpace(h),
				"looks like a national identity number (fødselsnummer): mentorhub never accepts or stores them; remove the column and try again")
			refused = true
		}
	}
	if refused {
		return nil, true
	}
	idx = map[string]int{}
	unknown := map[string]bool{}
	for i, h := range t.header {
		name := normName(h)
		switch {
		case name == "":
			if columnUsed(t, i) {
				r.warn("column %d has no name and is ignored", i+1)
			}
		case slices.Contains(r.columns, name):
			if j, dup := idx[name]; dup {
				r.add(t.headerLine, name, "the column appears twice (cells %d and %d of the header)", j+1, i+1)
			} else {
				idx[name] = i
			}
		case !unknown[name]:
			unknown[name] = true
			r.warn("unknown column %q ignored", strings.TrimSpace(h))
		}
	}
	for _, c := range required {
		if _, ok := idx[c]; !ok {
			r.add(t.headerLine, c, "required column is missing")
		}
	}
	return idx, false
}

// columnUsed tells whether any data row has a non-blank cell at index i.
func columnUsed(t *table, i int) bool {
	for _, rec := range t.records {
		if i < len(rec.cells) && strings.TrimSpace(rec.cells[i]) != "" {
			return true
		}
	}
	return false
}

// checkWidth reports a row with non-blank cells beyond the header.
func (r *report) checkWidth(t *table, rec record) {
	if rec.width > len(t.header) {
		r.add(rec.line, "", "the row has %d cells but the header only %d: a separator inside an unquoted cell, or a cell in a column without a name?",
			rec.width, len(t.header))
	}
}

// dupKey is one row's value of a column that must be unique in a file.
type dupKey struct {
	line       int
	key, label string
}

// duplicates reports each key that occurs on more than one line: its first
// line names the others (the first three, then how many more), every later
// line names the first.
func (r *report) duplicates(column string, keys []dupKey) {
	lines := map[string][]int{}
	for _, k := range keys {
		lines[k.key] = append(lines[k.key], k.line)
	}
	for _, k := range keys {
		ls := lines[k.key]
		switch {
		case len(ls) < 2:
		case k.line != ls[0]:
			r.add(k.line, column, "%s also on line %d", k.label, ls[0])
		case len(ls) == 2:
			r.add(k.line, column, "%s also on line %d", k.label, ls[1])
		default:
			var others []string
			for _, l := range ls[1:min(len(ls), 4)] {
				others = append(others, strconv.Itoa(l))
			}
			more := ""
			if n := len(ls) - 4; n > 0 {
				more = fmt.Sprintf(" and %d more", n)
			}
			r.add(k.line, column, "%s also on lines %s%s", k.label, strings.Join(others, ", "), more)
		}
	}
}
