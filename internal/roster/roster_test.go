package roster

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

func mustStudents(t *testing.T, data []byte) ([]allocate.Student, []string) {
	t.Helper()
	s, w, err := ParseStudents(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%v\n%s", err, details(err))
	}
	return s, w
}

func mustMentors(t *testing.T, data []byte) ([]allocate.Mentor, []string) {
	t.Helper()
	m, w, err := ParseMentors(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%v\n%s", err, details(err))
	}
	return m, w
}

func TestSamples(t *testing.T) {
	students, warn := mustStudents(t, readSample(t, "students.csv"))
	if len(students) != 240 || len(warn) != 0 {
		t.Fatalf("%d students, warnings %q", len(students), warn)
	}
	want := allocate.Student{Number: "s3100001", Programme: "BAPS-BIO", Cohort: "2025H", Gender: "f",
		Slots: []string{"fri14", "thu14", "thu16", "tue12", "tue14"}, With: "s3100012"}
	if !reflect.DeepEqual(students[0], want) {
		t.Errorf("first student\n got %+v\nwant %+v", students[0], want)
	}
	mentors, warn := mustMentors(t, readSample(t, "mentors.csv"))
	if len(mentors) != 27 || len(warn) != 0 {
		t.Fatalf("%d mentors, warnings %q", len(mentors), warn)
	}
	wantM := allocate.Mentor{ID: "m300017", Programme: "BAMED-MAT", Kind: "scientific_assistant", MaxGroups: 1,
		Slots: []string{"mon08", "mon16", "thu14", "thu16"}}
	if !reflect.DeepEqual(mentors[3], wantM) {
		t.Errorf("fourth mentor\n got %+v\nwant %+v", mentors[3], wantM)
	}
	// Semicolons, a BOM, CRLF and upper-case headers read the same.
	s2, _ := mustStudents(t, semicolonBOM(readSample(t, "students.csv")))
	m2, _ := mustMentors(t, semicolonBOM(readSample(t, "mentors.csv")))
	if !reflect.DeepEqual(s2, students) || !reflect.DeepEqual(m2, mentors) {
		t.Error("semicolon + BOM files read differently")
	}
	// So does an XLSX of the same cells.
	s3, _ := mustStudents(t, csvToXLSX(t, readSample(t, "students.csv")))
	m3, _ := mustMentors(t, csvToXLSX(t, readSample(t, "mentors.csv")))
	if !reflect.DeepEqual(s3, students) || !reflect.DeepEqual(m3, mentors) {
		t.Error("XLSX files read differently")
	}
	// Written back and read again, nothing changes.
	s4, _ := mustStudents(t, writeStudents(students))
	m4, _ := mustMentors(t, writeMentors(mentors))
	if !reflect.DeepEqual(s4, students) || !reflect.DeepEqual(m4, mentors) {
		t.Error("round trip changed the rows")
	}
}

const studentHeader = "student_number,given_name,family_name,email,programme_code,cohort,campus,language,gender,international,slots,with,avoid,opt_out\n"

func TestStudentValues(t *testing.T) {
	students, warn := mustStudents(t, []byte(" Student_Number ;Email;given_name;family_name;programme_code;cohort;Gender;International;Slots;Opt_Out;Notes;with;avoid\n"+
		"a1;a@x.no;A;A;BAMN-BIO;2025h;M;Ja;Mon10 | wed14;nei;hi;b2;\n"+
		"\n"+
		"b2;b@x.no;B;B;BAMN-BIO;2024V;;1;;YES;;;zz9\n"))
	want := []allocate.Student{
		{Number: "a1", Programme: "BAMN-BIO", Cohort: "2025H", Gender: "m", International: true, Slots: []string{"mon10", "wed14"}, With: "b2"},
		{Number: "b2", Programme: "BAMN-BIO", Cohort: "2024V", International: true, OptOut: true},
	}
	if !reflect.DeepEqual(students, want) {
		t.Errorf("\n got %+v\nwant %+v", students, want)
	}
	wantWarn := []string{`unknown column "Notes" ignored`, `line 4: column avoid: student "zz9" is not in the file; the request is ignored`}
	if !reflect.DeepEqual(warn, wantWarn) {
		t.Errorf("warnings %q", warn)
	}
}

