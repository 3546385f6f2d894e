package catalogue

import (
	"fmt"
	"io"

	"github.com/mentorhub/mentorhub/internal/app"
)

// RequiredColumns are the catalogue.csv columns that a file must have and
// that must not be empty in any row.
var RequiredColumns = []string{
	"program_id", "institution", "level", "name", "transition", "model", "mentor_kinds",
	"mandatory", "enrolment", "paid", "started", "status",
}

// Parse reads a catalogue file from r and validates every row of it.
//
// The file is CSV (UTF-8 with or without BOM, comma or semicolon detected
// from the header, quoted per RFC 4180) or, when it starts with the zip
// magic "PK\x03\x04", an XLSX workbook whose first sheet is read. Header
// names are trimmed and case-insensitive, their order is free; each unknown
// column is ignored and named in the returned warnings. Blank lines are
// skipped; every cell is trimmed; an empty cell is "not given"; a cell that
// WriteCSV guarded against formula injection (see escapeCell) is restored.
//
// Parse is all-or-nothing: if anything is wrong it returns nil rows and an
// *app.Error of code app.CodeInvalid whose Details list every problem of
// every bad line, ordered by line and then by column (render them with
// FormatDetails). Its key is "import.invalid" for bad rows,
// "import.unreadable" for a file that is no CSV or XLSX at all and
// "import.too_large" beyond the limits (MaxInputBytes, MaxUnpackedBytes,
// MaxRows; also 1,000 header columns and 5 million sheet cells). After
// 10,000 problems only the first problem of each further bad line is
// listed, with a closing detail saying how many were left out.
//
// Line numbers are physical lines of the file, the header being line 1,
// also when quoted cells hold line breaks; in an XLSX they are spreadsheet
// row numbers. A read error of r is returned as app.Internal.
//
// Rules beyond the spec's table: a closed program may leave ended empty;
// integers are at most 1,000,000 (spaces in them, as in "1 200", are
// ignored); group_size may use an en dash; cells may not hold control
// characters other than tab and line breaks.
func Parse(r io.Reader) ([]Row, []string, error) {
	t, err := readTable(r)
	if err != nil {
		return nil, nil, err
	}
	rep := &report{columns: Columns}
	idx := rep.bind(t, RequiredColumns)
	rows := make([]Row, 0, len(t.records))
	var ids []dupKey
	for _, rec := range t.records {
		rep.checkWidth(t, rec)
		c := &cells{rep: rep, idx: idx, line: rec.line, rec: rec.cells}
		row := c.catalogueRow()
		if row.ProgramID != "" {
			ids = append(ids, dupKey{line: rec.line, key: row.ProgramID, label: fmt.Sprintf("program_id %s", quote(row.ProgramID))})
		}
		rows = append(rows, row)
	}
	rep.duplicates("program_id", ids)
	if err := rep.err(); err != nil {
		return nil, rep.warnings, err
	}
	return rows, rep.warnings, nil
}

// catalogueRow reads and validates one catalogue row.
func (c *cells) catalogueRow() Row {
	r := Row{Line: c.line}
	r.ProgramID = c.text("program_id", true)
	r.Institution = c.text("institution", true)
	r.Unit = c.text("unit", false)
	r.Level = c.word("level", Levels, true)
	r.Name = c.text("name", true)
	r.Transition = c.word("transition", Transitions, true)
	r.Model = c.word("model", Models, true)
	r.MentorKinds = c.words("mentor_kinds", MentorKinds, true)
	r.Mandatory = deref(c.boolean("mandatory", true))
	r.Enrolment = c.word("enrolment", Enrolments, true)
	r.Credits = c.boolean("credits", false)
	r.Paid = deref(c.boolean("paid", true))
	r.GroupSize = c.groupSize("group_size")
	r.MentorsPerGroup = c.integer("mentors_per_group", 1, false)
	r.StudentsOffered = c.integer("students_offered", 0, false)
	started := c.year("started", true)
	r.Started = deref(started)
	r.Ended = c.year("ended", false)
	r.EndReason = c.text("end_reason", false)
	r.Status = c.word("status", Statuses, true)
	r.Relevance = c.word("relevance", Relevances, false)
	r.Funding = c.text("funding", false)
	r.URL = c.link("url")
	r.MinStandard = c.minStandard("min_standard")
	if r.Ended != nil {
		if started != nil && *r.Ended < *started {
			c.bad("ended", "must not be before started (%d), not %d", *started, *r.Ended)
		}
		if r.Status != "" && r.Status != "closed" {
			c.bad("ended", "ended is only for closed programs (status is %s)", r.Status)
		}
	}
	return r
}

// deref is *p, or the zero value for nil.
func deref[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}

// Validate checks a Row built elsewhere (say, from the JSON of the programs
// API) by the rules of Parse, as the only row of a file: it returns the row
// normalised as Parse would store it (vocabulary in lower case, group_size
// without spaces, min_standard sorted, cells trimmed) and every problem found,
// each naming its column (and r.Line as its line). Uniqueness of program_id
// is the caller's to check. When the details are not empty, the returned
// row is not to be used.
func (r Row) Validate() (Row, []app.Detail) {
	rep := &report{columns: Columns}
	idx := make(map[string]int, len(Columns))
	for i, col := range Columns {
		idx[col] = i
	}
	rec := r.cells()
	for i := range rec {
		rec[i] = escapeCell(rec[i]) // so that reading the cell keeps a leading quote
	}
	c := &cells{rep: rep, idx: idx, line: r.Line, rec: rec}
	row := c.catalogueRow()
	if rep.err() != nil {
		return row, rep.details
	}
	return row, nil
}
