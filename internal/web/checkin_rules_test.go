package web_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/testutil"
)

// A check-in by student number is decided in one read (the fast path)
// and falls back to the full path to explain a refusal: both must agree.
// Plenaries take any mentor of the program and any student of it; a
// cancelled session takes nobody; other institutions and students do not
// reach a session at all; a repeat is 200 and changes nothing.
func TestCheckinRulesOnPlenariesCancelledSessionsAndOutsiders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	mentor := e.token(t, "mentor@demo.mentorhub.no")
	student := e.token(t, "student@demo.mentorhub.no")
	outsider := e.token(t, "admin@hvl.demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	base := "/api/v1/programs/" + pilot

	code, b := e.api(t, coord, base+"/groups")
	groups := decode[[]apiGroup](t, code, b, 200)
	var other apiGroup
	for _, g := range groups {
		if !slices.Contains(g.Mentors, "90001") && len(g.Students) > 2 {
			other = g
			break
		}
	}
	if other.ID == 0 {
		t.Fatal("no group without the demo mentor")
	}
	at := func(d time.Duration) string { return testutil.Epoch.Add(d).Format(time.RFC3339) }
	create := func(group string) apiSession {
		code, b := e.send(t, coord, "POST", base+"/sessions", fmt.Sprintf(`{"title": "Fellesmøte", "starts_at": %q, "ends_at": %q%s}`,
			at(24*time.Hour), at(25*time.Hour), group))
		return decode[apiSession](t, code, b, 201)
	}
	checkin := func(tok string, s apiSession, number string) (int, string) {
		return e.send(t, tok, "POST", "/api/v1/sessions/"+strconv.FormatInt(s.ID, 10)+"/checkins", fmt.Sprintf(`{"student_number": %q}`, number))
	}

	// A plenary: the demo mentor checks in a student of another group.
	plenary := create("")
	if code, b := checkin(mentor, plenary, other.Students[0]); code != 201 {
		t.Fatalf("a mentor checking a student in at a plenary: %d %s", code, b)
	}
	if code, b := checkin(coord, plenary, other.Students[0]); code != 200 {
		t.Errorf("the same student again: %d %s", code, b)
	}
	if code, b := checkin(mentor, plenary, "999999"); code != 422 {
		t.Errorf("a number nobody has: %d %s", code, b)
	}
	// Outsiders: another institution's admin, and a student checking
	// someone else in.
	if code, b := checkin(outsider, plenary, other.Students[1]); code != 404 {
		t.Errorf("another institution's admin: %d %s", code, b)
	}
	if code, b := checkin(student, plenary, other.Students[1]); code != 403 && code != 404 {
		t.Errorf("a student checking another in: %d %s", code, b)
	}
	// Another group's session: not the demo mentor's.
	theirs := create(fmt.Sprintf(`, "group_id": %d`, other.ID))
	if code, b := checkin(mentor, theirs, other.Students[1]); code != 404 {
		t.Errorf("a mentor at another group's session: %d %s", code, b)
	}
	if code, b := checkin(coord, theirs, other.Students[1]); code != 201 {
		t.Errorf("the coordinator at any group's session: %d %s", code, b)
	}
	// Cancelled: nobody checks in, not even the coordinator.
	if code, b := e.send(t, coord, "POST", "/api/v1/sessions/"+strconv.FormatInt(theirs.ID, 10)+"/cancel", ""); code != 200 {
		t.Fatalf("cancel: %d %s", code, b)
	}
	if code, b := checkin(coord, theirs, other.Students[2]); code != 409 {
		t.Errorf("a check-in at a cancelled session: %d %s", code, b)
	}

	// The attendance shows exactly the check-ins answered 201.
	code, b = e.api(t, coord, "/api/v1/sessions/"+strconv.FormatInt(plenary.ID, 10)+"/attendance")
	att := decode[struct {
		Counts struct{ Present int } `json:"counts"`
	}](t, code, b, 200)
	if att.Counts.Present != 1 {
		t.Errorf("present at the plenary: %d, want 1", att.Counts.Present)
	}
}
