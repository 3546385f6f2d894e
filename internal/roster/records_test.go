package roster

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// mustReadStudents and mustReadMentors read a file, failing on any error.
func mustReadStudents(t *testing.T, data []byte, o Options) ([]StudentRecord, []string) {
	t.Helper()
	recs, warns, err := ReadStudents(bytes.NewReader(data), o)
	if err != nil {
		t.Fatalf("%v\n%s", err, details(err))
	}
	return recs, tabular.WarningText(warns)
}

func mustReadMentors(t *testing.T, data []byte, o Options) ([]MentorRecord, []string) {
	t.Helper()
	recs, warns, err := ReadMentors(bytes.NewReader(data), o)
	if err != nil {
		t.Fatalf("%v\n%s", err, details(err))
	}
	return recs, tabular.WarningText(warns)
}

func TestStudentRecordsCarryEveryColumn(t *testing.T) {
	data := []byte(studentHeader +
		"s1, Ingrid ,Aasen,s1@student.example.no,BAPS-BIO,2025h, Bergen ,nb,F,ja,mon10,s2,,no\n" +
		"\n" +
		"s2,\"Ola\nPer\",Nordmann,s2@student.example.no,BAPS-BIO,2025H,,nn-NO,,,,,,\n" +
		"s3,Kari,Berg,s3@student.example.no,BAPS-KJEM,2024V,Stord,,x,,,,s1,true\n")
	want := []StudentRecord{
		{Line: 2, GivenName: "Ingrid", FamilyName: "Aasen", Email: "s1@student.example.no", Campus: "Bergen", Language: "nb"},
		{Line: 4, GivenName: "Ola\nPer", FamilyName: "Nordmann", Email: "s2@student.example.no", Language: "nn-NO"},
		{Line: 6, GivenName: "Kari", FamilyName: "Berg", Email: "s3@student.example.no", Campus: "Stord"},
	}
	want[0].Number, want[0].Programme, want[0].Cohort, want[0].Gender = "s1", "BAPS-BIO", "2025H", "f"
	want[0].International, want[0].Slots, want[0].With = true, []string{"mon10"}, "s2"
	want[1].Number, want[1].Programme, want[1].Cohort = "s2", "BAPS-BIO", "2025H"
	want[2].Number, want[2].Programme, want[2].Cohort, want[2].Gender = "s3", "BAPS-KJEM", "2024V", "x"
	want[2].Avoid, want[2].OptOut = "s1", true

	for _, tc := range []struct {
		name string
		data []byte
	}{{"csv", data}, {"semicolon+BOM", semicolonBOM(data)}} {
		recs, warns := mustReadStudents(t, tc.data, Options{})
		if len(warns) != 0 {
			t.Errorf("%s: warnings %q", tc.name, warns)
		}
		if !reflect.DeepEqual(recs, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, recs, want)
		}
	}
	// ParseStudents is the same read, without the people's details.
	students, _ := mustStudents(t, data)
	for i := range want {
		if !reflect.DeepEqual(students[i], want[i].Student) {
			t.Errorf("ParseStudents row %d: %+v, want %+v", i, students[i], want[i].Student)
		}
	}
}

