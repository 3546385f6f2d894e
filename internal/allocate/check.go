package allocate

import (
	"fmt"
	"math"
	"slices"
	"strings"
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
// in the allocator is not mirrored by the test oracle. It excuses a lower
// rule only where it can see the contract's own conflict: a cohort-diverse
// mentor assignment the pool cannot allow; a student left unassigned
// because the mentors or group-max leave no room, or because an avoid
// partner is in the only group rules 2–4 allow; and — for
// programme+cohorts of at most 10 placed students, where it can search
// exhaustively — with/minority requirements no arrangement within the
// higher rules could meet. An avoid pair in one group is never excused.
func Check(students []Student, mentors []Mentor, opt Options, r Result) []Violation {
	return check(students, mentors, opt, r, nil)
}

// elsewhere is what a caller (CheckExtend) knows of groups outside r that
// the mentors also lead: their meeting slots (rule 7's double booking) and
// how many of them each mentor has (so a mentor with such groups is not
// idle).
type elsewhere struct {
	slots map[string][]string
	load  map[string]int
}

func check(students []Student, mentors []Mentor, opt Options, r Result, other *elsewhere) []Violation {
	if other == nil {
		other = &elsewhere{}
	}
	ck := &checker{opt: opt, r: r, other: other, stu: map[string]*Student{}, men: map[string]*Mentor{}, pcs: map[string]*pcCheck{}}
	for i := range students {
		ck.stu[students[i].Number] = &students[i]
	}
	for i := range mentors {
		ck.men[mentors[i].ID] = &mentors[i]
	}
	ck.byProg, ck.diverse = map[string][]*Mentor{}, map[string]bool{}
	for _, id := range sortedKeys(ck.men) {
		m := ck.men[id]
		ck.byProg[m.Programme] = append(ck.byProg[m.Programme], m)
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

// checkExactLimit is the largest number of placed students of one
// programme+cohort for which Check searches every arrangement before it
// excuses a with or minority breach. Check's own constant, so that the
// engine's tuning never changes what the oracle accepts.
const checkExactLimit = 10

type checker struct {
	opt   Options
	r     Result
	other *elsewhere
	stu   map[string]*Student
	men   map[string]*Mentor
	// byProg lists each programme's mentors in id order.
	byProg  map[string][]*Mentor
	diverse map[string]bool // diverseFeasible per programme, once computed
	pcs     map[string]*pcCheck
	out     []Violation
}

// pcCheck is what Check knows of one programme+cohort.
type pcCheck struct {
	programme, cohort string
	n                 int      // students not opted out in the input
	groups            []int    // indices into r.Groups
	placed            int      // students in its groups
	unassigned        []string // its students listed as unassigned, in list order
	avoidOut          int      // of those, left out for an avoid partner in its only group (rule 5)
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
		p.placed += len(g.Students)
		for _, n := range g.Students {
			if s := ck.stu[n]; s != nil && (s.Programme != g.Programme || s.Cohort != g.Cohort) {
				ck.add(2, g.ID, "student %s is %s %s, group is %s %s", n, s.Programme, s.Cohort, g.Programme, g.Cohort)
			}
		}
	}
	for _, u := range ck.r.UnassignedStudents {
		if s := ck.stu[u.StudentNumber]; s != nil && !s.OptOut {
			p := ck.pc(s.Programme, s.Cohort)
			p.unassigned = append(p.unassigned, u.StudentNumber)
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

// unassignedJustified accepts an unplaced student only for a reason the
// contract names:
//
//   - no room: every group of the programme+cohort is full (group-max) and
//     no further group can be formed within rules 2–4 — one more group would
//     fall below group-min, or the programme's mentors could not staff it
//     even if every other programme+cohort of the programme kept only the
//     fewest groups its placed students need (the number of groups is rule
//     7's choice, below rule 1);
//   - rule 5's "never": someone the student avoids, or who avoids them, is
//     in the programme+cohort's only group, and no arrangement within rules
//     2–4 parts them, i.e. a second group is out of reach by the same test.
//     With two or more groups any one pair can be parted, so the excuse
//     does not apply there.
func (ck *checker) unassignedJustified() {
	for _, key := range sortedKeys(ck.pcs) {
		p := ck.pcs[key]
		if len(p.unassigned) == 0 {
			continue
		}
		k := len(p.groups)
		full := true
		for _, gi := range p.groups {
			full = full && len(ck.r.Groups[gi].Students) >= ck.opt.GroupMax
		}
		// One more group: k == 0 may form an undersized group when all its
		// students are fewer than group-min, so only staffing can stop it.
		another := (k == 0 || (k+1)*ck.opt.GroupMin <= p.n) && ck.staffable(p.programme, ck.fewestOthers(p)+k+1) &&
			(k == 0 || !ck.noRoomForAnother(p))
		second := p.n >= 2*ck.opt.GroupMin && ck.staffable(p.programme, ck.fewestOthers(p)+2)
		// Students no group could take (an avoid partner in each with
		// room to spare), who could not form a group of their own either
		// (too few, no mentors, or sizes spread): rule 5 keeps them out.
		var shut []string
		for _, n := range p.unassigned {
			if k > 1 && ck.avoidedEverywhere(n, p) {
				shut = append(shut, n)
			}
		}
		// Their own group must leave sizes within one of each other (rule
		// 3) — where it would not, the requests leave them out.
		even := true
		for _, gi := range p.groups {
			if d := len(ck.r.Groups[gi].Students) - len(shut); d > 1 || d < -1 {
				even = false
			}
		}
		ownGroup := even && len(shut) >= max(ck.opt.GroupMin, 1) && ck.staffable(p.programme, ck.fewestOthers(p)+k+1)
		var loose, parted []string
		for _, n := range p.unassigned {
			if !ownGroup && slices.Contains(shut, n) {
				p.avoidOut++
				continue
			}
			if partner := ck.avoidPartnerIn(n, p); partner != "" {
				if !second || !ck.partable(partner, p) {
					p.avoidOut++
					continue
				}
				parted = append(parted, n+" (avoids "+partner+")")
				continue
			}
			if !full || another {
				loose = append(loose, n)
			}
		}
		if len(parted) > 0 {
			ck.add(1, "", "%s of %s %s left unassigned for an avoid partner though a second group could part them", strings.Join(parted, ", "), p.programme, p.cohort)
		}
		if len(loose) > 0 {
			why := "a group has room"
			if full {
				why = "another group could be formed and staffed"
			}
			ck.add(1, "", "%d students of %s %s unassigned (first %s) though %s", len(loose), p.programme, p.cohort, loose[0], why)
		}
	}
}

// avoidedEverywhere reports whether no group of p could take n: each
// either holds a student whom n avoids or who avoids n, or is full, or is
// larger than the smallest group (taking n there would spread the sizes
// more than rule 3 allows).
func (ck *checker) avoidedEverywhere(n string, p *pcCheck) bool {
	s := ck.stu[n]
	if s == nil {
		return false
	}
	smallest := math.MaxInt
	for _, gi := range p.groups {
		smallest = min(smallest, len(ck.r.Groups[gi].Students))
	}
	for _, gi := range p.groups {
		g := ck.r.Groups[gi]
		if len(g.Students) >= ck.opt.GroupMax || len(g.Students) > smallest {
			continue
		}
		hit := false
		for _, o := range g.Students {
			if t := ck.stu[o]; o != n && t != nil && (s.Avoid == o || t.Avoid == n) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	return true
}

// avoidPartnerIn is the student placed in p's only group whom n avoids or
// who avoids n, or "".
func (ck *checker) avoidPartnerIn(n string, p *pcCheck) string {
	s := ck.stu[n]
	if s == nil || len(p.groups) != 1 {
		return ""
	}
	for _, o := range ck.r.Groups[p.groups[0]].Students {
		if t := ck.stu[o]; o != n && t != nil && (s.Avoid == o || t.Avoid == n) {
			return o
		}
	}
	return ""
}

// fewestOthers is the fewest groups the other programme+cohorts of p's
// programme need to hold the students they placed: one (undersized) for
// fewer than group-min, else ceil(placed/group-max) — never more than they
// have, as their sizes show that many fit within group-min.
func (ck *checker) fewestOthers(p *pcCheck) int {
	sum := 0
	for _, q := range ck.pcs {
		if q == p || q.programme != p.programme || q.placed == 0 {
			continue
		}
		need := 1
		if q.placed >= ck.opt.GroupMin && ck.opt.GroupMax > 0 {
			need = (q.placed + ck.opt.GroupMax - 1) / ck.opt.GroupMax
		}
		if need == 1 && len(q.groups) == 2 && ck.avoidInside(q) {
			// A second group that parts an avoid pair serves rule 5 as
			// much as p's would: spare mentors spent so are no excuse lost.
			need = 2
		}
		sum += min(need, max(len(q.groups), 1))
	}
	return sum
}

// avoidInside reports whether a student of q (placed or not) asks to avoid
// another student of q.
func (ck *checker) avoidInside(q *pcCheck) bool {
	in := map[string]bool{}
	for _, gi := range q.groups {
		for _, n := range ck.r.Groups[gi].Students {
			in[n] = true
		}
	}
	for _, n := range q.unassigned {
		in[n] = true
	}
	for n := range in {
		if s := ck.stu[n]; s != nil && s.Avoid != n && in[s.Avoid] {
			return true
		}
	}
	return false
}

// staffable reports whether the programme's mentors could staff groups
// groups at once, each with mentors-per-group distinct mentors (of the
// listed kinds with --mentor-mix), every mentor within max_groups: a pool
// can fill k groups needing c distinct members each exactly when the sum of
// min(capacity, k) over its members reaches k·c.
func (ck *checker) staffable(programme string, groups int) bool {
	if ck.opt.MentorsPerGroup <= 0 || groups <= 0 {
		return true
	}
	for kind, need := range ck.mixNeed() {
		supply := 0
		for _, m := range ck.byProg[programme] {
			if kind == anyKind || m.Kind == kind {
				supply += min(max(m.MaxGroups, 1), groups)
			}
		}
		if supply < groups*need {
			return false
		}
	}
	return true
}

// mixNeed is how many mentors of each kind a group needs: the multiset of
// --mentor-mix, or mentors-per-group of any kind ("") without it.
// anyKind is mixNeed's key for "a mentor of any kind": no kind a mentors
// file can give (an empty kind is a kind of its own here).
const anyKind = "\x00any"

func (ck *checker) mixNeed() map[string]int {
	if len(ck.opt.MentorMix) == 0 {
		return map[string]int{anyKind: ck.opt.MentorsPerGroup}
	}
	need := map[string]int{}
	for _, k := range ck.opt.MentorMix {
		need[k]++
	}
	return need
}

func (ck *checker) rule3() {
	for _, key := range sortedKeys(ck.pcs) {
		p := ck.pcs[key]
		// Students rule 5 took out are not there to be grouped: a single
		// group of the rest may be undersized when the rest are too few.
		rest := p.n - p.avoidOut
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
			case n < ck.opt.GroupMin && (rest >= ck.opt.GroupMin || len(p.groups) > 1):
				ck.add(3, g.ID, "size %d < group-min %d though %s %s has %d students", n, ck.opt.GroupMin, p.programme, p.cohort, rest)
			}
			if g.Undersized != (n < ck.opt.GroupMin) {
				ck.add(3, g.ID, "undersized=%v with size %d", g.Undersized, n)
			}
		}
		if hi-lo > 1 && !ck.keptApart(p) {
			ck.add(3, "", "sizes in %s %s range %d..%d", p.programme, p.cohort, lo, hi)
		}
	}
}

// keptApart: sizes may differ by more than one "where requests allow" no
// better — here, where the smallest group's members each have an avoid
// request with someone in every other group, so none of them could be
// moved into another group to even the sizes out.
func (ck *checker) keptApart(p *pcCheck) bool {
	small := -1
	for _, gi := range p.groups {
		if small < 0 || len(ck.r.Groups[gi].Students) < len(ck.r.Groups[small].Students) {
			small = gi
		}
	}
	if small < 0 {
		return false
	}
	for _, n := range ck.r.Groups[small].Students {
		s := ck.stu[n]
		for _, gi := range p.groups {
			if gi == small {
				continue
			}
			hit := false
			for _, o := range ck.r.Groups[gi].Students {
				if t := ck.stu[o]; s != nil && t != nil && (s.Avoid == o || t.Avoid == n) {
					hit = true
					break
				}
			}
			if !hit {
				return false
			}
		}
	}
	return true
}

// partable: two groups of even size could part the unassigned student
// from partner while keeping whole every with-cluster rule 5 requires —
// the clusters other than partner's fill up partner's group exactly (a
// subset sum). Rule 5 holds both requests; where no such split exists,
// leaving one of the avoid pair out keeps both.
func (ck *checker) partable(partner string, p *pcCheck) bool {
	pl := ck.placement(p)
	i, ok := pl.at[partner]
	if !ok {
		return true
	}
	root := make([]int, len(pl.num))
	for x := range root {
		root[x] = x
	}
	find := func(x int) int {
		for root[x] != x {
			x = root[x]
		}
		return x
	}
	for _, w := range ck.requiredWith(pl) {
		root[find(w[0])] = find(w[1])
	}
	size := map[int]int{}
	for x := range pl.num {
		size[find(x)]++
	}
	own := size[find(i)]
	// Everyone of the programme+cohort: the placed, the one left out (in a
	// group of its own side), and any other unassigned (single).
	n := p.n
	reach := make([]bool, n+1)
	reach[0] = true
	for r, sz := range size {
		if r == find(i) {
			continue
		}
		for v := n; v >= sz; v-- {
			reach[v] = reach[v] || reach[v-sz]
		}
	}
	for range len(p.unassigned) - 1 { // the other unassigned, one by one
		for v := n; v >= 1; v-- {
			reach[v] = reach[v] || reach[v-1]
		}
	}
	lo := n / 2
	for _, side := range []int{lo, n - lo} {
		if side >= own && reach[side-own] {
			return true
		}
	}
	return false
}
