package allocate

import (
	"fmt"
	"slices"
	"strconv"
)

// CheckExtend verifies r, an incremental allocation by Extend(existing,
// students, mentors, opt). Like Check it shares only the types with the
// allocator. Kept groups may legitimately break rules a fresh allocation
// must meet (a group shrunk by leavers below group-min, sizes no longer
// balanced, a stored slot that is no longer the best), so it checks:
//
//   - Extend's own contract, reported as rule 0: r starts with the existing
//     groups in their order, with their ids, programme and cohort, every
//     member who is still listed (and, for students, has not opted out and
//     is still of that programme+cohort; for mentors, still serves the
//     programme and within max_groups) and a non-empty meeting slot kept;
//   - rule 1 over the whole result; an unassigned student of a
//     programme+cohort with kept groups must have no kept group with room
//     free of someone they avoid (or who avoids them), and, where no new
//     group of theirs was formed, be one of too few for a new group or be
//     out of the programme mentors' reach;
//   - rule 2 for every group; for kept groups, rule 3's group-max where
//     Extend added students and the undersized flag (set only if it was and
//     still is); rule 4's max_groups, programmes and unassigned mentors
//     everywhere, and a kept group short of mentors only when no mentor of
//     its programme has capacity left; rule 5's avoid requests in every
//     group, with no exception — a pair stored together is a breach too, so
//     a student may leave a kept group that holds someone they avoid (or
//     who avoids them); rule 7's slot coverage everywhere, and no mentor in
//     two groups at one meeting slot — so a mentor may leave a kept group
//     whose slot another of their groups has; group ids non-empty and
//     unique (rule 8);
//   - every rule, by Check, for the new groups, as an allocation of their
//     programme+cohorts' students who were not placed in kept groups, with
//     the capacity the kept groups leave the mentors, the kept groups'
//     meeting slots taken for their mentors, and a mentor of a kept group
//     not counted as idle.
func CheckExtend(existing []Group, students []Student, mentors []Mentor, opt Options, r Result) []Violation {
	opt.GroupMin = max(opt.GroupMin, 1) // clamped as Extend does
	opt.GroupMax = max(opt.GroupMax, opt.GroupMin)
	opt.MentorsPerGroup = max(opt.MentorsPerGroup, 0)
	x := &extCheck{opt: opt, r: r, existing: existing, stu: map[string]*Student{}, men: map[string]*Mentor{}}
	for i := range students {
		if _, dup := x.stu[students[i].Number]; !dup {
			x.stu[students[i].Number] = &students[i]
			x.students = append(x.students, &students[i])
		}
	}
	for i := range mentors {
		if _, dup := x.men[mentors[i].ID]; !dup {
			x.men[mentors[i].ID] = &mentors[i]
			x.mentors = append(x.mentors, &mentors[i])
		}
	}
	if len(r.Groups) < len(existing) {
		x.add(0, "", "%d groups, fewer than the %d existing", len(r.Groups), len(existing))
		return x.out
	}
	x.kept, x.fresh = r.Groups[:len(existing)], r.Groups[len(existing):]
	x.stable()
	x.placement()
	x.mentorLoads()
	x.avoidPairs()
	x.keptDoubleBooked()
	for _, g := range r.Groups {
		if want := x.coverage(g); g.SlotCoverage != want {
			x.add(7, g.ID, "slot coverage %v, want %v", g.SlotCoverage, want)
		}
	}
	x.unassigned()
	x.freshGroups()
	return x.out
}

type extCheck struct {
	opt         Options
	r           Result
	existing    []Group
	kept, fresh []Group
	stu         map[string]*Student
	men         map[string]*Mentor
	students    []*Student
	mentors     []*Mentor
	keptLoad    map[string]int // groups each mentor serves among the kept groups
	load        map[string]int // … among all groups
	added       map[string]int // students Extend added to kept groups, per programme+cohort
	out         []Violation
}

func (x *extCheck) add(rule int, group, format string, args ...any) {
	x.out = append(x.out, Violation{Rule: rule, Group: group, Message: fmt.Sprintf(format, args...)})
}

func (x *extCheck) stays(s *Student, g Group) bool {
	return s != nil && !s.OptOut && s.Programme == g.Programme && s.Cohort == g.Cohort
}

