package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// put sends a file body with a token.
func (e *env) put(t *testing.T, token, path, ctype string, data []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("PUT", e.srv.URL+path, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", ctype)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, body(t, r)
}

func genCSV(students []allocate.Student, mentors []allocate.Mentor) (s, m []byte) {
	var sb, mb bytes.Buffer
	sw, mw := csv.NewWriter(&sb), csv.NewWriter(&mb)
	sw.Write([]string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort", "gender", "international", "slots", "with", "avoid", "opt_out"})
	for i, x := range students {
		sw.Write([]string{x.Number, "G" + strconv.Itoa(i), "F", "s" + strconv.Itoa(i) + "@example.no", x.Programme, x.Cohort, x.Gender,
			strconv.FormatBool(x.International), strings.Join(x.Slots, "|"), x.With, x.Avoid, strconv.FormatBool(x.OptOut)})
	}
	mw.Write([]string{"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups", "slots"})
	for i, x := range mentors {
		mw.Write([]string{x.ID, "M" + strconv.Itoa(i), "F", "m" + strconv.Itoa(i) + "@example.no", x.Programme, x.Cohort, x.Kind,
			strconv.Itoa(x.MaxGroups), strings.Join(x.Slots, "|")})
	}
	sw.Flush()
	mw.Flush()
	return sb.Bytes(), mb.Bytes()
}

// createGroupProgram creates, through the API as token, an opt-out program
// of fixed groups named name (the programme level, no programmes named)
// and returns its id.
func createGroupProgram(t *testing.T, e *env, token, name string) int64 {
	t.Helper()
	code, b := e.send(t, token, "POST", "/api/v1/programs", `{"name": "`+name+`", "level": "programme", "transition": "first_year",
		"model": "fixed_group_voluntary", "mentor_kinds": ["senior_student"], "mandatory": false, "enrolment": "opt_out", "paid": true,
		"started": 2026, "status": "pilot"}`)
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	var p apiProgram
	if err := json.Unmarshal([]byte(b), &p); err != nil || p.ID == 0 {
		t.Fatalf("create: %v %s", err, b)
	}
	return p.ID
}

// optOutForm finds, on a student's own page, the opt-out form of the
// participation whose group the page shows, and returns its id.
func optOutForm(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`action="/me/participations/(\d+)/opt-out"`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "Gruppa di:") {
		t.Fatalf("the student's page has no group and no opt-out form")
	}
	return m[1]
}

func TestPeopleAPIImportAllocateAndGroups(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	base := fmt.Sprintf("/api/v1/programs/%d", createGroupProgram(t, e, coord, "Chemistry peer groups"))
	students, mentors := allocate.Generate(639, 11)
	sdata, mdata := genCSV(students, mentors)

	code, b := e.put(t, coord, base+"/students", "text/csv", sdata)
	if code != 200 || !strings.Contains(b, `"imported": 639`) || !strings.Contains(b, `"unchanged": 0`) {
		t.Fatalf("students: %d %s", code, b)
	}
	code, b = e.put(t, coord, base+"/students", "text/csv", sdata)
	if code != 200 || !strings.Contains(b, `"imported": 0`) || !strings.Contains(b, `"unchanged": 639`) {
		t.Fatalf("students again: %d %s", code, b)
	}
	if code, b = e.put(t, coord, base+"/mentors", "text/csv", mdata); code != 200 {
		t.Fatalf("mentors: %d %s", code, b)
	}
	// A bad file: 422 with every bad line, and nothing changes.
	bad := "student_number,given_name,family_name,email,programme_code,cohort\nx1,A,B,a@example.no,BIO,2026H\nx2,,B,nope,BIO,2026X\n"
	code, b = e.put(t, coord, base+"/students", "text/csv", []byte(bad))
	if code != 422 || !strings.Contains(b, `"line": 3`) || !strings.Contains(b, `"column": "email"`) || !strings.Contains(b, `"column": "cohort"`) {
		t.Fatalf("bad file: %d %s", code, b)
	}
	// Allocation: 201 with the JSON of mentorhub allocate for the same files.
	code, b = e.send(t, coord, "POST", base+"/allocations", `{"group_min": 8, "group_max": 12, "mentors_per_group": 2, "seed": 3}`)
	if code != 201 {
		t.Fatalf("allocate: %d %s", code, b)
	}
	var got allocate.Result
	if err := json.Unmarshal([]byte(b), &got); err != nil {
		t.Fatal(err)
	}
	opt := allocate.Options{GroupMin: 8, GroupMax: 12, MentorsPerGroup: 2, Seed: 3}
	want, _ := allocate.Allocate(students, mentors, opt)
	if got.Stats != want.Stats || len(got.Groups) != len(want.Groups) {
		t.Fatalf("API allocation %+v, engine on the same files %+v", got.Stats, want.Stats)
	}
	for i := range want.Groups {
		if !slices.Equal(got.Groups[i].Students, want.Groups[i].Students) || !slices.Equal(got.Groups[i].Mentors, want.Groups[i].Mentors) {
			t.Fatalf("group %d differs from the engine's", i)
		}
	}
	if v := allocate.Check(students, mentors, opt, got); len(v) != 0 {
		t.Fatalf("violations: %v", v)
	}
	code, b = e.api(t, coord, base+"/groups")
	var groups []struct {
		ID       string   `json:"id"`
		Name     string   `json:"name"`
		Students []string `json:"students"`
		Mentors  []string `json:"mentors"`
		Details  []struct {
			GivenName string `json:"given_name"`
		} `json:"student_details"`
	}
	if err := json.Unmarshal([]byte(b), &groups); code != 200 || err != nil || len(groups) != len(want.Groups) {
		t.Fatalf("groups: %d %v %.300s", code, err, b)
	}
	if groups[0].ID != want.Groups[0].ID || !slices.Equal(groups[0].Students, want.Groups[0].Students) || groups[0].Name == "" ||
		len(groups[0].Details) != len(groups[0].Students) || groups[0].Details[0].GivenName == "" {
		t.Errorf("first stored group: %+v", groups[0])
	}
	// Bad parameters are 422 naming the field; others may not allocate.
	if code, b = e.send(t, coord, "POST", base+"/allocations", `{"group_min": 0, "group_max": 12, "mentors_per_group": 2}`); code != 422 || !strings.Contains(b, "group_min") {
		t.Errorf("bad params: %d %s", code, b)
	}
	student := e.token(t, "student@demo.mentorhub.no")
	for _, try := range []func() int{
		func() int { c, _ := e.put(t, student, base+"/students", "text/csv", sdata); return c },
		func() int {
			c, _ := e.send(t, student, "POST", base+"/allocations", `{"group_min": 8, "group_max": 12, "mentors_per_group": 2}`)
			return c
		},
		func() int { c, _ := e.api(t, student, base+"/groups"); return c },
		func() int { c, _ := e.api(t, student, base+"/students"); return c },
	} {
		if c := try(); c != 403 && c != 404 {
			t.Errorf("a student got %d", c)
		}
	}
	hvl := e.token(t, "admin@hvl.demo.mentorhub.no")
	if c, _ := e.api(t, hvl, base+"/groups"); c != 404 {
		t.Errorf("another institution's admin got %d", c)
	}
}

var draftRE = regexp.MustCompile(`/people/drafts/(\d+)/(commit|preview)`)

// upload posts a file to the people page's upload form.
func upload(t *testing.T, e *env, c *http.Client, csrf string, programID int64, kind, name string, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", csrf)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/programs/%d/people/upload", e.srv.URL, programID), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.srv.URL)
	r, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, body(t, r)
}

