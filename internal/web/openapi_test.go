package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mentorhub/mentorhub/internal/allocate"
	prog "github.com/mentorhub/mentorhub/internal/program"
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
	body   string
	want   int
	save   string // a name to keep the created object's id under (see saveIDs)
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
		badToken    = openapiBadToken
	)
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
	}, deskOpenapiCases()...)
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
	tokens := map[string]string{openapiBadToken: "mh_not-a-token"}
	deskAccounts(t, e)

	exercised := map[string]bool{} // "METHOD /route STATUS"
	covered := map[string]bool{}   // "METHOD /route"
	for _, c := range openapiCases(string(sdata), string(mdata)) {
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
