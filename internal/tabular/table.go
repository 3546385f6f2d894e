package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Limits of an import file. They keep a hostile or mistaken upload from
// exhausting memory: the input is read whole, so it is capped first.
const (
	MaxInputBytes    = 20 << 20  // at most 20 MiB read from the reader
	MaxUnpackedBytes = 100 << 20 // at most 100 MiB declared unpacked size of an XLSX
	MaxRows          = 50_000    // at most 50,000 data rows (blank lines not counted)
	MaxCellChars     = 2_000     // at most 2,000 characters in one cell
	MaxZipEntries    = 10_000    // an XLSX has a few dozen parts; more is not a workbook
	MaxColumns       = 1_000     // at most 1,000 header cells (up to the last named one)
	MaxSheetCells    = 5_000_000 // at most 5 million cells read from a sheet, empty ones too
	// MaxReadTime bounds the time spent reading one file, a deadline
	// beside the size limits: a file that takes longer is refused.
	MaxReadTime = 30 * time.Second
)

// Limits bound what Read accepts from one file; a zero field takes the
// package default (MaxInputBytes, MaxUnpackedBytes, MaxRows, MaxSheetCells,
// MaxReadTime).
// Uploads keep the defaults; a national intake read by the command line
// (160,000 students) needs more.
type Limits struct {
	InputBytes    int
	UnpackedBytes uint64
	Rows          int
	SheetCells    int
	Time          time.Duration
}

func (l Limits) orDefaults() Limits {
	if l.InputBytes == 0 {
		l.InputBytes = MaxInputBytes
	}
	if l.UnpackedBytes == 0 {
		l.UnpackedBytes = MaxUnpackedBytes
	}
	if l.Rows == 0 {
		l.Rows = MaxRows
	}
	if l.SheetCells == 0 {
		l.SheetCells = MaxSheetCells
	}
	if l.Time == 0 {
		l.Time = MaxReadTime
	}
	return l
}

// Format describes the files one package reads, for Read.
type Format struct {
	// Limits bound the file; zero fields take the defaults.
	Limits Limits
	// Name names the reading package in internal errors ("catalogue").
	Name string
	// Columns are the column lists of every file kind of the format. The
	// CSV separator is the one whose header names more of them.
	Columns [][]string
	// Each, when not nil, is called by Read on its own goroutine with every
	// data record as it is added to the table, the header being set by
	// then, so that a reader can work on the rows while the rest of the
	// file is read. Read may still fail after some calls; those records
	// are then of no file. Each must not change t.
	Each func(t *Table, rec Record)
}

// Table is a file read into cells, before any column means anything.
type Table struct {
	maxRows    int
	each       func(*Table, Record) // Format.Each
	HeaderLine int                  // line (CSV) or row (XLSX) of the header, normally 1
	Header     []string             // header cells as written, without trailing blank ones
	Records    []Record             // data rows, blank ones dropped
}

// Record is one non-blank data row and the line it starts on.
type Record struct {
	Line  int
	Cells []string // at most as many as the header has
	Width int      // cells up to the last non-blank one, also beyond the header
}

// Unreadable is the error (key "import.unreadable") for a file that cannot
// be read as a table at all; line 0 is no line in particular. Its one
// detail carries key, the English format and its arguments (see Msg).
func Unreadable(line int, key, format string, kv ...any) *app.Error {
	d := Msg(line, "", key, format, kv...)
	e := app.Invalid("import.unreadable", d.Message)
	e.Details = []app.Detail{d}
	return e
}

// TooLarge is the error (key "import.too_large") for a file beyond one of
// the limits: format says which, with the limit n; its detail carries the
// message key "import.limit.<limit>" with n as "N", for pages that show it
// in the reader's language.
func TooLarge(limit, format string, n any) *app.Error {
	msg := fmt.Sprintf(format, n)
	e := app.Invalid("import.too_large", msg)
	e.Details = []app.Detail{{Message: msg, Key: "import.limit." + limit, Args: map[string]any{"N": n}}}
	return e
}

// tooSlow is the error for a file that took longer than lim.Time to read.
func tooSlow(lim Limits) *app.Error {
	e := TooLarge("time", "the file takes more than %v to read", lim.Time)
	e.Details[0].Args["N"] = max(1, int(math.Ceil(lim.Time.Seconds())))
	return e
}

