package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// send makes a JSON API request with a token.
func (e *env) send(t *testing.T, token, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, "" + bodyOf(t, r)
}

func bodyOf(t *testing.T, r *http.Response) string { return body(t, r) }

type apiProgram struct {
	ID       int64  `json:"id"`
	Code     string `json:"program_id"`
	Name     string `json:"name"`
	Version  int    `json:"version"`
	Public   bool   `json:"public"`
	Criteria []struct {
		Met      bool   `json:"met"`
		Evidence string `json:"evidence"`
	} `json:"criteria"`
}

func TestProgramAPICreatePatchHistoryAndAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	code, b := e.send(t, coord, "POST", "/api/v1/programs", `{"name": "Peer mentors in chemistry", "level": "programme", "transition": "first_year",
		"model": "fixed_group_voluntary", "mentor_kinds": ["senior_student"], "mandatory": false, "enrolment": "opt_out", "paid": true,
		"started": 2026, "status": "pilot", "min_standard": [1, 3], "evidence": {"1": "Aim in the plan"}, "programmes": [{"programme_code": "BAMN-KJEM", "cohort": "2026H"}]}`)
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	var p apiProgram
	json.Unmarshal([]byte(b), &p)
	if p.Code != "uib-peer-mentors-in-chemistry" || p.Public || !p.Criteria[0].Met || p.Criteria[0].Evidence != "Aim in the plan" || !p.Criteria[2].Met {
		t.Fatalf("created: %s", b)
	}
	// Invalid input names each field; unknown fields are refused.
	code, b = e.send(t, coord, "POST", "/api/v1/programs", `{"name": "X", "model": "circle", "level": "programme", "transition": "first_year", "mentor_kinds": [], "enrolment": "opt_in", "started": 2026, "status": "pilot"}`)
	if code != 422 || !strings.Contains(b, `"column": "model"`) || !strings.Contains(b, `"column": "mentor_kinds"`) {
		t.Fatalf("invalid create: %d %s", code, b)
	}
	if code, b = e.send(t, coord, "PATCH", fmt.Sprintf("/api/v1/programs/%d", p.ID), `{"institution_id": 2}`); code != 422 {
		t.Fatalf("unknown field: %d %s", code, b)
	}
	// Patch with the version read; a stale version is a conflict.
	code, b = e.send(t, coord, "PATCH", fmt.Sprintf("/api/v1/programs/%d", p.ID), fmt.Sprintf(`{"version": %d, "public": true, "group_size": "8-10"}`, p.Version))
	if code != 200 || !strings.Contains(b, `"public": true`) {
		t.Fatalf("patch: %d %s", code, b)
	}
	if code, _ = e.send(t, coord, "PATCH", fmt.Sprintf("/api/v1/programs/%d", p.ID), fmt.Sprintf(`{"version": %d, "name": "late"}`, p.Version)); code != 409 {
		t.Fatalf("stale patch: %d", code)
	}
	code, b = e.api(t, coord, fmt.Sprintf("/api/v1/programs/%d/history", p.ID))
	if code != 200 || !strings.Contains(b, `"group_size"`) || !strings.Contains(b, "Kari Koordinator") {
		t.Fatalf("history: %d %s", code, b)
	}
	// Another coordinator's program: a coordinator may not edit it; a student cannot see it.
	law := e.demo.Programs["uib-jus-agl"].ID
	if code, _ = e.send(t, coord, "PATCH", fmt.Sprintf("/api/v1/programs/%d", law), `{"name": "mine"}`); code != 404 && code != 403 {
		t.Fatalf("coordinator patched another program: %d", code)
	}
	student := e.token(t, "student@demo.mentorhub.no")
	if code, _ = e.api(t, student, fmt.Sprintf("/api/v1/programs/%d", law)); code != 404 {
		t.Fatalf("student read a program through the API: %d", code)
	}
	if code, _ = e.send(t, student, "POST", "/api/v1/programs", `{"name": "x"}`); code != 403 {
		t.Fatalf("student created a program: %d", code)
	}
	// HVL's admin cannot patch a UiB program (it does not exist for them).
	if code, _ = e.send(t, e.token(t, "admin@hvl.demo.mentorhub.no"), "PATCH", fmt.Sprintf("/api/v1/programs/%d", p.ID), `{"name": "taken"}`); code != 404 {
		t.Fatalf("another institution patched: %d", code)
	}
	// The published program is in the open data.
	code, b = e.api(t, "", "/catalogue.json?q=chemistry+peer")
	if code != 200 || !strings.Contains(b, `"program_id": "uib-peer-mentors-in-chemistry"`) {
		t.Fatalf("catalogue.json: %d %s", code, b)
	}
}

