package allocate

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

func (ck *checker) rule4(mentors []Mentor) {
	load := map[string]int{}
	groupsOf := map[string]int{}
	for _, g := range ck.r.Groups {
		groupsOf[g.Programme]++
		if len(g.Mentors) != ck.opt.MentorsPerGroup {
			ck.add(4, g.ID, "%d mentors, want %d", len(g.Mentors), ck.opt.MentorsPerGroup)
		}
		for j, id := range g.Mentors {
			load[id]++
			m := ck.men[id]
			switch {
			case m == nil:
				ck.add(4, g.ID, "unknown mentor %s", id)
			case m.Programme != g.Programme:
				ck.add(4, g.ID, "mentor %s serves %s", id, m.Programme)
			case slices.Contains(g.Mentors[:j], id):
				ck.add(4, g.ID, "mentor %s twice", id)
			}
		}
	}
	idle := map[string]bool{}
	for _, id := range ck.r.UnassignedMentors {
		idle[id] = true
	}
	for i := range mentors {
		m := &mentors[i]
		if load[m.ID] > max(m.MaxGroups, 1) {
			ck.add(4, "", "mentor %s has %d groups, max %d", m.ID, load[m.ID], max(m.MaxGroups, 1))
		}
		if (load[m.ID] == 0) != idle[m.ID] {
			ck.add(4, "", "mentor %s has %d groups but unassigned=%v", m.ID, load[m.ID], idle[m.ID])
		}
	}
	if len(idle) != len(ck.r.UnassignedMentors) {
		ck.add(4, "", "unassigned mentors listed twice")
	}
	if ck.opt.MentorsPerGroup < 2 {
		return
	}
	for _, g := range ck.r.Groups {
		if !ck.diverseFeasible(g.Programme, groupsOf[g.Programme]) {
			continue
		}
		for a, x := range g.Mentors {
			for _, y := range g.Mentors[a+1:] {
				mx, my := ck.men[x], ck.men[y]
				if mx != nil && my != nil && mx.Cohort != "" && mx.Cohort == my.Cohort {
					ck.add(4, g.ID, "mentors %s and %s both of cohort %s though the pool allows different cohorts", x, y, mx.Cohort)
				}
			}
		}
	}
}

// diverseFeasible reports whether n groups of the programme could each get
// mentors of pairwise different cohorts (each empty-cohort mentor being a
// cohort of their own): true exactly when, with each cohort supplying at
// most one mentor per group, sum(min(supply, n)) >= n*mentorsPerGroup.
func (ck *checker) diverseFeasible(programme string, n int) bool {
	supply := map[string]int{}
	for id, m := range ck.men {
		if m.Programme != programme {
			continue
		}
		key := m.Cohort
		if key == "" {
			key = "staff:" + id
		}
		supply[key] += max(m.MaxGroups, 1)
	}
	total := 0
	for _, s := range supply {
		total += min(s, n)
	}
	return total >= n*ck.opt.MentorsPerGroup
}

func (ck *checker) rule7() {
	for _, g := range ck.r.Groups {
		students := map[string]int{}
		members := map[string]int{}
		for _, n := range g.Students {
			if s := ck.stu[n]; s != nil {
				for _, sl := range uniq(s.Slots) {
					students[sl]++
					members[sl]++
				}
			}
		}
		var common map[string]bool
		for j, id := range g.Mentors {
			m := ck.men[id]
			if m == nil {
				continue
			}
			mine := map[string]bool{}
			for _, sl := range uniq(m.Slots) {
				members[sl]++
				mine[sl] = j == 0 || common[sl]
			}
			common = mine
		}
		cands, score := members, members
		if len(g.Mentors) == 0 {
			score = students
		}
		var shared []string
		for sl, ok := range common {
			if ok {
				shared = append(shared, sl)
			}
		}
		if len(shared) > 0 {
			cands = map[string]int{}
			for _, sl := range shared {
				cands[sl] = students[sl]
			}
			score = cands
		}
		if len(cands) == 0 {
			if g.MeetingSlot != "" || g.SlotCoverage != 0 {
				ck.add(7, g.ID, "slot %q coverage %v though nobody gave slots", g.MeetingSlot, g.SlotCoverage)
			}
			continue
		}
		best := 0
		for sl := range cands {
			best = max(best, score[sl])
		}
		if _, ok := cands[g.MeetingSlot]; !ok || score[g.MeetingSlot] != best {
			ck.add(7, g.ID, "meeting slot %q scores %d, best possible %d", g.MeetingSlot, score[g.MeetingSlot], best)
		}
		want := math.Round(float64(students[g.MeetingSlot])/float64(max(1, len(g.Students)))*100) / 100
		if math.Abs(want-g.SlotCoverage) > 1e-9 {
			ck.add(7, g.ID, "slot coverage %v, want %v", g.SlotCoverage, want)
		}
	}
}

func uniq(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// rule8 checks the output order that makes results comparable byte for byte.
func (ck *checker) rule8() {
	for i, g := range ck.r.Groups {
		if want := "g" + strconv.Itoa(i+1); g.ID != want {
			ck.add(8, g.ID, "id %q, want %q", g.ID, want)
		}
		if i > 0 {
			p := ck.r.Groups[i-1]
			if cmp.Or(strings.Compare(p.Programme, g.Programme), strings.Compare(p.Cohort, g.Cohort)) > 0 {
				ck.add(8, g.ID, "groups not sorted by programme and cohort")
			}
		}
		if !slices.IsSorted(g.Students) || !slices.IsSorted(g.Mentors) {
			ck.add(8, g.ID, "students or mentors not sorted")
		}
	}
	if !slices.IsSortedFunc(ck.r.UnassignedStudents, func(a, b Unassigned) int { return strings.Compare(a.StudentNumber, b.StudentNumber) }) {
		ck.add(8, "", "unassigned students not sorted")
	}
	if !slices.IsSorted(ck.r.UnassignedMentors) {
		ck.add(8, "", "unassigned mentors not sorted")
	}
}
