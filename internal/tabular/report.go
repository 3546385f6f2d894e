package tabular

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/mentorhub/mentorhub/internal/app"
)

// FormatDetails renders the details of an import error as the spec's error
// report, one `line N: column X: message` per line, joined by "\n" (no
// trailing newline). A detail without a line (a whole-file problem) drops
// the `line N: ` part; one without a column drops the `column X: ` part.
func FormatDetails(ds []app.Detail) string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		if d.Line > 0 {
			fmt.Fprintf(&b, "line %d: ", d.Line)
		}
		if d.Column != "" {
			fmt.Fprintf(&b, "column %s: ", d.Column)
		}
		b.WriteString(d.Message)
	}
	return b.String()
}

// FullDetails is how many problems a Report lists in full. Beyond it only
// the first problem of each further bad line is kept, so that a large file
// of bad lines (50,000 rows of 23 bad cells) cannot blow up the memory and
// the size of the error report; every bad line is still listed.
const FullDetails = 10_000

// Report collects every problem of one file. Its zero value with Columns
// set is ready to use.
type Report struct {
	Columns []string // the file kind's columns, in the order details sort by

	details  []app.Detail
	warnings []app.Detail
	bad      map[int]bool // lines with a detail
	dropped  int          // problems not listed, beyond FullDetails

	// full is set once details reach FullDetails, for parts to read.
	full atomic.Bool
	// whole is the report this one is a part of (see Part); nil for a
	// whole file's.
	whole *Report
}

// Add adds a problem of column (or of the whole line, for "") on line (or
// of the whole file, for 0): its message key, its English format and the
// name/value pairs of its arguments (see Msg). Beyond FullDetails problems,
// one on a line that already has one is only counted.
func (r *Report) Add(line int, column, key, format string, kv ...any) {
	if r.bad == nil {
		r.bad = map[int]bool{}
	}
	if r.bad[line] && r.isFull() {
		r.dropped++
		return
	}
	r.bad[line] = true
	r.details = append(r.details, Msg(line, column, key, format, kv...))
	r.noteFull()
}

// isFull tells whether a further problem on a line that already has one is
// only counted: when the whole file's report holds FullDetails problems.
// A part knows only what has been merged so far; what it keeps beyond
// that, Merge drops.
func (r *Report) isFull() bool {
	if r.whole != nil {
		return r.whole.full.Load()
	}
	return len(r.details) >= FullDetails
}

// noteFull records, for the parts of r, that r holds FullDetails problems.
func (r *Report) noteFull() {
	if r.whole == nil && len(r.details) >= FullDetails && !r.full.Load() {
		r.full.Store(true)
	}
}

// Part is a report for some of the rows of r's file, to be checked on
// another goroutine (one part per goroutine) and then merged into r with
// Merge, in the order of the rows. Parts merged in that order leave r as
// if every problem had been added to r directly, in the same order, with
// the same limit on the problems listed in full. A part's own problems
// are bounded by its rows: it counts instead of keeping a further problem
// of a line only once the problems merged into r reach FullDetails.
func (r *Report) Part() *Report {
	return &Report{Columns: r.Columns, whole: r}
}

// Merge adds the problems and warnings of part p of r (see Part) to r, in
// the order they were added to p, as Add would have added them. Parts must
// be merged one at a time, in the order of their rows, and p not used
// after. p may also be a whole report of its own (with the same Columns)
// of problems that come after all of r's, such as those of a file's rows
// after those of its header: it lists no fewer than r would, so the
// merge leaves r as if they had been added to r.
func (r *Report) Merge(p *Report) {
	if len(p.details) > 0 && r.bad == nil {
		r.bad = map[int]bool{}
	}
	for _, d := range p.details {
		if len(r.details) >= FullDetails && r.bad[d.Line] {
			r.dropped++
			continue
		}
		r.bad[d.Line] = true
		r.details = append(r.details, d)
	}
	r.dropped += p.dropped
	r.warnings = append(r.warnings, p.warnings...)
	r.noteFull()
}

// Warn adds a warning: something ignored that does not fail the file, on
// line and column when they are known (see Msg for the rest).
func (r *Report) Warn(line int, column, key, format string, kv ...any) {
	r.warnings = append(r.warnings, Msg(line, column, key, format, kv...))
}

// Warnings are the warnings added so far, in order; nil when none. Their
// English text is WarningText's.
func (r *Report) Warnings() []app.Detail { return r.warnings }

// WarningText is the English text of warnings, as the API and the command
// line show them: `line N: column X: message` (see FormatDetails).
func WarningText(ws []app.Detail) []string {
	if ws == nil {
		return nil
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = FormatDetails([]app.Detail{w})
	}
	return out
}

// Details are the problems added so far, sorted by line and then by
// column order (Columns; a column not in it, or none, sorts last), without
// the closing note of Err about problems not listed.
func (r *Report) Details() []app.Detail {
	pos := func(col string) int {
		if i := slices.Index(r.Columns, col); i >= 0 {
			return i
		}
		return len(r.Columns)
	}
	slices.SortStableFunc(r.details, func(a, b app.Detail) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return pos(a.Column) - pos(b.Column)
	})
	return r.details
}

