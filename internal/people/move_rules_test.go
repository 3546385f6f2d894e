package people_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/people"
)

// A move's warning names each rule it breaks once, and never rule 8 (the
// order the contract lists members in): putting a student or a mentor
// into a group keeps its members sorted, so the order is no breach of the
// coordinator's.
func TestAMoveNamesEachBrokenRuleOnceAndNeverTheOrder(t *testing.T) {
	f := setup(t, nil)
	allocated(t, f, 300)
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	var from, to people.Group
	for _, g := range groups[1:] {
		if g.Programme != groups[0].Programme || g.Cohort != groups[0].Cohort {
			from, to = groups[0], g
			break
		}
	}
	if to.ID == 0 {
		t.Fatal("the intake has one programme+cohort only")
	}
	check := func(what string, res *people.MoveResult, want int) {
		t.Helper()
		if res.Applied || len(res.Rules) == 0 || (want > 0 && !slices.Contains(res.Rules, want)) {
			t.Errorf("%s: applied=%v rules=%v, want rule %d among them", what, res.Applied, res.Rules, want)
		}
		if slices.Contains(res.Rules, 8) || strings.Contains(strings.Join(res.Warnings, " "), "rule 8") {
			t.Errorf("%s: rule 8 from a move: %v", what, res.Warnings)
		}
		if !slices.IsSorted(res.Rules) || len(slices.Compact(slices.Clone(res.Rules))) != len(res.Rules) {
			t.Errorf("%s: rules %v not each once, in order", what, res.Rules)
		}
	}
	// The first student of a group sorts first: appended to another group,
	// she would stand last.
	res, err := f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Student: from.Students[0].ParticipantID, ToGroup: to.ID})
	if err != nil {
		t.Fatal(err)
	}
	check("student across programmes", res, 2)
	// A mentor of another group swapped in breaks a rule (a slot or a
	// programme), and nothing about the order of the group's mentors.
	if len(from.Mentors) == 0 || len(to.Mentors) == 0 {
		t.Fatal("fixture: groups without mentors")
	}
	res, err = f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Group: to.ID, OldMentor: to.Mentors[len(to.Mentors)-1].ParticipantID, NewMentor: from.Mentors[0].ParticipantID})
	if err != nil {
		t.Fatal(err)
	}
	check("mentor of another group", res, 0)
}
