package catalogue

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// testdata/catalogue.csv is a copy of spec/sample/catalogue.csv.
func readSample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/catalogue.csv")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ptr[T any](v T) *T { return &v }

func mustParse(t *testing.T, s string) ([]Row, []string) {
	t.Helper()
	rows, warn, err := Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, details(err))
	}
	return rows, tabular.WarningText(warn)
}

// details renders the details of an *app.Error, "" for other errors.
func details(err error) string {
	var e *app.Error
	if errors.As(err, &e) {
		return FormatDetails(e.Details)
	}
	return ""
}

// parseErr parses s, expects an *app.Error and returns it.
func parseErr(t *testing.T, s string) *app.Error {
	t.Helper()
	rows, _, err := Parse(strings.NewReader(s))
	var e *app.Error
	if !errors.As(err, &e) {
		t.Fatalf("Parse: want *app.Error, got %v", err)
	}
	if rows != nil || e.Code != app.CodeInvalid {
		t.Fatalf("Parse: rows %v, code %s", rows, e.Code)
	}
	return e
}

func TestParseSample(t *testing.T) {
	rows, warn := mustParse(t, string(readSample(t)))
	if len(rows) != 8 || len(warn) != 0 {
		t.Fatalf("got %d rows, warnings %v", len(rows), warn)
	}
	want0 := Row{
		Line: 2, ProgramID: "uib-jus-agl", Institution: "University of Bergen", Unit: "Faculty of Law",
		Level: "faculty", Name: "Working-group leader mentoring", Transition: "first_year",
		Model: "fixed_group_mandatory", MentorKinds: []string{"senior_student"}, Mandatory: true,
		Enrolment: "opt_out", Credits: ptr(true), Paid: true, GroupSize: "10-12", MentorsPerGroup: ptr(1),
		Started: 2010, Status: "active", Relevance: "high", Funding: "faculty", MinStandard: []int{1, 2, 3, 4, 5},
	}
	if !reflect.DeepEqual(rows[0], want0) {
		t.Errorf("row 0:\n got %+v\nwant %+v", rows[0], want0)
	}
	want6 := Row{
		Line: 8, ProgramID: "x-corona-1", Institution: "Anonymous university", Unit: "Faculty",
		Level: "faculty", Name: "Corona-time student mentors", Transition: "first_year",
		Model: "fixed_group_voluntary", MentorKinds: []string{"senior_student"}, Enrolment: "opt_in",
		Credits: ptr(false), Paid: true, MentorsPerGroup: ptr(1), Started: 2020, Ended: ptr(2022),
		EndReason: "few students used it; money ended", Status: "closed", Relevance: "high",
		Funding: "corona funds", MinStandard: []int{1, 3},
	}
	if !reflect.DeepEqual(rows[6], want6) {
		t.Errorf("row 6:\n got %+v\nwant %+v", rows[6], want6)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ProgramID)
	}
	wantIDs := "uib-jus-agl uib-med-mentor uib-mn-pilot uib-bio-orakel uib-sv-dropin uib-hf-groups x-corona-1 x-worklife-1"
	if got := strings.Join(ids, " "); got != wantIDs {
		t.Errorf("ids %s", got)
	}
	r1, r2, r7 := rows[1], rows[2], rows[7]
	if !reflect.DeepEqual(r1.MentorKinds, []string{"external", "senior_student"}) || r1.GroupSize != "8" || *r1.MentorsPerGroup != 2 {
		t.Errorf("row 1: %+v", r1)
	}
	if r2.Status != "pilot" || *r2.StudentsOffered != 639 || r2.GroupSize != "6-25" || r2.Mandatory {
		t.Errorf("row 2: %+v", r2)
	}
	if r7.Paid || r7.Transition != "work_life" || r7.Funding != "" || r7.Line != 9 || r7.Ended != nil || r7.StudentsOffered != nil {
		t.Errorf("row 7: %+v", r7)
	}
}

func TestParseVariants(t *testing.T) {
	// BOM, semicolons, mixed-case and padded headers, columns reordered and
	// some optional ones missing, an unknown column, ja/nei, blank lines,
	// CRLF, case-insensitive vocabulary, spaces in group_size and lists.
	in := "\uFEFF Status ;PROGRAM_ID;Institution;Level;Name;Transition;Model;Mentor_Kinds;Mandatory;Enrolment;Paid;Started;Foo;Credits;group_size;min_standard\r\n" +
		"\r\n" +
		"Active;p1;Uni A;Faculty;Mentors, the good ones;first_year;open_dropin;Alumni | External;ja;opt_in;NEI;2015;x;Yes; 10 - 12 ;5|1| 3\r\n" +
		";;;;;;;;;;;;;;;\r\n" +
		"pilot; p2 ;Uni B;course;\"Quoted; name\";other;staff_one_to_one;academic_staff;0;opt_out;1;2024;;;8;\r\n"
	rows, warn := mustParse(t, in)
	if !reflect.DeepEqual(warn, []string{`unknown column "Foo" ignored`}) {
		t.Errorf("warnings %q", warn)
	}
	want := []Row{{
		Line: 3, ProgramID: "p1", Institution: "Uni A", Level: "faculty", Name: "Mentors, the good ones",
		Transition: "first_year", Model: "open_dropin", MentorKinds: []string{"alumni", "external"},
		Mandatory: true, Enrolment: "opt_in", Credits: ptr(true), GroupSize: "10-12",
		Started: 2015, Status: "active", MinStandard: []int{1, 3, 5},
	}, {
		Line: 5, ProgramID: "p2", Institution: "Uni B", Level: "course", Name: "Quoted; name",
		Transition: "other", Model: "staff_one_to_one", MentorKinds: []string{"academic_staff"},
		Enrolment: "opt_out", Paid: true, GroupSize: "8", Started: 2024, Status: "pilot",
	}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got\n%+v\nwant\n%+v", rows, want)
	}
}

