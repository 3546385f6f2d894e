package people_test

import (
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
)

// An import that takes many students off the list (and out of their
// groups) says so and is refused until the removals are confirmed
// explicitly; a single removal needs no second confirmation.
func TestManyRemovalsNeedASecondConfirmation(t *testing.T) {
	f := setup(t, nil)
	students, _, _ := allocated(t, f, 120)
	draft := func(n int) int64 {
		t.Helper()
		id, err := f.svc.SaveDraft(f.coord, f.prog.ID, "students", "students.csv", studentsCSV(students[:n]), nil)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	id := draft(100)
	pl, _, err := f.svc.PreviewDraft(f.coord, f.prog.ID, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	inGroups := 0
	for _, c := range pl.Removed {
		if len(c.Old.GroupIDs) > 0 {
			inGroups++
		}
	}
	if len(pl.Removed) != 20 || !pl.ManyRemovals() || pl.LeavingGroups() != inGroups || inGroups == 0 {
		t.Fatalf("removed %d, many %v, leaving groups %d (in groups %d)", len(pl.Removed), pl.ManyRemovals(), pl.LeavingGroups(), inGroups)
	}
	if _, err := f.svc.CommitDraft(f.coord, f.prog.ID, id, nil, false); app.ErrorCode(err) != app.CodeInvalid || app.AsError(err).Key != "import.confirm_removals" {
		t.Fatalf("20 removals without the second confirmation: %v", err)
	}
	sts, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student)
	for _, x := range sts {
		if !x.InRoster {
			t.Fatalf("an unconfirmed import removed %s", x.ExternalID)
		}
	}
	if pl, err = f.svc.CommitDraft(f.coord, f.prog.ID, id, nil, true); err != nil || len(pl.Removed) != 20 {
		t.Fatalf("confirmed: %v", err)
	}
	// One more off a list of 100: no second confirmation.
	id = draft(99)
	if pl, _, _ := f.svc.PreviewDraft(f.coord, f.prog.ID, id, nil); pl.ManyRemovals() {
		t.Errorf("one removal of 100 asks for a second confirmation")
	}
	if _, err := f.svc.CommitDraft(f.coord, f.prog.ID, id, nil, false); err != nil {
		t.Errorf("one removal: %v", err)
	}
}
