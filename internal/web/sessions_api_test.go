package web_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/testutil"
)

type apiGroup struct {
	ID       int64    `json:"group_id"`
	Name     string   `json:"name"`
	Students []string `json:"students"`
	Mentors  []string `json:"mentors"`
}

type apiSession struct {
	ID          int64  `json:"id"`
	GroupID     int64  `json:"group_id"`
	CheckinCode string `json:"checkin_code"`
	Sequence    int    `json:"sequence"`
}

func decode[T any](t *testing.T, code int, b string, want int) T {
	t.Helper()
	var v T
	if code != want {
		t.Fatalf("status %d, want %d: %.400s", code, want, b)
	}
	if err := json.Unmarshal([]byte(b), &v); err != nil {
		t.Fatalf("%v: %.400s", err, b)
	}
	return v
}

// The API flow of spec/API.md "Sessions and attendance": sessions planned,
// check-in 201 then 200, never a duplicate, attendance lists expected and
// present, follow-ups flag exactly the students absent from their group's
// last two sessions; students cannot read follow-ups, a mentor only their
// groups'.
func TestSessionsAttendanceAndFollowUpsThroughTheAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	mentor := e.token(t, "mentor@demo.mentorhub.no")
	student := e.token(t, "student@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	base := "/api/v1/programs/" + pilot

	code, b := e.api(t, coord, base+"/groups")
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
	if mine.ID == 0 || other.ID == 0 || len(mine.Students) < 4 {
		t.Fatalf("the demo mentor's group and another: %+v %+v", mine, other)
	}

	at := func(d time.Duration) string { return testutil.Epoch.Add(d).Format(time.RFC3339) }
	create := func(tok string, group int64, start time.Duration, want int) apiSession {
		g := ""
		if group != 0 {
			g = fmt.Sprintf(`, "group_id": %d`, group)
		}
		code, b := e.send(t, tok, "POST", base+"/sessions", fmt.Sprintf(`{"title": "Studieteknikk", "topic": "Hvordan lese", "starts_at": %q, "ends_at": %q, "location": "Realfagbygget"%s}`,
			at(start), at(start+90*time.Minute), g))
		if want != 201 {
			if code != want {
				t.Fatalf("create as another: %d %s", code, b)
			}
			return apiSession{}
		}
		return decode[apiSession](t, code, b, 201)
	}
	create(mentor, mine.ID, -14*24*time.Hour, 403)
	create(student, mine.ID, -14*24*time.Hour, 403)
	first := create(coord, mine.ID, -14*24*time.Hour, 201)
	second := create(coord, mine.ID, -24*time.Hour, 201)
	otherS := create(coord, other.ID, -24*time.Hour, 201)
	if first.CheckinCode == "" || first.CheckinCode == second.CheckinCode {
		t.Fatalf("check-in codes: %q %q", first.CheckinCode, second.CheckinCode)
	}

	checkin := func(tok string, s apiSession, body string) (int, string) {
		return e.send(t, tok, "POST", "/api/v1/sessions/"+strconv.FormatInt(s.ID, 10)+"/checkins", body)
	}
	num := func(i int) string { return mine.Students[i] }
	// Students 0 and 1 come to both; 2 comes to the first only; 3 to the
	// second only; the rest come to none.
	for _, c := range []struct {
		s apiSession
		i int
	}{{first, 0}, {first, 1}, {first, 2}, {second, 0}, {second, 1}, {second, 3}} {
		if code, b := checkin(mentor, c.s, fmt.Sprintf(`{"student_number": %q}`, num(c.i))); code != 201 {
			t.Fatalf("check-in of %s: %d %s", num(c.i), code, b)
		}
		if code, b := checkin(mentor, c.s, fmt.Sprintf(`{"student_number": %q}`, num(c.i))); code != 200 {
			t.Fatalf("repeated check-in of %s: %d %s", num(c.i), code, b)
		}
	}
	// A mentor cannot reach another group's session; a student of another
	// group is not expected here; a student cannot check others in.
	if code, b := checkin(mentor, otherS, fmt.Sprintf(`{"student_number": %q}`, other.Students[0])); code != 404 {
		t.Errorf("a mentor checking in another group's student: %d %s", code, b)
	}
	if code, b := checkin(coord, first, fmt.Sprintf(`{"student_number": %q}`, other.Students[0])); code != 422 {
		t.Errorf("checking in a student of another group: %d %s", code, b)
	}
	if code, b := checkin(student, first, fmt.Sprintf(`{"student_number": %q}`, num(4))); code != 403 && code != 404 {
		t.Errorf("a student checking in another: %d %s", code, b)
	}

	code, b = e.api(t, mentor, "/api/v1/sessions/"+strconv.FormatInt(second.ID, 10)+"/attendance")
	att := decode[struct {
		Expected []struct {
			StudentNumber string `json:"student_number"`
			Status        string `json:"status"`
		} `json:"expected"`
		Counts struct{ Expected, Present int } `json:"counts"`
	}](t, code, b, 200)
	if att.Counts.Expected != len(mine.Students) || att.Counts.Present != 3 || len(att.Expected) != len(mine.Students) {
		t.Errorf("attendance of the second session: %+v (group of %d)", att.Counts, len(mine.Students))
	}
	present := map[string]bool{}
	for _, a := range att.Expected {
		if a.Status == "present" {
			present[a.StudentNumber] = true
		}
	}
	if !present[num(0)] || !present[num(1)] || !present[num(3)] || present[num(2)] {
		t.Errorf("present at the second session: %v", present)
	}

	// Follow-ups: exactly the students absent from both sessions.
	type fu struct {
		StudentNumber string   `json:"student_number"`
		GroupID       int64    `json:"group_id"`
		Reasons       []string `json:"reasons"`
	}
	code, b = e.api(t, coord, base+"/followups")
	got := map[string]bool{}
	for _, f := range decode[[]fu](t, code, b, 200) {
		if f.GroupID == mine.ID {
			got[f.StudentNumber] = true
		}
	}
	want := map[string]bool{}
	for i := 4; i < len(mine.Students); i++ {
		want[num(i)] = true
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("follow-ups of the group: %v, want %v", got, want)
	}
	code, b = e.api(t, mentor, base+"/followups")
	for _, f := range decode[[]fu](t, code, b, 200) {
		if f.GroupID != mine.ID && !slices.ContainsFunc(groups, func(g apiGroup) bool {
			return g.ID == f.GroupID && slices.Contains(g.Mentors, "90001")
		}) {
			t.Errorf("the mentor sees a follow-up of another group: %+v", f)
		}
	}
	if code, b := e.api(t, student, base+"/followups"); code != 403 {
		t.Errorf("a student reading follow-ups: %d %.200s", code, b)
	}

	// The student checks themself in with the code: 201, then 200; a
	// student of the group only.
	var own apiSession
	for _, g := range groups {
		if slices.Contains(g.Students, "100001") {
			own = create(coord, g.ID, -time.Hour, 201)
		}
	}
	if own.ID == 0 {
		t.Fatal("the demo student has no group")
	}
	if code, b := checkin(student, own, `{"code": "WRONG1"}`); code != 422 {
		t.Errorf("a wrong code: %d %s", code, b)
	}
	if code, b := checkin(student, own, fmt.Sprintf(`{"code": %q}`, own.CheckinCode)); code != 201 {
		t.Errorf("a student checking in with the code: %d %s", code, b)
	}
	if code, b := checkin(student, own, fmt.Sprintf(`{"code": %q}`, own.CheckinCode)); code != 200 {
		t.Errorf("the same again: %d %s", code, b)
	}
	var rows int
	if err := e.app.DB.SQL().QueryRow(`SELECT COUNT(*) FROM checkins`).Scan(&rows); err != nil || rows != 7 {
		t.Errorf("check-in rows: %d (%v), want 7: one per student and session", rows, err)
	}
}
