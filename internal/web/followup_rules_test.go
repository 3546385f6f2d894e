package web_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/testutil"
)

// The follow-up rule in its corners: an excused absence ends a run of
// absences (the student told their mentor); a run of two or more since
// then puts them on the list; an absence recorded as "absent" counts as
// one not recorded at all; a cancelled session is not held.
func TestFollowUpsCountRunsOfAbsenceSinceTheLastExcuse(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	base := "/api/v1/programs/" + pilot
	code, b := e.api(t, coord, base+"/groups")
	var g apiGroup
	for _, x := range decode[[]apiGroup](t, code, b, 200) {
		if slices.Contains(x.Mentors, "90001") {
			g = x
			break
		}
	}
	mk := func(days int) apiSession {
		at := testutil.Epoch.Add(time.Duration(-days) * 24 * time.Hour)
		code, b := e.send(t, coord, "POST", base+"/sessions", fmt.Sprintf(`{"title": "Møte", "starts_at": %q, "ends_at": %q, "group_id": %d}`,
			at.Format(time.RFC3339), at.Add(time.Hour).Format(time.RFC3339), g.ID))
		return decode[apiSession](t, code, b, 201)
	}
	s1, s2, cancelled, s3 := mk(21), mk(14), mk(10), mk(7)
	if code, b := e.send(t, coord, "POST", "/api/v1/sessions/"+strconv.FormatInt(cancelled.ID, 10)+"/cancel", ""); code != 200 {
		t.Fatalf("cancel: %d %s", code, b)
	}
	mark := func(s apiSession, i int, status string) {
		t.Helper()
		if code, b := e.send(t, coord, "POST", "/api/v1/sessions/"+strconv.FormatInt(s.ID, 10)+"/checkins",
			fmt.Sprintf(`{"student_number": %q, "status": %q}`, g.Students[i], status)); code != 201 {
			t.Fatalf("mark %s: %d %s", status, code, b)
		}
	}
	// 0: absent, absent, excused at the latest → not followed up.
	mark(s1, 0, "absent")
	mark(s3, 0, "excused")
	// 1: excused, then absent at the last two → followed up (2 in a row).
	mark(s1, 1, "excused")
	mark(s3, 1, "absent")
	// 2: present, then nothing recorded at the last two → followed up.
	mark(s1, 2, "present")
	// 3: present at the latest → not followed up.
	mark(s3, 3, "present")
	// Everyone else in the group: present at all three.
	for i := 4; i < len(g.Students); i++ {
		for _, s := range []apiSession{s1, s2, s3} {
			mark(s, i, "present")
		}
	}
	code, b = e.api(t, coord, base+"/followups")
	got := map[string]int{}
	for _, f := range decode[[]struct {
		StudentNumber string `json:"student_number"`
		GroupID       int64  `json:"group_id"`
		Missed        int    `json:"missed_in_a_row"`
	}](t, code, b, 200) {
		if f.GroupID == g.ID {
			got[f.StudentNumber] = f.Missed
		}
	}
	want := map[string]int{g.Students[1]: 2, g.Students[2]: 2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("followed up (student: absences in a row) %v, want %v", got, want)
	}
}