func TestMentorRecordsCarryEveryColumn(t *testing.T) {
	data := []byte("mentor_id,given_name,family_name,email,programme_code,cohort,kind,max_groups,slots,field,sector,campus,languages\n" +
		"m1,Anne,Alumna,anne@example.no,ALUMNI,,Alumni,3,,Marine biology,Private,Bergen,nb | EN\n" +
		"m2,Bo,Berg,bo@example.no,BAMN-BIO,2021h,senior_student,,tue10,,,,\n")
	recs, warns := mustReadMentors(t, data, Options{})
	if len(warns) != 0 {
		t.Errorf("the one-to-one columns were warned about: %q", warns)
	}
	want := []MentorRecord{
		{Line: 2, GivenName: "Anne", FamilyName: "Alumna", Email: "anne@example.no", Field: "Marine biology", Sector: "Private",
			Campus: "Bergen", Languages: []string{"nb", "EN"}},
		{Line: 3, GivenName: "Bo", FamilyName: "Berg", Email: "bo@example.no"},
	}
	want[0].ID, want[0].Programme, want[0].Kind, want[0].MaxGroups = "m1", "ALUMNI", "alumni", 3
	want[1].ID, want[1].Programme, want[1].Cohort, want[1].Kind, want[1].MaxGroups, want[1].Slots = "m2", "BAMN-BIO", "2021H", "senior_student", 1, []string{"tue10"}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("\n got %+v\nwant %+v", recs, want)
	}
	for _, tc := range []struct{ languages, want string }{
		{"nb||en", "line 2: column languages: has an empty item in the |-separated list"},
		{"nb|en|nb", "line 2: column languages: lists nb more than once"},
		{"nb|klingon!", `line 2: column languages: must be |-separated BCP 47 language tags such as nb|en, not "klingon!"`},
	} {
		bad := strings.Replace(string(data), "nb | EN", tc.languages, 1)
		if _, _, err := ReadMentors(strings.NewReader(bad), Options{}); details(err) != tc.want {
			t.Errorf("languages %q: %q, want %q", tc.languages, details(err), tc.want)
		}
	}
}

// fsFile is an FS-style export of one student whose Kull and Kjønn are
// given.
func fsFile(cohort, gender string) string {
	return "\uFEFFStudentnr;Fornavn;Etternavn;E-post;Studieprogramkode;Kull;Kjønn\r\n" +
		"100001;Ola;Nordmann;ola@student.uib.no;BAMN-BIO;" + cohort + ";" + gender + "\r\n"
}

var fsMapping = Mapping{"student_number": "Studentnr", "given_name": "Fornavn", "family_name": "Etternavn", "email": "E-post",
	"programme_code": "Studieprogramkode", "cohort": "Kull", "gender": "Kjønn"}

func TestMappedCohortNotations(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "" = refused
		strict   bool   // also accepted without a mapping
	}{
		{"2025H", "2025H", true},
		{"2025h", "2025H", true},
		{"2025V", "2025V", true},
		{"H2025", "2025H", false},
		{"h2025", "2025H", false},
		{"2025 H", "2025H", false},
		{"2025-H", "2025H", false},
		{"2025 høst", "2025H", false},
		{"høst 2025", "2025H", false},
		{"Høst 2025", "2025H", false},
		{"HØST-2025", "2025H", false},
		{"HOST 2025", "2025H", false},
		{"vår 2025", "2025V", false},
		{"VÅR 2025", "2025V", false},
		{"V2025", "2025V", false},
		{"2025 var", "2025V", false},
		{"2025", "", false},
		{"høst", "", false},
		{"2025X", "", false},
		{"sommer 2025", "", false},
		{"H2025V", "", false},
		{"høst 20255", "", false},
		{"1899H", "", false},
	} {
		recs, _, err := ReadStudents(strings.NewReader(fsFile(tc.in, "")), Options{Mapping: fsMapping})
		switch {
		case tc.want == "":
			want := `line 2: column cohort: must be a start term like 2025H (autumn) or 2025V (spring), not ` + quote(tc.in) + ` (file column "Kull")`
			if got := details(err); got != want {
				t.Errorf("mapped %q: %q, want %q", tc.in, got, want)
			}
		case err != nil:
			t.Errorf("mapped %q: %s", tc.in, details(err))
		case recs[0].Cohort != tc.want:
			t.Errorf("mapped %q: cohort %q, want %q", tc.in, recs[0].Cohort, tc.want)
		}
		// Without a mapping the spec's rule holds exactly.
		spec := "student_number,given_name,family_name,email,programme_code,cohort\n1,A,B,a@example.no,P," + tc.in + "\n"
		recs, _, err = ReadStudents(strings.NewReader(spec), Options{})
		if tc.strict != (err == nil) {
			t.Errorf("strict %q: accepted %v, want %v (%s)", tc.in, err == nil, tc.strict, details(err))
		} else if tc.strict && recs[0].Cohort != tc.want {
			t.Errorf("strict %q: cohort %q", tc.in, recs[0].Cohort)
		}
	}
}