// stable checks the kept groups against the stored ones.
func (x *extCheck) stable() {
	x.added = map[string]int{}
	mentorSeen := map[string]int{}
	studentSeen := map[string]bool{}
	for i, old := range x.existing {
		g := x.kept[i]
		if g.ID != old.ID || g.Programme != old.Programme || g.Cohort != old.Cohort {
			x.add(0, old.ID, "stored group %s %s %s came back as %s %s %s", old.ID, old.Programme, old.Cohort, g.ID, g.Programme, g.Cohort)
		}
		for _, n := range old.Students {
			if x.stays(x.stu[n], old) && !studentSeen[n] && !slices.Contains(g.Students, n) && !x.avoidsSomeoneIn(n, g) {
				x.add(0, old.ID, "student %s left the group", n)
			}
			studentSeen[n] = true
		}
		for _, n := range g.Students {
			if !slices.Contains(old.Students, n) {
				x.added[old.Programme+"\x00"+old.Cohort]++
			}
		}
		for j, id := range old.Mentors {
			m := x.men[id]
			if m == nil || m.Programme != old.Programme || slices.Contains(old.Mentors[:j], id) {
				continue
			}
			mentorSeen[id]++
			if mentorSeen[id] <= max(m.MaxGroups, 1) && !slices.Contains(g.Mentors, id) && !x.bookedElsewhere(id, i, g.MeetingSlot) {
				x.add(0, old.ID, "mentor %s left the group", id)
			}
		}
		if old.MeetingSlot != "" && g.MeetingSlot != old.MeetingSlot {
			x.add(0, old.ID, "meeting slot %q became %q", old.MeetingSlot, g.MeetingSlot)
		}
		if want := old.Undersized && len(g.Students) < x.opt.GroupMin; g.Undersized != want {
			x.add(3, g.ID, "undersized=%v, want %v (stored %v, size %d)", g.Undersized, want, old.Undersized, len(g.Students))
		}
		grew := slices.ContainsFunc(g.Students, func(n string) bool { return !slices.Contains(old.Students, n) })
		if grew && len(g.Students) > x.opt.GroupMax {
			x.add(3, g.ID, "students added up to size %d > group-max %d", len(g.Students), x.opt.GroupMax)
		}
	}
	ids := map[string]bool{}
	for _, g := range x.r.Groups {
		if g.ID == "" || ids[g.ID] {
			x.add(8, g.ID, "group id %q empty or used twice", g.ID)
		}
		ids[g.ID] = true
	}
}

// avoidsSomeoneIn reports whether student n avoids, or is avoided by, a
// member of g: rule 5's "never" outranks keeping the stored group whole.
func (x *extCheck) avoidsSomeoneIn(n string, g Group) bool {
	s := x.stu[n]
	return s != nil && slices.ContainsFunc(g.Students, func(o string) bool {
		t := x.stu[o]
		return o != n && t != nil && (s.Avoid == o || t.Avoid == n)
	})
}

// bookedElsewhere reports whether mentor id leads another group of r (not
// r.Groups[gi]) meeting at slot: rule 7 forbids them to stay at both.
func (x *extCheck) bookedElsewhere(id string, gi int, slot string) bool {
	for hi, h := range x.r.Groups {
		if hi != gi && slot != "" && h.MeetingSlot == slot && slices.Contains(h.Mentors, id) {
			return true
		}
	}
	return false
}

// keptDoubleBooked checks rule 7's double booking among the kept groups
// (the new groups, against each other and the kept ones, are Check's).
func (x *extCheck) keptDoubleBooked() {
	first := map[[2]string]string{}
	for _, g := range x.kept {
		if g.MeetingSlot == "" {
			continue
		}
		for _, id := range uniq(g.Mentors) {
			key := [2]string{id, g.MeetingSlot}
			if prev, ok := first[key]; ok {
				x.add(7, g.ID, "mentor %s double-booked: group %s also meets at %s", id, prev, g.MeetingSlot)
				continue
			}
			first[key] = g.ID
		}
	}
}

