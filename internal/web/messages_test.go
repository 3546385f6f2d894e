package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// chooseLanguage sets c's language as the switch in the page header does.
func (e *env) chooseLanguage(t *testing.T, c *http.Client, csrf, lang string) {
	t.Helper()
	r, err := c.PostForm(e.srv.URL+"/lang", url.Values{"lang": {lang}, "return": {"/"}, "csrf_token": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	body(t, r)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("choose %s: status %d", lang, r.StatusCode)
	}
}

// TestImportLineErrorsAreInTheReadersLanguage: the people page lists each
// bad line of an upload in nynorsk (line, column and what is wrong), the
// warnings too, while the API keeps the contract's English.
func TestImportLineErrorsAreInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	e.chooseLanguage(t, c, csrf, "nn")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	bad := "student_number,given_name,family_name,email,programme_code,cohort,slots,note\n" +
		"x1,Ada,B,ada@example.no,BAMN-BIO,2026H,mon10|xyz,\n" +
		"x2,,B,nope,BAMN-BIO,2026X,,\n" +
		"x1,Ada,B,ada@example.no,BAMN-BIO,2026H,,\n"
	code, b := upload(t, e, c, csrf, pilot, "students", "bad.csv", []byte(bad))
	b = html.UnescapeString(b)
	if code != 422 {
		t.Fatalf("bad file: %d", code)
	}
	for _, want := range []string{
		`linje 2: kolonne slots: må vere ei |-delt liste med tidspunkt (vekedag mon–fri og klokketime 08–18, til dømes mon10|wed14), ikkje "xyz"`,
		"linje 3: kolonne given_name: må fyllast ut",
		`linje 3: kolonne email: må vere ei gyldig e-postadresse, til dømes ola@example.no, ikkje "nope"`,
		`linje 3: kolonne cohort: må vere eit opptakssemester som 2025H (haust) eller 2025V (vår), ikkje "2026X"`,
		`linje 4: kolonne student_number: "x1" står også på linje 2`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, english := range []string{"must be", "is required", "not \"nope\""} {
		if strings.Contains(b, english) {
			t.Errorf("the nynorsk page shows English %q", english)
		}
	}
	// A national identity number column is refused in nynorsk.
	code, b = upload(t, e, c, csrf, pilot, "students", "fnr.csv", []byte("student_number,given_name,family_name,email,programme_code,cohort,Fødselsnummer\nx1,Ada,B,ada@example.no,BAMN-BIO,2026H,01010112345\n"))
	if b = html.UnescapeString(b); code != 422 || !strings.Contains(b, "linje 1: kolonne Fødselsnummer: ser ut som eit fødselsnummer: mentorhub tek aldri imot") {
		t.Errorf("national id: %d %.600s", code, b)
	}
	// An unknown column is a warning on the preview, in nynorsk.
	good := "student_number,given_name,family_name,email,programme_code,cohort,merknad\nx1,Ada,B,ada@example.no,BAMN-BIO,2026H,hei\n"
	code, b = upload(t, e, c, csrf, pilot, "students", "good.csv", []byte(good))
	if b = html.UnescapeString(b); code != 200 || !strings.Contains(b, "Ukjend kolonne «merknad» er ikkje teken med.") {
		t.Errorf("unknown column: %d %.400s", code, b)
	}
	// The API keeps the contract's English.
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	code, b = e.put(t, tok, fmt.Sprintf("/api/v1/programs/%d/students", pilot), "text/csv", []byte(bad))
	if code != 422 || !strings.Contains(b, `must be a valid e-mail address such as ola@example.no`) || !strings.Contains(b, `"column": "email"`) {
		t.Errorf("API: %d %s", code, b)
	}
}

// TestProgramFormProblemsAreInTheReadersLanguage: the new-program form
// says at each field what is wrong, in nynorsk.
func TestProgramFormProblemsAreInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	e.chooseLanguage(t, c, csrf, "nn")
	form := url.Values{"csrf_token": {csrf}, "name": {""}, "level": {"programme"}, "transition": {"first_year"}, "model": {"open_dropin"},
		"mentor_kinds": {"senior_student"}, "enrolment": {"opt_in"}, "started": {"2026"}, "status": {"active"}, "group_size": {"lots"}, "ended": {"2027"}}
	r, _ := c.PostForm(e.srv.URL+"/programs", form)
	b := html.UnescapeString(body(t, r))
	if r.StatusCode != 422 {
		t.Fatalf("invalid form: %d", r.StatusCode)
	}
	for _, want := range []string{"Må fyllast ut.", "Må vere eit tal, til dømes 8, eller eit intervall, til dømes 10-12.", "Gjeld berre avslutta ordningar."} {
		if !strings.Contains(b, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	for _, english := range []string{"is required", "must be a number", "is only for closed"} {
		if strings.Contains(b, english) {
			t.Errorf("the nynorsk form shows English %q", english)
		}
	}
}

// TestTheMoveWarningSaysEachBrokenRuleOnceInTheReadersLanguage: moving a
// student into a group of another programme warns in nynorsk, naming each
// broken rule once, in words, and nothing about the order of members.
func TestTheMoveWarningSaysEachBrokenRuleOnceInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	e.chooseLanguage(t, c, csrf, "nn")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	_, b := e.api(t, tok, fmt.Sprintf("/api/v1/programs/%d/groups", pilot))
	var groups []struct {
		GroupID  int64  `json:"group_id"`
		Prog     string `json:"programme_code"`
		Students []struct {
			ID string `json:"id"`
		} `json:"student_details"`
	}
	json.Unmarshal([]byte(b), &groups)
	var to int64
	for _, g := range groups[1:] {
		if g.Prog != groups[0].Prog {
			to = g.GroupID
		}
	}
	if to == 0 {
		t.Fatal("the demo pilot has one programme only")
	}
	r, _ := c.Get(fmt.Sprintf("%s/programs/%d/groups", e.srv.URL, pilot))
	page := body(t, r)
	// The first student of the first group sorts first in any group.
	om := regexp.MustCompile(`<option value="(\d+)">[^<]*\(` + groups[0].Students[0].ID + `,`).FindStringSubmatch(page)
	if om == nil {
		t.Fatal("the move form does not list the student")
	}
	v := url.Values{"csrf_token": {csrf}, "student": {om[1]}, "to_group": {strconv.FormatInt(to, 10)}}
	resp, b := postForm(t, e, c, fmt.Sprintf("/programs/%d/groups/move", pilot), v)
	b = html.UnescapeString(b)
	if resp.StatusCode != 409 {
		t.Fatalf("move across programmes: %d", resp.StatusCode)
	}
	warning := b[strings.Index(b, `id="move-warning"`):]
	warning = warning[:strings.Index(warning, "</ul>")]
	rule2 := "Studentane i ei gruppe skal ha same studieprogram og kull."
	if strings.Count(warning, rule2) != 1 {
		t.Errorf("rule 2 said %d times: %s", strings.Count(warning, rule2), warning)
	}
	items := regexp.MustCompile(`<li>([^<]*)</li>`).FindAllStringSubmatch(warning, -1)
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it[1]] {
			t.Errorf("%q listed twice", it[1])
		}
		seen[it[1]] = true
	}
	for _, raw := range []string{"rule ", "not sorted", "rekkjefølgje", "student s", "group is"} {
		if strings.Contains(warning, raw) {
			t.Errorf("the warning shows %q: %s", raw, warning)
		}
	}
}