func TestMappedGenderNotations(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "?" = refused
		strict   bool   // also accepted without a mapping
	}{
		{"", "", true},
		{"f", "f", true},
		{"M", "m", true},
		{"x", "x", true},
		{"K", "f", false},
		{"k", "f", false},
		{"kvinne", "f", false},
		{"Kvinne", "f", false},
		{"mann", "m", false},
		{"MANN", "m", false},
		{"q", "?", false},
	} {
		recs, _, err := ReadStudents(strings.NewReader(fsFile("2025H", tc.in)), Options{Mapping: fsMapping})
		switch {
		case tc.want == "?":
			if !strings.Contains(details(err), `line 2: column gender: must be one of f, m, x, not "q" (file column "Kjønn")`) {
				t.Errorf("mapped %q: %q", tc.in, details(err))
			}
		case err != nil:
			t.Errorf("mapped %q: %s", tc.in, details(err))
		case recs[0].Gender != tc.want:
			t.Errorf("mapped %q: gender %q, want %q", tc.in, recs[0].Gender, tc.want)
		}
		spec := "student_number,given_name,family_name,email,programme_code,cohort,gender\n1,A,B,a@example.no,P,2025H," + tc.in + "\n"
		if _, _, err := ReadStudents(strings.NewReader(spec), Options{}); tc.strict != (err == nil) {
			t.Errorf("strict %q: accepted %v, want %v", tc.in, err == nil, tc.strict)
		}
	}
}

func TestSuggestMappingNames(t *testing.T) {
	for _, tc := range []struct{ kind, header, column string }{
		{"students", "student_number", "student_number"},
		{"students", " Student Number ", "student_number"},
		{"students", "Studentnr", "student_number"},
		{"students", "STUDENTNUMMER", "student_number"},
		{"students", "student_nr", "student_number"},
		{"students", "Student nr.", "student_number"},
		{"students", "studnr", "student_number"},
		{"students", "Fornavn", "given_name"},
		{"students", "Etternavn", "family_name"},
		{"students", "E-post", "email"},
		{"students", "epost", "email"},
		{"students", "E-postadresse", "email"},
		{"students", "Epostadresse:", "email"},
		{"students", "Mail", "email"},
		{"students", "Studieprogramkode", "programme_code"},
		{"students", "Studieprogram", "programme_code"},
		{"students", "Programkode", "programme_code"},
		{"students", "Kull", "cohort"},
		{"students", "Startkull", "cohort"},
		{"students", "Opptakstermin", "cohort"},
		{"students", "Start-termin", "cohort"},
		{"students", "Campus", "campus"},
		{"students", "Studiested", "campus"},
		{"students", "Språk", "language"},
		{"students", "sprak", "language"},
		{"students", "Målform", "language"},
		{"students", "maalform", "language"},
		{"students", "Kjønn", "gender"},
		{"students", "KJONN", "gender"},
		{"students", "Internasjonal", "international"},
		{"students", "Utvekslingsstudent", "international"},
		{"mentors", "Ansattnr", "mentor_id"},
		{"mentors", "Mentornr", "mentor_id"},
		{"mentors", "Studentnr", "mentor_id"},
		{"mentors", "Type", "kind"},
		{"mentors", "Mentortype", "kind"},
		{"mentors", "Maks_grupper", "max_groups"},
		{"mentors", "maks grupper", "max_groups"},
		{"mentors", "E-post", "email"},
		{"mentors", "Languages", "languages"},
	} {
		got := SuggestMapping(tc.kind, []string{"Merknad", tc.header, "Fødselsnummer"})
		if want := (Mapping{tc.column: strings.TrimSpace(tc.header)}); !reflect.DeepEqual(got, want) {
			t.Errorf("%s %q: %v, want %v", tc.kind, tc.header, got, want)
		}
	}
	// A header is proposed for one column at most, the better name first.
	got := SuggestMapping("mentors", []string{"Studentnr", "Ansattnr", "Mentor ID"})
	if !reflect.DeepEqual(got, Mapping{"mentor_id": "Mentor ID"}) {
		t.Errorf("two candidates for mentor_id: %v", got)
	}
	// National identity numbers are never proposed, under any name.
	for _, h := range []string{"Fnr", "Fødselsnummer", "personnummer", "national_id"} {
		if got := SuggestMapping("students", []string{h}); len(got) != 0 {
			t.Errorf("%q proposed: %v", h, got)
		}
	}
	if got := SuggestMapping("students", nil); len(got) != 0 {
		t.Errorf("no headers: %v", got)
	}
}

