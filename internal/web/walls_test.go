package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/program"
)

type apiStudent struct {
	ID         string `json:"id"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Email      string `json:"email"`
}

func studentsOf(t *testing.T, e *env, tok string, programID int64) map[string]apiStudent {
	t.Helper()
	code, b := e.api(t, tok, fmt.Sprintf("/api/v1/programs/%d/students", programID))
	if code != 200 {
		t.Fatalf("students of %d: %d %.300s", programID, code, b)
	}
	var list []apiStudent
	if err := json.Unmarshal([]byte(b), &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]apiStudent{}
	for _, s := range list {
		out[s.ID] = s
	}
	return out
}

// exportText is what a group export of a program holds, unpacked: the CSV
// as it is, every file of the XLSX and the Canvas ZIP.
func exportText(t *testing.T, e *env, c *http.Client, programID int64) string {
	t.Helper()
	var all strings.Builder
	for _, f := range []string{"groups.csv", "groups.xlsx", "canvas.zip"} {
		r, err := c.Get(fmt.Sprintf("%s/programs/%d/export/%s", e.srv.URL, programID, f))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 200 {
			t.Fatalf("export %s: %d", f, r.StatusCode)
		}
		if f == "groups.csv" {
			all.Write(data)
			continue
		}
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("export %s: %v", f, err)
		}
		for _, zf := range z.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			all.Write(b)
		}
	}
	return all.String()
}

// H2: the coordinator of another program (one they created themself)
// imports a student of the pilot with another name and e-mail. The pilot's
// student list (page and API), its group exports and its mentor's page
// keep the pilot's values; program B shows B's.
func TestAnotherProgramsImportDoesNotRewriteThePilotsStudents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	coordA := e.token(t, "coordinator@demo.mentorhub.no")

	// A student of the group the demo mentor (90001) mentors.
	_, b := e.api(t, coordA, fmt.Sprintf("/api/v1/programs/%d/groups", pilot))
	var groups []struct {
		Students []struct{ ID string } `json:"student_details"`
		Mentors  []struct{ ID string } `json:"mentor_details"`
	}
	if err := json.Unmarshal([]byte(b), &groups); err != nil {
		t.Fatal(err)
	}
	victim := ""
	for _, g := range groups {
		for _, m := range g.Mentors {
			if m.ID == "90001" && len(g.Students) > 0 {
				victim = g.Students[0].ID
			}
		}
	}
	if victim == "" {
		t.Fatal("the demo mentor has no group with students")
	}
	before := studentsOf(t, e, coordA, pilot)[victim]
	if before.Email == "" || strings.Contains(before.Email, "evil") {
		t.Fatalf("the pilot's student %s: %+v", victim, before)
	}

	// Someone who coordinates another program creates program B and imports
	// the student under another name.
	sys := app.WithActor(context.Background(), app.SystemActor)
	inst := e.demo.Programs["uib-mn-pilot"].InstitutionID
	var other int64
	for code, p := range e.demo.Programs {
		if code != "uib-mn-pilot" && p.InstitutionID == inst {
			other = p.ID
			break
		}
	}
	if _, err := e.app.Auth.CreateAccount(sys, auth.CreateAccountInput{InstitutionID: inst, Email: "mallory@demo.mentorhub.no",
		GivenName: "Mal", FamilyName: "Lory", Password: demo.Password,
		Grants: []app.Grant{{Role: app.RoleCoordinator, InstitutionID: inst, ProgramID: other}}}); err != nil {
		t.Fatal(err)
	}
	coordB := e.token(t, "mallory@demo.mentorhub.no")
	code, b := e.send(t, coordB, "POST", "/api/v1/programs", `{"name": "Mallory's groups", "level": "programme",
		"transition": "first_year", "model": "fixed_group_voluntary", "mentor_kinds": ["senior_student"], "mandatory": false,
		"enrolment": "opt_out", "paid": false, "started": 2026, "status": "pilot"}`)
	if code != 201 {
		t.Fatalf("create program B: %d %.300s", code, b)
	}
	var progB apiProgram
	json.Unmarshal([]byte(b), &progB)

	// Snapshots of what A shows before B's import.
	ca := e.client(t)
	csrfA := e.login(t, ca, "coordinator@demo.mentorhub.no")
	exportBefore := exportText(t, e, ca, pilot)
	if !strings.Contains(exportBefore, before.Email) {
		t.Fatalf("the pilot's export lacks %s", before.Email)
	}

	csvB := "student_number,given_name,family_name,email,programme_code,cohort\n" +
		victim + ",Mallory,Evilname,mallory@evil.example,BAMN-BIO,2026H\n"
	if code, b := e.put(t, coordB, fmt.Sprintf("/api/v1/programs/%d/students", progB.ID), "text/csv", []byte(csvB)); code != 200 {
		t.Fatalf("B's import: %d %.300s", code, b)
	}

	leak := func(where, s string) {
		t.Helper()
		if strings.Contains(s, "Evilname") || strings.Contains(s, "mallory@evil.example") {
			t.Errorf("%s shows program B's values for %s", where, victim)
		}
	}
	if after := studentsOf(t, e, coordA, pilot)[victim]; after != before {
		t.Errorf("GET /api/v1/programs/%d/students: %+v, was %+v", pilot, after, before)
	}
	r, page := postForm(t, e, ca, fmt.Sprintf("/programs/%d/people", pilot), url.Values{"csrf_token": {csrfA}, "q": {victim}})
	if name := before.GivenName + " " + before.FamilyName; r.StatusCode != 200 || !strings.Contains(page, name) {
		t.Errorf("the pilot's people page: %d, without %s", r.StatusCode, name)
	}
	leak("the pilot's people page", page)
	exportAfter := exportText(t, e, ca, pilot)
	leak("the pilot's group export", exportAfter)
	if !strings.Contains(exportAfter, before.Email) {
		t.Errorf("the pilot's export lost %s", before.Email)
	}
	cm := e.client(t)
	e.login(t, cm, "mentor@demo.mentorhub.no")
	r, err := cm.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page = body(t, r)
	if !strings.Contains(page, before.GivenName+" "+before.FamilyName) || !strings.Contains(page, before.Email) {
		t.Errorf("the mentor's page lacks the pilot's %s %s <%s>", before.GivenName, before.FamilyName, before.Email)
	}
	leak("the mentor's page", page)

	// B sees what B imported.
	if got := studentsOf(t, e, coordB, progB.ID)[victim]; got.FamilyName != "Evilname" || got.Email != "mallory@evil.example" {
		t.Errorf("program B shows %+v, want its own import", got)
	}
}

// L1: a leader of one faculty sees on /overview and through the coverage
// API only the programs and study programmes under their faculty: not an
// unpublished program of another faculty, nor that faculty's coverage.
func TestAFacultyLeadersOverviewStaysInTheirFaculty(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	inst := e.demo.Programs["uib-mn-pilot"].InstitutionID
	hf, err := e.app.Org.UnitByCode(sys, inst, "HF")
	if err != nil {
		t.Fatal(err)
	}
	// Unpublished, under HF, failing the minimum standard (no purpose).
	secret, err := e.app.Programs.Create(sys, program.Program{InstitutionID: inst, UnitID: hf.ID, Code: "uib-hf-secret",
		Name: "Secret humanities pilot", Level: "faculty", Transition: "first_year", Model: "fixed_group_voluntary",
		MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2026, Status: "pilot"})
	if err != nil {
		t.Fatal(err)
	}
	if secret.Public {
		t.Fatal("the test program is published")
	}
	unitRE := regexp.MustCompile(`data-unit="([^"]*)"`)
	for _, who := range []struct {
		email string
		whole bool
	}{{"dean.mn@demo.mentorhub.no", false}, {"leader@demo.mentorhub.no", true}} {
		c := e.client(t)
		e.login(t, c, who.email)
		r, err := c.Get(e.srv.URL + "/overview")
		if err != nil {
			t.Fatal(err)
		}
		page := body(t, r)
		if r.StatusCode != 200 {
			t.Fatalf("%s: /overview %d", who.email, r.StatusCode)
		}
		units := map[string]bool{}
		for _, m := range unitRE.FindAllStringSubmatch(page, -1) {
			units[m[1]] = true
		}
		shows := strings.Contains(page, secret.Name) || strings.Contains(page, secret.Code)
		if who.whole {
			// The institution's leader sees it all (the test's control).
			if !shows || !units["HF"] || !units["MN"] {
				t.Errorf("%s: the institution's overview lacks HF or its program (units %v)", who.email, units)
			}
			continue
		}
		if shows {
			t.Errorf("%s: /overview shows the unpublished program of another faculty", who.email)
		}
		if !units["MN"] || len(units) != 1 {
			t.Errorf("%s: /overview covers the units %v, want only MN", who.email, units)
		}
		code, b := e.api(t, e.token(t, who.email), fmt.Sprintf("/api/v1/institutions/%d/coverage", inst))
		var cov struct {
			Faculties []struct {
				Code string `json:"unit_code"`
			} `json:"faculties"`
		}
		json.Unmarshal([]byte(b), &cov)
		if code != 200 || len(cov.Faculties) != 1 || cov.Faculties[0].Code != "MN" || strings.Contains(b, secret.Code) {
			t.Errorf("%s: coverage API %d %+v", who.email, code, cov)
		}
	}
}

