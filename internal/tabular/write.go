package tabular

import (
	"bufio"
	"io"
	"strings"
)

// CSVDialect says how a CSVWriter writes for the program that reads the file.
type CSVDialect struct {
	// Comma separates cells: ',' (also when zero) or ';', which Excel
	// expects where the decimal separator is a comma, as in Norway.
	Comma byte
	// BOM starts the file with a UTF-8 byte order mark, without which Excel
	// reads a CSV file as Windows-1252 and garbles æ, ø and å.
	BOM bool
}

// ExcelDialect is a CSV file Norwegian Excel opens correctly as it is.
var ExcelDialect = CSVDialect{Comma: ';', BOM: true}

// DialectOf reads the dialect a download asks for with sep=semicolon (the
// Excel dialect) or sep=comma (def, the default, with ',' as separator).
func DialectOf(sep string, def CSVDialect) CSVDialect {
	switch sep {
	case "semicolon":
		return ExcelDialect
	case "comma":
		def.Comma = ','
	}
	return def
}

// CSVWriter writes a CSV file (RFC 4180, lines ending in "\n") whose data
// cells are all quoted. A quoted cell is one cell whatever separator the
// reader splits at: a comma-separated file opened by a spreadsheet that
// expects semicolons cannot turn the rest of `x;=cmd` into a cell of its
// own, where a formula guard on the cell's first character would not see
// it. Header cells, the fixed names of columns, are quoted only where
// needed, so that the header line is the one the formats name.
type CSVWriter struct {
	w     *bufio.Writer
	comma byte
	bom   bool
	err   error
}

// NewCSVWriter writes CSV in dialect d to w; call Flush at the end.
func NewCSVWriter(w io.Writer, d CSVDialect) *CSVWriter {
	if d.Comma == 0 {
		d.Comma = ','
	}
	return &CSVWriter{w: bufio.NewWriter(w), comma: d.Comma, bom: d.BOM}
}

// WriteHeader writes the header line.
func (c *CSVWriter) WriteHeader(names []string) error {
	return c.line(names, false)
}

// Write writes one line of data cells, each quoted.
func (c *CSVWriter) Write(cells []string) error {
	return c.line(cells, true)
}

func (c *CSVWriter) line(cells []string, quoteAll bool) error {
	if c.err != nil {
		return c.err
	}
	if c.bom {
		c.w.WriteString("\uFEFF")
		c.bom = false
	}
	for i, s := range cells {
		if i > 0 {
			c.w.WriteByte(c.comma)
		}
		if !quoteAll && !strings.ContainsAny(s, "\"\r\n,;") && !strings.HasPrefix(s, " ") {
			c.w.WriteString(s)
			continue
		}
		c.w.WriteByte('"')
		c.w.WriteString(strings.ReplaceAll(s, `"`, `""`))
		c.w.WriteByte('"')
	}
	_, c.err = c.w.WriteString("\n")
	return c.err
}

// Flush writes what is buffered and returns the first error of any write.
func (c *CSVWriter) Flush() error {
	if err := c.w.Flush(); c.err == nil {
		c.err = err
	}
	return c.err
}

// formulaStart holds the characters with which a spreadsheet may take a
// cell for a formula (OWASP: = + - @ TAB CR).
const formulaStart = "=+-@\t\r"

// EscapeFormula guards a cell of a file for spreadsheets against formula
// injection: a cell starting (after any single quotes) with a formula
// character gets a single quote in front ("=cmd" → "'=cmd").
func EscapeFormula(s string) string {
	t := strings.TrimLeft(s, "'")
	if t != "" && strings.IndexByte(formulaStart, t[0]) >= 0 {
		return "'" + s
	}
	return s
}
