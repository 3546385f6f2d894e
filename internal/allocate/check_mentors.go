package allocate

import (
	"cmp"
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
		ck.mix(g)
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

// mix checks --mentor-mix: the group's mentor kinds, as a multiset, are
// exactly the listed ones.
func (ck *checker) mix(g Group) {
	if len(ck.opt.MentorMix) == 0 {
		return
	}
	var kinds []string
	for _, id := range g.Mentors {
		if m := ck.men[id]; m != nil {
			kinds = append(kinds, m.Kind)
		} else {
			kinds = append(kinds, "?")
		}
	}
	slices.Sort(kinds)
	want := slices.Sorted(slices.Values(ck.opt.MentorMix))
	if !slices.Equal(kinds, want) {
		ck.add(4, g.ID, "mentor kinds %s, --mentor-mix asks for %s", strings.Join(kinds, "+"), strings.Join(want, "+"))
	}
}

// diverseFeasible reports whether the programme's n groups (as many as r
// formed) could each get mentors of pairwise different cohorts, each
// empty-cohort mentor (staff, externals) being a cohort of their own.
// Treating each cohort as one pooled mentor who may join a group once, that
// is the staffing test sum(min(supply, n)) >= n·mentors-per-group; with
// --mentor-mix the same must hold for each listed kind on its own. (With
// a mix this is necessary but not always sufficient, so in odd pools Check
// may ask for diversity a mix cannot give — it never excuses more than the
// pool does.)
func (ck *checker) diverseFeasible(programme string, n int) bool {
	if v, ok := ck.diverse[programme]; ok {
		return v
	}
	v := ck.diverseFeasibleNow(programme, n)
	ck.diverse[programme] = v
	return v
}

func (ck *checker) diverseFeasibleNow(programme string, n int) bool {
	test := func(kind string, need int) bool {
		supply := map[string]int{}
		for _, m := range ck.byProg[programme] {
			if kind != anyKind && m.Kind != kind {
				continue
			}
			key := m.Cohort
			if key == "" {
				key = "staff:" + m.ID
			}
			supply[key] += max(m.MaxGroups, 1)
		}
		total := 0
		for _, s := range supply {
			total += min(s, n)
		}
		return total >= n*need
	}
	if !test(anyKind, ck.opt.MentorsPerGroup) {
		return false
	}
	if len(ck.opt.MentorMix) > 0 {
		for kind, need := range ck.mixNeed() {
			if !test(kind, need) {
				return false
			}
		}
	}
	return true
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
