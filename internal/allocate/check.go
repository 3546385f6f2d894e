package allocate

import (
	"fmt"
	"math"
)

// Violation is one breach of a rule of the spec found by Check. Rule is
// the rule's number in INTERCHANGE.md (1–8) — or 0 for a breach of
// Extend's own contract, found by CheckExtend — Group the group's ID or "".
type Violation struct {
	Rule    int
	Group   string
	Message string
}

// String formats the violation for test failures and logs.
func (v Violation) String() string {
	return fmt.Sprintf("rule %d %s: %s", v.Rule, v.Group, v.Message)
}

// Check verifies r against the rules for the given input. It is written
// apart from Allocate's internals (it shares only the types) so that a bug
// in the allocator is not mirrored by the test oracle. Where rules conflict
// it excuses a lower rule only when it can see the conflict: a
// cohort-diverse mentor assignment the pool cannot allow, or — for
// programme+cohorts of at most 10 placed students, where it can search
// exhaustively — avoid/with/minority requirements no arrangement with the
// same group sizes could meet.
func Check(students []Student, mentors []Mentor, opt Options, r Result) []Violation {
	ck := &checker{opt: opt, r: r, stu: map[string]*Student{}, men: map[string]*Mentor{}, pcs: map[string]*pcCheck{}}
	for i := range students {
		ck.stu[students[i].Number] = &students[i]
	}
	for i := range mentors {
		ck.men[mentors[i].ID] = &mentors[i]
	}
	ck.index(students)
	ck.rule1(students)
	ck.rule3()
	ck.rule4(mentors)
	for _, key := range sortedKeys(ck.pcs) {
		ck.rules56(ck.pcs[key])
	}
	ck.rule7()
	ck.rule8()
	return ck.out
}

type checker struct {
	opt Options
	r   Result
	stu map[string]*Student
	men map[string]*Mentor
	pcs map[string]*pcCheck
	out []Violation
}

// pcCheck is what Check knows of one programme+cohort.
type pcCheck struct {
	programme, cohort string
	n                 int   // students not opted out in the input
	groups            []int // indices into r.Groups
	unassigned        int
}

func (ck *checker) add(rule int, group, format string, args ...any) {
	ck.out = append(ck.out, Violation{Rule: rule, Group: group, Message: fmt.Sprintf(format, args...)})
}

func (ck *checker) pc(programme, cohort string) *pcCheck {
	key := programme + "\x00" + cohort
	p := ck.pcs[key]
	if p == nil {
		p = &pcCheck{programme: programme, cohort: cohort}
		ck.pcs[key] = p
	}
	return p
}

// index files every group under its programme+cohort and checks rule 2.
func (ck *checker) index(students []Student) {
	for i := range students {
		if !students[i].OptOut {
			ck.pc(students[i].Programme, students[i].Cohort).n++
		}
	}
	for gi, g := range ck.r.Groups {
		p := ck.pc(g.Programme, g.Cohort)
		p.groups = append(p.groups, gi)
		for _, n := range g.Students {
			if s := ck.stu[n]; s != nil && (s.Programme != g.Programme || s.Cohort != g.Cohort) {
				ck.add(2, g.ID, "student %s is %s %s, group is %s %s", n, s.Programme, s.Cohort, g.Programme, g.Cohort)
			}
		}
	}
	for _, u := range ck.r.UnassignedStudents {
		if s := ck.stu[u.StudentNumber]; s != nil {
			ck.pc(s.Programme, s.Cohort).unassigned++
		}
	}
}

func (ck *checker) rule1(students []Student) {
	seen := map[string]int{}
	placed := 0
	for _, g := range ck.r.Groups {
		placed += len(g.Students)
		for _, n := range g.Students {
			seen[n]++
			switch s := ck.stu[n]; {
			case s == nil:
				ck.add(1, g.ID, "unknown student %s", n)
			case s.OptOut:
				ck.add(1, g.ID, "opted-out student %s placed", n)
			}
		}
	}
	for _, u := range ck.r.UnassignedStudents {
		seen[u.StudentNumber]++
		switch s := ck.stu[u.StudentNumber]; {
		case s == nil:
			ck.add(1, "", "unknown unassigned student %s", u.StudentNumber)
		case s.OptOut:
			ck.add(1, "", "opted-out student %s listed as unassigned", u.StudentNumber)
		case u.Reason == "":
			ck.add(1, "", "student %s unassigned without a reason", u.StudentNumber)
		}
	}
	nonOpt := 0
	for i := range students {
		s := &students[i]
		if s.OptOut {
			continue
		}
		nonOpt++
		if c := seen[s.Number]; c != 1 {
			ck.add(1, "", "student %s appears %d times", s.Number, c)
		}
	}
	if st := ck.r.Stats; st.Students != nonOpt || st.Placed != placed || st.Groups != len(ck.r.Groups) {
		ck.add(1, "", "stats %+v, want students %d placed %d groups %d", st, nonOpt, placed, len(ck.r.Groups))
	}
	ck.unassignedJustified()
}

// unassignedJustified accepts unplaced students of a programme+cohort only
// if its groups are full and no further group could be formed: either the
// programme's mentors cannot staff one more group, or one more group could
// not reach group-min.
func (ck *checker) unassignedJustified() {
	groupsOf := map[string]int{}
	for _, g := range ck.r.Groups {
		groupsOf[g.Programme]++
	}
	for _, key := range sortedKeys(ck.pcs) {
		p := ck.pcs[key]
		if p.unassigned == 0 {
			continue
		}
		full := true
		for _, gi := range p.groups {
			full = full && len(ck.r.Groups[gi].Students) == ck.opt.GroupMax
		}
		k := len(p.groups)
		noRoom := k > 0 && (k+1)*ck.opt.GroupMin > p.n
		if !full || !(noRoom || !ck.canStaffAnother(p.programme, groupsOf[p.programme])) {
			ck.add(1, "", "%d students of %s %s unassigned though a group could take them", p.unassigned, p.programme, p.cohort)
		}
	}
}

// canStaffAnother reports whether the programme's mentors could staff
// have+1 groups of distinct mentors.
func (ck *checker) canStaffAnother(programme string, have int) bool {
	if ck.opt.MentorsPerGroup == 0 {
		return true
	}
	supply := 0
	for _, m := range ck.men {
		if m.Programme == programme {
			supply += min(max(m.MaxGroups, 1), have+1)
		}
	}
	return supply >= (have+1)*ck.opt.MentorsPerGroup
}

func (ck *checker) rule3() {
	for _, key := range sortedKeys(ck.pcs) {
		p := ck.pcs[key]
		lo, hi := math.MaxInt, 0
		for _, gi := range p.groups {
			g := ck.r.Groups[gi]
			n := len(g.Students)
			lo, hi = min(lo, n), max(hi, n)
			switch {
			case n == 0:
				ck.add(3, g.ID, "empty group")
			case n > ck.opt.GroupMax:
				ck.add(3, g.ID, "size %d > group-max %d", n, ck.opt.GroupMax)
			case n < ck.opt.GroupMin && (p.n >= ck.opt.GroupMin || len(p.groups) > 1):
				ck.add(3, g.ID, "size %d < group-min %d though %s %s has %d students", n, ck.opt.GroupMin, p.programme, p.cohort, p.n)
			}
			if g.Undersized != (n < ck.opt.GroupMin) {
				ck.add(3, g.ID, "undersized=%v with size %d", g.Undersized, n)
			}
		}
		if hi-lo > 1 {
			ck.add(3, "", "sizes in %s %s range %d..%d", p.programme, p.cohort, lo, hi)
		}
	}
}