// placement checks rules 1 and 2 over the whole result.
func (x *extCheck) placement() {
	seen := map[string]int{}
	placed := 0
	for _, g := range x.r.Groups {
		placed += len(g.Students)
		for _, n := range g.Students {
			seen[n]++
			switch s := x.stu[n]; {
			case s == nil:
				x.add(1, g.ID, "unknown student %s", n)
			case s.OptOut:
				x.add(1, g.ID, "opted-out student %s placed", n)
			case s.Programme != g.Programme || s.Cohort != g.Cohort:
				x.add(2, g.ID, "student %s is %s %s, group is %s %s", n, s.Programme, s.Cohort, g.Programme, g.Cohort)
			}
		}
	}
	for _, u := range x.r.UnassignedStudents {
		seen[u.StudentNumber]++
		if s := x.stu[u.StudentNumber]; s == nil || s.OptOut || u.Reason == "" {
			x.add(1, "", "unassigned entry %+v: unknown, opted out or without a reason", u)
		}
	}
	nonOpt := 0
	for _, s := range x.students {
		if s.OptOut {
			continue
		}
		nonOpt++
		if c := seen[s.Number]; c != 1 {
			x.add(1, "", "student %s appears %d times", s.Number, c)
		}
	}
	if st := x.r.Stats; st.Students != nonOpt || st.Placed != placed || st.Groups != len(x.r.Groups) {
		x.add(1, "", "stats %+v, want students %d placed %d groups %d", st, nonOpt, placed, len(x.r.Groups))
	}
}

// mentorLoads checks rule 4 outside the new groups' own staffing.
func (x *extCheck) mentorLoads() {
	x.keptLoad, x.load = map[string]int{}, map[string]int{}
	for gi, g := range x.r.Groups {
		for j, id := range g.Mentors {
			x.load[id]++
			if gi < len(x.kept) {
				x.keptLoad[id]++
			}
			switch m := x.men[id]; {
			case m == nil:
				x.add(4, g.ID, "unknown mentor %s", id)
			case m.Programme != g.Programme:
				x.add(4, g.ID, "mentor %s serves %s", id, m.Programme)
			case slices.Contains(g.Mentors[:j], id):
				x.add(4, g.ID, "mentor %s twice", id)
			}
		}
	}
	idle := map[string]bool{}
	for _, id := range x.r.UnassignedMentors {
		idle[id] = true
	}
	for _, m := range x.mentors {
		if x.load[m.ID] > max(m.MaxGroups, 1) {
			x.add(4, "", "mentor %s has %d groups, max %d", m.ID, x.load[m.ID], max(m.MaxGroups, 1))
		}
		if (x.load[m.ID] == 0) != idle[m.ID] {
			x.add(4, "", "mentor %s has %d groups but unassigned=%v", m.ID, x.load[m.ID], idle[m.ID])
		}
	}
	if len(idle) != len(x.r.UnassignedMentors) {
		x.add(4, "", "unassigned mentors listed twice")
	}
	for i, g := range x.kept {
		if len(g.Mentors) > max(x.opt.MentorsPerGroup, len(x.existing[i].Mentors)) {
			x.add(4, g.ID, "%d mentors, more than wanted (%d) or stored (%d)", len(g.Mentors), x.opt.MentorsPerGroup, len(x.existing[i].Mentors))
		}
		if len(g.Mentors) >= x.opt.MentorsPerGroup {
			continue
		}
		for _, m := range x.mentors {
			if m.Programme == g.Programme && x.load[m.ID] < max(m.MaxGroups, 1) && !slices.Contains(g.Mentors, m.ID) &&
				!x.bookedElsewhere(m.ID, i, g.MeetingSlot) {
				x.add(4, g.ID, "%d mentors, want %d, though mentor %s has capacity left", len(g.Mentors), x.opt.MentorsPerGroup, m.ID)
				break
			}
		}
	}
}

// avoidPairs checks rule 5's avoid requests in the kept groups (Check
// judges the new groups). "Never" has no exception: a pair stored together
// before the request was made is a breach too — one of them leaves the
// kept group (stable allows that).
func (x *extCheck) avoidPairs() {
	for _, g := range x.kept {
		for _, n := range g.Students {
			s := x.stu[n]
			if s == nil || s.Avoid == "" || s.Avoid == n || !slices.Contains(g.Students, s.Avoid) {
				continue
			}
			x.add(5, g.ID, "%s and %s must not share a group", n, s.Avoid)
		}
	}
}

func (x *extCheck) coverage(g Group) float64 {
	if g.MeetingSlot == "" || len(g.Students) == 0 {
		return 0
	}
	n := 0
	for _, id := range g.Students {
		if s := x.stu[id]; s != nil && slices.Contains(s.Slots, g.MeetingSlot) {
			n++
		}
	}
	return round2c(float64(n) / float64(len(g.Students)))
}

func (x *extCheck) pcsOf(groups []Group) map[string]bool {
	out := map[string]bool{}
	for _, g := range groups {
		out[g.Programme+"\x00"+g.Cohort] = true
	}
	return out
}