// TestTheMappingStepNamesFieldsInTheReadersLanguage: the column-mapping
// step labels each field in words, and the people page describes the
// mentors file in the reader's language.
func TestTheMappingStepNamesFieldsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	e.chooseLanguage(t, c, csrf, "nn")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	fs := "Studentnr;Fornavn;Etternavn;E-post;Studieprogramkode;Kull\r\n200001;Ola;Nordmann;ola@student.uib.no;BAMN-BIO;2026H\r\n"
	code, b := upload(t, e, c, csrf, pilot, "students", "fs.csv", []byte(fs))
	if code != 200 || !strings.Contains(b, `name="map.student_number"`) {
		t.Fatalf("mapping step: %d", code)
	}
	for _, want := range []string{`<label for="map-student_number">Studentnummer`, `<label for="map-given_name">Førenamn`, `<label for="map-programme_code">Studieprogramkode`} {
		if !strings.Contains(b, want) {
			t.Errorf("the mapping step lacks %q", want)
		}
	}
	if regexp.MustCompile(`<label for="map-[a-z_]+">[a-z_]+[ <]`).MatchString(b) {
		t.Error("the mapping step labels a field by its raw name")
	}
	// A header chosen for two fields: the problem names both in words.
	m := regexp.MustCompile(`/people/drafts/(\d+)/preview`).FindStringSubmatch(b)
	if m == nil {
		t.Fatal("no draft in the mapping step")
	}
	v := url.Values{"csrf_token": {csrf}, "map.student_number": {"Studentnr"}, "map.given_name": {"Studentnr"}, "map.family_name": {"Etternavn"},
		"map.email": {"E-post"}, "map.programme_code": {"Studieprogramkode"}, "map.cohort": {"Kull"}}
	resp, mb := postForm(t, e, c, fmt.Sprintf("/programs/%d/people/drafts/%s/preview", pilot, m[1]), v)
	if mb = html.UnescapeString(mb); resp.StatusCode != 422 || !strings.Contains(mb, `kolonne Studentnummer: brukar overskrifta "Studentnr", som allereie er brukt for Førenamn`) {
		t.Errorf("a header used twice: %d %s", resp.StatusCode, mb[strings.Index(mb, "<main"):])
	}
	r, _ := c.Get(fmt.Sprintf("%s/programs/%d/people", e.srv.URL, pilot))
	page := html.UnescapeString(body(t, r))
	if !strings.Contains(page, "mentors.csv eller XLSX, éi rad per mentor: mentor-id, førenamn og etternamn") || strings.Contains(page, "mentor_id, namn") {
		t.Error("the mentors card does not describe the file in nynorsk")
	}
}

