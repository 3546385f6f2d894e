package people_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
)

// year is the program's current year in the fixture.
func (f *fx) year() int {
	y, err := f.svc.Year(f.coord, f.prog.ID)
	if err != nil {
		panic(err)
	}
	return y
}

func hasMember(g people.Group, number string) bool {
	for _, m := range g.Students {
		if m.ID == number {
			return true
		}
	}
	return false
}

// A move closes one membership and opens another: who was in the old
// group on a day before the move is still answered.
func TestAMovedStudentIsStillInHerOldGroupOnAnEarlierDay(t *testing.T) {
	f := setup(t, nil)
	_, _, _ = allocated(t, f, 120)
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	from, to := groups[0], groups[1]
	number := from.Students[0].ID
	x, err := f.repos.People.FindParticipants(f.sys, f.prog.ID, f.year(), people.Student)
	if err != nil {
		t.Fatal(err)
	}
	var pid int64
	for _, p := range x {
		if p.ExternalID == number {
			pid = p.ID
		}
	}
	before := f.clock.Now()
	f.clock.Advance(24 * time.Hour)
	res, err := f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Student: pid, ToGroup: to.ID, Force: true})
	if err != nil || !res.Applied {
		t.Fatalf("move: %+v, %v", res, err)
	}
	f.clock.Advance(time.Hour)
	then, err := f.svc.GroupOn(f.coord, f.prog.ID, from.ID, before)
	if err != nil {
		t.Fatal(err)
	}
	if !hasMember(then, number) || len(then.Students) != len(from.Students) {
		t.Errorf("on the day before the move the old group had %d students, she in it: %v", len(then.Students), hasMember(then, number))
	}
	now, _ := f.svc.GroupOn(f.coord, f.prog.ID, from.ID, f.clock.Now())
	if hasMember(now, number) {
		t.Error("after the move she is still in her old group")
	}
	newGroup, _ := f.svc.GroupOn(f.coord, f.prog.ID, to.ID, f.clock.Now())
	if !hasMember(newGroup, number) {
		t.Error("after the move she is not in her new group")
	}
	oldNew, _ := f.svc.GroupOn(f.coord, f.prog.ID, to.ID, before)
	if hasMember(oldNew, number) {
		t.Error("before the move she was already in the new group")
	}
}

// Forming the groups anew closes the old memberships: last month's
// groups are still answered.
func TestReformingGroupsKeepsTheOldMembershipsClosed(t *testing.T) {
	f := setup(t, nil)
	_, _, _ = allocated(t, f, 120)
	old, _ := f.svc.Groups(f.coord, f.prog.ID)
	before := f.clock.Now()
	f.clock.Advance(30 * 24 * time.Hour)
	params := testParams
	params.Replace = true
	params.Seed = 99
	pv, err := f.svc.PlanAllocation(f.coord, f.prog.ID, params)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Allocate(f.coord, f.prog.ID, params, pv.Fingerprint); err != nil {
		t.Fatal(err)
	}
	for _, g := range old {
		then, err := f.svc.GroupOn(f.coord, f.prog.ID, g.ID, before)
		if err != nil {
			t.Fatal(err)
		}
		if len(then.Students) != len(g.Students) || len(then.Mentors) != len(g.Mentors) {
			t.Errorf("group %s last month: %d students and %d mentors, then %d and %d",
				g.Code, len(then.Students), len(then.Mentors), len(g.Students), len(g.Mentors))
		}
		for _, m := range g.Students {
			if !hasMember(then, m.ID) {
				t.Errorf("group %s last month lacks %s", g.Code, m.ID)
			}
		}
	}
	var closed, open int
	if err := f.db.SQL().QueryRow(`SELECT COUNT(*) FILTER (WHERE valid_to IS NOT NULL), COUNT(*) FILTER (WHERE valid_to IS NULL) FROM group_members`).Scan(&closed, &open); err != nil {
		t.Fatal(err)
	}
	if closed == 0 || open == 0 {
		t.Errorf("after forming groups anew: %d closed memberships, %d open", closed, open)
	}
}

// Opting out closes her membership; back in, a new one opens in the
// same group, and the closed one stays.
func TestOptOutAndBackInReopensHerLastGroup(t *testing.T) {
	f := setup(t, nil)
	_, _, _ = allocated(t, f, 120)
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	g := groups[2]
	number := g.Students[0].ID
	student := f.login(t, "kari@student.uib.no", number, app.Grant{Role: app.RoleStudent})
	mine, _ := f.svc.MyEnrolments(student, nil)
	pid := mine[0].Participant.ID
	f.clock.Advance(time.Hour)
	if err := f.svc.OptOut(student, pid, ""); err != nil {
		t.Fatal(err)
	}
	out := f.clock.Now()
	f.clock.Advance(24 * time.Hour)
	if err := f.svc.OptIn(student, pid); err != nil {
		t.Fatal(err)
	}
	if x, _ := f.repos.People.FindParticipant(f.sys, pid); len(x.GroupIDs) != 1 || x.GroupIDs[0] != g.ID {
		t.Fatalf("back in, she is in %v, not %d", x.GroupIDs, g.ID)
	}
	if away, _ := f.svc.GroupOn(f.coord, f.prog.ID, g.ID, out.Add(time.Minute)); hasMember(away, number) {
		t.Error("while she was out she counted in the group")
	}
	var rows int
	if err := f.db.SQL().QueryRow(`SELECT COUNT(*) FROM group_members WHERE participant_id = ` + itoa(pid)).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 2 {
		t.Errorf("her memberships: %d rows, want the closed one and the reopened one", rows)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Opening the next year carries the continuing mentors over and leaves
// the earlier year readable and as it was.
func TestOpeningTheNextYearCarriesMentorsAndKeepsLastYear(t *testing.T) {
	f := setup(t, nil)
	_, _, _ = allocated(t, f, 120)
	this := f.year()
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	mentors, _ := f.svc.Participants(f.coord, f.prog.ID, people.Mentor)
	if _, err := f.svc.OpenYear(f.coord, f.prog.ID, this+2, true); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("opening a year after the next: %v, want invalid", err)
	}
	y, err := f.svc.OpenYear(f.coord, f.prog.ID, this+1, true)
	if err != nil {
		t.Fatal(err)
	}
	if y.Year != this+1 || y.Participants != len(mentors) || y.Students != 0 || y.Groups != 0 {
		t.Errorf("the new year: %+v, want %d mentors carried over", y, len(mentors))
	}
	next := app.WithYear(f.coord, this+1)
	carried, _ := f.svc.Participants(next, f.prog.ID, people.Mentor)
	if len(carried) != len(mentors) || carried[0].Year != this+1 || carried[0].ExternalID != mentors[0].ExternalID {
		t.Errorf("mentors of the new year: %d (want %d)", len(carried), len(mentors))
	}
	last := app.WithYear(f.coord, this)
	again, _ := f.svc.Groups(last, f.prog.ID)
	if len(again) != len(groups) || len(again[0].Students) != len(groups[0].Students) || len(again[0].Mentors) != len(groups[0].Mentors) {
		t.Errorf("last year's groups changed: %d groups, then %d", len(again), len(groups))
	}
	if _, err := f.svc.Groups(app.WithYear(f.coord, this+5), f.prog.ID); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("a year never opened: %v, want not found", err)
	}
}
