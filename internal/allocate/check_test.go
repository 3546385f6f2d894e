package allocate

import (
	"slices"
	"testing"
)

// clone deep-copies a Result so each planted fault starts from a clean one.
func clone(r Result) Result {
	c := r
	c.Groups = slices.Clone(r.Groups)
	for i := range c.Groups {
		c.Groups[i].Students = slices.Clone(r.Groups[i].Students)
		c.Groups[i].Mentors = slices.Clone(r.Groups[i].Mentors)
	}
	c.UnassignedStudents = slices.Clone(r.UnassignedStudents)
	c.UnassignedMentors = slices.Clone(r.UnassignedMentors)
	return c
}

// TestCheckFindsPlanted plants one fault per rule into a clean allocation
// of the sample and expects Check to report that rule.
func TestCheckFindsPlanted(t *testing.T) {
	s, m := sampleInput(t)
	base := mustAllocate(t, s, m, sampleOpt)
	assertClean(t, s, m, sampleOpt, base)
	big := 0 // a BAMED-MAT group: its programme+cohort is too large for excuses
	for i, g := range base.Groups {
		if g.Programme == "BAMED-MAT" {
			big = i
			break
		}
	}
	cases := []struct {
		rule  int
		plant func(s []Student, m []Mentor, r *Result)
	}{
		{1, func(s []Student, m []Mentor, r *Result) {
			r.UnassignedStudents = append(r.UnassignedStudents, Unassigned{r.Groups[0].Students[0], "x"})
		}},
		{1, func(s []Student, m []Mentor, r *Result) { // a placeable student left out
			g := &r.Groups[big]
			r.UnassignedStudents = append(r.UnassignedStudents, Unassigned{g.Students[0], "x"})
			g.Students = g.Students[1:]
			r.Stats.Placed--
		}},
		{2, func(s []Student, m []Mentor, r *Result) { r.Groups[0].Cohort = "2024H" }},
		{3, func(s []Student, m []Mentor, r *Result) {
			g, h := &r.Groups[big], &r.Groups[big+1]
			h.Students = append(h.Students, g.Students[0])
			g.Students = g.Students[1:]
			slices.Sort(h.Students)
		}},
		{3, func(s []Student, m []Mentor, r *Result) { r.Groups[big].Undersized = true }},
		{4, func(s []Student, m []Mentor, r *Result) { r.Groups[0].Mentors = r.Groups[0].Mentors[:1] }},
		{4, func(s []Student, m []Mentor, r *Result) { // same-cohort pair where the pool allows better
			for i := range m {
				if m[i].ID == r.Groups[big].Mentors[1] {
					for j := range m {
						if m[j].ID == r.Groups[big].Mentors[0] {
							m[i].Cohort = m[j].Cohort + "Z"
							m[j].Cohort = m[i].Cohort
						}
					}
				}
			}
		}},
		{5, func(s []Student, m []Mentor, r *Result) {
			for i := range s {
				if s[i].Number == r.Groups[big].Students[0] {
					s[i].Avoid = r.Groups[big].Students[1]
				}
			}
		}},
		{5, func(s []Student, m []Mentor, r *Result) {
			for i := range s {
				if s[i].Number == r.Groups[big].Students[0] {
					s[i].With, s[i].Avoid = r.Groups[big+1].Students[0], ""
				}
			}
		}},
		{6, func(s []Student, m []Mentor, r *Result) { // two lone internationals in two groups
			lone := map[string]bool{r.Groups[big].Students[0]: true, r.Groups[big+1].Students[0]: true}
			for i := range s {
				if s[i].Programme == "BAMED-MAT" {
					s[i].International = lone[s[i].Number]
				}
			}
		}},
		{7, func(s []Student, m []Mentor, r *Result) { r.Groups[0].SlotCoverage += 0.01 }},
		{7, func(s []Student, m []Mentor, r *Result) { r.Groups[0].MeetingSlot = "sat23" }},
		{8, func(s []Student, m []Mentor, r *Result) { r.Groups[0].ID, r.Groups[1].ID = "g2", "g1" }},
		{8, func(s []Student, m []Mentor, r *Result) { slices.Reverse(r.Groups[0].Students) }},
	}
	for _, c := range cases {
		s2, m2, r := slices.Clone(s), slices.Clone(m), clone(base)
		c.plant(s2, m2, &r)
		if v := Check(s2, m2, sampleOpt, r); !hasRule(v, c.rule) {
			t.Errorf("planted rule %d fault not found; got %v", c.rule, v)
		}
	}
}