func postForm(t *testing.T, e *env, c *http.Client, path string, v url.Values) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.srv.URL)
	r, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	return r, string(b)
}

func TestCoordinatorImportsAStudentSystemExportThroughTheMappingStep(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	fs := "\uFEFFStudentnr;Fornavn;Etternavn;E-post;Studieprogramkode;Kull;Kjønn\r\n" +
		"200001;Ola;Nordmann;ola@student.uib.no;BAMN-BIO;høst 2026;M\r\n" +
		"200002;Kari;Nordmann;kari@student.uib.no;BAMN-BIO;2026H;K\r\n"
	code, b := upload(t, e, c, csrf, pilot, "students", "fs-uttrekk.csv", []byte(fs))
	m := draftRE.FindStringSubmatch(b)
	if code != 200 || m == nil || m[2] != "preview" || !strings.Contains(b, `name="map.student_number"`) {
		t.Fatalf("mapping step: %d %.400s", code, b)
	}
	if !strings.Contains(b, `<option value="Studentnr" selected>`) {
		t.Errorf("the mapping does not propose Studentnr for student_number")
	}
	v := url.Values{"csrf_token": {csrf}, "map.student_number": {"Studentnr"}, "map.given_name": {"Fornavn"}, "map.family_name": {"Etternavn"},
		"map.email": {"E-post"}, "map.programme_code": {"Studieprogramkode"}, "map.cohort": {"Kull"}, "map.gender": {"Kjønn"}}
	r, b := postForm(t, e, c, "/programs/"+strconv.FormatInt(pilot, 10)+"/people/drafts/"+m[1]+"/preview", v)
	// The file holds two of the pilot's many students: the rest would leave.
	if r.StatusCode != 200 || !strings.Contains(b, `id="count-added">2<`) || !strings.Contains(b, "import-commit") {
		t.Fatalf("preview: %d %.600s", r.StatusCode, b)
	}
	// Discard it: nothing changed.
	r, _ = postForm(t, e, c, "/programs/"+strconv.FormatInt(pilot, 10)+"/people/drafts/"+m[1]+"/discard", url.Values{"csrf_token": {csrf}})
	if r.StatusCode != 200 && r.StatusCode != 303 {
		t.Fatalf("discard: %d", r.StatusCode)
	}
	// The mapping was not remembered (nothing imported); a spec file goes
	// straight to the preview.
	spec := "student_number,given_name,family_name,email,programme_code,cohort\n300001,Per,Hansen,per@example.no,BAMN-BIO,2026H\n"
	code, b = upload(t, e, c, csrf, pilot, "students", "students.csv", []byte(spec))
	if code != 200 || !strings.Contains(b, `id="count-added">1<`) {
		t.Fatalf("spec file preview: %d %.400s", code, b)
	}
	// A bad file shows every bad line on the people page.
	code, b = upload(t, e, c, csrf, pilot, "students", "bad.csv", []byte("student_number,given_name,family_name,email,programme_code,cohort\n1,,B,x,BIO,2026H\n"))
	if code != 422 || !strings.Contains(b, "import-errors") {
		t.Fatalf("bad file: %d %.300s", code, b)
	}
}

