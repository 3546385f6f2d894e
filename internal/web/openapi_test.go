package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mentorhub/mentorhub/internal/allocate"
	prog "github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// openapiCase is one API call whose real answer is validated against
// openapi.json: its status must be documented for the operation and its
// body must match that answer's schema.
type openapiCase struct {
	user   string // a demo account's e-mail; "" = no credentials; openapiBadToken = a token that is not one
	method string
	route  string // the registered pattern, e.g. /api/v1/programs/{id}
	id     string // the {id}: a key of the test's ids, or "=" and a literal
	query  string
	ctype  string
	body   string // {{key}} is replaced with ids[key]
	want   int
	save   string // the created object's id is saved as ids[save] (see saveIDs), a session's check-in code as ids[save+".code"]
}

// openapiBadToken stands for a bearer token that is not one.
const openapiBadToken = "bad-token"

// openapiCases calls every API operation, in order (later cases use what
// earlier ones created), with each answer the operation documents.
func openapiCases(roster, mentors string) []openapiCase {
	thisYear := strconv.Itoa(prog.AcademicYear(testutil.Epoch))
	nextYear := fmt.Sprintf(`{"year": %d, "carry_mentors": true}`, prog.AcademicYear(testutil.Epoch)+1)
	// Just over the body limits: 1 MiB for JSON, 20 MiB + 1 MiB of form for an upload.
	bigJSON := `{"name": "` + strings.Repeat("x", 1<<20) + `"}`
	bigFile := strings.Repeat("a", 22<<20)
	const (
		programs = "/api/v1/programs"
		program  = "/api/v1/programs/{id}"

		admin       = "admin@demo.mentorhub.no"
		hvlAdmin    = "admin@hvl.demo.mentorhub.no"
		national    = "national@demo.mentorhub.no"
		leader      = "leader@demo.mentorhub.no"
		coordinator = "coordinator@demo.mentorhub.no"
		student     = "student@demo.mentorhub.no"
		mentor      = "mentor@demo.mentorhub.no"
		badToken    = openapiBadToken

		sessions = "/api/v1/programs/{id}/sessions"
		session  = "/api/v1/sessions/{id}"
		calendar = "/api/v1/people/{id}/calendar"
	)
	// A session of a group of the pilot ("" for a plenary), days from now.
	at := func(days int) string {
		return testutil.Epoch.Add(time.Duration(days) * 24 * time.Hour).Format(time.RFC3339)
	}
	until := func(days int) string {
		return testutil.Epoch.Add(time.Duration(days)*24*time.Hour + 90*time.Minute).Format(time.RFC3339)
	}
	newSession := func(group string, days int) string {
		g := ""
		if group != "" {
			g = `, "group_id": {{` + group + `}}`
		}
		return fmt.Sprintf(`{"title": "Studieteknikk", "topic": "Hvordan lese", "starts_at": %q, "ends_at": %q, "location": "Realfagbygget",
			"responsible": "Studieveiledninga", "checklist": "Ta med pensum\nSkriv referat", "series": "haust"%s}`, at(days), until(days), g)
	}
	newProgram := `{"name": "Peer groups in geology", "level": "programme", "transition": "first_year",
		"model": "fixed_group_voluntary", "mentor_kinds": ["senior_student"], "mandatory": false, "enrolment": "opt_out", "paid": true,
		"started": 2026, "status": "pilot", "min_standard": [1, 3], "evidence": {"1": "Aim in the plan"},
		"programmes": [{"programme_code": "BAMN-KJEM", "cohort": "2026H"}], "example": {"worked": "small groups", "not_worked": "", "links": ""}}`
	alloc := `{"group_min": 6, "group_max": 10, "mentors_per_group": 2, "seed": 3}`
	return append([]openapiCase{
		{user: "", method: "GET", route: "/api/v1/openapi.json", want: 200},
		{user: badToken, method: "GET", route: "/api/v1/openapi.json", want: 401},

		{user: student, method: "GET", route: "/api/v1/me", want: 200},
		{user: coordinator, method: "GET", route: "/api/v1/me", want: 200},
		{user: national, method: "GET", route: "/api/v1/me", want: 200},
		{user: "", method: "GET", route: "/api/v1/me", want: 401},
		{user: badToken, method: "GET", route: "/api/v1/me", want: 401},

		{user: national, method: "GET", route: "/api/v1/institutions", want: 200},
		{user: "", method: "GET", route: "/api/v1/institutions", want: 401},

		{user: admin, method: "GET", route: "/api/v1/institutions/{id}", id: "uib", want: 200},
		{user: admin, method: "GET", route: "/api/v1/institutions/{id}", id: "hvl", want: 404},
		{user: admin, method: "GET", route: "/api/v1/institutions/{id}", id: "=x", want: 404},
		{user: "", method: "GET", route: "/api/v1/institutions/{id}", id: "uib", want: 401},

		{user: admin, method: "GET", route: "/api/v1/institutions/{id}/units", id: "uib", want: 200},
		{user: admin, method: "GET", route: "/api/v1/institutions/{id}/units", id: "hvl", want: 404},
		{user: "", method: "GET", route: "/api/v1/institutions/{id}/units", id: "uib", want: 401},

		{user: national, method: "GET", route: "/api/v1/institutions/{id}/programmes", id: "uib", want: 200},
		{user: admin, method: "GET", route: "/api/v1/institutions/{id}/programmes", id: "missing", want: 404},
		{user: "", method: "GET", route: "/api/v1/institutions/{id}/programmes", id: "uib", want: 401},

		{user: leader, method: "GET", route: "/api/v1/institutions/{id}/coverage", id: "uib", want: 200},
		{user: student, method: "GET", route: "/api/v1/institutions/{id}/coverage", id: "uib", want: 403},
		{user: leader, method: "GET", route: "/api/v1/institutions/{id}/coverage", id: "hvl", want: 404},
		{user: "", method: "GET", route: "/api/v1/institutions/{id}/coverage", id: "uib", want: 401},

		{user: leader, method: "GET", route: programs, want: 200},
		{user: national, method: "GET", route: programs, want: 200},
		{user: "", method: "GET", route: programs, want: 401},

		{user: coordinator, method: "POST", route: programs, ctype: "application/json", body: newProgram, want: 201},
		{user: coordinator, method: "POST", route: programs, ctype: "application/json",
			body: strings.Replace(newProgram, `"name"`, `"program_id": "uib-mn-pilot", "name"`, 1), want: 409},
		{user: coordinator, method: "POST", route: programs, ctype: "application/json", body: `{"name": "X", "model": "circle"}`, want: 422},
		{user: coordinator, method: "POST", route: programs, ctype: "application/json", body: `{"id": 7}`, want: 422},
		{user: student, method: "POST", route: programs, ctype: "application/json", body: newProgram, want: 403},
		{user: "", method: "POST", route: programs, ctype: "application/json", body: newProgram, want: 401},

		{user: coordinator, method: "GET", route: program, id: "new", want: 200},
		{user: national, method: "GET", route: program, id: "hvlprogram", want: 200},
		{user: student, method: "GET", route: program, id: "law", want: 404},
		{user: "", method: "GET", route: program, id: "new", want: 401},

		{user: coordinator, method: "PATCH", route: program, id: "new", ctype: "application/json", body: `{"public": true, "group_size": "8-10", "credits": null}`, want: 200},
		{user: coordinator, method: "PATCH", route: program, id: "new", ctype: "application/json", body: `{"version": 1, "name": "late"}`, want: 409},
		{user: coordinator, method: "PATCH", route: program, id: "new", ctype: "application/json", body: `{"min_standard": [9]}`, want: 422},
		{user: leader, method: "PATCH", route: program, id: "pilot", ctype: "application/json", body: `{"name": "mine"}`, want: 403},
		{user: hvlAdmin, method: "PATCH", route: program, id: "pilot", ctype: "application/json", body: `{"name": "mine"}`, want: 404},
		{user: "", method: "PATCH", route: program, id: "pilot", ctype: "application/json", body: `{"name": "mine"}`, want: 401},

		{user: coordinator, method: "GET", route: program + "/history", id: "new", want: 200},
		{user: hvlAdmin, method: "GET", route: program + "/history", id: "new", want: 404},
		{user: "", method: "GET", route: program + "/history", id: "new", want: 401},

		{user: coordinator, method: "PUT", route: program + "/students", id: "new", query: "dry_run=true", ctype: "text/csv", body: roster, want: 200},
		{user: coordinator, method: "PUT", route: program + "/students", id: "new", ctype: "text/csv", body: roster, want: 200},
		{user: coordinator, method: "PUT", route: program + "/students", id: "new", ctype: "text/csv",
			body: "student_number,given_name,family_name,email,programme_code,cohort\nx1,A,B,nope,BIO,2026X\n", want: 422},
		{user: leader, method: "PUT", route: program + "/students", id: "new", ctype: "text/csv", body: roster, want: 403},
		{user: hvlAdmin, method: "PUT", route: program + "/students", id: "new", ctype: "text/csv", body: roster, want: 404},
		{user: "", method: "PUT", route: program + "/students", id: "new", ctype: "text/csv", body: roster, want: 401},

		{user: coordinator, method: "PUT", route: program + "/mentors", id: "new", ctype: "text/csv", body: mentors, want: 200},
		{user: coordinator, method: "PUT", route: program + "/mentors", id: "new", ctype: "text/csv", body: "mentor_id\n", want: 422},
		{user: leader, method: "PUT", route: program + "/mentors", id: "new", ctype: "text/csv", body: mentors, want: 403},
		{user: hvlAdmin, method: "PUT", route: program + "/mentors", id: "new", ctype: "text/csv", body: mentors, want: 404},
		{user: "", method: "PUT", route: program + "/mentors", id: "new", ctype: "text/csv", body: mentors, want: 401},

		{user: coordinator, method: "GET", route: program + "/students", id: "new", want: 200},
		{user: coordinator, method: "GET", route: program + "/students", id: "pilot", want: 200},
		{user: leader, method: "GET", route: program + "/students", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: program + "/students", id: "pilot", want: 404},
		{user: "", method: "GET", route: program + "/students", id: "pilot", want: 401},

		{user: admin, method: "GET", route: program + "/mentors", id: "pilot", want: 200},
		{user: leader, method: "GET", route: program + "/mentors", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: program + "/mentors", id: "pilot", want: 404},
		{user: "", method: "GET", route: program + "/mentors", id: "pilot", want: 401},

		{user: coordinator, method: "POST", route: program + "/allocations", id: "new", ctype: "application/json",
			body: strings.Replace(alloc, "}", `, "dry_run": true}`, 1), want: 200},
		{user: coordinator, method: "POST", route: program + "/allocations", id: "new", ctype: "application/json", body: alloc, want: 201},
		{user: coordinator, method: "POST", route: program + "/allocations", id: "new", ctype: "application/json", body: `{"group_min": 6}`, want: 422},
		{user: coordinator, method: "POST", route: program + "/allocations", id: "new", ctype: "application/json",
			body: `{"group_min": 0, "group_max": 10, "mentors_per_group": 2}`, want: 422},
		{user: leader, method: "POST", route: program + "/allocations", id: "new", ctype: "application/json", body: alloc, want: 403},
		{user: hvlAdmin, method: "POST", route: program + "/allocations", id: "new", ctype: "application/json", body: alloc, want: 404},
		{user: "", method: "POST", route: program + "/allocations", id: "new", ctype: "application/json", body: alloc, want: 401},

		{user: coordinator, method: "GET", route: program + "/groups", id: "new", want: 200},
		// Groups without mentors still list their (no) mentors as arrays.
		{user: coordinator, method: "POST", route: program + "/allocations", id: "new", ctype: "application/json",
			body: `{"group_min": 6, "group_max": 10, "mentors_per_group": 0, "replace": true}`, want: 201},
		{user: coordinator, method: "GET", route: program + "/groups", id: "new", want: 200},
		{user: coordinator, method: "GET", route: program + "/groups", id: "pilot", want: 200},
		{user: leader, method: "GET", route: program + "/groups", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: program + "/groups", id: "pilot", want: 404},
		{user: "", method: "GET", route: program + "/groups", id: "pilot", want: 401},
		// Per-year paths take ?year=: a year the program lacks is 404, no year 422.
		{user: coordinator, method: "GET", route: program + "/groups", id: "new", query: "year=2090", want: 404},
		{user: coordinator, method: "GET", route: program + "/groups", id: "new", query: "year=1999", want: 422},
		{user: coordinator, method: "GET", route: program + "/students", id: "new", query: "year=1999", want: 422},
		{user: coordinator, method: "GET", route: program + "/mentors", id: "new", query: "year=1999", want: 422},

		{user: coordinator, method: "GET", route: program + "/years", id: "new", want: 200},
		{user: coordinator, method: "POST", route: program + "/years", id: "new", ctype: "application/json", body: `{"year": 2031}`, want: 422},
		{user: coordinator, method: "POST", route: program + "/years", id: "new", ctype: "application/json", body: nextYear, want: 201},
		{user: coordinator, method: "GET", route: program + "/years", id: "new", want: 200},
		{user: coordinator, method: "GET", route: program + "/groups", id: "new", query: "year=" + thisYear, want: 200},
		{user: leader, method: "GET", route: program + "/years", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: program + "/years", id: "pilot", want: 404},
		{user: "", method: "GET", route: program + "/years", id: "pilot", want: 401},
		{user: leader, method: "POST", route: program + "/years", id: "pilot", ctype: "application/json", body: nextYear, want: 403},
		{user: hvlAdmin, method: "POST", route: program + "/years", id: "pilot", ctype: "application/json", body: nextYear, want: 404},
		{user: "", method: "POST", route: program + "/years", id: "pilot", ctype: "application/json", body: nextYear, want: 401},

		// Sessions of the pilot: the demo student's group's ("own"), the
		// demo mentor's group's ("mine"), another group's ("other") and a
		// plenary; "lastyear" is a session of the pilot's earlier year.
		{user: coordinator, method: "POST", route: sessions, id: "pilot", ctype: "application/json", body: newSession("sgroup", -2), want: 201, save: "own"},
		{user: coordinator, method: "POST", route: sessions, id: "pilot", ctype: "application/json", body: newSession("mgroup", -2), want: 201, save: "mine"},
		{user: coordinator, method: "POST", route: sessions, id: "pilot", ctype: "application/json", body: newSession("ogroup", 3), want: 201, save: "other"},
		{user: coordinator, method: "POST", route: sessions, id: "pilot", ctype: "application/json", body: newSession("", -1), want: 201, save: "plenary"},
		{user: coordinator, method: "POST", route: sessions, id: "pilot", ctype: "application/json", body: `{"title": "", "starts_at": "tomorrow"}`, want: 422},
		{user: coordinator, method: "POST", route: sessions, id: "pilot", ctype: "application/json",
			body: `{"title": "Too long", "starts_at": "2026-09-01T08:00:00Z", "ends_at": "2026-09-02T08:00:00Z"}`, want: 422},
		{user: mentor, method: "POST", route: sessions, id: "pilot", ctype: "application/json", body: newSession("mgroup", 1), want: 403},
		{user: hvlAdmin, method: "POST", route: sessions, id: "pilot", ctype: "application/json", body: newSession("", 1), want: 404},
		{user: "", method: "POST", route: sessions, id: "pilot", ctype: "application/json", body: newSession("", 1), want: 401},

		{user: coordinator, method: "GET", route: sessions, id: "pilot", want: 200},
		{user: mentor, method: "GET", route: sessions, id: "pilot", want: 200},
		{user: student, method: "GET", route: sessions, id: "pilot", want: 200},
		{user: leader, method: "GET", route: sessions, id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: sessions, id: "pilot", want: 404},
		{user: "", method: "GET", route: sessions, id: "pilot", want: 401},

		{user: coordinator, method: "GET", route: session, id: "mine", want: 200},
		{user: mentor, method: "GET", route: session, id: "mine", want: 200},
		{user: student, method: "GET", route: session, id: "own", want: 200},
		{user: student, method: "GET", route: session, id: "plenary", want: 200},
		{user: mentor, method: "GET", route: session, id: "other", want: 404},
		{user: "", method: "GET", route: session, id: "mine", want: 401},

		{user: coordinator, method: "PATCH", route: session, id: "other", ctype: "application/json", body: `{"location": "Aud. 3", "starts_at": "` + at(4) + `"}`, want: 200},
		{user: coordinator, method: "PATCH", route: session, id: "other", ctype: "application/json", body: `{"starts_at": "soon"}`, want: 422},
		{user: coordinator, method: "PATCH", route: session, id: "other", ctype: "application/json", body: `{"group_id": {{mgroup}}}`, want: 422},
		{user: coordinator, method: "PATCH", route: session, id: "lastyear", ctype: "application/json", body: `{"location": "Aud. 3"}`, want: 409},
		{user: mentor, method: "PATCH", route: session, id: "mine", ctype: "application/json", body: `{"location": "Aud. 3"}`, want: 403},
		{user: student, method: "PATCH", route: session, id: "other", ctype: "application/json", body: `{"location": "Aud. 3"}`, want: 404},
		{user: "", method: "PATCH", route: session, id: "other", ctype: "application/json", body: `{"location": "Aud. 3"}`, want: 401},

		{user: mentor, method: "POST", route: session + "/checkins", id: "mine", ctype: "application/json", body: `{"student_number": "{{mstudent}}"}`, want: 201},
		{user: mentor, method: "POST", route: session + "/checkins", id: "mine", ctype: "application/json", body: `{"student_number": "{{mstudent}}", "status": "present"}`, want: 200},
		{user: coordinator, method: "POST", route: session + "/checkins", id: "mine", ctype: "application/json", body: `{"student_number": "{{mstudent2}}", "status": "excused"}`, want: 201},
		{user: student, method: "POST", route: session + "/checkins", id: "own", ctype: "application/json", body: `{"code": "WRONG1"}`, want: 422},
		{user: student, method: "POST", route: session + "/checkins", id: "own", ctype: "application/json", body: `{"code": "{{own.code}}"}`, want: 201},
		{user: student, method: "POST", route: session + "/checkins", id: "own", ctype: "application/json", body: `{"code": "{{own.code}}"}`, want: 200},
		{user: student, method: "POST", route: session + "/checkins", id: "own", ctype: "application/json", body: `{"student_number": "100002"}`, want: 403},
		{user: mentor, method: "POST", route: session + "/checkins", id: "mine", ctype: "application/json", body: `{"student_number": "{{ostudent}}"}`, want: 422},
		{user: mentor, method: "POST", route: session + "/checkins", id: "other", ctype: "application/json", body: `{"student_number": "{{ostudent}}"}`, want: 404},
		{user: "", method: "POST", route: session + "/checkins", id: "mine", ctype: "application/json", body: `{"student_number": "{{mstudent}}"}`, want: 401},

		{user: mentor, method: "GET", route: session + "/attendance", id: "mine", want: 200},
		{user: coordinator, method: "GET", route: session + "/attendance", id: "plenary", want: 200},
		{user: student, method: "GET", route: session + "/attendance", id: "own", want: 403},
		{user: mentor, method: "GET", route: session + "/attendance", id: "other", want: 404},
		{user: "", method: "GET", route: session + "/attendance", id: "mine", want: 401},

		{user: mentor, method: "POST", route: session + "/cancel", id: "mine", want: 403},
		{user: student, method: "POST", route: session + "/cancel", id: "other", want: 404},
		{user: coordinator, method: "POST", route: session + "/cancel", id: "lastyear", want: 409},
		{user: "", method: "POST", route: session + "/cancel", id: "other", want: 401},
		{user: coordinator, method: "POST", route: session + "/cancel", id: "other", want: 200},
		{user: coordinator, method: "POST", route: session + "/cancel", id: "other", want: 200},
		// a cancelled session takes no check-ins
		{user: coordinator, method: "POST", route: session + "/checkins", id: "other", ctype: "application/json", body: `{"student_number": "{{ostudent}}"}`, want: 409},
		{user: coordinator, method: "GET", route: session, id: "other", want: 200},

		{user: coordinator, method: "PUT", route: program + "/attendance-requirement", id: "pilot", ctype: "application/json", body: `{"share": 0.6}`, want: 200},
		{user: coordinator, method: "PUT", route: program + "/attendance-requirement", id: "pilot", ctype: "application/json", body: `{"share": 1.5}`, want: 422},
		{user: mentor, method: "PUT", route: program + "/attendance-requirement", id: "pilot", ctype: "application/json", body: `{"share": 0.5}`, want: 403},
		{user: hvlAdmin, method: "PUT", route: program + "/attendance-requirement", id: "pilot", ctype: "application/json", body: `{"share": 0.5}`, want: 404},
		{user: "", method: "PUT", route: program + "/attendance-requirement", id: "pilot", ctype: "application/json", body: `{"share": 0.5}`, want: 401},

		{user: coordinator, method: "GET", route: program + "/followups", id: "pilot", want: 200},
		{user: coordinator, method: "POST", route: program + "/followups", id: "pilot", ctype: "application/json", body: `{"student_number": "{{sstudent}}", "action": "talked"}`, want: 201},
		{user: mentor, method: "POST", route: program + "/followups", id: "pilot", ctype: "application/json", body: `{"student_number": "{{mstudent3}}", "action": "message_sent"}`, want: 201},
		{user: mentor, method: "POST", route: program + "/followups", id: "pilot", ctype: "application/json", body: `{"student_number": "{{ostudent}}", "action": "talked"}`, want: 422},
		{user: coordinator, method: "POST", route: program + "/followups", id: "pilot", ctype: "application/json", body: `{"student_number": "{{sstudent}}", "action": "hugged"}`, want: 422},
		{user: student, method: "POST", route: program + "/followups", id: "pilot", ctype: "application/json", body: `{"student_number": "100001", "action": "talked"}`, want: 403},
		{user: hvlAdmin, method: "POST", route: program + "/followups", id: "pilot", ctype: "application/json", body: `{"student_number": "100001", "action": "talked"}`, want: 404},
		{user: "", method: "POST", route: program + "/followups", id: "pilot", ctype: "application/json", body: `{"student_number": "100001", "action": "talked"}`, want: 401},
		{user: coordinator, method: "GET", route: program + "/followups", id: "pilot", want: 200},
		{user: mentor, method: "GET", route: program + "/followups", id: "pilot", want: 200},
		{user: student, method: "GET", route: program + "/followups", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: program + "/followups", id: "pilot", want: 404},
		{user: "", method: "GET", route: program + "/followups", id: "pilot", want: 401},
		{user: coordinator, method: "PUT", route: program + "/attendance-requirement", id: "pilot", ctype: "application/json", body: `{"share": null}`, want: 200},
		{user: mentor, method: "POST", route: program + "/followups/missed-you", id: "pilot", ctype: "application/json", body: `{"student_number": "{{mstudent3}}"}`, want: 202},
		{user: mentor, method: "POST", route: program + "/followups/missed-you", id: "pilot", ctype: "application/json", body: `{"student_number": "{{mstudent3}}"}`, want: 409},
		{user: mentor, method: "POST", route: program + "/followups/missed-you", id: "pilot", ctype: "application/json", body: `{"student_number": "{{ostudent}}"}`, want: 422},
		{user: student, method: "POST", route: program + "/followups/missed-you", id: "pilot", ctype: "application/json", body: `{"student_number": "100001"}`, want: 403},
		{user: hvlAdmin, method: "POST", route: program + "/followups/missed-you", id: "pilot", ctype: "application/json", body: `{"student_number": "100001"}`, want: 404},
		{user: "", method: "POST", route: program + "/followups/missed-you", id: "pilot", ctype: "application/json", body: `{"student_number": "100001"}`, want: 401},
		{user: coordinator, method: "POST", route: program + "/welcome", id: "pilot", ctype: "application/json", body: `{}`, want: 202},
		{user: coordinator, method: "POST", route: program + "/welcome", id: "pilot", ctype: "application/json", body: `{"resend": "yes"}`, want: 422},
		{user: mentor, method: "POST", route: program + "/welcome", id: "pilot", ctype: "application/json", body: `{}`, want: 403},
		{user: hvlAdmin, method: "POST", route: program + "/welcome", id: "pilot", ctype: "application/json", body: `{}`, want: 404},
		{user: "", method: "POST", route: program + "/welcome", id: "pilot", ctype: "application/json", body: `{}`, want: 401},
		{user: coordinator, method: "GET", route: program + "/messages", id: "pilot", want: 200},
		{user: mentor, method: "GET", route: program + "/messages", id: "pilot", want: 403},
		{user: hvlAdmin, method: "GET", route: program + "/messages", id: "pilot", want: 404},
		{user: "", method: "GET", route: program + "/messages", id: "pilot", want: 401},
		{user: coordinator, method: "POST", route: program + "/plans", id: "pilot", ctype: "application/json", body: `{"template": "pilot", "from_week": 34, "every_weeks": 2, "count": 6, "skip_weeks": [40]}`, want: 201},
		{user: coordinator, method: "POST", route: program + "/plans", id: "pilot", ctype: "application/json", body: `{"template": "pilot", "from_week": 34, "every_weeks": 0, "count": 6}`, want: 422},
		{user: mentor, method: "POST", route: program + "/plans", id: "pilot", ctype: "application/json", body: `{"template": "pilot", "from_week": 34, "every_weeks": 2, "count": 6}`, want: 403},
		{user: hvlAdmin, method: "POST", route: program + "/plans", id: "pilot", ctype: "application/json", body: `{"template": "pilot", "from_week": 34, "every_weeks": 2, "count": 6}`, want: 404},
		{user: "", method: "POST", route: program + "/plans", id: "pilot", ctype: "application/json", body: `{"template": "pilot", "from_week": 34, "every_weeks": 2, "count": 6}`, want: 401},

		// A person's calendar address: the person, or a manager of a
		// program they take part in.
		{user: student, method: "GET", route: calendar, id: "=100001", want: 200},
		{user: coordinator, method: "GET", route: calendar, id: "=100001", want: 200},
		{user: mentor, method: "GET", route: calendar, id: "=100001", want: 404},
		{user: "", method: "GET", route: calendar, id: "=100001", want: 401},
		{user: student, method: "POST", route: calendar, id: "=100001", want: 200},
		{user: mentor, method: "POST", route: calendar, id: "=100001", want: 404},
		{user: "", method: "POST", route: calendar, id: "=100001", want: 401},

		// Bodies over the limits are refused before they are read.
		{user: coordinator, method: "POST", route: programs, ctype: "application/json", body: bigJSON, want: 413},
		{user: coordinator, method: "PATCH", route: program, id: "new", ctype: "application/json", body: bigJSON, want: 413},
		{user: coordinator, method: "PUT", route: program + "/students", id: "new", ctype: "text/csv", body: bigFile, want: 413},
		{user: coordinator, method: "PUT", route: program + "/mentors", id: "new", ctype: "text/csv", body: bigFile, want: 413},
		{user: coordinator, method: "POST", route: program + "/allocations", id: "new", ctype: "application/json", body: bigJSON, want: 413},

		{user: admin, method: "GET", route: "/api/v1/audit", query: "limit=50", want: 200},
		{user: admin, method: "GET", route: "/api/v1/audit", query: "action=request.denied", want: 200},
		{user: student, method: "GET", route: "/api/v1/audit", want: 403},
		{user: "", method: "GET", route: "/api/v1/audit", want: 401},
	}, append(append(append(deskOpenapiCases(), trainingOpenapiCases(bigFile)...), payrollOpenapiCases()...), recruitOpenapiCases()...)...)
}