func TestStudentErrors(t *testing.T) {
	file := studentHeader +
		"s1,A,B,s1@x.no,BAMN-BIO,2025H,,nb,f,false,mon10,,,false\n" + // line 2: fine
		"s2,,B,not an address,BAMN BIO,2025X,,no_NO!,q,maybe,sat10|mon07|mon7|mon10|MON10|,s2,s2,perhaps\n" +
		"s1,A,B,Ola <s3@x.no>,BAMN-BIO,1899H,,,,,,,,\n" + // line 4: duplicate of line 2
		"s4,A,B,s4@x,X,2025H,,,,,,s1,s1,\n" +
		"s 5,A,B,s5@x.no,X,2025H,,,,,,,,\n" +
		"s6,A,B,s6@x.no,X,2025H,,,,,,,,,extra\n" +
		"s1,A,B,s7@x.no,X,2025H,,,,,,,,\n"
	_, _, err := ParseStudents(strings.NewReader(file))
	checkError(t, err)
	want := `line 2: column student_number: student_number "s1" also on lines 4, 8
line 3: column given_name: is required
line 3: column email: must be a valid e-mail address such as ola@example.no, not "not an address"
line 3: column programme_code: must be a programme code of letters, digits, '-', '_' and '.' such as BAMN-BIO (at most 40), not "BAMN BIO"
line 3: column cohort: must be a start term like 2025H (autumn) or 2025V (spring), not "2025X"
line 3: column language: must be a BCP 47 language tag such as nb, nn or en, not "no_NO!"
line 3: column gender: must be one of f, m, x, not "q"
line 3: column international: must be true or false (also yes/no, ja/nei, 1/0), not "maybe"
line 3: column slots: has an empty item in the |-separated list
line 3: column slots: must be |-separated slots of a weekday mon..fri and an hour 08..18, such as mon10|wed14, not "sat10", "mon07", "mon7"
line 3: column slots: lists mon10 more than once
line 3: column with: names the student's own number "s2"
line 3: column avoid: names the student's own number "s2"
line 3: column opt_out: must be true or false (also yes/no, ja/nei, 1/0), not "perhaps"
line 4: column student_number: student_number "s1" also on line 2
line 4: column email: must be a valid e-mail address such as ola@example.no, not "Ola <s3@x.no>"
line 4: column cohort: must be a start term like 2025H (autumn) or 2025V (spring), not "1899H"
line 5: column email: must be a valid e-mail address such as ola@example.no, not "s4@x"
line 5: column avoid: names the same student as with ("s1")
line 6: column student_number: must be an id of at most 64 characters without spaces or |, not "s 5"
line 7: the row has 15 cells but the header only 14: a separator inside an unquoted cell, or a cell in a column without a name?
line 8: column student_number: student_number "s1" also on line 2`
	if got := details(err); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestMentorErrors(t *testing.T) {
	file := "mentor_id;given_name;family_name;email;programme_code;kind;max_groups\n" +
		"m1;A;B;m1@x.no;BAMN-BIO;Senior_Student;\n" +
		"m2;A;B;m2@x.no;BAMN-BIO;professor;0\n" +
		"m1;A;B;m3@x.no;BAMN-BIO;alumni;two\n" +
		";A;B;m4@x.no;;;\n"
	_, _, err := ParseMentors(strings.NewReader(file))
	checkError(t, err)
	want := `line 2: column mentor_id: mentor_id "m1" also on line 4
line 3: column kind: must be one of senior_student, master_student, scientific_assistant, academic_staff, external, alumni, not "professor"
line 3: column max_groups: must be a whole number from 1 to 1000000, not "0"
line 4: column mentor_id: mentor_id "m1" also on line 2
line 4: column max_groups: must be a whole number from 1 to 1000000, not "two"
line 5: column mentor_id: is required
line 5: column programme_code: is required
line 5: column kind: is required`
	if got := details(err); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	mentors, _ := mustMentors(t, []byte("mentor_id,given_name,family_name,email,programme_code,kind,max_groups,cohort,slots\n"+
		"m1,A,B,m1@x.no,P,EXTERNAL,1 2,,fri18\n"))
	if want := (allocate.Mentor{ID: "m1", Programme: "P", Kind: "external", MaxGroups: 12, Slots: []string{"fri18"}}); !reflect.DeepEqual(mentors[0], want) {
		t.Errorf("got %+v", mentors[0])
	}
}

func TestMissingColumns(t *testing.T) {
	_, _, err := ParseStudents(strings.NewReader("student_number,Email,email\ns1,a@x.no,a@x.no\n"))
	want := `line 1: column given_name: required column is missing
line 1: column family_name: required column is missing
line 1: column email: the column appears twice (cells 2 and 3 of the header)
line 1: column programme_code: required column is missing
line 1: column cohort: required column is missing`
	if got := details(err); got != want {
		t.Errorf("got\n%s", got)
	}
	_, _, err = ParseMentors(strings.NewReader(""))
	if got := details(err); got != "the file is empty: a header row is required" {
		t.Errorf("empty: %q", got)
	}
}

func TestNationalIDRefused(t *testing.T) {
	for _, h := range []string{"fodselsnummer", "Fødselsnummer", "FNR", "personnummer", "ssn", "national_id", " National ID "} {
		data := strings.Replace(studentHeader, "campus", h, 1) + "s1,A,B,s1@x.no,P,2025H,01017012345,,,,,,,\n"
		s, warn, err := ParseStudents(strings.NewReader(data))
		checkError(t, err)
		want := "line 1: column " + strings.TrimSpace(h) + ": looks like a national identity number"
		if s != nil || warn != nil || !strings.HasPrefix(details(err), want) || strings.Contains(details(err), "\n") {
			t.Errorf("%q: %v %q", h, s, details(err))
		}
		_, _, err = ParseMentors(bytes.NewReader(csvToXLSX(t, []byte("mentor_id,"+h+"\nm1,x\n"))))
		if !strings.HasPrefix(details(err), want) {
			t.Errorf("mentors %q: %q", h, details(err))
		}
	}
}

func TestXLSXZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: 2, UncompressedSize64: 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte{3, 0}); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, err = ParseStudents(&buf)
	checkError(t, err)
	if got := details(err); got != "the workbook unpacks to more than 1024 MiB" {
		t.Errorf("%q", got)
	}
}