const header = "program_id,institution,unit,level,name,transition,model,mentor_kinds,mandatory,enrolment,credits,paid,group_size,mentors_per_group,students_offered,started,ended,end_reason,status,relevance,funding,url,min_standard\n"

func TestParseBadLines(t *testing.T) {
	in := header +
		"a,U,,faculty,N,first_year,open_dropin,senior_student,true,opt_in,,true,,,,2010,,,active,,,,\n" +
		"b,U,,faculty,N,first_year,open_dropin,senior_student|nurse|senior_student,maybe,opt_in,,true,12-10,0,-3,1949,,,paused,,,ftp://x,1|6|1\n" +
		"a,,,FACULTY,,first_year,open_dropin,,true,opt_in,,true,,,,2010,2012,,active,,,,\n" +
		"c,U,,faculty,N,first_year,open_dropin,alumni,true,opt_in,,true,,,,2010,2009,,closed,,,https://uib.no/x,\n" +
		"d,U,,faculty,N,first_year,open_dropin,alumni,true,opt_in,,true,,,,2010,,,closed,,,,,extra\n"
	e := parseErr(t, in)
	if e.Key != "import.invalid" || e.Message != "the file has 5 bad lines" {
		t.Errorf("key %q message %q", e.Key, e.Message)
	}
	want := `line 2: column program_id: program_id "a" also on line 4
line 3: column mentor_kinds: must be |-separated values from senior_student, master_student, scientific_assistant, academic_staff, external, alumni, not "nurse"
line 3: column mentor_kinds: lists senior_student more than once
line 3: column mandatory: must be true or false (also yes/no, ja/nei, 1/0), not "maybe"
line 3: column group_size: must be a whole number ≥ 1 or a range min-max with 1 ≤ min ≤ max, not "12-10"
line 3: column mentors_per_group: must be a whole number from 1 to 1000000, not "0"
line 3: column students_offered: must be a whole number from 0 to 1000000, not "-3"
line 3: column started: must be a year from 1950 to 2100, not "1949"
line 3: column status: must be one of pilot, active, closed, not "paused"
line 3: column url: must be an absolute http or https URL, not "ftp://x"
line 3: column min_standard: must be |-separated numbers from 1 to 5, not "6"
line 3: column min_standard: lists 1 more than once
line 4: column program_id: program_id "a" also on line 2
line 4: column institution: is required
line 4: column name: is required
line 4: column mentor_kinds: is required
line 4: column ended: ended is only for closed programs (status is active)
line 5: column ended: must not be before started (2010), not 2009
line 6: the row has 24 cells but the header only 23: a separator inside an unquoted cell, or a cell in a column without a name?`
	if got := FormatDetails(e.Details); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseMissingColumns(t *testing.T) {
	e := parseErr(t, "Program_ID,name,name,bar\nx,y,z,w\n")
	got := FormatDetails(e.Details)
	for _, line := range []string{
		"line 1: column institution: required column is missing",
		"line 1: column name: the column appears twice (cells 2 and 3 of the header)",
		"line 1: column status: required column is missing",
	} {
		if !strings.Contains(got+"\n", line+"\n") {
			t.Errorf("missing %q in\n%s", line, got)
		}
	}
	if strings.Contains(got, "line 2") || e.Message != "the file has 1 bad line" {
		t.Errorf("message %q, details\n%s", e.Message, got)
	}
}

func TestParseMultilineCell(t *testing.T) {
	in := header +
		"a,U,,faculty,N,first_year,open_dropin,alumni,true,opt_in,,true,,,,2010,,,active,,,,\n" +
		"b,U,,faculty,N,first_year,open_dropin,alumni,true,opt_in,,true,,,,2010,2012,\"line one\r\nline two\n\nline four\",closed,,,,\n" +
		"c,U,,faculty,\"two\nlines\",bad,open_dropin,alumni,true,opt_in,,true,,,,2010,,,active,,,,\n"
	e := parseErr(t, in)
	if got := FormatDetails(e.Details); got != `line 7: column transition: must be one of first_year, work_life, bachelor_master, practicum, other, not "bad"` {
		t.Errorf("got %s", got)
	}
	rows, _ := mustParse(t, strings.Replace(in, ",bad,", ",other,", 1))
	if rows[1].EndReason != "line one\nline two\n\nline four" || rows[2].Line != 7 || rows[2].Name != "two\nlines" {
		t.Errorf("rows %+v", rows)
	}
}

func TestParseUnreadable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "the file is empty: a header row is required"},
		{"\n\n", "the file is empty: a header row is required"},
		{"program_id\nab\"c\n", `line 2: bad CSV quoting: bare " in non-quoted-field`},
		{"program_id\n\"ab\nc\n", `line 3: bad CSV quoting: extraneous or missing " in quoted-field (in the row that starts on line 2)`},
		{"program_id\nx\n\xff\xfe", "line 3: the file is not UTF-8 text: save it as CSV UTF-8 or as .xlsx"},
		{"a\x00b", "line 1: the file is not a CSV text file (it holds binary data)"},
		{"\xD0\xCF\x11\xE0junk", "the file is an old Excel (.xls) or encrypted workbook: save it as .xlsx or as CSV UTF-8"},
		{"PK\x03\x04junk", "the file looks like a zip archive but cannot be opened: zip: not a valid zip file"},
	} {
		e := parseErr(t, tc.in)
		if got := FormatDetails(e.Details); got != tc.want || e.Key != "import.unreadable" {
			t.Errorf("%q: key %s, got %q, want %q", tc.in, e.Key, got, tc.want)
		}
	}
}

