package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
)

// The limits of a roster file are those of a catalogue import
// (catalogue.MaxInputBytes, MaxUnpackedBytes, MaxRows, MaxCellChars) and
// these, which the catalogue keeps unexported.
const (
	maxZipEntries = 10_000    // an XLSX has a few dozen parts; more is not a workbook
	maxColumns    = 1_000     // at most 1,000 header cells (up to the last named one)
	maxSheetCells = 5_000_000 // at most 5 million cells read from a sheet, empty ones too
)

// table is a file read into cells, before any column means anything.
type table struct {
	headerLine int      // line (CSV) or row (XLSX) of the header, normally 1
	header     []string // header cells as written
	records    []record // data rows, blank ones dropped
}

// record is one non-blank data row and the line it starts on.
type record struct {
	line  int
	cells []string // at most as many as the header has
	width int      // cells up to the last non-blank one, also beyond the header
}

// unreadable is the error for a file that cannot be read as a table at all.
func unreadable(line int, format string, args ...any) *app.Error {
	msg := fmt.Sprintf(format, args...)
	e := app.Invalid("import.unreadable", msg)
	e.Details = []app.Detail{{Line: line, Message: msg}}
	return e
}

// tooLarge is the error for a file beyond one of the limits.
func tooLarge(format string, args ...any) *app.Error {
	msg := fmt.Sprintf(format, args...)
	e := app.Invalid("import.too_large", msg)
	e.Details = []app.Detail{{Message: msg}}
	return e
}

// readTable reads a whole CSV or XLSX file from r into a table.
func readTable(r io.Reader) (*table, error) {
	data, err := io.ReadAll(io.LimitReader(r, catalogue.MaxInputBytes+1))
	if err != nil {
		return nil, app.Internal(fmt.Errorf("roster: read input: %w", err))
	}
	if len(data) > catalogue.MaxInputBytes {
		return nil, tooLarge("the file is larger than %d MiB", catalogue.MaxInputBytes>>20)
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")):
		return nil, unreadable(0, "the file is an old Excel (.xls) or encrypted workbook: save it as .xlsx or as CSV UTF-8")
	}
	return readCSV(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// readCSV reads UTF-8 CSV text, comma- or semicolon-separated.
func readCSV(data []byte) (*table, error) {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, unreadable(lineAt(data, off), "the file is not UTF-8 text: save it as CSV UTF-8 or as .xlsx")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, unreadable(lineAt(data, i), "the file is not a CSV text file (it holds binary data)")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectSeparator(data)
	cr.FieldsPerRecord = -1
	t := &table{}
	for {
		cells, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				msg := "bad CSV quoting: " + pe.Err.Error()
				if pe.StartLine != pe.Line {
					msg += fmt.Sprintf(" (in the row that starts on line %d)", pe.StartLine)
				}
				return nil, unreadable(pe.Line, "%s", msg)
			}
			return nil, unreadable(0, "the file cannot be read as CSV: %v", err)
		}
		line, _ := cr.FieldPos(0)
		if err := t.add(line, cells); err != nil {
			return nil, err
		}
	}
	if t.header == nil {
		return nil, unreadable(0, "the file is empty: a header row is required")
	}
	return t, nil
}

// add appends one row read from the file: the first non-blank one is the
// header (without its trailing blank cells), blank ones are skipped. Only the
// cells under the header are kept, so that very wide rows cost no memory.
func (t *table) add(line int, cells []string) error {
	width := len(cells)
	for width > 0 && strings.TrimSpace(cells[width-1]) == "" {
		width--
	}
	switch {
	case width == 0:
		return nil
	case t.header == nil && width > maxColumns:
		return tooLarge("the header has more than %d columns", maxColumns)
	case t.header == nil:
		t.headerLine, t.header = line, cells[:width:width]
		return nil
	case len(t.records) >= catalogue.MaxRows:
		return tooLarge("the file has more than %d rows", catalogue.MaxRows)
	}
	cells = cells[:min(len(cells), len(t.header))]
	t.records = append(t.records, record{line: line, cells: cells, width: width})
	return nil
}

// isBlank tells whether every cell of a row is empty or white space.
func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// detectSeparator picks ',' or ';' for data: the one whose first record
// names more columns of a students or mentors file; on a tie, the one that
// splits the header into more cells; else ','.
func detectSeparator(data []byte) rune {
	best, bestKnown, bestCells := ',', -1, -1
	for _, sep := range []rune{',', ';'} {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.Comma, cr.FieldsPerRecord = sep, -1
		var rec []string
		for {
			r, err := cr.Read()
			if err != nil || !isBlank(r) {
				rec = r
				break
			}
		}
		known := 0
		for _, c := range rec {
			if isKnownName(normName(c)) {
				known++
			}
		}
		if known > bestKnown || (known == bestKnown && len(rec) > bestCells) {
			best, bestKnown, bestCells = sep, known, len(rec)
		}
	}
	return best
}

// normName is the canonical form of a header cell.
func normName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// isKnownName tells whether name is a column of a students or mentors file.
func isKnownName(name string) bool {
	for _, cols := range [][]string{StudentColumns, MentorColumns} {
		for _, c := range cols {
			if c == name {
				return true
			}
		}
	}
	return false
}