// Err is nil when nothing was wrong, else the all-or-nothing import error
// (key "import.invalid", arg "count" the number of bad lines) with every
// detail, sorted as by Details, and a closing detail telling how many
// problems were not listed, if any.
func (r *Report) Err() error {
	if len(r.details) == 0 {
		return nil
	}
	ds := r.Details()
	lines := 0
	for i, d := range ds {
		if i == 0 || d.Line != ds[i-1].Line {
			lines++
		}
	}
	msg := fmt.Sprintf("the file has %d bad lines", lines)
	if lines == 1 {
		msg = "the file has 1 bad line"
	}
	e := app.Invalid("import.invalid", msg).WithArgs("count", lines)
	e.Details = ds
	if r.dropped > 0 {
		e.Details = append(e.Details, Msg(0, "", "import.msg.not_listed",
			"%d more problems are not listed: after the first %d, only the first problem of each line is",
			"Count", r.dropped, "N", FullDetails))
	}
	return e
}

// Bind maps the header of t onto Columns: it returns the cell index of each
// column found (header names trimmed and case-insensitive), adds a warning
// per unknown column and per used column without a name, and reports
// missing required and repeated columns on the header line.
func (r *Report) Bind(t *Table, required []string) map[string]int {
	idx := map[string]int{}
	unknown := map[string]bool{}
	for i, h := range t.Header {
		name := NormName(h)
		switch {
		case name == "":
			if columnUsed(t, i) {
				r.Warn(0, "", "import.msg.unnamed_column", "column %d has no name and is ignored", "N", i+1)
			}
		case slices.Contains(r.Columns, name):
			if j, dup := idx[name]; dup {
				r.Add(t.HeaderLine, name, "import.msg.column_twice", "the column appears twice (cells %d and %d of the header)", "A", j+1, "B", i+1)
			} else {
				idx[name] = i
			}
		case !unknown[name]:
			unknown[name] = true
			r.Warn(0, "", "import.msg.unknown_column", "unknown column %q ignored", "Name", strings.TrimSpace(h))
		}
	}
	for _, c := range required {
		if _, ok := idx[c]; !ok {
			r.Add(t.HeaderLine, c, "import.msg.column_missing", "required column is missing")
		}
	}
	return idx
}

// columnUsed tells whether any data row has a non-blank cell at index i.
func columnUsed(t *Table, i int) bool {
	for _, rec := range t.Records {
		if i < len(rec.Cells) && strings.TrimSpace(rec.Cells[i]) != "" {
			return true
		}
	}
	return false
}

// CheckWidth reports a row of t with non-blank cells beyond the header.
func (r *Report) CheckWidth(t *Table, rec Record) {
	if rec.Width > len(t.Header) {
		r.Add(rec.Line, "", "import.msg.row_wider", "the row has %d cells but the header only %d: a separator inside an unquoted cell, or a cell in a column without a name?",
			"N", rec.Width, "Header", len(t.Header))
	}
}

// DupKey is one row's value of a column that must be unique in a file.
type DupKey struct {
	Line  int
	Key   string // the value compared
	Label string // the value as messages name it, such as `program_id "a"`
	// Value is the value as a translated message names it after its
	// column (`"a"`); empty, Label is used.
	Value string
}

// Duplicates reports, in column, each key that occurs on more than one
// line: its first line names the others (the first three, then how many
// more), every later line names the first.
func (r *Report) Duplicates(column string, keys []DupKey) {
	lines := map[string][]int{}
	for _, k := range keys {
		lines[k.Key] = append(lines[k.Key], k.Line)
	}
	for _, k := range keys {
		ls := lines[k.Key]
		shown := cmp.Or(k.Value, k.Label)
		switch {
		case len(ls) < 2:
		case k.Line != ls[0]:
			r.Add(k.Line, column, "import.msg.also_on_line", "%s also on line %d", "Label", k.Label, "Other", ls[0], "Value", shown)
		case len(ls) == 2:
			r.Add(k.Line, column, "import.msg.also_on_line", "%s also on line %d", "Label", k.Label, "Other", ls[1], "Value", shown)
		default:
			var others []string
			for _, l := range ls[1:min(len(ls), 4)] {
				others = append(others, strconv.Itoa(l))
			}
			if n := len(ls) - 4; n > 0 {
				r.Add(k.Line, column, "import.msg.also_on_lines_more", "%s also on lines %s and %d more",
					"Label", k.Label, "Others", strings.Join(others, ", "), "Count", n, "Value", shown)
			} else {
				r.Add(k.Line, column, "import.msg.also_on_lines", "%s also on lines %s", "Label", k.Label, "Others", strings.Join(others, ", "), "Value", shown)
			}
		}
	}
}