func TestGroupsPageMovesWithAWarningAndExports(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
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
	if len(groups) < 2 {
		t.Fatalf("the demo pilot has %d groups", len(groups))
	}
	firstStudent := groups[0].Students[0].ID
	var to int64
	for _, g := range groups[1:] {
		if g.Prog != groups[0].Prog {
			to = g.GroupID
		}
	}
	r, _ := c.Get(fmt.Sprintf("%s/programs/%d/groups", e.srv.URL, pilot))
	page := body(t, r)
	if r.StatusCode != 200 || !strings.Contains(page, "export-canvas") {
		t.Fatalf("groups page: %d", r.StatusCode)
	}
	// The student's participant id is in the move form's options.
	optRE := regexp.MustCompile(`<option value="(\d+)">[^<]*\(` + groups[0].Students[0].ID + `,`)
	om := optRE.FindStringSubmatch(page)
	if om == nil {
		t.Fatal("the move form does not list the student")
	}
	v := url.Values{"csrf_token": {csrf}, "student": {om[1]}, "to_group": {strconv.FormatInt(to, 10)}}
	resp, b := postForm(t, e, c, fmt.Sprintf("/programs/%d/groups/move", pilot), v)
	if resp.StatusCode != 409 || !strings.Contains(b, "move-anyway") || !strings.Contains(b, "Studentene i en gruppe skal ha samme studieprogram og kull.") {
		t.Fatalf("move across programmes: %d %.500s", resp.StatusCode, b)
	}
	v.Set("force", "true")
	if resp, _ = postForm(t, e, c, fmt.Sprintf("/programs/%d/groups/move", pilot), v); resp.StatusCode != 303 {
		t.Fatalf("confirmed move: %d", resp.StatusCode)
	}
	_, b = e.api(t, tok, fmt.Sprintf("/api/v1/programs/%d/groups", pilot))
	json.Unmarshal([]byte(b), &groups)
	moved := false
	for _, g := range groups {
		for _, s := range g.Students {
			if s.ID == firstStudent && g.GroupID == to {
				moved = true
			}
		}
	}
	if !moved {
		t.Error("the confirmed move was not stored")
	}
	for _, f := range []string{"groups.csv", "groups.xlsx", "canvas.zip"} {
		r, err := c.Get(fmt.Sprintf("%s/programs/%d/export/%s", e.srv.URL, pilot, f))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 200 || len(data) < 50 || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d, %d bytes", f, r.StatusCode, len(data))
		}
	}
}

