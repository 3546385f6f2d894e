package people_test

import (
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
)

// The swap form offers, for one group, its mentors to leave and the
// program's available mentors not in it to come in; a wrong pick is an
// invalid request the coordinator can correct, not a missing page.
func TestSwapOffersOnlyMentorsThatFitAndAWrongPickIsInvalid(t *testing.T) {
	f := setup(t, nil)
	_, _, _ = allocated(t, f, 120)
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	if len(groups) < 2 || len(groups[0].Mentors) == 0 || len(groups[1].Mentors) == 0 {
		t.Fatalf("fixture: %d groups", len(groups))
	}
	g, other := groups[0], groups[1]
	all, _ := f.svc.Participants(f.coord, f.prog.ID, people.Mentor)
	_, leaving, coming, err := f.svc.SwapCandidates(f.coord, f.prog.ID, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	inG := map[int64]bool{}
	for _, m := range g.Mentors {
		inG[m.ParticipantID] = true
	}
	if len(leaving) != len(g.Mentors) {
		t.Errorf("%d mentors may leave a group of %d mentors", len(leaving), len(g.Mentors))
	}
	for _, m := range leaving {
		if !inG[m.ID] {
			t.Errorf("%s may leave the group but is not in it", m.ExternalID)
		}
	}
	want := 0
	for _, m := range all {
		if m.Placeable() && !inG[m.ID] {
			want++
		}
	}
	if len(coming) != want || want == 0 {
		t.Errorf("%d mentors may come in, want %d (available, not in the group)", len(coming), want)
	}
	for _, m := range coming {
		if inG[m.ID] || !m.Placeable() {
			t.Errorf("%s is offered to come in", m.ExternalID)
		}
	}
	// Wrong picks.
	for name, mv := range map[string]people.Move{
		"leaving mentor of another group": {Group: g.ID, OldMentor: other.Mentors[0].ParticipantID, NewMentor: coming[0].ID},
		"no such group":                   {Group: g.ID + 10000, OldMentor: g.Mentors[0].ParticipantID, NewMentor: coming[0].ID},
		"a student coming in":             {Group: g.ID, OldMentor: g.Mentors[0].ParticipantID, NewMentor: g.Students[0].ParticipantID},
	} {
		if _, err := f.svc.ApplyMove(f.coord, f.prog.ID, mv); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if _, _, _, err := f.svc.SwapCandidates(f.coord, f.prog.ID, g.ID+10000); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("candidates for no such group: %v", err)
	}
	// A right pick is applied (forced past any rule it breaks).
	res, err := f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Group: g.ID, OldMentor: leaving[0].ID, NewMentor: coming[0].ID, Force: true})
	if err != nil || !res.Applied {
		t.Fatalf("swap: %+v %v", res, err)
	}
}