func TestParseLimits(t *testing.T) {
	e := parseErr(t, strings.Repeat("a", MaxInputBytes+1))
	if e.Key != "import.too_large" || FormatDetails(e.Details) != "the file is larger than 20 MiB" {
		t.Errorf("size: %s %q", e.Key, FormatDetails(e.Details))
	}
	e = parseErr(t, "program_id\n"+strings.Repeat("x\n", MaxRows+1))
	if e.Key != "import.too_large" || FormatDetails(e.Details) != "the file has more than 50000 rows" {
		t.Errorf("rows: %s %q", e.Key, FormatDetails(e.Details))
	}
	e = parseErr(t, strings.Repeat("x,", maxColumns)+"x\n")
	if e.Key != "import.too_large" || FormatDetails(e.Details) != "the header has more than 1000 columns" {
		t.Errorf("columns: %s %q", e.Key, FormatDetails(e.Details))
	}
	long := strings.Repeat("é", MaxCellChars+1)
	e = parseErr(t, header+"a,U,,faculty,"+long+",first_year,open_dropin,alumni,true,opt_in,,true,,,,2010,,,active,,,,\n")
	if got := FormatDetails(e.Details); got != "line 2: column name: is 2001 characters long, at most 2000 are allowed" {
		t.Errorf("cell: %q", got)
	}
	var buf bytes.Buffer
	buf.WriteString(header)
	for range MaxRows {
		buf.WriteString("a,U,,faculty,N,first_year,open_dropin,alumni,true,opt_in,,true,,,,2010,,,active,,,,\n")
	}
	e = parseErr(t, buf.String())
	if len(e.Details) != MaxRows || e.Message != "the file has 50000 bad lines" ||
		e.Details[0].Message != `program_id "a" also on lines 3, 4, 5 and 49996 more` ||
		e.Details[MaxRows-1].Message != `program_id "a" also on line 2` {
		t.Errorf("50000 duplicates: %d details, %q", len(e.Details), e.Message)
	}
	// Beyond fullDetails problems, only the first of each line is listed.
	buf.Reset()
	buf.WriteString(header)
	for i := range 1000 {
		fmt.Fprintf(&buf, "a%d,U,,x,N,x,x,x,x,x,x,x,x,x,x,x,x,,x,x,,x,x\n", i)
	}
	e = parseErr(t, buf.String())
	last := e.Details[len(e.Details)-1]
	lines := map[int]bool{}
	for _, d := range e.Details {
		lines[d.Line] = true
	}
	if len(lines) != 1001 || e.Message != "the file has 1000 bad lines" || len(e.Details) > fullDetails+1000 ||
		!strings.HasSuffix(last.Message, "more problems are not listed: after the first 10000, only the first problem of each line is") {
		t.Errorf("%d lines, %d details, %q, last %q", len(lines), len(e.Details), e.Message, last.Message)
	}
}

func TestParseUnnamedColumns(t *testing.T) {
	row := "a,U,faculty,N,first_year,open_dropin,alumni,true,opt_in,true,2010,active"
	head := "program_id,institution,level,name,transition,model,mentor_kinds,mandatory,enrolment,paid,started,status"
	rows, warn := mustParse(t, strings.Replace(head, "name,", "name,,", 1)+",,\n"+strings.Replace(row, "N,", "N,note,", 1)+",,\n")
	if len(rows) != 1 || !reflect.DeepEqual(warn, []string{"column 5 has no name and is ignored"}) {
		t.Errorf("rows %+v, warnings %q", rows, warn)
	}
	e := parseErr(t, head+",,\n"+row+",,,x\n")
	if got := FormatDetails(e.Details); got != "line 2: the row has 15 cells but the header only 12: a separator inside an unquoted cell, or a cell in a column without a name?" {
		t.Errorf("got %q", got)
	}
}
