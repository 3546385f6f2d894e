package catalogue

import (
	"fmt"
	"io"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/tabular"
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
func Parse(r io.Reader) ([]Row, []app.Detail, error) {
	t, err := files.Read(r)
	if err != nil {
		return nil, nil, err
	}
	rep := &tabular.Report{Columns: Columns}
	idx := rep.Bind(t, RequiredColumns)
	rows := make([]Row, 0, len(t.Records))
	var ids []tabular.DupKey
	for _, rec := range t.Records {
		rep.CheckWidth(t, rec)
		row := newCells(rep, idx, rec.Line, rec.Cells).catalogueRow()
		if row.ProgramID != "" {
			ids = append(ids, tabular.DupKey{Line: rec.Line, Key: row.ProgramID, Label: fmt.Sprintf("program_id %s", quote(row.ProgramID)), Value: quote(row.ProgramID)})
		}
		rows = append(rows, row)
	}
	rep.Duplicates("program_id", ids)
	if err := rep.Err(); err != nil {
		return nil, rep.Warnings(), err
	}
	return rows, rep.Warnings(), nil
}

// catalogueRow reads and validates one catalogue row.
func (c *cells) catalogueRow() Row {
	r := Row{Line: c.Line}
	r.ProgramID = c.Text("program_id", true)
	r.Institution = c.Text("institution", true)
	r.Unit = c.Text("unit", false)
	r.Level = c.Word("level", Levels, true)
	r.Name = c.Text("name", true)
	r.Transition = c.Word("transition", Transitions, true)
	r.Model = c.Word("model", Models, true)
	r.MentorKinds = c.Words("mentor_kinds", MentorKinds, true)
	r.Mandatory = deref(c.Boolean("mandatory", true))
	r.Enrolment = c.Word("enrolment", Enrolments, true)
	r.Credits = c.Boolean("credits", false)
	r.Paid = deref(c.Boolean("paid", true))
	r.GroupSize = c.groupSize("group_size")
	r.MentorsPerGroup = c.Integer("mentors_per_group", 1, false)
	r.StudentsOffered = c.Integer("students_offered", 0, false)
	started := c.year("started", true)
	r.Started = deref(started)
	r.Ended = c.year("ended", false)
	r.EndReason = c.Text("end_reason", false)
	r.Status = c.Word("status", Statuses, true)
	r.Relevance = c.Word("relevance", Relevances, false)
	r.Funding = c.Text("funding", false)
	r.URL = c.link("url")
	r.MinStandard = c.minStandard("min_standard")
	if r.Ended != nil {
		if started != nil && *r.Ended < *started {
			c.Bad("ended", "import.msg.ended_before", "must not be before started (%d), not %d", "Started", *started, "Value", *r.Ended)
		}
		if r.Status != "" && r.Status != "closed" {
			c.Bad("ended", "import.msg.ended_open", "ended is only for closed programs (status is %s)", "Status", r.Status)
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
	rep := &tabular.Report{Columns: Columns}
	idx := make(map[string]int, len(Columns))
	for i, col := range Columns {
		idx[col] = i
	}
	rec := r.cells()
	for i := range rec {
		rec[i] = escapeCell(rec[i]) // so that reading the cell keeps a leading quote
	}
	row := newCells(rep, idx, r.Line, rec).catalogueRow()
	if rep.Err() != nil {
		return row, rep.Details()
	}
	return row, nil
}
