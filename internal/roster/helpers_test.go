package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/xuri/excelize/v2"
)

// readSample reads a file of testdata.
func readSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// details renders the details of an import error, or "" for nil.
func details(err error) string {
	if err == nil {
		return ""
	}
	return catalogue.FormatDetails(app.AsError(err).Details)
}

// checkError checks the shape of a parse error: an *app.Error of code
// invalid with at least one detail, details sorted by line.
func checkError(t *testing.T, err error) {
	t.Helper()
	var e *app.Error
	if !errors.As(err, &e) || e.Code != app.CodeInvalid || len(e.Details) == 0 {
		t.Fatalf("bad error %#v", err)
	}
	for i := 1; i < len(e.Details); i++ {
		if e.Details[i].Line < e.Details[i-1].Line {
			t.Fatalf("details out of order: %v", e.Details)
		}
	}
}

// writeStudents writes students as a students.csv (with made-up names and
// e-mail addresses, which Student does not keep).
func writeStudents(students []allocate.Student) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(StudentColumns)
	for i, s := range students {
		_ = w.Write([]string{s.Number, "G", "F", "p" + strconv.Itoa(i) + "@example.no", s.Programme, s.Cohort, "", "",
			s.Gender, strconv.FormatBool(s.International), strings.Join(s.Slots, "|"), s.With, s.Avoid, strconv.FormatBool(s.OptOut)})
	}
	w.Flush()
	return buf.Bytes()
}

// writeMentors writes mentors as a mentors.csv.
func writeMentors(mentors []allocate.Mentor) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(MentorColumns)
	for i, m := range mentors {
		_ = w.Write([]string{m.ID, "G", "F", "m" + strconv.Itoa(i) + "@example.no", m.Programme, m.Cohort, m.Kind,
			strconv.Itoa(m.MaxGroups), strings.Join(m.Slots, "|")})
	}
	w.Flush()
	return buf.Bytes()
}

// csvToXLSX makes a workbook whose first sheet holds the cells of a CSV
// text, and whose second sheet holds junk that must not be read.
func csvToXLSX(t testing.TB, data []byte) []byte {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range recs {
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("Other"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Other", "A1", "fnr"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// semicolonBOM turns a comma CSV without quoted cells into the semicolon
// CSV with BOM that Norwegian Excel writes, with upper-case headers.
func semicolonBOM(data []byte) []byte {
	s := strings.ReplaceAll(string(data), ",", ";")
	first, rest, _ := strings.Cut(s, "\n")
	return []byte("\uFEFF" + strings.ToUpper(first) + "\r\n" + strings.ReplaceAll(rest, "\n", "\r\n"))
}