func TestMappingNeeded(t *testing.T) {
	for _, tc := range []struct {
		kind    string
		headers []string
		want    bool
	}{
		{"students", strings.Split(strings.TrimSpace(studentHeader), ","), false},
		{"students", []string{" Student_Number", "EMAIL", "given_name", "family_name", "programme_code", "Cohort", "Notes"}, false},
		{"students", []string{"student_number", "given_name", "family_name", "email", "programme_code"}, true},
		{"students", []string{"Studentnr", "Fornavn", "Etternavn", "E-post", "Studieprogramkode", "Kull", "Kjønn"}, true},
		{"students", nil, true},
		{"mentors", []string{"mentor_id", "given_name", "family_name", "email", "programme_code", "kind"}, false},
		{"mentors", []string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort"}, true},
		{"mentors", []string{"Ansattnr", "Fornavn", "Etternavn", "E-post", "Studieprogramkode", "Type"}, true},
	} {
		if got := MappingNeeded(tc.kind, tc.headers); got != tc.want {
			t.Errorf("%s %q: %v, want %v", tc.kind, tc.headers, got, tc.want)
		}
	}
}

func TestMappingKey(t *testing.T) {
	var none Mapping
	a := none.Key([]string{"Studentnr", "Fornavn", "Kull"})
	for _, tc := range []struct {
		headers []string
		same    bool
	}{
		{[]string{"Kull", " fornavn ", "STUDENTNR"}, true},
		{[]string{"Studentnr", "", "Fornavn", "Kull", " "}, true},
		{[]string{"Studentnr", "Fornavn"}, false},
		{[]string{"Studentnr", "Fornavn", "Kull", "Kjønn"}, false},
		{[]string{"Studentnr", "Fornavn Kull"}, false},
	} {
		if got := fsMapping.Key(tc.headers); (got == a) != tc.same {
			t.Errorf("%q: key %q, the first %q (same: want %v)", tc.headers, got, a, tc.same)
		}
	}
}

func TestMappingValidate(t *testing.T) {
	for _, tc := range []struct {
		kind string
		m    Mapping
		want string // "" = valid
	}{
		{"students", nil, ""},
		{"students", fsMapping, ""},
		{"students", Mapping{"given_name": "Fornavn", "family_name": "", "campus": " "}, ""},
		{"mentors", Mapping{"mentor_id": "Ansattnr", "kind": "Type", "languages": "Språk"}, ""},
		{"students", Mapping{"kind": "Type"}, "column kind: is not a column of a students file"},
		{"mentors", Mapping{"gender": "Kjønn"}, "column gender: is not a column of a mentors file"},
		{"students", Mapping{"Given_Name": "Fornavn"}, "column Given_Name: is not a column of a students file"},
		{"students", Mapping{"family_name": " fornavn", "given_name": "Fornavn"},
			`column given_name: uses the header "Fornavn", already used for family_name`},
		{"students", Mapping{"student_number": "Fnr", "given_name": "Fornavn", "family_name": "Fornavn"},
			"column Fnr: " + nationalIDMessage},
	} {
		err := tc.m.Validate(tc.kind)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s %v: %v", tc.kind, tc.m, err)
			}
			continue
		}
		var e *app.Error
		if !errors.As(err, &e) || e.Code != app.CodeInvalid || e.Key != "import.bad_mapping" {
			t.Errorf("%s %v: error %#v", tc.kind, tc.m, err)
			continue
		}
		if got := details(err); got != tc.want {
			t.Errorf("%s %v:\n got %q\nwant %q", tc.kind, tc.m, got, tc.want)
		}
	}
}

