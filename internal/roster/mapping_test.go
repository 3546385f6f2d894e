package roster

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// fsExport is a student-system export as Norwegian Excel saves it.
const fsExport = "\uFEFFStudentnr;Fornavn;Etternavn;E-post;Studieprogramkode;Kull;Kjønn;Målform\r\n" +
	"100001;Ola;Nordmann;ola@student.uib.no;BAMN-BIO;høst 2025;M;NOB\r\n" +
	"100002;Kari;Nordmann;kari@student.uib.no;BAMN-BIO;H2025;K;NNO\r\n" +
	"100003;Per;Hansen;per@student.uib.no;BAMN-MAT;2026 vår;;ENG\r\n" +
	"100004;Ida;Berg;ida@student.uib.no;BAMN-MAT;HØST-2026;kvinne;\r\n"

func fsHeaders(t *testing.T) []string {
	t.Helper()
	hs, err := Headers(strings.NewReader(fsExport))
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

func TestSuggestMappingReadsStudentSystemHeaders(t *testing.T) {
	hs := fsHeaders(t)
	if !slices.Equal(hs, []string{"Studentnr", "Fornavn", "Etternavn", "E-post", "Studieprogramkode", "Kull", "Kjønn", "Målform"}) {
		t.Fatalf("headers = %q", hs)
	}
	if !MappingNeeded("students", hs) {
		t.Error("an FS export needs no mapping?")
	}
	m := SuggestMapping("students", hs)
	want := Mapping{"student_number": "Studentnr", "given_name": "Fornavn", "family_name": "Etternavn", "email": "E-post",
		"programme_code": "Studieprogramkode", "cohort": "Kull", "gender": "Kjønn", "language": "Målform"}
	for col, h := range want {
		if m[col] != h {
			t.Errorf("suggested %s = %q, want %q", col, m[col], h)
		}
	}
	spec := strings.Split("student_number,given_name,family_name,email,programme_code,cohort", ",")
	if MappingNeeded("students", spec) {
		t.Error("a spec file needs a mapping?")
	}
	if got := SuggestMapping("students", []string{"Fødselsnummer", "Studentnr"}); got["student_number"] != "Studentnr" || len(got) != 1 {
		t.Errorf("a national identity number column was suggested: %v", got)
	}
	if a, b := m.Key(hs), m.Key([]string{" målform", "KULL", "Kjønn", "e-post", "Etternavn", "Fornavn", "Studieprogramkode", "studentnr"}); a != b {
		t.Errorf("the same headers in another order and case have different keys: %q %q", a, b)
	}
}

func TestMappedExportIsReadWithNorwegianNotations(t *testing.T) {
	m := SuggestMapping("students", fsHeaders(t))
	for _, data := range [][]byte{[]byte(fsExport), csvToXLSX(t, []byte(strings.ReplaceAll(strings.TrimPrefix(fsExport, "\uFEFF"), ";", ",")))} {
		recs, warns, err := ReadStudents(bytes.NewReader(data), Options{Mapping: m, Upload: true})
		if err != nil {
			t.Fatalf("%v\n%s", err, details(err))
		}
		if len(warns) != 0 {
			t.Errorf("warnings: %v", warns)
		}
		type row struct{ number, given, cohort, gender, lang string }
		var got []row
		for _, r := range recs {
			got = append(got, row{r.Number, r.GivenName, r.Cohort, r.Gender, r.Language})
		}
		want := []row{{"100001", "Ola", "2025H", "m", "nb"}, {"100002", "Kari", "2025H", "f", "nn"}, {"100003", "Per", "2026V", "", "en"}, {"100004", "Ida", "2026H", "f", ""}}
		if !slices.Equal(got, want) {
			t.Errorf("records:\n got %v\nwant %v", got, want)
		}
		if recs[0].Line != 2 || recs[0].Email != "ola@student.uib.no" || recs[0].FamilyName != "Nordmann" {
			t.Errorf("first record: %+v", recs[0])
		}
	}
	// Without the mapping the export is refused, naming the missing columns.
	_, _, err := ReadStudents(strings.NewReader(fsExport), Options{})
	if e := app.AsError(err); e.Code != app.CodeInvalid || !strings.Contains(details(err), "student_number") {
		t.Errorf("unmapped export: %v", err)
	}
	// Strict (unmapped) reading keeps the spec's cohort rule.
	strict := "student_number,given_name,family_name,email,programme_code,cohort\n1,A,B,a@example.no,P,høst 2025\n"
	if _, _, err := ReadStudents(strings.NewReader(strict), Options{}); err == nil {
		t.Error("a spec file with cohort 'høst 2025' was accepted")
	}
}

func TestBadMappingsAreNamed(t *testing.T) {
	m := SuggestMapping("students", fsHeaders(t))
	m["campus"] = "Studiested" // not in the file
	_, _, err := ReadStudents(strings.NewReader(fsExport), Options{Mapping: m})
	if d := details(err); !strings.Contains(d, "line 1: column campus") || !strings.Contains(d, "Studiested") {
		t.Errorf("a missing mapped header: %s", d)
	}
	dup := Mapping{"given_name": "Fornavn", "family_name": "Fornavn"}
	if err := dup.Validate("students"); err == nil {
		t.Error("one header for two columns was accepted")
	}
	if err := (Mapping{"kind": "Type"}).Validate("students"); err == nil {
		t.Error("a mentors column in a students mapping was accepted")
	}
	withID := "Fnr;Studentnr;Fornavn;Etternavn;E-post;Studieprogramkode;Kull\n010101;1;A;B;a@example.no;P;2025H\n"
	m2 := SuggestMapping("students", []string{"Fnr", "Studentnr", "Fornavn", "Etternavn", "E-post", "Studieprogramkode", "Kull"})
	_, _, err = ReadStudents(strings.NewReader(withID), Options{Mapping: m2})
	if d := details(err); !strings.Contains(d, "national identity number") {
		t.Errorf("a national identity number column in a mapped file: %s", d)
	}
	m2["student_number"] = "Fnr"
	_, _, err = ReadStudents(strings.NewReader(withID), Options{Mapping: m2})
	if d := details(err); !strings.Contains(d, "national identity number") {
		t.Errorf("a mapping onto a national identity number: %s", d)
	}
}

func TestMentorsCarryTheOneToOneProfile(t *testing.T) {
	data := "mentor_id,given_name,family_name,email,programme_code,kind,max_groups,field,sector,campus,languages\n" +
		"a1,Anne,Alumna,anne@example.no,ALUMNI,alumni,2,biology,public,Bergen,nb|en\n" +
		"a2,Bo,Alumnus,bo@example.no,ALUMNI,alumni,,,,,\n"
	recs, warns, err := ReadMentors(strings.NewReader(data), Options{})
	if err != nil || len(warns) != 0 {
		t.Fatalf("%v %v", err, warns)
	}
	if r := recs[0]; r.Field != "biology" || r.Sector != "public" || r.Campus != "Bergen" || !slices.Equal(r.Languages, []string{"nb", "en"}) || r.MaxGroups != 2 || r.GivenName != "Anne" {
		t.Errorf("first mentor: %+v", r)
	}
	if _, _, err := ReadMentors(strings.NewReader(strings.Replace(data, "nb|en", "nb|not a tag", 1)), Options{}); !strings.Contains(details(err), "column languages") {
		t.Errorf("a bad language list: %s", details(err))
	}
}

func TestUploadLimitsAreTheUploadDefaults(t *testing.T) {
	var b strings.Builder
	b.WriteString("student_number,given_name,family_name,email,programme_code,cohort\n")
	for i := range 50_001 {
		b.WriteString("s" + strconv.Itoa(i) + ",A,B,a@example.no,P,2025H\n")
	}
	if _, _, err := ReadStudents(strings.NewReader(b.String()), Options{Upload: true}); app.AsError(err).Key != "import.too_large" {
		t.Errorf("50,001 rows as an upload: %v", err)
	}
	if _, _, err := ReadStudents(strings.NewReader(b.String()), Options{}); err != nil {
		t.Errorf("50,001 rows from the command line: %v", err)
	}
}

// FuzzReadStudentsMapped reads arbitrary files as mapped students and
// mentors files, under the suggested mapping and under one that maps the
// spec columns onto the headers in order: whatever the file, the readers
// return an import error or valid records, and never panic.
func FuzzReadStudentsMapped(f *testing.F) {
	f.Add([]byte(fsExport))
	f.Add([]byte("Studentnr;Fornavn;Etternavn;E-post;Studieprogramkode;Kull\n1;A;B;a@example.no;P;vår 1999\n"))
	f.Add([]byte("Studentnr,Kull\n1,H\n"))
	f.Add([]byte("email,E-post,Fnr\nx,y,z\n"))
	f.Add([]byte("Ansattnr;Fornavn;Etternavn;E-post;Studieprogramkode;Mentortype;Maks grupper;Kull\na1;A;B;a@example.no;P;alumni;2;høst 2020\n"))
	f.Add(csvToXLSX(f, []byte(strings.ReplaceAll(strings.TrimPrefix(fsExport, "\uFEFF"), ";", ","))))
	f.Fuzz(func(t *testing.T, data []byte) {
		hs, err := Headers(bytes.NewReader(data))
		if err != nil {
			checkError(t, err)
			return
		}
		for _, kind := range []string{"students", "mentors"} {
			all, _ := columnsOf(kind)
			positional := Mapping{}
			for i, h := range hs {
				if i < len(all) {
					positional[all[i]] = h
				}
			}
			suggested := SuggestMapping(kind, hs)
			for col, h := range suggested {
				if !slices.Contains(all, col) || !slices.Contains(hs, h) || isNationalID(h) {
					t.Fatalf("suggested %s ← %q from %q", col, h, hs)
				}
			}
			for _, m := range []Mapping{suggested, positional} {
				if kind == "students" {
					checkStudentRecords(t, data, m)
				} else {
					checkMentorRecords(t, data, m)
				}
			}
		}
	})
}

func checkStudentRecords(t *testing.T, data []byte, m Mapping) {
	t.Helper()
	recs, _, err := ReadStudents(bytes.NewReader(data), Options{Mapping: m, Upload: true})
	if err != nil {
		checkError(t, err)
		return
	}
	for _, r := range recs {
		if r.Number == "" || r.GivenName == "" || r.FamilyName == "" || r.Email == "" || !termRE.MatchString(r.Cohort) ||
			!codeRE.MatchString(r.Programme) || (r.Gender != "" && !slices.Contains(Genders, r.Gender)) {
			t.Fatalf("invalid student accepted under %v: %+v", m, r)
		}
	}
}

func checkMentorRecords(t *testing.T, data []byte, m Mapping) {
	t.Helper()
	recs, _, err := ReadMentors(bytes.NewReader(data), Options{Mapping: m, Upload: true})
	if err != nil {
		checkError(t, err)
		return
	}
	for _, r := range recs {
		if r.ID == "" || r.GivenName == "" || r.Email == "" || (r.Cohort != "" && !termRE.MatchString(r.Cohort)) ||
			!codeRE.MatchString(r.Programme) || !slices.Contains(MentorKinds, r.Kind) || r.MaxGroups < 1 {
			t.Fatalf("invalid mentor accepted under %v: %+v", m, r)
		}
	}
}
