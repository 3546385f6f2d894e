package allocate

import (
	"math"
	"slices"
)

// rule7 checks meeting slots, slot coverage, double-booked mentors and
// idle mentors.
func (ck *checker) rule7() {
	of := ck.groupsOfMentor()
	ck.doubleBooked(of)
	for gi := range ck.r.Groups {
		ck.meetingSlot(gi, of)
	}
	ck.idleMentors(of)
}

// groupsOfMentor lists, per mentor id, the indices of the groups they are in.
func (ck *checker) groupsOfMentor() map[string][]int {
	of := map[string][]int{}
	for gi, g := range ck.r.Groups {
		for _, id := range uniq(g.Mentors) {
			of[id] = append(of[id], gi)
		}
	}
	return of
}

// doubleBooked: a mentor in two or more groups never has two of them at
// the same meeting_slot (nor one at a slot of a group outside r, for
// CheckExtend's kept groups).
func (ck *checker) doubleBooked(of map[string][]int) {
	for _, id := range sortedKeys(of) {
		first := map[string]string{}
		for _, sl := range ck.other.slots[id] {
			if sl != "" {
				first[sl] = "a kept group"
			}
		}
		for _, gi := range of[id] {
			g := ck.r.Groups[gi]
			if g.MeetingSlot == "" {
				continue
			}
			if prev, ok := first[g.MeetingSlot]; ok {
				ck.add(7, g.ID, "mentor %s double-booked: %s also meets at %s", id, prev, g.MeetingSlot)
				continue
			}
			first[g.MeetingSlot] = "group " + g.ID
		}
	}
}

// meetingSlot checks one group's meeting_slot and slot_coverage.
//
// The contract: the slot most of its members and all its mentors can
// attend, where slots are given; a mentor never at two groups in one slot.
// So the usable slots are those some member (student or mentor) gave, less
// the meeting slots of the mentors' other groups. A mentor who gave no
// slots constrains nothing ("where slots are given").
//
//   - No member gave a slot: meeting_slot is "" and coverage 0.
//   - Some usable slot suits every mentor who gave slots: meeting_slot is
//     such a slot, and none of them has more of the group's students.
//   - The mentors share no usable slot: the contract's "all its mentors"
//     cannot be met, and it does not say how to weigh mentors against
//     students then. Check asks for what every reading agrees on: a usable
//     slot that no other usable slot beats on both counts — at least as
//     many of the mentors and of the students, more of one (Pareto).
//   - Every slot given is taken by a mentor's other group: no choice is
//     better than another; double booking is judged on its own.
//
// slot_coverage is the share of the group's students available at
// meeting_slot, rounded to 2 decimals (0 without a slot).
func (ck *checker) meetingSlot(gi int, of map[string][]int) {
	g := ck.r.Groups[gi]
	students := map[string]int{}
	given := map[string]bool{}
	for _, n := range g.Students {
		if s := ck.stu[n]; s != nil {
			for _, sl := range uniq(s.Slots) {
				students[sl]++
				given[sl] = true
			}
		}
	}
	busy := map[string]bool{}
	var choosy []*Mentor // the group's mentors who gave slots
	for _, id := range uniq(g.Mentors) {
		for _, gj := range of[id] {
			if gj != gi && ck.r.Groups[gj].MeetingSlot != "" {
				busy[ck.r.Groups[gj].MeetingSlot] = true
			}
		}
		for _, sl := range ck.other.slots[id] {
			if sl != "" {
				busy[sl] = true
			}
		}
		if m := ck.men[id]; m != nil && len(m.Slots) > 0 {
			choosy = append(choosy, m)
			for _, sl := range m.Slots {
				given[sl] = true
			}
		}
	}
	mentorsAt := func(sl string) int {
		c := 0
		for _, m := range choosy {
			if slices.Contains(m.Slots, sl) {
				c++
			}
		}
		return c
	}
	var usable, all []string
	for _, sl := range sortedKeys(given) {
		if busy[sl] {
			continue
		}
		usable = append(usable, sl)
		if mentorsAt(sl) == len(choosy) {
			all = append(all, sl)
		}
	}
	at := g.MeetingSlot
	switch {
	case len(given) == 0:
		if at != "" {
			ck.add(7, g.ID, "meeting slot %q though no member gave slots", at)
		}
	case len(usable) == 0:
		// only double booking is left to judge
	case len(all) > 0:
		best := all[0]
		for _, sl := range all {
			if students[sl] > students[best] {
				best = sl
			}
		}
		if !slices.Contains(all, at) {
			ck.add(7, g.ID, "meeting slot %q is not a free slot all its mentors can attend (e.g. %s)", at, best)
		} else if students[at] < students[best] {
			ck.add(7, g.ID, "meeting slot %q suits %d students, %s suits %d", at, students[at], best, students[best])
		}
	default:
		if !slices.Contains(usable, at) {
			ck.add(7, g.ID, "meeting slot %q is none a member gave that is free for its mentors", at)
			break
		}
		for _, sl := range usable {
			ms, ma := mentorsAt(sl), mentorsAt(at)
			if ms >= ma && students[sl] >= students[at] && (ms > ma || students[sl] > students[at]) {
				ck.add(7, g.ID, "meeting slot %q (%d mentors, %d students) is beaten by %s (%d mentors, %d students)",
					at, ma, students[at], sl, ms, students[sl])
				break
			}
		}
	}
	want := 0.0
	if at != "" {
		want = round2c(float64(students[at]) / float64(max(1, len(g.Students))))
	}
	if math.Abs(want-g.SlotCoverage) > 1e-9 {
		ck.add(7, g.ID, "slot coverage %v, want %v", g.SlotCoverage, want)
	}
}

