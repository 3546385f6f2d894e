package allocate_test

import (
	"slices"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// seatBound is, for one programme+cohort whose groups meet at the given
// slots with the given sizes, the most students who could be free at
// their group's meeting whatever the seating: a maximum matching of
// students to the slots they gave, each slot holding as many as its
// groups seat. A with-pair sits in one group, so the second of a pair
// (by number) counts only at a slot both gave. It is computed from the
// result and the input alone (augmenting paths), not by the engine.
func seatBound(members []allocate.Student, groupSlots []string, sizes []int) int {
	capacity := map[string]int{}
	for i, s := range groupSlots {
		capacity[s] += sizes[i]
	}
	in := map[string]*allocate.Student{}
	for i := range members {
		in[members[i].Number] = &members[i]
	}
	opts := make([][]string, len(members))
	for i, s := range members {
		opts[i] = s.Slots
		if w := in[s.With]; w != nil && w.Number < s.Number {
			opts[i] = slices.DeleteFunc(slices.Clone(s.Slots), func(x string) bool { return !slices.Contains(w.Slots, x) })
		}
	}
	at := map[string][]int{}
	var try func(i int, seen map[string]bool) bool
	try = func(i int, seen map[string]bool) bool {
		for _, s := range opts[i] {
			if seen[s] || capacity[s] == 0 {
				continue
			}
			seen[s] = true
			if len(at[s]) < capacity[s] {
				at[s] = append(at[s], i)
				return true
			}
			for k, j := range at[s] {
				if try(j, seen) {
					at[s][k] = i
					return true
				}
			}
		}
		return false
	}
	n := 0
	for i := range members {
		if try(i, map[string]bool{}) {
			n++
		}
	}
	return n
}

// The seating keeps students at a meeting they can make while it meets
// rules 5 and 6: on generated intakes (with- and avoid-requests, gender
// and international minorities) the students free at their group's
// meeting are at least 96.5 % of what the groups' own slots and sizes
// could seat with no rule but the with-pairs (96.9 % now). Repair that took
// the first move lowering the penalty, whatever it cost, seated 94.7 %
// here, and seating small minorities in pairs first 95.8 %.
func TestSeatingKeepsStudentsAtTheirMeeting(t *testing.T) {
	covered, bound := 0, 0
	for _, n := range []int{639, 2000} {
		st, ms := allocate.Generate(n, int64(n))
		opt := allocate.Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 7}
		res, err := allocate.Allocate(st, ms, opt)
		if err != nil {
			t.Fatal(err)
		}
		if v := allocate.Check(st, ms, opt, res); len(v) > 0 {
			t.Fatalf("%d students: %d violations, first %v", n, len(v), v[0])
		}
		byNum := map[string]allocate.Student{}
		for _, s := range st {
			byNum[s.Number] = s
		}
		type pc struct{ p, c string }
		members := map[pc][]allocate.Student{}
		slots, sizes := map[pc][]string{}, map[pc][]int{}
		for _, g := range res.Groups {
			k := pc{g.Programme, g.Cohort}
			slots[k] = append(slots[k], g.MeetingSlot)
			sizes[k] = append(sizes[k], len(g.Students))
			for _, num := range g.Students {
				s := byNum[num]
				members[k] = append(members[k], s)
				if slices.Contains(s.Slots, g.MeetingSlot) {
					covered++
				}
			}
		}
		for k, mem := range members {
			bound += seatBound(mem, slots[k], sizes[k])
		}
	}
	t.Logf("students free at their meeting: %d; the groups' slots could seat at most %d (%.1f %%)", covered, bound, 100*float64(covered)/float64(bound))
	if covered*1000 < bound*965 {
		t.Errorf("seated %d of at most %d at their meeting: below 96.5 %%", covered, bound)
	}
}