func TestCataloguePagesFiltersAndOpenData(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	code, b := e.api(t, "", "/catalogue?model=open_dropin")
	if code != 200 || !strings.Contains(b, `href="/catalogue/uib-bio-orakel"`) || strings.Contains(b, `href="/catalogue/uib-jus-agl"`) {
		t.Fatalf("filtered catalogue: %d", code)
	}
	// htmx asks for the results only.
	req, _ := http.NewRequest("GET", e.srv.URL+"/catalogue?q=vafler", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "catalogue-results")
	r, _ := http.DefaultClient.Do(req)
	b = body(t, r)
	if strings.Contains(b, "<html") || !strings.Contains(b, "uib-bio-orakel") {
		t.Fatalf("htmx fragment: %.300s", b)
	}
	if code, b = e.api(t, "", "/catalogue/uib-mn-pilot"); code != 200 {
		t.Fatalf("program page: %d", code)
	}
	for _, want := range []string{"Tematiske mentorgrupper for nye studenter", "Oppfyller minstestandarden", "Gir studiepoeng</dt><dd>Nei", "Hva virket"} {
		if !strings.Contains(b, want) {
			t.Errorf("program page lacks %q", want)
		}
	}
	if code, _ = e.api(t, "", "/catalogue/no-such-program"); code != 404 {
		t.Errorf("unknown program: %d", code)
	}
	r, _ = http.Get(e.srv.URL + "/catalogue.csv")
	b = body(t, r)
	if !strings.HasPrefix(b, "program_id,institution,unit,level,name,transition,model,mentor_kinds,mandatory,enrolment,credits,paid,group_size,mentors_per_group,students_offered,started,ended,end_reason,status,relevance,funding,url,min_standard\n") ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("catalogue.csv header: %.300s", b)
	}
	for _, path := range []string{"/examples", "/glossary"} {
		if code, b = e.api(t, "", path); code != 200 {
			t.Errorf("%s: %d", path, code)
		}
	}
	if !strings.Contains(b, `lang="nn">fråfall`) {
		t.Error("the glossary lacks the nynorsk term for drop-out")
	}
}

func TestCatalogueUploadIsAllOrNothingAndScoped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "admin@demo.mentorhub.no")
	header := "program_id,institution,level,name,transition,model,mentor_kinds,mandatory,enrolment,paid,started,status\n"
	bad := header + "uib-new,Universitetet i Bergen,faculty,New,first_year,open_dropin,senior_student,false,opt_in,true,2024,active\n" +
		"ntnu-x,NTNU,faculty,Theirs,first_year,open_dropin,senior_student,false,opt_in,true,2024,active\n" +
		"uib-bad,Universitetet i Bergen,faculty,Bad,first_year,open_dropin,senior_student,maybe,opt_in,true,2024,active\n"
	code, b := e.upload(t, c, "/admin/import/catalogue", csrf, "cat.csv", []byte(bad))
	if code != 422 || !strings.Contains(b, "linje 4") || !strings.Contains(b, "mandatory") {
		t.Fatalf("bad upload: %d", code)
	}
	// Fix the format error: the other institution's row is still refused.
	fixed := strings.Replace(bad, ",maybe,", ",false,", 1)
	code, b = e.upload(t, c, "/admin/import/catalogue", csrf, "cat.csv", []byte(fixed))
	if code != 422 || !strings.Contains(b, "linje 3") || !strings.Contains(b, "Universitetet i Bergen") {
		t.Fatalf("foreign row: %d", code)
	}
	if code, _ := e.api(t, "", "/catalogue/uib-new"); code != 404 {
		t.Fatal("a refused file imported a program")
	}
	own := header + "uib-new,Universitetet i Bergen,faculty,New,first_year,open_dropin,senior_student,false,opt_in,true,2024,active\n"
	if code, b = e.upload(t, c, "/admin/import/catalogue", csrf, "cat.csv", []byte(own)); code != 200 || !strings.Contains(b, "1 nye") {
		t.Fatalf("good upload: %d", code)
	}
	if code, _ := e.api(t, "", "/catalogue/uib-new"); code != 200 {
		t.Fatal("the imported program is not in the catalogue")
	}
	// A coordinator cannot import.
	k := e.client(t)
	kc := e.login(t, k, "coordinator@demo.mentorhub.no")
	if code, _ = e.upload(t, k, "/admin/import/catalogue", kc, "cat.csv", []byte(own)); code != 403 {
		t.Fatalf("coordinator import: %d", code)
	}
}

func TestProgramFormShowsProblemsAtTheirFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	form := url.Values{"csrf_token": {csrf}, "name": {""}, "level": {"programme"}, "transition": {"first_year"}, "model": {"open_dropin"},
		"mentor_kinds": {"senior_student"}, "enrolment": {"opt_in"}, "started": {"2026"}, "status": {"active"}, "group_size": {"lots"}, "ended": {"2027"}}
	r, _ := c.PostForm(e.srv.URL+"/programs", form)
	b := body(t, r)
	if r.StatusCode != 422 {
		t.Fatalf("invalid form: %d", r.StatusCode)
	}
	for _, id := range []string{`id="err-name"`, `id="err-group_size"`, `id="err-ended"`, `aria-invalid="true"`, `role="alert"`} {
		if !strings.Contains(b, id) {
			t.Errorf("the form lacks %s", id)
		}
	}
	if !strings.Contains(b, `value="lots"`) {
		t.Error("the form lost what the user typed")
	}
}

func TestEditingKeepsTheCohortsServed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"]
	r, _ := c.Get(e.srv.URL + fmt.Sprintf("/programs/%d", pilot.ID))
	page := body(t, r)
	if !strings.Contains(page, `name="cohorts" type="text" value="2026H"`) {
		t.Fatalf("the form does not show the cohort served")
	}
	// Save the form as shown, changing only the name.
	form := url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(pilot.Version)}, "name": {"Thematic mentor groups (renamed)"},
		"level": {pilot.Level}, "transition": {pilot.Transition}, "model": {pilot.Model}, "mentor_kinds": pilot.MentorKinds,
		"enrolment": {pilot.Enrolment}, "started": {fmt.Sprint(pilot.Started)}, "status": {pilot.Status}, "paid": {"true"},
		"mandatory": {"false"}, "credits": {"false"}, "group_size": {pilot.GroupSize}, "mentors_per_group": {"2"}, "students_offered": {"639"},
		"unit_id": {fmt.Sprint(pilot.UnitID)}, "unit": {pilot.UnitName}, "cohorts": {"2026H"}, "funding": {pilot.Funding}, "relevance": {pilot.Relevance},
		"purpose": {pilot.Purpose}, "expectations": {pilot.Expectations}, "how_to_join": {pilot.HowToJoin}, "contact": {pilot.Contact}}
	for _, s := range pilot.Served {
		form.Add("programmes", s.ProgrammeCode)
	}
	for i, cr := range pilot.Criteria {
		if cr.Met {
			form.Set(fmt.Sprintf("criterion_%d", i+1), "true")
		}
		form.Set(fmt.Sprintf("evidence_%d", i+1), cr.Evidence)
	}
	if pilot.IsExample {
		form.Set("is_example", "true")
		form.Set("example_worked", pilot.Example.Worked)
		form.Set("example_not_worked", pilot.Example.NotWorked)
		form.Set("example_links", pilot.Example.Links)
	}
	r, _ = c.PostForm(e.srv.URL+fmt.Sprintf("/programs/%d", pilot.ID), form)
	body(t, r)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	code, b := e.api(t, e.token(t, "coordinator@demo.mentorhub.no"), fmt.Sprintf("/api/v1/programs/%d/history", pilot.ID))
	var h []struct {
		Changes map[string][2]string `json:"changes"`
	}
	json.Unmarshal([]byte(b), &h)
	if code != 200 || len(h) != 1 || len(h[0].Changes) != 1 || h[0].Changes["name"][1] != "Thematic mentor groups (renamed)" {
		t.Fatalf("saving the form unchanged but for the name recorded: %s", b)
	}
}