func TestMappedReadingOfHeaders(t *testing.T) {
	// Spec columns the mapping leaves out are read under their own names.
	partial := "Studentnr,given_name,family_name,email,programme_code,cohort,campus,Merknad\n" +
		"100001,Ola,Nordmann,ola@example.no,BAMN-BIO,høst 2025,Bergen,hi\n"
	recs, warns := mustReadStudents(t, []byte(partial), Options{Mapping: Mapping{"student_number": "Studentnr"}})
	if r := recs[0]; r.Number != "100001" || r.GivenName != "Ola" || r.Cohort != "2025H" || r.Campus != "Bergen" {
		t.Errorf("partial mapping: %+v", r)
	}
	if !slices.Equal(warns, []string{`unknown column "Merknad" ignored`}) {
		t.Errorf("partial mapping warnings: %q", warns)
	}
	// A mapped header wins over a spec-named column of the file.
	both := "student_number,given_name,family_name,email,E-post,programme_code,cohort\n" +
		"1,A,B,old@example.no,new@example.no,P,2025H\n"
	recs, _ = mustReadStudents(t, []byte(both), Options{Mapping: Mapping{"email": "e-post"}})
	if recs[0].Email != "new@example.no" {
		t.Errorf("mapped e-mail: %q", recs[0].Email)
	}
	// A mapping naming headers the file lacks is refused on the header
	// line, naming each; so is an invalid mapping, before any row is read.
	for _, tc := range []struct {
		data string
		m    Mapping
		want string
	}{
		{fsFile("2025H", ""), Mapping{"student_number": "Studentnummer", "campus": "Studiested"},
			"line 1: column student_number: the file has no column \"Studentnummer\"\nline 1: column campus: the file has no column \"Studiested\""},
		{"\n\n" + fsFile("2025H", ""), Mapping{"cohort": "Termin"}, `line 3: column cohort: the file has no column "Termin"`},
		{fsFile("2025H", ""), Mapping{"given_name": "Fornavn", "family_name": "Fornavn"},
			`line 1: column given_name: uses the header "Fornavn", already used for family_name`},
		{fsFile("2025H", ""), Mapping{"kind": "Studieprogramkode"}, "line 1: column kind: is not a column of a students file"},
	} {
		_, _, err := ReadStudents(strings.NewReader(tc.data), Options{Mapping: tc.m})
		checkError(t, err)
		if got := details(err); got != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.m, got, tc.want)
		}
	}
	// Errors of mapped columns name the file's header; those of spec-named ones do not.
	bad := "Studentnr;given_name;family_name;email;Studieprogramkode;cohort\n1;A;;not-an-address;BAD CODE;2025H\n"
	_, _, err := ReadStudents(strings.NewReader(bad), Options{Mapping: Mapping{"student_number": "Studentnr", "programme_code": "Studieprogramkode"}})
	want := "line 2: column family_name: is required\n" +
		`line 2: column email: must be a valid e-mail address such as ola@example.no, not "not-an-address"` + "\n" +
		`line 2: column programme_code: must be a programme code of letters, digits, '-', '_' and '.' such as BAMN-BIO (at most 40), not "BAD CODE" (file column "Studieprogramkode")`
	if got := details(err); got != want {
		t.Errorf("mapped errors:\n got %s\nwant %s", got, want)
	}
}

