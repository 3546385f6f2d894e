package people_test

import (
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
)

// A student who opts out and straight back in is in her group again, not
// left without one until the next allocation.
func TestOptOutAndBackInKeepsTheGroup(t *testing.T) {
	f := setup(t, nil)
	_, _, _ = allocated(t, f, 120)
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	g := groups[1]
	number := g.Students[2].ID
	student := f.login(t, "ola@student.uib.no", number, app.Grant{Role: app.RoleStudent})
	mine, err := f.svc.MyEnrolments(student, nil)
	if err != nil || len(mine) != 1 {
		t.Fatalf("the student's page: %+v, %v", mine, err)
	}
	pid := mine[0].Participant.ID
	if err := f.svc.OptOut(student, pid, ""); err != nil {
		t.Fatal(err)
	}
	if x, _ := f.repos.People.FindParticipant(f.sys, pid); len(x.GroupIDs) != 0 {
		t.Fatalf("an opted-out student is still in groups %v", x.GroupIDs)
	}
	if err := f.svc.OptIn(student, pid); err != nil {
		t.Fatal(err)
	}
	x, _ := f.repos.People.FindParticipant(f.sys, pid)
	if len(x.GroupIDs) != 1 || x.GroupIDs[0] != g.ID {
		t.Fatalf("back in, the student is in groups %v, not her group %d", x.GroupIDs, g.ID)
	}
	after, _ := f.svc.Groups(f.coord, f.prog.ID)
	for _, a := range after {
		if a.ID != g.ID {
			continue
		}
		found := false
		for _, m := range a.Students {
			found = found || m.ID == number
		}
		if !found || len(a.Students) != len(g.Students) {
			t.Errorf("her group has %d students (before %d), she is in it: %v", len(a.Students), len(g.Students), found)
		}
	}
	mine, _ = f.svc.MyEnrolments(student, nil)
	if mine[0].Group == nil || mine[0].Group.ID != g.ID {
		t.Errorf("the student's page shows group %+v, not %d", mine[0].Group, g.ID)
	}
}

// Groups formed anew while she was out are not hers: she comes back
// without a group and the coordinator can place her by a move.
func TestOptInAfterGroupsWereFormedAnewLeavesHerToBePlaced(t *testing.T) {
	f := setup(t, nil)
	_, _, _ = allocated(t, f, 120)
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	number := groups[0].Students[0].ID
	student := f.login(t, "ola@student.uib.no", number, app.Grant{Role: app.RoleStudent})
	mine, _ := f.svc.MyEnrolments(student, nil)
	pid := mine[0].Participant.ID
	if err := f.svc.OptOut(student, pid, ""); err != nil {
		t.Fatal(err)
	}
	// While she is out, a move of an opted-out student is refused plainly.
	if _, err := f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Student: pid, ToGroup: groups[0].ID}); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("moving an opted-out student: %v, want invalid", err)
	}
	params := testParams
	params.Replace = true
	pv, err := f.svc.PlanAllocation(f.coord, f.prog.ID, params)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Allocate(f.coord, f.prog.ID, params, pv.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.OptIn(student, pid); err != nil {
		t.Fatal(err)
	}
	if x, _ := f.repos.People.FindParticipant(f.sys, pid); len(x.GroupIDs) != 0 {
		t.Fatalf("after groups formed anew she was put in %v", x.GroupIDs)
	}
	after, _ := f.svc.Groups(f.coord, f.prog.ID)
	res, err := f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Student: pid, ToGroup: after[0].ID, Force: true})
	if err != nil || !res.Applied {
		t.Fatalf("placing her by a move: %+v, %v", res, err)
	}
	if x, _ := f.repos.People.FindParticipant(f.sys, pid); len(x.GroupIDs) != 1 || x.GroupIDs[0] != after[0].ID {
		t.Errorf("after the move she is in %v", x.GroupIDs)
	}
}
