package web_test

import (
	"encoding/csv"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/testutil"
)

// The attendance page, its requirement form and its export, as each role
// sees them: the coordinator every group, the requirement and the
// students below it; the mentor their own group only; a student nothing.
// A session title that is a formula reaches the CSV neutralised.
func TestAttendancePageAndExport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coordTok := e.token(t, "coordinator@demo.mentorhub.no")
	mentorTok := e.token(t, "mentor@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	base := "/api/v1/programs/" + pilot

	code, b := e.api(t, coordTok, base+"/groups")
	groups := decode[[]apiGroup](t, code, b, 200)
	var mine, other apiGroup
	for _, g := range groups {
		if slices.Contains(g.Mentors, "90001") {
			if mine.ID == 0 {
				mine = g
			}
		} else if other.ID == 0 {
			other = g
		}
	}
	if mine.ID == 0 || other.ID == 0 || len(mine.Students) < 3 {
		t.Fatalf("the demo mentor's group and another: %+v %+v", mine, other)
	}
	at := func(d time.Duration) string { return testutil.Epoch.Add(d).Format(time.RFC3339) }
	hostile := `=cmd|' /C calc'!A0`
	create := func(group int64, title string, start time.Duration) apiSession {
		code, b := e.send(t, coordTok, "POST", base+"/sessions", fmt.Sprintf(`{"title": %q, "starts_at": %q, "ends_at": %q, "group_id": %d}`,
			title, at(start), at(start+90*time.Minute), group))
		return decode[apiSession](t, code, b, 201)
	}
	first := create(mine.ID, hostile, -14*24*time.Hour)
	create(mine.ID, "Studieteknikk", -24*time.Hour)
	create(other.ID, "Andre gruppe", -24*time.Hour)
	// Two of the mentor's students come to the first session.
	for _, n := range mine.Students[:2] {
		if code, b := e.send(t, mentorTok, "POST", "/api/v1/sessions/"+strconv.FormatInt(first.ID, 10)+"/checkins", fmt.Sprintf(`{"student_number": %q}`, n)); code != 201 {
			t.Fatalf("check-in: %d %s", code, b)
		}
	}

	coord := e.client(t)
	csrf := e.login(t, coord, "coordinator@demo.mentorhub.no")
	page := "/programs/" + pilot + "/attendance"
	code, b = e.get(t, coord, page)
	if code != 200 {
		t.Fatalf("coordinator's page: %d", code)
	}
	for _, want := range []string{`id="chart-attendance"`, `role="img"`, `id="weeks-table"`, `id="by-programme"`, `id="by-cohort"`,
		`id="requirement-form"`, `name="csrf_token"`, `aria-current="page">Oppmøte`, mine.Name, other.Name} {
		if !strings.Contains(b, want) {
			t.Errorf("coordinator's page lacks %q", want)
		}
	}

	// The requirement: a bad value is shown again with its problem, 60
	// is saved, and the students of the held sessions below it are listed.
	code, b = e.post(t, coord, page+"/requirement", url.Values{"csrf_token": {csrf}, "percent": {"sixty"}})
	if code != 422 || !strings.Contains(b, `id="requirement-error"`) || !strings.Contains(b, `aria-invalid="true"`) {
		t.Errorf("a bad requirement: %d", code)
	}
	code, _ = e.post(t, coord, page+"/requirement", url.Values{"percent": {"60"}})
	if code != 403 {
		t.Errorf("without the CSRF token: %d, want 403", code)
	}
	code, _ = e.post(t, coord, page+"/requirement", url.Values{"csrf_token": {csrf}, "percent": {"60"}})
	if code != 303 {
		t.Fatalf("the requirement: %d", code)
	}
	_, b = e.get(t, coord, page+"?done=requirement")
	if !strings.Contains(b, `id="attendance-done"`) || !strings.Contains(b, `id="risk-table"`) || !strings.Contains(b, "60\u00a0%") {
		t.Errorf("the page after the requirement lacks the notice, the at-risk table or 60 %%")
	}

	// The mentor sees their group and may not choose another; a student
	// may not read it at all.
	mentor := e.client(t)
	mentorCSRF := e.login(t, mentor, "mentor@demo.mentorhub.no")
	code, b = e.get(t, mentor, page)
	if code != 200 || !strings.Contains(b, mine.Name) || strings.Contains(b, other.Name) || strings.Contains(b, `id="requirement-form"`) {
		t.Errorf("mentor's page: %d (own group %v, other group %v)", code, strings.Contains(b, mine.Name), strings.Contains(b, other.Name))
	}
	if code, _ = e.get(t, mentor, page+"?group="+strconv.FormatInt(other.ID, 10)); code != 403 {
		t.Errorf("mentor asking for another group: %d, want 403", code)
	}
	if code, _ = e.get(t, mentor, page+".csv?rows=students"); code != 403 {
		t.Errorf("mentor asking for the students' export: %d, want 403", code)
	}
	for _, v := range []string{"10", "sixty"} {
		if code, _ = e.post(t, mentor, page+"/requirement", url.Values{"csrf_token": {mentorCSRF}, "percent": {v}}); code != 403 {
			t.Errorf("mentor setting the requirement to %q: %d, want 403", v, code)
		}
	}
	student := e.client(t)
	e.login(t, student, "student@demo.mentorhub.no")
	if code, _ = e.get(t, student, page); code != 403 {
		t.Errorf("student: %d, want 403", code)
	}

	// The export: one row per held session, the hostile title neutralised.
	code, b = e.get(t, coord, page+".csv")
	if code != 200 {
		t.Fatalf("export: %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "date,group,title,expected,present,excused,rate" || len(rows) != 4 {
		t.Fatalf("export: %v", rows)
	}
	found := false
	for _, r := range rows[1:] {
		if strings.Contains(r[2], "cmd") {
			found = true
			if r[2] != "'"+hostile || r[4] != "2" || r[3] != strconv.Itoa(len(mine.Students)) {
				t.Errorf("the hostile session's row: %q", r)
			}
		}
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				t.Errorf("a cell starts with a formula character: %q", c)
			}
		}
	}
	if !found {
		t.Errorf("no row for the first session: %v", rows)
	}
	code, b = e.get(t, coord, page+".csv?rows=students&group="+strconv.FormatInt(mine.ID, 10))
	if code != 200 || !strings.HasPrefix(b, "student_number,name,group,expected,attended,excused,share,missed_in_a_row,at_risk\n") {
		t.Errorf("students' export: %d %.100s", code, b)
	}
	if n := strings.Count(b, "\n"); n != len(mine.Students)+1 {
		t.Errorf("students' export has %d lines, want %d", n, len(mine.Students)+1)
	}
}

