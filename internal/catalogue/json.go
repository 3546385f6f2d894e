package catalogue

import (
	"bytes"
	"encoding/json"
	"strings"
)

// JSONRow is a Row as open data: it marshals to a JSON object whose keys are
// Columns, in that order. Strings are strings ("" when not given); mandatory
// and paid are booleans; credits is a boolean or null; mentors_per_group,
// students_offered, started and ended are numbers (null when not given);
// group_size is a string; mentor_kinds and min_standard are the same
// `|`-joined strings as in the CSV. Line is not written. Unlike WriteCSV,
// no formula guard is added: JSON is not opened by spreadsheets.
type JSONRow Row

// JSONRows converts rows for JSON output.
func JSONRows(rows []Row) []JSONRow {
	out := make([]JSONRow, len(rows))
	for i, r := range rows {
		out[i] = JSONRow(r)
	}
	return out
}

// MarshalJSON writes the row as one JSON object with keys in Columns order.
func (j JSONRow) MarshalJSON() ([]byte, error) {
	optB := func(b *bool) any {
		if b == nil {
			return nil
		}
		return *b
	}
	optI := func(n *int) any {
		if n == nil {
			return nil
		}
		return *n
	}
	values := []any{
		j.ProgramID, j.Institution, j.Unit, j.Level, j.Name,
		j.Transition, j.Model, strings.Join(j.MentorKinds, "|"), j.Mandatory,
		j.Enrolment, optB(j.Credits), j.Paid, j.GroupSize, optI(j.MentorsPerGroup),
		optI(j.StudentsOffered), j.Started, optI(j.Ended), j.EndReason, j.Status,
		j.Relevance, j.Funding, j.URL, joinInts(j.MinStandard),
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, col := range Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(col)
		v, err := json.Marshal(values[i])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