func TestStudentAppliesAndCoordinatorSelectsAndMatches(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alumni := e.demo.Programs["uib-alumni"].ID
	path := fmt.Sprintf("/me/programs/%d/apply", alumni)
	s := e.client(t)
	csrf := e.login(t, s, "student@demo.mentorhub.no")
	r, err := s.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	if page := body(t, r); r.StatusCode != 200 || !strings.Contains(page, `name="rank1"`) || !strings.Contains(page, "Hilde Brekke") {
		t.Fatalf("apply form: %d", r.StatusCode)
	}
	resp, b := postForm(t, e, s, path, url.Values{"csrf_token": {csrf}, "programme": {"BAMN-BIO"}, "field": {"biology"}, "rank1": {"alum-01"}, "motivation": {"I want to work in public management."}})
	if resp.StatusCode != 303 {
		t.Fatalf("apply: %d %.300s", resp.StatusCode, b)
	}
	// An empty application is refused with the field named.
	if resp, _ = postForm(t, e, s, path, url.Values{"csrf_token": {csrf}}); resp.StatusCode != 422 {
		t.Errorf("empty application: %d", resp.StatusCode)
	}
	// The student cannot see the applications.
	r, _ = s.Get(fmt.Sprintf("%s/programs/%d/applications", e.srv.URL, alumni))
	body(t, r)
	if r.StatusCode != 403 && r.StatusCode != 404 {
		t.Errorf("a student read the applications: %d", r.StatusCode)
	}
	admin := e.client(t)
	acsrf := e.login(t, admin, "admin@demo.mentorhub.no")
	r, _ = admin.Get(fmt.Sprintf("%s/programs/%d/applications", e.srv.URL, alumni))
	page := body(t, r)
	m := regexp.MustCompile(`name="selected" value="(\d+)"`).FindStringSubmatch(page)
	if r.StatusCode != 200 || m == nil || !strings.Contains(page, "I want to work in public management.") {
		t.Fatalf("applications page: %d", r.StatusCode)
	}
	resp, _ = postForm(t, e, admin, fmt.Sprintf("/programs/%d/applications/select", alumni), url.Values{"csrf_token": {acsrf}, "selected": {m[1]}})
	if resp.StatusCode != 303 {
		t.Fatalf("select: %d", resp.StatusCode)
	}
	resp, b = postForm(t, e, admin, fmt.Sprintf("/programs/%d/applications/match", alumni), url.Values{"csrf_token": {acsrf}})
	if resp.StatusCode != 200 || !strings.Contains(b, "match-table") || !strings.Contains(b, "Hilde Brekke") || !strings.Contains(b, "ønske 1 av") {
		t.Fatalf("match preview: %d %.500s", resp.StatusCode, b)
	}
	resp, _ = postForm(t, e, admin, fmt.Sprintf("/programs/%d/applications/match", alumni), url.Values{"csrf_token": {acsrf}, "accept": {"true"}})
	if resp.StatusCode != 303 {
		t.Fatalf("accept: %d", resp.StatusCode)
	}
	// The student's page shows the mentor.
	r, _ = s.Get(e.srv.URL + "/")
	if page := body(t, r); !strings.Contains(page, "Hilde Brekke") {
		t.Error("the student's page does not show their mentor")
	}
}