// L2: another institution's admin who uploads a catalogue row with the
// program_id of an unpublished program learns only that the id is taken:
// the answer names neither the program nor its institution and is word
// for word the one for a published program's id.
func TestCatalogueImportDoesNotRevealAnUnpublishedProgramsOwner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	uib := e.demo.Programs["uib-mn-pilot"].InstitutionID
	hidden, err := e.app.Programs.Create(sys, program.Program{InstitutionID: uib, Code: "uib-hidden-pilot",
		Name: "Hidden trial groups", Level: "faculty", Transition: "first_year", Model: "fixed_group_voluntary",
		MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2026, Status: "pilot"})
	if err != nil || hidden.Public {
		t.Fatalf("hidden program: %v (public %v)", err, hidden.Public)
	}
	var published program.Program
	for _, p := range e.demo.Programs {
		if p.Public && p.InstitutionID == uib {
			published = p
			break
		}
	}
	if published.ID == 0 {
		t.Fatal("the demo has no published program")
	}
	other := e.demo.Other
	if _, err := e.app.Auth.CreateAccount(sys, auth.CreateAccountInput{InstitutionID: other.ID, Email: "admin@hvl.example.no",
		GivenName: "Hanne", FamilyName: "Admin", Password: demo.Password,
		Grants: []app.Grant{{Role: app.RoleAdmin, InstitutionID: other.ID}}}); err != nil {
		t.Fatal(err)
	}
	c := e.client(t)
	csrf := e.login(t, c, "admin@hvl.example.no")
	header := "program_id,institution,level,name,transition,model,mentor_kinds,mandatory,enrolment,paid,started,status\n"
	try := func(code string) string {
		t.Helper()
		row := code + "," + other.Name + ",faculty,Our groups,first_year,open_dropin,senior_student,false,opt_in,true,2024,active\n"
		status, b := e.upload(t, c, "/admin/import/catalogue", csrf, "cat.csv", []byte(header+row))
		if status != 422 {
			t.Fatalf("import of %s: %d", code, status)
		}
		return strings.ReplaceAll(b, code, "CODE")
	}
	forHidden, forPublished := try(hidden.Code), try(published.Code)
	for _, leak := range []string{hidden.Name, published.InstitutionName, "belongs to"} {
		if strings.Contains(forHidden, leak) {
			t.Errorf("the answer for an unpublished program's id contains %q", leak)
		}
	}
	if forHidden != forPublished {
		t.Error("the answer for an unpublished program's id differs from that for a published one's")
	}
	if !strings.Contains(forHidden, "program_id CODE er allerede i bruk") {
		t.Errorf("the answer does not say the id is taken")
	}
}
