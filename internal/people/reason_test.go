package people_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/people"
)

// A student the allocation left out for want of a mentor keeps that
// reason after the groups are accepted and after a move: the move's
// record does not turn it into "not in a group".
func TestAnUnplacedStudentsReasonSurvivesAcceptAndMove(t *testing.T) {
	f := setup(t, nil)
	students, mentors := allocate.Generate(120, 7)
	mentors = mentors[:len(mentors)/3]
	if _, err := f.svc.Import(f.coord, f.prog.ID, "students", studentsCSV(students), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Import(f.coord, f.prog.ID, "mentors", mentorsCSV(mentors), nil); err != nil {
		t.Fatal(err)
	}
	pv, err := f.svc.Allocate(f.coord, f.prog.ID, testParams, "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, u := range pv.Result.UnassignedStudents {
		if strings.HasPrefix(u.Reason, "no mentor available for ") {
			want[u.StudentNumber] = u.Reason
		}
	}
	if len(want) == 0 {
		t.Fatalf("the fixture leaves nobody out for want of a mentor: %v", pv.Result.UnassignedStudents)
	}
	check := func(when string) {
		t.Helper()
		got, err := f.svc.UnplacedReasons(f.coord, f.prog.ID)
		if err != nil {
			t.Fatal(err)
		}
		for n, r := range want {
			if got[n] != r {
				t.Errorf("%s: %s's reason is %q, want %q", when, n, got[n], r)
			}
		}
		rec, err := f.repos.People.LastAllocation(f.sys, f.prog.ID, f.year())
		if err != nil {
			t.Fatal(err)
		}
		var res allocate.Result
		json.Unmarshal([]byte(rec.Result), &res)
		for _, u := range res.UnassignedStudents {
			if r, ok := want[u.StudentNumber]; ok && u.Reason != r {
				t.Errorf("%s: the stored record gives %s the reason %q, want %q", when, u.StudentNumber, u.Reason, r)
			}
		}
	}
	check("after accepting")
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	if len(groups) < 2 {
		t.Fatalf("%d groups", len(groups))
	}
	res, err := f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Student: groups[0].Students[0].ParticipantID, ToGroup: groups[1].ID, Force: true})
	if err != nil || !res.Applied {
		t.Fatalf("move: %+v %v", res, err)
	}
	check("after a move")
}