// Read reads a whole CSV or XLSX file from r into a table. A file starting
// with the zip magic "PK\x03\x04" is read as an XLSX workbook (see
// readXLSX), an old binary Excel file is refused, anything else is read as
// CSV text after a UTF-8 BOM. Errors are Unreadable or TooLarge, except a
// read error of r, which is returned as app.Internal.
func (f Format) Read(r io.Reader) (*Table, error) {
	lim := f.Limits.orDefaults()
	deadline := time.Now().Add(lim.Time)
	// A file knows its size: one buffer of that size instead of doubling
	// (and copying) a 20 MB roster into place.
	var data []byte
	var err error
	if size, ok := fileSize(r); ok {
		var buf bytes.Buffer
		buf.Grow(int(min(size, int64(lim.InputBytes))) + bytes.MinRead)
		_, err = buf.ReadFrom(io.LimitReader(r, int64(lim.InputBytes)+1))
		data = buf.Bytes()
	} else {
		data, err = io.ReadAll(io.LimitReader(r, int64(lim.InputBytes)+1))
	}
	if err != nil {
		return nil, app.Internal(fmt.Errorf("%s: read input: %w", f.Name, err))
	}
	if len(data) > lim.InputBytes {
		return nil, TooLarge("file", "the file is larger than %d MiB", lim.InputBytes>>20)
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data, lim, deadline, f.Each)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")):
		return nil, Unreadable(0, "import.msg.old_excel", "the file is an old Excel (.xls) or encrypted workbook: save it as .xlsx or as CSV UTF-8")
	}
	return f.readCSV(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), deadline)
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// fileSize is the size of a regular file r reads, if it is one.
func fileSize(r io.Reader) (int64, bool) {
	st, ok := r.(interface{ Stat() (fs.FileInfo, error) })
	if !ok {
		return 0, false
	}
	fi, err := st.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return 0, false
	}
	return fi.Size(), true
}

// readCSV reads UTF-8 CSV text, comma- or semicolon-separated. A record's
// line is the physical line it starts on (encoding/csv's FieldPos).
func (f Format) readCSV(data []byte, deadline time.Time) (*Table, error) {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, Unreadable(lineAt(data, off), "import.msg.not_utf8", "the file is not UTF-8 text: save it as CSV UTF-8 or as .xlsx")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, Unreadable(lineAt(data, i), "import.msg.binary", "the file is not a CSV text file (it holds binary data)")
	}
	for _, sep := range []byte{',', ';'} {
		if err := checkWidths(data, sep, true); err != nil {
			return nil, err
		}
	}
	sep := f.detectSeparator(data)
	if err := checkWidths(data, byte(sep), false); err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	t := &Table{maxRows: f.Limits.orDefaults().Rows, each: f.Each}
	// One record per line at most: no growing and copying 160,000 rows.
	t.Records = make([]Record, 0, min(bytes.Count(data, []byte{'\n'})+1, t.rowLimit()+1))
	for {
		cells, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				// The key says which quoting mistake it is, in the reader's
				// words; Go's own words stay in the English.
				key := "import.msg.bad_quoting"
				switch {
				case errors.Is(pe.Err, csv.ErrBareQuote):
					key = "import.msg.bare_quote"
				case errors.Is(pe.Err, csv.ErrQuote):
					key = "import.msg.open_quote"
				}
				if pe.StartLine != pe.Line {
					return nil, Unreadable(pe.Line, key, "bad CSV quoting: %v (in the row that starts on line %d)",
						"Err", pe.Err.Error(), "Start", pe.StartLine)
				}
				return nil, Unreadable(pe.Line, key, "bad CSV quoting: %v", "Err", pe.Err.Error(), "Start", 0)
			}
			return nil, Unreadable(0, "import.msg.not_csv", "the file cannot be read as CSV: %v", "Err", err)
		}
		if time.Now().After(deadline) {
			return nil, tooSlow(f.Limits.orDefaults())
		}
		line, _ := cr.FieldPos(0)
		if err := t.add(line, cells); err != nil {
			return nil, err
		}
	}
	if t.Header == nil {
		return nil, Unreadable(0, "import.msg.empty", "the file is empty: a header row is required")
	}
	return t, nil
}

// add appends one row read from the file: the first non-blank one is the
// header (without its trailing blank cells), blank ones are skipped. Only the
// cells under the header are kept, so that very wide rows cost no memory.
func (t *Table) rowLimit() int {
	if t.maxRows == 0 {
		return MaxRows
	}
	return t.maxRows
}

func (t *Table) add(line int, cells []string) error {
	width := len(cells)
	for width > 0 && strings.TrimSpace(cells[width-1]) == "" {
		width--
	}
	switch {
	case width == 0:
		return nil
	case t.Header == nil && width > MaxColumns:
		return TooLarge("columns", "the header has more than %d columns", MaxColumns)
	case t.Header == nil:
		t.HeaderLine, t.Header = line, cells[:width:width]
		return nil
	case len(t.Records) >= t.rowLimit():
		return TooLarge("rows", "the file has more than %d rows", t.rowLimit())
	}
	// A copy, so that a wide row's array is not kept for its first cells.
	cells = slices.Clone(cells[:min(len(cells), len(t.Header))])
	rec := Record{Line: line, Cells: cells, Width: width}
	t.Records = append(t.Records, rec)
	if t.each != nil {
		t.each(t, rec)
	}
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
// names more columns of f; on a tie, the one that splits the header into
// more cells; else ','.
func (f Format) detectSeparator(data []byte) rune {
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
			if f.isKnownName(NormName(c)) {
				known++
			}
		}
		if known > bestKnown || (known == bestKnown && len(rec) > bestCells) {
			best, bestKnown, bestCells = sep, known, len(rec)
		}
	}
	return best
}

// NormName is the canonical form of a header cell: trimmed, lower case.
func NormName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// isKnownName tells whether name is a column of any file kind of f.
func (f Format) isKnownName(name string) bool {
	for _, cols := range f.Columns {
		if slices.Contains(cols, name) {
			return true
		}
	}
	return false
}