// round2c rounds to 2 decimals, as slot_coverage is written.
func round2c(x float64) float64 { return math.Round(x*100) / 100 }

// idleMentors: "leaves no available mentor idle while a group could still
// be formed for them". A programme with a mentor in no group breaks it when
// one of its programme+cohorts could hold one more group — all its
// students who have not opted out (placed or not) make at least
// (k+1)·group-min, k its groups now — and its mentors could staff it: at
// least mentors-per-group distinct mentors with capacity left (one of each
// kind of --mentor-mix), one of them idle. The contract forms that group
// "within rules 1–6", so it is not asked for where a with-cluster the
// groups honour now could not fit in groups of the smaller size (rule 5).
func (ck *checker) idleMentors(of map[string][]int) {
	if ck.opt.MentorsPerGroup <= 0 {
		return
	}
	gmin := max(ck.opt.GroupMin, 1)
	byProg := ck.byProg
	for _, key := range sortedKeys(ck.pcs) {
		p := ck.pcs[key]
		k := len(p.groups)
		if p.n < (k+1)*gmin {
			continue
		}
		free, idle := map[string]int{}, map[string]int{}
		var idleID string
		for _, m := range byProg[p.programme] {
			if len(of[m.ID]) >= max(m.MaxGroups, 1) {
				continue
			}
			free[m.Kind]++
			free[anyKind]++
			if len(of[m.ID]) == 0 && ck.other.load[m.ID] == 0 {
				idle[m.Kind]++
				idle[anyKind]++
				if idleID == "" {
					idleID = m.ID
				}
			}
		}
		formable, withIdle := true, false
		for kind, need := range ck.mixNeed() {
			formable = formable && free[kind] >= need
			withIdle = withIdle || idle[kind] > 0
		}
		if !formable || !withIdle {
			continue
		}
		if ck.noRoomForAnother(p) {
			continue
		}
		ck.add(7, "", "mentor %s idle though %s %s (%d students, %d groups) could hold one more group", idleID, p.programme, p.cohort, p.n, k)
	}
}

// noRoomForAnother reports whether one more group of p is ruled out by
// rules 5–6, which outrank rule 7: a with-cluster the groups honour now
// would not fit in groups of the smaller size; or r isolates nobody in p
// and the counts of its students' minority categories (placed and left
// out, as one more group would seat them all) do not split into k+1
// balanced groups without a lone minority member (loneForced); or — where
// p has at most checkExactLimit students, all of which would fill k+1
// groups — no arrangement in k+1 balanced groups keeps the honoured with
// pairs together, the avoid pairs apart and (if r isolates nobody there)
// every minority member with another.
func (ck *checker) noRoomForAnother(p *pcCheck) bool {
	k := len(p.groups)
	if ck.biggestWithCluster(p) > (p.n+k)/(k+1) {
		return true
	}
	if k == 0 || p.n < (k+1)*max(ck.opt.GroupMin, 1) {
		return false
	}
	pl := ck.placement(p)
	r6 := noLoneMember(pl.group, ck.minorityCats(pl), len(pl.sizes))
	// The one more group would seat the students left out too.
	for _, n := range p.unassigned {
		if _, ok := pl.at[n]; !ok && ck.stu[n] != nil {
			pl.at[n] = len(pl.num)
			pl.num = append(pl.num, n)
			pl.group = append(pl.group, -1)
		}
	}
	pl.avoid = pl.avoid[:0]
	for i, n := range pl.num {
		if t, ok := pl.at[ck.stu[n].Avoid]; ok && t != i {
			pl.avoid = append(pl.avoid, [2]int{i, t})
		}
	}
	m := len(pl.num)
	sizes := make([]int, k+1)
	for j := range sizes {
		sizes[j] = m / (k + 1)
		if j < m%(k+1) {
			sizes[j]++
		}
	}
	var honoured [][2]int
	for i, n := range pl.num {
		if t, ok := pl.at[ck.stu[n].With]; ok && pl.group[t] == pl.group[i] {
			honoured = append(honoured, [2]int{i, t})
		}
	}
	if r6 && (ck.opt.GroupMax <= 0 || sizes[0] <= ck.opt.GroupMax) && ck.loneForced(pl, sizes, honoured) {
		// Even the counts of minority members, with the with-clusters r
		// honours kept whole, do not split into k+1 groups without a
		// lone one, while r isolates nobody: one more group would break
		// rule 6, at any size of programme+cohort. (Only where k+1 groups
		// would seat them all: else who is left out changes the counts.)
		return true
	}
	if p.n > checkExactLimit {
		return false
	}
	return !ck.arrangeable(pl, sizes, honoured, r6)
}

// biggestWithCluster is the size of the largest set of p's placed students
// joined by with-requests the groups honour (both in one group).
func (ck *checker) biggestWithCluster(p *pcCheck) int {
	root := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if r, ok := root[x]; ok && r != x {
			root[x] = find(r)
			return root[x]
		}
		root[x] = x
		return x
	}
	for _, gi := range p.groups {
		g := ck.r.Groups[gi]
		for _, n := range g.Students {
			if s := ck.stu[n]; s != nil && s.With != "" && s.With != n && slices.Contains(g.Students, s.With) {
				root[find(n)] = find(s.With)
			}
		}
	}
	size := map[string]int{}
	best := 0
	for _, x := range sortedKeys(root) {
		r := find(x)
		size[r]++
		best = max(best, size[r])
	}
	return best
}