// Leaders see attendance per program from the rollup, on a page linked
// from the overview.
func TestAttendanceOverview(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.client(t)
	e.login(t, admin, "admin@demo.mentorhub.no")
	code, b := e.get(t, admin, "/overview")
	if code != 200 || !strings.Contains(b, `href="/overview/attendance`) {
		t.Fatalf("overview: %d without a link to attendance", code)
	}
	code, b = e.get(t, admin, "/overview/attendance")
	if code != 200 || !strings.Contains(b, "<h1>") {
		t.Fatalf("attendance overview: %d", code)
	}
	if !strings.Contains(b, `id="attendance-programs"`) || !strings.Contains(b, `data-program="uib-mn-pilot"`) {
		t.Errorf("no row for the pilot")
	}
	student := e.client(t)
	e.login(t, student, "student@demo.mentorhub.no")
	if code, _ := e.get(t, student, "/overview/attendance"); code != 403 {
		t.Errorf("student: %d, want 403", code)
	}
}

// A national admin chooses the institution (or all) in both leadership
// views; an institution's admin cannot reach another institution with
// ?inst=.
func TestLeadershipViewsFollowTheNationalAdminsChoice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	nat := e.client(t)
	e.login(t, nat, "national@demo.mentorhub.no")
	other := strconv.FormatInt(e.demo.Other.ID, 10)
	// The attendance view marks the choice and lists programs with
	// sessions (HVL's has none); the overview lists every program.
	_, all := e.get(t, nat, "/overview/attendance?inst=all")
	_, hvl := e.get(t, nat, "/overview/attendance?inst="+other)
	if !strings.Contains(all, `<option value="all" selected>`) || !strings.Contains(all, `data-program="uib-mn-pilot"`) {
		t.Errorf("/overview/attendance?inst=all does not show every institution")
	}
	if !strings.Contains(hvl, `<option value="`+other+`" selected>`) || strings.Contains(hvl, "uib-mn-pilot") {
		t.Errorf("/overview/attendance?inst=%s does not show HVL only", other)
	}
	_, all = e.get(t, nat, "/overview?inst=all")
	_, hvl = e.get(t, nat, "/overview?inst="+other)
	if !strings.Contains(all, "hvl-nurse-mentor") || !strings.Contains(all, "uib-mn-pilot") {
		t.Errorf("/overview?inst=all does not show both institutions' programs")
	}
	if !strings.Contains(hvl, "hvl-nurse-mentor") || strings.Contains(hvl, "uib-mn-pilot") {
		t.Errorf("/overview?inst=%s does not show HVL's programs only", other)
	}
	for _, path := range []string{"/overview/attendance", "/overview"} {
		if code, _ := e.get(t, nat, path+"?inst=x"); code != 404 {
			t.Errorf("%s?inst=x: %d, want 404", path, code)
		}
	}
	admin := e.client(t)
	e.login(t, admin, "admin@demo.mentorhub.no")
	for _, path := range []string{"/overview/attendance", "/overview"} {
		if _, b := e.get(t, admin, path+"?inst="+other); strings.Contains(b, "hvl-nurse-mentor") {
			t.Errorf("an institution's admin reached HVL through %s?inst=", path)
		}
	}
}
