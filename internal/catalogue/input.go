package catalogue

import (
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// Limits of an import file. They keep a hostile or mistaken upload from
// exhausting memory: the input is read whole, so it is capped first. They
// are those of internal/tabular, which reads the files.
const (
	MaxInputBytes    = tabular.MaxInputBytes    // at most 20 MiB read from the reader
	MaxUnpackedBytes = tabular.MaxUnpackedBytes // at most 100 MiB declared unpacked size of an XLSX
	MaxRows          = tabular.MaxRows          // at most 50,000 data rows (blank lines not counted)
	MaxCellChars     = tabular.MaxCellChars     // at most 2,000 characters in one cell
	maxColumns       = tabular.MaxColumns       // at most 1,000 header cells (up to the last named one)
)

// fullDetails is how many problems a report lists in full (see
// tabular.FullDetails).
const fullDetails = tabular.FullDetails

// FormatDetails renders the details of an import error as the spec's error
// report, one `line N: column X: message` per line, joined by "\n" (no
// trailing newline). A detail without a line (a whole-file problem) drops
// the `line N: ` part; one without a column drops the `column X: ` part.
// It is tabular.FormatDetails.
func FormatDetails(ds []app.Detail) string { return tabular.FormatDetails(ds) }

// files are the files this package reads: the separator of a CSV is the
// one whose header names more columns of the catalogue or the population
// file.
var files = tabular.Format{Name: "catalogue", Columns: [][]string{Columns, PopulationColumns}}

// cells reads the cells of one record by column name, undoing the
// formula-injection guard of WriteCSV, with the catalogue's own values on
// top of tabular's.
type cells struct{ tabular.Cells }

// newCells reads record rec, on line, whose columns are at idx.
func newCells(rep *tabular.Report, idx map[string]int, line int, rec []string) *cells {
	return &cells{tabular.Cells{Report: rep, Index: idx, Line: line, Record: rec, Unescape: unescapeCell}}
}
