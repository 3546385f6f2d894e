package allocate

import (
	"slices"
	"strings"
	"testing"
)

// flagsGroup reports whether v holds a rule-4 breach naming group id.
func flagsGroup(v []Violation, id string) bool {
	return slices.ContainsFunc(v, func(x Violation) bool { return x.Rule == 4 && x.Group == id })
}

// TestCheckFlagsAGroupShortOfMentors: rule 4 says each group gets exactly
// mentors-per-group mentors, and names no exception. The result planted
// here is otherwise consistent (the mentor taken out is listed as
// unassigned, so no other check trips over them), so only the mentor count
// of the group itself can catch it.
func TestCheckFlagsAGroupShortOfMentors(t *testing.T) {
	s, m := sampleInput(t)
	base := mustAllocate(t, s, m, sampleOpt)
	assertClean(t, s, m, sampleOpt, base)
	// A group whose mentors each have only this group, so that taking one
	// out leaves them idle (and listed as such).
	load := map[string]int{}
	for _, g := range base.Groups {
		for _, id := range g.Mentors {
			load[id]++
		}
	}
	gi := slices.IndexFunc(base.Groups, func(g Group) bool {
		return len(g.Mentors) == sampleOpt.MentorsPerGroup && load[g.Mentors[0]] == 1 && load[g.Mentors[1]] == 1
	})
	if gi < 0 {
		t.Fatal("no group whose mentors mentor only it")
	}
	for _, keep := range []int{1, 0} {
		r := clone(base)
		g := &r.Groups[gi]
		gone := g.Mentors[keep:]
		g.Mentors = g.Mentors[:keep]
		r.UnassignedMentors = append(r.UnassignedMentors, gone...)
		slices.Sort(r.UnassignedMentors)
		if v := Check(s, m, sampleOpt, r); !flagsGroup(v, g.ID) {
			t.Errorf("group %s with %d of %d mentors not flagged; got %v", g.ID, keep, sampleOpt.MentorsPerGroup, v)
		}
	}

	// Too few mentors in the pool is no excuse either: the contract leaves
	// the students unassigned ("no mentor available") instead.
	students := pc("s", "BIO", "2026H", 10)
	mentors := mentorsFor("BIO", 1, "2024H")
	opt := Options{GroupMin: 8, GroupMax: 12, MentorsPerGroup: 2, Seed: 1}
	nums := make([]string, len(students))
	for i, st := range students {
		nums[i] = st.Number
	}
	slices.Sort(nums)
	short := Result{
		Groups: []Group{{ID: "g1", Programme: "BIO", Cohort: "2026H", Students: nums, Mentors: []string{mentors[0].ID},
			MeetingSlot: "mon10", SlotCoverage: 1}},
		UnassignedStudents: []Unassigned{},
		UnassignedMentors:  []string{},
		Stats:              Stats{Students: 10, Placed: 10, Groups: 1},
	}
	v := Check(students, mentors, opt, short)
	if !flagsGroup(v, "g1") {
		t.Errorf("a group of 1 mentor where 2 are asked, with a pool of 1, not flagged; got %v", v)
	}
	for _, x := range v {
		if x.Rule == 4 && x.Group == "g1" && !strings.Contains(x.Message, "mentor") {
			t.Errorf("rule 4 message %q does not speak of mentors", x.Message)
		}
	}
}