// canStaffAnother reports whether the mentors' capacity left by the kept
// groups could staff one more new group of the programme than r has.
func (x *extCheck) canStaffAnother(programme string) bool {
	if x.opt.MentorsPerGroup == 0 {
		return true
	}
	have := 0
	for _, g := range x.fresh {
		if g.Programme == programme {
			have++
		}
	}
	supply := 0
	for _, m := range x.mentors {
		if m.Programme == programme {
			supply += min(max(m.MaxGroups, 1)-x.keptLoad[m.ID], have+1)
		}
	}
	return supply >= (have+1)*x.opt.MentorsPerGroup
}

// unassigned justifies unassigned students of programme+cohorts with kept
// groups.
func (x *extCheck) unassigned() {
	keptPC, freshPC := x.pcsOf(x.kept), x.pcsOf(x.fresh)
	count := map[string]int{}
	for _, u := range x.r.UnassignedStudents {
		if s := x.stu[u.StudentNumber]; s != nil {
			count[s.Programme+"\x00"+s.Cohort]++
		}
	}
	for _, u := range x.r.UnassignedStudents {
		s := x.stu[u.StudentNumber]
		if s == nil {
			continue
		}
		key := s.Programme + "\x00" + s.Cohort
		if !keptPC[key] {
			continue
		}
		for _, g := range x.kept {
			if g.Programme != s.Programme || g.Cohort != s.Cohort || len(g.Students) >= x.opt.GroupMax {
				continue
			}
			if !slices.ContainsFunc(g.Students, func(n string) bool {
				o := x.stu[n]
				return n == s.Avoid || o != nil && o.Avoid == s.Number
			}) {
				x.add(1, g.ID, "student %s unassigned though the group has room", s.Number)
			}
		}
		if !freshPC[key] && count[key]+x.added[key] >= x.opt.GroupMin && x.canStaffAnother(s.Programme) {
			x.add(1, "", "student %s unassigned though %d late students of %s %s could form a new group", s.Number, count[key]+x.added[key], s.Programme, s.Cohort)
		}
	}
}

// freshGroups runs Check on the new groups as an allocation of their own.
func (x *extCheck) freshGroups() {
	keptPC, freshPC := x.pcsOf(x.kept), x.pcsOf(x.fresh)
	in := func(s *Student) bool {
		key := s.Programme + "\x00" + s.Cohort
		return !keptPC[key] || freshPC[key]
	}
	sub := Result{Groups: make([]Group, len(x.fresh)), UnassignedStudents: []Unassigned{}, UnassignedMentors: []string{}}
	realID := map[string]string{}
	var studs []Student
	for i, g := range x.fresh {
		c := g
		c.ID = "g" + strconv.Itoa(i+1)
		realID[c.ID] = g.ID
		sub.Groups[i] = c
		sub.Stats.Placed += len(g.Students)
		for _, n := range g.Students {
			if s := x.stu[n]; s != nil {
				studs = append(studs, *s)
			}
		}
	}
	for _, u := range x.r.UnassignedStudents {
		if s := x.stu[u.StudentNumber]; s != nil && in(s) {
			studs = append(studs, *s)
			sub.UnassignedStudents = append(sub.UnassignedStudents, u)
		}
	}
	sub.Stats.Students, sub.Stats.Groups = len(studs), len(sub.Groups)
	freshLoad := map[string]int{}
	for _, g := range x.fresh {
		for _, id := range g.Mentors {
			freshLoad[id]++
		}
	}
	var spare []Mentor
	for _, m := range x.mentors {
		if left := max(m.MaxGroups, 1) - x.keptLoad[m.ID]; left > 0 {
			c := *m
			c.MaxGroups = left
			spare = append(spare, c)
			if freshLoad[m.ID] == 0 {
				sub.UnassignedMentors = append(sub.UnassignedMentors, m.ID)
			}
		}
	}
	slices.Sort(sub.UnassignedMentors)
	other := &elsewhere{slots: map[string][]string{}, load: x.keptLoad}
	for _, g := range x.kept {
		for _, id := range uniq(g.Mentors) {
			other.slots[id] = append(other.slots[id], g.MeetingSlot)
		}
	}
	for _, v := range check(studs, spare, x.opt, sub, other) {
		if id, ok := realID[v.Group]; ok {
			v.Group = id
		}
		v.Message = "new groups: " + v.Message
		x.out = append(x.out, v)
	}
}