func TestMappedNationalIDRefused(t *testing.T) {
	for _, tc := range []struct {
		data string
		m    Mapping
	}{
		// Mapped onto a spec column.
		{"Fødselsnummer;Fornavn;Etternavn;E-post;Studieprogramkode;Kull\n01017012345;A;B;a@example.no;P;2025H\n",
			Mapping{"student_number": "Fødselsnummer", "given_name": "Fornavn", "family_name": "Etternavn", "email": "E-post",
				"programme_code": "Studieprogramkode", "cohort": "Kull"}},
		// Left unmapped beside mapped columns.
		{"Studentnr;FNR;Fornavn;Etternavn;E-post;Studieprogramkode;Kull\n1;01017012345;A;B;a@example.no;P;2025H\n",
			SuggestMapping("students", []string{"Studentnr", "FNR", "Fornavn", "Etternavn", "E-post", "Studieprogramkode", "Kull"})},
	} {
		for _, data := range [][]byte{[]byte(tc.data), csvToXLSX(t, []byte(strings.ReplaceAll(tc.data, ";", ",")))} {
			recs, warns, err := ReadStudents(bytes.NewReader(data), Options{Mapping: tc.m, Upload: true})
			checkError(t, err)
			d := details(err)
			if recs != nil || warns != nil || !strings.HasPrefix(d, "line 1: column ") || !strings.Contains(d, "national identity number") || strings.Contains(d, "\n") {
				t.Errorf("%v: %v %v %q", tc.m, recs, warns, d)
			}
		}
	}
}

func TestMappedMentors(t *testing.T) {
	data := "Ansattnr;Fornavn;Etternavn;E-post;Studieprogramkode;Mentortype;Maks grupper;Kull;Fagfelt\n" +
		"a100;Anne;Lærer;anne@uib.no;BAMN-BIO;Academic_Staff;2;;kjemi\n" +
		"s200;Bo;Student;bo@student.uib.no;BAMN-BIO;senior_student;;vår 2023;\n"
	hs, err := Headers(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !MappingNeeded("mentors", hs) {
		t.Error("an FS mentors export needs no mapping?")
	}
	m := SuggestMapping("mentors", hs)
	want := Mapping{"mentor_id": "Ansattnr", "given_name": "Fornavn", "family_name": "Etternavn", "email": "E-post",
		"programme_code": "Studieprogramkode", "kind": "Mentortype", "max_groups": "Maks grupper", "cohort": "Kull"}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("suggested %v\nwant %v", m, want)
	}
	m["field"] = "Fagfelt"
	for _, d := range [][]byte{[]byte(data), csvToXLSX(t, []byte(strings.ReplaceAll(data, ";", ",")))} {
		recs, warns := mustReadMentors(t, d, Options{Mapping: m, Upload: true})
		if len(warns) != 0 {
			t.Errorf("warnings %q", warns)
		}
		if len(recs) != 2 {
			t.Fatalf("%d mentors", len(recs))
		}
		a, b := recs[0], recs[1]
		if a.ID != "a100" || a.Kind != "academic_staff" || a.MaxGroups != 2 || a.Field != "kjemi" || a.FamilyName != "Lærer" || a.Line != 2 {
			t.Errorf("first mentor: %+v", a)
		}
		if b.ID != "s200" || b.Cohort != "2023V" || b.MaxGroups != 1 || b.Email != "bo@student.uib.no" || b.Line != 3 {
			t.Errorf("second mentor: %+v", b)
		}
	}
}

func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"csv", []byte("\n a , b ,,c,\n1,2,3,4\n"), []string{"a", "b", "c"}},
		{"semicolon+BOM", []byte("\uFEFFStudentnr;Kjønn\r\n1;K\r\n"), []string{"Studentnr", "Kjønn"}},
		{"xlsx", csvToXLSX(t, []byte("Studentnr,Fornavn\n1,Ola\n")), []string{"Studentnr", "Fornavn"}},
		{"header only", []byte("Studentnr"), []string{"Studentnr"}},
	} {
		got, err := Headers(bytes.NewReader(tc.data))
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q %v, want %q", tc.name, got, err, tc.want)
		}
	}
	if _, err := Headers(strings.NewReader("")); app.AsError(err).Key != "import.unreadable" {
		t.Errorf("empty file: %v", err)
	}
}