// TestAPIAnswersMatchTheOpenAPIDocument calls every API operation with
// each answer it documents and validates the real answers against
// openapi.json (kin-openapi): an undocumented status, a body that does not
// match its schema (including undocumented fields where a schema is
// closed) or a registered route without cases fails the test.
func TestAPIAnswersMatchTheOpenAPIDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	_, raw := e.api(t, "", "/api/v1/openapi.json")
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}

	students, mentors := allocate.Generate(40, 11)
	sdata, mdata := genCSV(students, mentors)
	ids := map[string]string{
		"uib":     strconv.FormatInt(e.demo.Institution.ID, 10),
		"hvl":     strconv.FormatInt(e.demo.Other.ID, 10),
		"pilot":   strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10),
		"law":     strconv.FormatInt(e.demo.Programs["uib-jus-agl"].ID, 10),
		"missing": "999999",
	}
	{
		var progs []struct {
			ID int64 `json:"id"`
		}
		_, b := e.api(t, e.token(t, "admin@hvl.demo.mentorhub.no"), "/api/v1/programs")
		if err := json.Unmarshal([]byte(b), &progs); err != nil || len(progs) == 0 {
			t.Fatalf("HVL's programs: %.300s", b)
		}
		ids["hvlprogram"] = strconv.FormatInt(progs[0].ID, 10)
	}
	{
		// The pilot's groups: the demo student's, the demo mentor's (with
		// students who are not the demo student) and another (neither's).
		var groups []struct {
			ID       int64    `json:"group_id"`
			Students []string `json:"students"`
			Mentors  []string `json:"mentors"`
		}
		_, b := e.api(t, e.token(t, "coordinator@demo.mentorhub.no"), "/api/v1/programs/"+ids["pilot"]+"/groups")
		if err := json.Unmarshal([]byte(b), &groups); err != nil {
			t.Fatalf("the pilot's groups: %v %.300s", err, b)
		}
		for _, g := range groups {
			gid := strconv.FormatInt(g.ID, 10)
			mine, own := slices.Contains(g.Mentors, "90001"), slices.Contains(g.Students, "100001")
			switch {
			case own && ids["sgroup"] == "":
				ids["sgroup"] = gid
				for _, st := range g.Students {
					if st != "100001" && ids["sstudent"] == "" {
						ids["sstudent"] = st
					}
				}
			case mine && !own && ids["mgroup"] == "" && len(g.Students) >= 3:
				ids["mgroup"] = gid
				ids["mstudent"], ids["mstudent2"], ids["mstudent3"] = g.Students[0], g.Students[1], g.Students[2]
			case !mine && !own && ids["ogroup"] == "" && len(g.Students) > 0:
				ids["ogroup"], ids["ostudent"] = gid, g.Students[0]
			}
		}
		for _, k := range []string{"sgroup", "sstudent", "mgroup", "ogroup"} {
			if ids[k] == "" {
				t.Fatalf("no %s among the pilot's groups: %.500s", k, b)
			}
		}
		// A session of the pilot's earlier year, which is read-only now.
		pilot := e.demo.Programs["uib-mn-pilot"]
		last := prog.AcademicYear(testutil.Epoch) - 1
		start := time.Date(last, 10, 1, 10, 0, 0, 0, time.UTC)
		id, err := e.app.Repos.Sessions.CreateSession(ctx, sessions.Session{ProgramID: pilot.ID, Year: last, Title: "Last year",
			StartsAt: start, EndsAt: start.Add(time.Hour), RosterAt: start, CheckinCode: "LASTYR"})
		if err != nil {
			t.Fatal(err)
		}
		ids["lastyear"] = strconv.FormatInt(id, 10)
	}
	tokens := map[string]string{openapiBadToken: "mh_not-a-token"}
	expand := regexp.MustCompile(`\{\{([a-z0-9.]+)\}\}`)
	deskAccounts(t, e)

	exercised := map[string]bool{} // "METHOD /route STATUS"
	covered := map[string]bool{}   // "METHOD /route"
	for _, c := range openapiCases(string(sdata), string(mdata)) {
		c.body = expand.ReplaceAllStringFunc(c.body, func(m string) string {
			k := expand.FindStringSubmatch(m)[1]
			if ids[k] == "" {
				t.Fatalf("%s %s: no %q yet for the body", c.method, c.route, k)
			}
			return ids[k]
		})
		path, id := c.route, ""
		if strings.Contains(path, "{id}") {
			if lit, ok := strings.CutPrefix(c.id, "="); ok {
				id = lit
			} else if id = ids[c.id]; id == "" {
				t.Fatalf("%s %s: no id %q yet", c.method, c.route, c.id)
			}
			path = strings.ReplaceAll(path, "{id}", id)
		}
		if c.query != "" {
			path += "?" + c.query
		}
		name := fmt.Sprintf("%s %s as %q", c.method, path, c.user)
		req, _ := http.NewRequest(c.method, e.srv.URL+path, strings.NewReader(c.body))
		if c.body == "" {
			req.Body = http.NoBody
		}
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		if c.user != "" {
			tok, ok := tokens[c.user]
			if !ok {
				tok = e.token(t, c.user)
				tokens[c.user] = tok
			}
			req.Header.Set("Authorization", "Bearer "+tok)
		}

		item := doc.Paths.Find(c.route)
		if item == nil || item.GetOperation(c.method) == nil {
			t.Errorf("%s: %s %s is not in openapi.json", name, c.method, c.route)
			continue
		}
		route := &routers.Route{Spec: doc, Path: c.route, PathItem: item, Method: c.method, Operation: item.GetOperation(c.method)}
		in := &openapi3filter.RequestValidationInput{Request: req, Route: route, Options: &openapi3filter.Options{
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true, IncludeResponseStatus: true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}}}
		if id != "" {
			in.PathParams = map[string]string{"id": id}
		}
		// A request meant to succeed must itself be a valid request.
		if c.want < 300 {
			vreq := req.Clone(ctx)
			vreq.Body = io.NopCloser(strings.NewReader(c.body))
			vin := *in
			vin.Request = vreq
			if err := openapi3filter.ValidateRequest(ctx, &vin); err != nil {
				t.Errorf("%s: the request does not match openapi.json: %v", name, err)
			}
		}

		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b := body(t, resp)
		err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
			Body: io.NopCloser(bytes.NewReader([]byte(b))), Options: in.Options})
		if err != nil {
			t.Errorf("%s: the %d answer does not match openapi.json: %v\n%.500s", name, resp.StatusCode, err, b)
		}
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d %.300s, want %d", name, resp.StatusCode, b, c.want)
			continue
		}
		covered[c.method+" "+c.route] = true
		exercised[fmt.Sprintf("%s %s %d", c.method, c.route, resp.StatusCode)] = true
		if c.save != "" {
			saveIDs(t, ids, c.save, b)
		}
		if c.method == "POST" && c.route == "/api/v1/programs" && resp.StatusCode == 201 {
			var p struct {
				ID int64 `json:"id"`
			}
			if err := json.Unmarshal([]byte(b), &p); err != nil || p.ID == 0 {
				t.Fatalf("the created program: %v %.300s", err, b)
			}
			ids["new"] = strconv.FormatInt(p.ID, 10)
		}
		if c.save != "" {
			var se struct {
				CheckinCode string `json:"checkin_code"`
			}
			if json.Unmarshal([]byte(b), &se) == nil && se.CheckinCode != "" {
				ids[c.save+".code"] = se.CheckinCode
			}
		}
	}

	// Every registered route has cases, and every answer it documents was seen.
	registered := e.app.Web.APIRoutes()
	for _, r := range registered {
		if !covered[r] {
			t.Errorf("%s has no validation case in openapiCases: add its answers", r)
		}
	}
	var unseen []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				key := method + " " + path + " " + status
				if !exercised[key] && slices.Contains(registered, method+" "+path) {
					unseen = append(unseen, key)
				}
			}
		}
	}
	sort.Strings(unseen)
	for _, u := range unseen {
		t.Errorf("documented answer %s is never exercised: add a case (or drop it from openapi.json if it cannot happen)", u)
	}
}
