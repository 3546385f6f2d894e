package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/i18n"
)

// upload posts a file as the "file" field of a multipart form.
func (e *env) upload(t *testing.T, c *http.Client, path, csrf, name string, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, body(t, r)
}

// TestCoverageMatchesAnIndependentCount imports study-programme populations
// for the demo institution, counts from the API's raw data which students
// are offered a running program, and checks that the coverage API and the
// overview page show the same numbers.
func TestCoverageMatchesAnIndependentCount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inst := e.demo.Institution.ID
	tok := e.token(t, "admin@demo.mentorhub.no")
	getJSON := func(path string, v any) {
		t.Helper()
		code, b := e.api(t, tok, path)
		if code != 200 {
			t.Fatalf("%s: %d %s", path, code, b)
		}
		if err := json.Unmarshal([]byte(b), v); err != nil {
			t.Fatal(err)
		}
	}
	var units []struct {
		ID       int64  `json:"id"`
		ParentID int64  `json:"parent_id"`
		Code     string `json:"code"`
	}
	getJSON(fmt.Sprintf("/api/v1/institutions/%d/units", inst), &units)

	// Populations: every demo programme with made-up cohort sizes, plus a
	// new programme under the biology department.
	var progs []struct {
		Code, Name string
		UnitID     int64 `json:"unit_id"`
	}
	getJSON(fmt.Sprintf("/api/v1/institutions/%d/programmes", inst), &progs)
	unitCode := map[int64]string{}
	for _, u := range units {
		unitCode[u.ID] = u.Code
	}
	type pop struct {
		code, unit, cohort string
		n                  int
	}
	var pops []pop
	csv := "programme_code;programme_name;unit;cohort;students\n"
	for i, p := range progs {
		for j, term := range []string{"2023H", "2024H", "2025H", "2026H"} {
			n := 20 + (i*37+j*11)%130
			pops = append(pops, pop{p.Code, unitCode[p.UnitID], term, n})
			csv += fmt.Sprintf("%s;%s;%s;%s;%d\n", p.Code, p.Name, unitCode[p.UnitID], term, n)
		}
	}
	pops = append(pops, pop{"BAMN-MARBIO", "MN-BIO", "2026H", 44})
	csv += "BAMN-MARBIO;Bachelor in Marine Biology;MN-BIO;2026H;44\n"
	c := e.client(t)
	csrf := e.login(t, c, "admin@demo.mentorhub.no")
	if code, b := e.upload(t, c, "/admin/import/populations", csrf, "pop.csv", []byte(csv)); code != 200 || !strings.Contains(b, "notice success") {
		t.Fatalf("population import: %d", code)
	}

	// The independent count.
	var programs []struct {
		Code       string `json:"program_id"`
		UnitID     int64  `json:"unit_id"`
		Level      string `json:"level"`
		Status     string `json:"status"`
		Model      string `json:"model"`
		Programmes []struct {
			Code   string `json:"programme_code"`
			Cohort string `json:"cohort"`
		} `json:"programmes"`
	}
	getJSON("/api/v1/programs", &programs)
	unitID := map[string]int64{}
	parent := map[int64]int64{}
	for _, u := range units {
		unitID[u.Code], parent[u.ID] = u.ID, u.ParentID
	}
	under := func(unit, top int64) bool {
		for ; unit != 0; unit = parent[unit] {
			if unit == top {
				return true
			}
		}
		return false
	}
	faculty := func(unit int64) int64 {
		for parent[unit] != 0 {
			unit = parent[unit]
		}
		return unit
	}
	wantOffered, wantStudents := 0, 0
	facOffered := map[int64]int{}
	for _, p := range pops {
		wantStudents += p.n
		covered := false
		for _, pr := range programs {
			if pr.Status == "closed" || pr.Model == "disability_support" {
				continue
			}
			if len(pr.Programmes) > 0 {
				for _, s := range pr.Programmes {
					if s.Code == p.code && (s.Cohort == "" || s.Cohort == p.cohort) {
						covered = true
					}
				}
			} else if pr.UnitID != 0 {
				covered = covered || under(unitID[p.unit], pr.UnitID)
			} else if pr.Level == "institution" {
				covered = true
			}
		}
		if covered {
			wantOffered += p.n
			facOffered[faculty(unitID[p.unit])] += p.n
		}
	}
	if wantOffered == 0 || wantOffered == wantStudents {
		t.Fatalf("the test data should cover some but not all students: %d of %d", wantOffered, wantStudents)
	}
	var cov struct {
		Students, Offered int
		Faculties         []struct {
			Code    string `json:"unit_code"`
			Offered int
		}
	}
	getJSON(fmt.Sprintf("/api/v1/institutions/%d/coverage", inst), &cov)
	if cov.Students != wantStudents || cov.Offered != wantOffered {
		t.Fatalf("coverage API: %d of %d, independent count: %d of %d", cov.Offered, cov.Students, wantOffered, wantStudents)
	}
	for _, f := range cov.Faculties {
		if f.Offered != facOffered[unitID[f.Code]] {
			t.Errorf("faculty %s: API %d offered, independent %d", f.Code, f.Offered, facOffered[unitID[f.Code]])
		}
	}
	// The overview page shows the same share and totals.
	r, _ := c.Get(e.srv.URL + "/overview")
	page := body(t, r)
	p := i18n.MustLoad().Printer("nb")
	share := p.Percent(float64(wantOffered) / float64(wantStudents))
	if !strings.Contains(page, `id="coverage-share">`+share+`<`) {
		t.Errorf("overview does not show the share %q", share)
	}
	total := regexp.MustCompile(`(?s)<tr class="total-row">.*?</tr>`).FindString(page)
	if !strings.Contains(total, ">"+p.Int(int64(wantStudents))+"<") || !strings.Contains(total, ">"+p.Int(int64(wantOffered))+"<") {
		t.Errorf("overview total row %q lacks %d and %d", total, wantStudents, wantOffered)
	}
	if !strings.Contains(page, `data-programme="BAMN-MARBIO"`) {
		t.Error("the new programme from the population file is not in the overview")
	}
}