func TestPeoplePageListsAtMostTwoHundredAndSearches(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	r, _ := c.Get(fmt.Sprintf("%s/programs/%d/people", e.srv.URL, pilot))
	page := body(t, r)
	if r.StatusCode != 200 || !strings.Contains(page, `id="people-q"`) {
		t.Fatalf("people page: %d", r.StatusCode)
	}
	rows := regexp.MustCompile(`<td>1\d{5}</td>`).FindAllString(page, -1)
	if len(rows) != 200 {
		t.Errorf("%d student rows, want the first 200", len(rows))
	}
	_, page = postForm(t, e, c, fmt.Sprintf("/programs/%d/people", pilot), url.Values{"csrf_token": {csrf}, "q": {"100007"}})
	if rows := regexp.MustCompile(`<td>1\d{5}</td>`).FindAllString(page, -1); len(rows) != 1 || rows[0] != "<td>100007</td>" {
		t.Errorf("search for 100007: %v", rows)
	}
}

func TestStudentOptsOutAndBackInFromTheirPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.client(t)
	csrf := e.login(t, s, "student@demo.mentorhub.no")
	r, _ := s.Get(e.srv.URL + "/")
	page := body(t, r)
	pid := optOutForm(t, page)
	resp, _ := postForm(t, e, s, "/me/participations/"+pid+"/opt-out", url.Values{"csrf_token": {csrf}, "reason": {"Too much on Fridays"}})
	if resp.StatusCode != 303 {
		t.Fatalf("opt out: %d", resp.StatusCode)
	}
	r, _ = s.Get(e.srv.URL + "/")
	page = body(t, r)
	if !strings.Contains(page, `action="/me/participations/`+pid+`/opt-in"`) || strings.Contains(page, "Gruppa di:") {
		t.Fatal("after opting out, the page still shows the group or offers no way back")
	}
	// The coordinator sees the reason; the group has one student less.
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	_, b := e.api(t, tok, fmt.Sprintf("/api/v1/programs/%d/students", e.demo.Programs["uib-mn-pilot"].ID))
	if !strings.Contains(b, `"opt_out_reason": "Too much on Fridays"`) {
		t.Error("the coordinator does not see the reason")
	}
	// Another student cannot act on this participation.
	other := e.client(t)
	ocsrf := e.login(t, other, "mentor@demo.mentorhub.no")
	if resp, _ = postForm(t, e, other, "/me/participations/"+pid+"/opt-in", url.Values{"csrf_token": {ocsrf}}); resp.StatusCode != 404 {
		t.Errorf("someone else opted the student in: %d", resp.StatusCode)
	}
	if resp, _ = postForm(t, e, s, "/me/participations/"+pid+"/opt-in", url.Values{"csrf_token": {csrf}}); resp.StatusCode != 303 {
		t.Fatalf("opt in: %d", resp.StatusCode)
	}
	// Without the CSRF token nothing happens.
	if resp, _ = postForm(t, e, s, "/me/participations/"+pid+"/opt-out", url.Values{}); resp.StatusCode != 403 {
		t.Errorf("opt-out without a CSRF token: %d", resp.StatusCode)
	}
}

func TestStudentsImportFromXLSXThroughTheAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	f := excelize.NewFile()
	rows := [][]any{{"student_number", "given_name", "family_name", "email", "programme_code", "cohort"},
		{"100001", "Sara", "Student", "s100001@student.uib.example.no", "BAMN-BIO", "2026H"},
		{"777777", "Nils", "Ny", "nils@student.uib.example.no", "BAMN-BIO", "2026H"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	f.Write(&buf)
	code, b := e.put(t, tok, fmt.Sprintf("/api/v1/programs/%d/students?dry_run=true", pilot),
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
	if code != 200 || !strings.Contains(b, `"added": 1`) || !strings.Contains(b, `"dry_run": true`) || strings.Contains(b, `"removed": 0`) {
		t.Fatalf("dry run of an XLSX: %d %s", code, b)
	}
	_, b = e.api(t, tok, fmt.Sprintf("/api/v1/programs/%d/students", pilot))
	if strings.Contains(b, "777777") {
		t.Error("a dry run imported a student")
	}
}
