package catalogue

import (
	"io"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/tabular"
)

// WriteCSV writes rows as a catalogue.csv file: the header Columns, then one
// line per row, comma-separated, every data cell quoted per RFC 4180 (lines
// end in "\n", as in the spec's sample; Parse reads "\r\n" as well), no BOM.
// Booleans are true/false, optional values not given are empty cells, lists
// are joined with `|`, min_standard as given (Parse sorts it).
func WriteCSV(w io.Writer, rows []Row) error {
	return WriteCSVDialect(w, rows, tabular.CSVDialect{})
}

// WriteCSVDialect is WriteCSV in dialect d: tabular.ExcelDialect gives a
// file Norwegian Excel opens as it is (semicolons, a BOM), which Parse
// reads as well.
//
// The file is safe to open in a spreadsheet (OWASP CSV injection): every
// data cell is quoted, so no separator inside a cell starts another, and
// passes through escapeCell, which prefixes a single quote to a cell that
// would start with = + - @ TAB or CR. Our own values never start so
// (numbers are never negative, group_size "10-12" starts with a digit), so
// only free text is ever changed, and Parse removes the quote again:
// Parse(WriteCSV(rows)) gives back rows, apart from Line.
func WriteCSVDialect(w io.Writer, rows []Row, d tabular.CSVDialect) error {
	cw := tabular.NewCSVWriter(w, d)
	if err := cw.WriteHeader(Columns); err != nil {
		return err
	}
	for _, r := range rows {
		rec := r.cells()
		for i := range rec {
			rec[i] = escapeCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// cells are the values of r as CSV cells, in Columns order, unescaped.
func (r Row) cells() []string {
	return []string{
		r.ProgramID, r.Institution, r.Unit, r.Level, r.Name, r.Transition, r.Model,
		strings.Join(r.MentorKinds, "|"), strconv.FormatBool(r.Mandatory), r.Enrolment,
		optBool(r.Credits), strconv.FormatBool(r.Paid), r.GroupSize, optInt(r.MentorsPerGroup),
		optInt(r.StudentsOffered), strconv.Itoa(r.Started), optInt(r.Ended), r.EndReason, r.Status,
		r.Relevance, r.Funding, r.URL, joinInts(r.MinStandard),
	}
}

func optBool(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

func optInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, "|")
}

// formulaStart holds the characters with which a spreadsheet may take a cell
// for a formula (OWASP: = + - @ TAB CR).
const formulaStart = "=+-@\t\r"

// guarded tells whether s, after any leading single quotes, starts with a
// formula character.
func guarded(s string) bool {
	t := strings.TrimLeft(s, "'")
	return t != "" && strings.IndexByte(formulaStart, t[0]) >= 0
}

// escapeCell guards a cell against formula injection by prefixing a single
// quote when it starts with a formula character. It also prefixes one to a
// cell that already starts with quotes followed by such a character, so that
// unescapeCell is its exact inverse:
//
//	=x   → '=x
//	'=x  → ''=x
//	'x   → 'x (unchanged)
func escapeCell(s string) string {
	if guarded(s) {
		return "'" + s
	}
	return s
}

// unescapeCell undoes escapeCell: a cell of one or more single quotes
// followed by a formula character loses its first quote ("'=x" → "=x").
func unescapeCell(s string) string {
	if strings.HasPrefix(s, "'") && guarded(s) {
		return s[1:]
	}
	return s
}