// TestTheExcelExportIsInTheReadersLanguage: the groups workbook has its
// headers in nynorsk and its meeting slots as "fredag 12:00", never codes.
func TestTheExcelExportIsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	e.chooseLanguage(t, c, csrf, "nn")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	r, err := c.Get(fmt.Sprintf("%s/programs/%d/export/groups.xlsx", e.srv.URL, pilot))
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(body(t, r))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%d: %v", r.StatusCode, err)
	}
	defer f.Close()
	rows, err := f.GetRows("Grupper")
	if err != nil || len(rows) < 2 {
		t.Fatalf("sheet Grupper: %d rows (%v), sheets %v", len(rows), err, f.GetSheetList())
	}
	if want := []string{"Gruppe-id", "Studieprogram", "Kull", "Møtetidspunkt", "Rolle"}; !slices.Equal(rows[0][:5], want) {
		t.Errorf("header %q, want %q…", rows[0], want)
	}
	slot := regexp.MustCompile(`^(måndag|tysdag|onsdag|torsdag|fredag) (0[89]|1[0-8]):00$`)
	slots := 0
	for _, row := range rows[1:] {
		if len(row) > 3 && row[3] != "" {
			slots++
			if !slot.MatchString(row[3]) {
				t.Errorf("slot cell %q", row[3])
			}
		}
		if len(row) > 4 && row[4] != "mentor" && row[4] != "student" {
			t.Errorf("role cell %q", row[4])
		}
	}
	if slots == 0 {
		t.Error("no group of the demo pilot has a meeting slot: the test proves nothing")
	}
}
