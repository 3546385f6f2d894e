package allocate

import (
	"cmp"
	"math/bits"
	"slices"
)

// A programme's groups are planned before any student is placed in one:
// how many groups each cohort gets (rule 7 makes that a choice), and for
// each group a meeting slot and the mentors who lead it. Planning works on
// counts only — how many of a cohort's students are free at each slot and
// not yet expected at an earlier group's meeting — so it is cheap; the
// partition then seats the students around the planned slots.

// teamPool is the programme's mentors as planning uses them up.
type teamPool struct {
	c      *progCtx
	rem    []int    // groups each mentor can still take
	booked []bitset // slots each mentor already meets a planned group at
	class  []int32  // cohort class: one per non-empty cohort, one per staff/external mentor
	kind   []int32  // position in MentorMix a mentor can fill (-1: none); kinds repeat at most as listed
	// diverse is set when the pool can give every planned group mentors
	// of different cohort classes (rule 4); picks then keep that possible.
	diverse bool
}

func (c *progCtx) newTeamPool() *teamPool {
	t := &teamPool{c: c, rem: make([]int, len(c.p.mentors)), booked: make([]bitset, len(c.p.mentors)),
		class: make([]int32, len(c.p.mentors)), kind: make([]int32, len(c.p.mentors))}
	classOf := map[string]int32{}
	for j, i := range c.p.mentors {
		m := &c.ms[i]
		t.rem[j] = effMax(m)
		t.booked[j] = slices.Clone(c.mbusy[j])
		key := m.Cohort
		if key == "" {
			key = "\x00" + m.ID
		}
		cl, ok := classOf[key]
		if !ok {
			cl = int32(len(classOf))
			classOf[key] = cl
		}
		t.class[j] = cl
		t.kind[j] = int32(slices.Index(c.opt.MentorMix, m.Kind))
	}
	return t
}

// feasible reports whether g more groups can still be staffed from the
// remaining capacity: with distinct mentors per group, g groups are
// possible exactly when sum(min(rem_i, g)) >= g*need for the mentors
// eligible for each place (all of them, or those of one mix kind).
func (t *teamPool) feasible(g int) bool {
	mpg := t.c.opt.MentorsPerGroup
	if mpg == 0 || g == 0 {
		return true
	}
	if mix := t.c.opt.MentorMix; len(mix) > 0 {
		for pos, k := range mix {
			if slices.Index(mix, k) != pos {
				continue // a repeated kind is counted with its first place
			}
			need := 0
			for _, k2 := range mix {
				if k2 == k {
					need++
				}
			}
			sum := 0
			for j, r := range t.rem {
				if t.kind[j] == int32(pos) {
					sum += min(r, g)
				}
			}
			if sum < g*need {
				return false
			}
		}
		return true
	}
	sum := 0
	for _, r := range t.rem {
		sum += min(r, g)
	}
	if sum < g*mpg {
		return false
	}
	return !t.diverse || t.classFeasible(g)
}

// classFeasible: g groups can each get mpg mentors of distinct classes.
func (t *teamPool) classFeasible(g int) bool {
	capa := map[int32]int{}
	for j, r := range t.rem {
		capa[t.class[j]] += r
	}
	sum := 0
	for _, v := range capa {
		sum += min(v, g)
	}
	return sum >= g*t.c.opt.MentorsPerGroup
}

// limit is the most groups the pool can staff.
func (t *teamPool) limit(want int) int {
	g := 0
	for g < want && t.feasible(g+1) {
		g++
	}
	return g
}

// pick chooses the mentors of one group meeting at slot s (s < 0: no
// shared slot is required), leaving the pool able to staff `after` more
// groups; nil when no such team exists. Mentors with the fewest other
// options go first so flexible ones stay for later groups; with a mix, one
// mentor per listed kind; with two or more mentors, different cohort
// classes wherever the candidates allow.
func (t *teamPool) pick(s int32, after int) []int32 {
	if team := t.pickClass(s, after, true); team != nil || t.diverse {
		return team
	}
	// Preferring other cohorts cost capacity the later groups need; where
	// rule 4 does not ask for it, take mentors by capacity alone.
	return t.pickClass(s, after, false)
}

func (t *teamPool) pickClass(s int32, after int, preferClass bool) []int32 {
	mpg := t.c.opt.MentorsPerGroup
	if mpg == 0 {
		return []int32{}
	}
	var cand []int32
	for j := range t.rem {
		if t.rem[j] > 0 && (s < 0 || (t.c.mslots[j].empty() || t.c.mslots[j].has(s)) && !t.booked[j].has(s)) {
			cand = append(cand, int32(j))
		}
	}
	if len(cand) < mpg {
		return nil
	}
	// Most remaining capacity first, of the mentor's cohort class and then
	// of the mentor (that is what keeps later groups staffable), then the
	// fewest free slots, then id order.
	classRem := map[int32]int{}
	for j, r := range t.rem {
		classRem[t.class[j]] += r
	}
	slices.SortStableFunc(cand, func(a, b int32) int {
		if t.diverse {
			if d := cmp.Compare(classRem[t.class[b]], classRem[t.class[a]]); d != 0 {
				return d
			}
		}
		if d := cmp.Compare(t.rem[b], t.rem[a]); d != 0 {
			return d
		}
		return cmp.Compare(t.freeSlots(a), t.freeSlots(b))
	})
	team := make([]int32, 0, mpg)
	usedClass := func(cl int32) bool {
		for _, m := range team {
			if t.class[m] == cl {
				return true
			}
		}
		return false
	}
	mix := t.c.opt.MentorMix
	for pos := range mpg {
		best := int32(-1)
		for _, m := range cand {
			if slices.Contains(team, m) || len(mix) > 0 && t.kind[m] < 0 || len(mix) > 0 && mix[t.kind[m]] != mix[pos] {
				continue
			}
			if best < 0 || preferClass && usedClass(t.class[best]) && !usedClass(t.class[m]) {
				best = m
				if !preferClass || !usedClass(t.class[m]) {
					break
				}
			}
		}
		if best < 0 {
			return nil
		}
		team = append(team, best)
	}
	for _, m := range team {
		t.rem[m]--
	}
	ok := t.feasible(after)
	if ok && t.diverse {
		for a := range team {
			for b := a + 1; b < len(team); b++ {
				ok = ok && t.class[team[a]] != t.class[team[b]]
			}
		}
	}
	if !ok {
		for _, m := range team {
			t.rem[m]++
		}
		return nil
	}
	if s >= 0 {
		for _, m := range team {
			t.booked[m].set(s)
		}
	}
	slices.Sort(team)
	return team
}

func (t *teamPool) freeSlots(m int32) int {
	n := 0
	for w, word := range t.c.mslots[m] {
		n += bits.OnesCount64(word &^ t.booked[m][w])
	}
	return n
}

// groupPlan is one planned group of a cohort: its size, the slot it is
// planned to meet at (-1: none planned) and its mentors.
type groupPlan struct {
	size int
	slot int32
	team []int32
}

// planCohorts chooses every cohort's groups: sizes from pc.k, then slot
// and mentors group by group, each time the (cohort, slot) whose next
// group would seat the most students free then who are not yet expected
// at another group's meeting (ties: the cohort with more groups left,
// then the lower slot). The students counted for a group are those with
// the fewest free slots, who are hardest to seat later.
func (c *progCtx) planCohorts(pcs []*pcPlan, pool *teamPool) {
	ns := len(c.slotNames)
	type state struct {
		pc      *pcPlan
		sizes   []int
		next    int
		avail   []int32 // per slot: uncovered students free then
		covered []bool
		slots   [][]int32
	}
	var sts []*state
	left := 0
	for _, pc := range pcs {
		pc.plans = nil
		if pc.k == 0 {
			continue
		}
		m := min(len(pc.studs), pc.k*c.opt.GroupMax)
		st := &state{pc: pc, avail: make([]int32, ns), covered: make([]bool, len(pc.studs)), slots: make([][]int32, len(pc.studs))}
		for g := range pc.k {
			sz := m / pc.k
			if g < m%pc.k {
				sz++
			}
			st.sizes = append(st.sizes, sz)
		}
		for x, i := range pc.studs {
			st.slots[x] = c.studentSlots(i)
			for _, s := range st.slots[x] {
				st.avail[s]++
			}
		}
		sts = append(sts, st)
		left += pc.k
	}
	order := make([]int32, 0, 256)
	type cand struct {
		st   *state
		s    int32
		gain int32
	}
	var cands []cand
	for left > 0 {
		cands = cands[:0]
		for _, st := range sts {
			if st.next == len(st.sizes) {
				continue
			}
			q := int32(st.sizes[st.next])
			for s := range int32(ns) {
				cands = append(cands, cand{st, s, min(q, st.avail[s])})
			}
		}
		slices.SortStableFunc(cands, func(a, b cand) int {
			if d := cmp.Compare(b.gain, a.gain); d != 0 {
				return d
			}
			return cmp.Compare(len(b.st.sizes)-b.st.next, len(a.st.sizes)-a.st.next)
		})
		var best *state
		bestSlot := int32(-1)
		for _, cd := range cands {
			if pool.canMeet(cd.s, left-1) {
				best, bestSlot = cd.st, cd.s
				break
			}
		}
		var team []int32
		if best != nil {
			team = pool.pick(bestSlot, left-1)
		}
		if team == nil {
			// No slot has mentors free (or no student gave slots): any
			// team; the meeting slot is chosen by the members later.
			for _, st := range sts {
				if st.next < len(st.sizes) && (best == nil || len(st.sizes)-st.next > len(best.sizes)-best.next) {
					best = st
				}
			}
			team, bestSlot = pool.pick(-1, left-1), -1
			if team == nil {
				team = []int32{} // unreachable while the limit held; the checker would flag it
			}
		}
		q := best.sizes[best.next]
		best.pc.plans = append(best.pc.plans, groupPlan{size: q, slot: bestSlot, team: team})
		best.next++
		left--
		if bestSlot < 0 {
			continue
		}
		// Expect the q most constrained uncovered students free at the slot.
		order = order[:0]
		for x := range best.slots {
			if !best.covered[x] && slices.Contains(best.slots[x], bestSlot) {
				order = append(order, int32(x))
			}
		}
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(len(best.slots[a]), len(best.slots[b])) })
		for _, x := range order[:min(len(order), q)] {
			best.covered[x] = true
			for _, s := range best.slots[x] {
				best.avail[s]--
			}
		}
	}
}

// canMeet reports whether a team free at slot s can be formed now leaving
// the pool able to staff `after` more groups (a dry run of pick).
func (t *teamPool) canMeet(s int32, after int) bool {
	team := t.pick(s, after)
	if team == nil {
		return false
	}
	for _, m := range team {
		t.rem[m]++
		t.booked[m][s>>6] &^= 1 << (uint(s) & 63)
	}
	return true
}

// cohortFlow is the planned meeting capacity of one cohort and the most of
// its students that can be expected at a planned meeting: a b-matching of
// students to slots (capacity: the sizes of the groups planned there),
// kept maximal by augmenting paths.
type cohortFlow struct {
	slots   [][]int32 // each student's slots
	at      []int32   // slot a student is matched to, -1 none
	cap     []int     // per slot
	matched [][]int32 // per slot, the students matched there
	free    []int     // per slot: unmatched students free then
	seen    []int     // per slot, visit stamp
	stamp   int
	byslot  [][]int32 // per slot: the students free then
}

func (c *progCtx) newCohortFlow(pc *pcPlan) *cohortFlow {
	ns := len(c.slotNames)
	f := &cohortFlow{slots: make([][]int32, len(pc.studs)), at: make([]int32, len(pc.studs)),
		cap: make([]int, ns), matched: make([][]int32, ns), free: make([]int, ns), seen: make([]int, ns), byslot: make([][]int32, ns)}
	for x, i := range pc.studs {
		f.slots[x] = c.studentSlots(i)
	}
	c.clusterSlots(pc, f.slots)
	for x := range pc.studs {
		f.at[x] = -1
		for _, s := range f.slots[x] {
			f.free[s]++
			f.byslot[s] = append(f.byslot[s], int32(x))
		}
	}
	for _, gp := range pc.plans {
		if gp.slot >= 0 {
			f.cap[gp.slot] += gp.size
		}
	}
	f.augmentAll()
	return f
}

func (f *cohortFlow) setAt(x int32, s int32) {
	if old := f.at[x]; old >= 0 {
		f.matched[old] = slices.DeleteFunc(f.matched[old], func(y int32) bool { return y == x })
	} else {
		for _, t := range f.slots[x] {
			f.free[t]--
		}
	}
	f.at[x] = s
	if s >= 0 {
		f.matched[s] = append(f.matched[s], x)
	} else {
		for _, t := range f.slots[x] {
			f.free[t]++
		}
	}
}

func (f *cohortFlow) try(x int32) bool {
	for _, s := range f.slots[x] {
		if f.seen[s] == f.stamp || s == f.at[x] {
			continue
		}
		f.seen[s] = f.stamp
		if len(f.matched[s]) < f.cap[s] {
			f.setAt(x, s)
			return true
		}
		for _, y := range f.matched[s] {
			if f.try(y) {
				f.setAt(x, s)
				return true
			}
		}
	}
	return false
}

func (f *cohortFlow) augmentAll() {
	f.stamp++ // renewed after each success only: see moveGroup
	for x := range f.at {
		if f.at[x] < 0 && f.try(int32(x)) {
			f.stamp++
		}
	}
}

func (f *cohortFlow) covered() int {
	n := 0
	for _, m := range f.matched {
		n += len(m)
	}
	return n
}

// clone copies the matching so a move can be tried and dropped.
func (f *cohortFlow) clone() *cohortFlow {
	g := *f
	g.at = slices.Clone(f.at)
	g.cap = slices.Clone(f.cap)
	g.free = slices.Clone(f.free)
	g.matched = make([][]int32, len(f.matched))
	for s, m := range f.matched {
		g.matched[s] = slices.Clone(m)
	}
	return &g
}

// moveGroup moves the capacity of one group of size q from slot old (-1:
// none) to slot s (-1: none) and repairs the matching.
//
// Only the students it turns away at old can find a new place by an
// augmenting path of their own (a student who had none before still has
// none), and the new places at s are filled by paths that end there, found
// backwards from s (pull): far cheaper than trying every student who is
// not matched.
func (f *cohortFlow) moveGroup(old, s int32, q int) {
	f.dropCap(old, q)
	f.addCap(s, q)
}

// dropCap takes q places of slot s (-1: none) and finds the students it
// turns away other places where it can.
func (f *cohortFlow) dropCap(s int32, q int) {
	if s < 0 {
		return
	}
	var out []int32
	f.cap[s] -= q
	for len(f.matched[s]) > f.cap[s] {
		x := f.matched[s][len(f.matched[s])-1]
		f.setAt(x, -1)
		out = append(out, x)
	}
	// A search that failed leaves the matching as it was, so the slots
	// it saw stay hopeless until one succeeds.
	f.stamp++
	for _, x := range out {
		if f.try(x) {
			f.stamp++
		}
	}
}

// addCap gives slot s (-1: none) q more places and fills what it can of
// them.
func (f *cohortFlow) addCap(s int32, q int) {
	if s < 0 {
		return
	}
	f.cap[s] += q
	for len(f.matched[s]) < f.cap[s] {
		f.stamp++
		if !f.pull(s) {
			break
		}
	}
}

// pull gives slot t one more matched student: one not matched who is free
// then, or one matched elsewhere whose place is given to another in turn.
func (f *cohortFlow) pull(t int32) bool {
	f.seen[t] = f.stamp
	for _, x := range f.byslot[t] {
		if f.at[x] < 0 {
			f.setAt(x, t)
			return true
		}
	}
	for _, x := range f.byslot[t] {
		u := f.at[x]
		if u == t || f.seen[u] == f.stamp {
			continue
		}
		if f.pull(u) {
			f.setAt(x, t)
			return true
		}
	}
	return false
}

// improvePlans moves planned groups to other slots while that seats more
// students where they can come. For each group in turn its mentors are
// released, the slots where the most unmatched students are free (and a
// team is free) are tried on a copy of the matching, and the best move
// that strictly raises the matching is kept. A few passes; each kept move
// strictly improves, so it ends.
func (c *progCtx) improvePlans(pcs []*pcPlan, pool *teamPool) {
	ns := int32(len(c.slotNames))
	if ns == 0 {
		return
	}
	flows := make([]*cohortFlow, len(pcs))
	for i, pc := range pcs {
		if pc.k > 0 {
			flows[i] = c.newCohortFlow(pc)
		}
	}
	order := make([]int32, ns)
	re := c.newReassign(pcs, pool)
	// What each group's last try saw: its cohort's matching version and
	// whether a slot would have seated more (reassign only).
	type tried struct {
		version int
		gain    bool
	}
	version := make([]int, len(pcs))
	last := make([][]tried, len(pcs))
	for i, pc := range pcs {
		last[i] = make([]tried, len(pc.plans))
		for j := range last[i] {
			last[i][j].version = -1
		}
	}
	// Two rounds of single moves, then exchanges of slots between
	// cohorts' groups, and two more rounds where those opened the way.
	var settled []int // each cohort's version after the first two rounds
	for round := 0; round < 4; round++ {
		if round == 2 {
			settled = slices.Clone(version)
			if !c.exchangePlans(pcs, flows, re, version) {
				break
			}
		}
		improved := false
		for i, pc := range pcs {
			f := flows[i]
			if f == nil || settled != nil && version[i] == settled[i] {
				// After the exchanges, only cohorts they changed: no
				// mentor's slots changed, so refused moves stay refused.
				continue
			}
			for j := range pc.plans {
				if f.covered() == len(pc.studs) {
					break
				}
				gp := &pc.plans[j]
				old := gp.slot
				if re != nil {
					// Nothing to try again where the cohort's matching is
					// as it was and no slot promised more students the
					// last time (only mentors, who change, refused it).
					if l := &last[i][j]; l.version == version[i] && !l.gain {
						continue
					}
					// Mentors follow the move where they can (reassign).
					slotsByFree(order, f)
					base := f.covered()
					// First improvement: the slot with the most of its
					// unmatched students free first. Each is tried in
					// place and moved back unless kept (the matching's
					// size is the same whichever maximal one it is).
					gain, moved := false, false
					for _, s := range order[:min(int(ns), 4)] {
						if f.free[s] == 0 {
							break
						}
						if s == old {
							continue
						}
						// Mentors first (cheap), then the students.
						if !re.move(gp, s) {
							gain = true // unknown: mentors may free up later
							continue
						}
						f.moveGroup(old, s, gp.size)
						if f.covered() > base {
							re.commit()
							moved = true
							break
						}
						f.moveGroup(s, old, gp.size)
						re.revert(gp, old)
					}
					if moved {
						improved = true
						version[i]++
					} else {
						last[i][j] = tried{version[i], gain}
					}
					continue
				}
				pool.release(gp.team, old)
				slotsByFree(order, f)
				base := f.covered()
				var best *cohortFlow
				bestSlot, tried := int32(-1), 0
				for _, s := range order {
					if tried == 4 || f.free[s] == 0 {
						break
					}
					if s == old || !pool.canMeet(s, 0) {
						continue
					}
					tried++
					g := f.clone()
					g.moveGroup(old, s, gp.size)
					if g.covered() > base && (best == nil || g.covered() > best.covered()) {
						best, bestSlot = g, s
					}
				}
				if best == nil {
					pool.retake(gp.team, old)
					continue
				}
				gp.team = pool.pick(bestSlot, 0)
				gp.slot = bestSlot
				flows[i], f = best, best
				improved = true
			}
		}
		if !improved {
			if round >= 2 {
				break
			}
			round = 1 // on to the exchanges
		}
	}
	if re != nil {
		for _, pc := range pcs {
			for j := range pc.plans {
				slices.Sort(pc.plans[j].team) // by mentor id, as pick gives them
			}
		}
	}
}

// exchangePlans lets two groups of different cohorts trade their meeting
// slots, each with its team, where more students of the two cohorts can
// then make their meeting. Every mentor keeps the slots and the number of
// groups they had, so the teams stay valid: a cohort that gives up a
// popular slot to one whose students need it more gains what no single
// move finds (a move needs a team free at the new slot).
func (c *progCtx) exchangePlans(pcs []*pcPlan, flows []*cohortFlow, re *reassign, version []int) bool {
	if noExchange {
		return false
	}
	any := false
	for i, pi := range pcs {
		for j := i + 1; j < len(pcs); j++ {
			fi, fj := flows[i], flows[j]
			if fi == nil || fj == nil {
				continue
			}
			for a := range pi.plans {
				g := &pi.plans[a]
				for b := range pcs[j].plans {
					h := &pcs[j].plans[b]
					if g.slot == h.slot || g.slot < 0 || h.slot < 0 {
						continue
					}
					// A cheap estimate, not a bound (a gain can also come
					// through a chain of students moving up): tried only
					// where a student of either cohort without a place is
					// free at the other's slot, and the second cohort's
					// move only where the students without a place free
					// at g's slot could make up for the first's loss.
					// Measured, these prunes cost no student on the
					// generated intakes and most of the time.
					if fi.free[h.slot] == 0 && fj.free[g.slot] == 0 {
						continue
					}
					bi, bj := fi.covered(), fj.covered()
					fi.moveGroup(g.slot, h.slot, g.size)
					if fi.covered()-bi+min(h.size, fj.free[g.slot]) <= 0 {
						fi.moveGroup(h.slot, g.slot, g.size)
						continue
					}
					fj.moveGroup(h.slot, g.slot, h.size)
					if fi.covered()+fj.covered() > bi+bj {
						if re != nil {
							re.exchange(g, h)
						}
						g.slot, h.slot = h.slot, g.slot
						g.team, h.team = h.team, g.team
						any = true
						version[i]++
						version[j]++
						continue
					}
					fi.moveGroup(h.slot, g.slot, g.size)
					fj.moveGroup(g.slot, h.slot, h.size)
				}
			}
		}
	}
	return any
}

// noExchange turns exchangePlans off (tests measure what it gains).
var noExchange bool

// slotsByFree fills order with every slot, those with the most of f's
// unmatched students free first.
func slotsByFree(order []int32, f *cohortFlow) {
	for s := range order {
		order[s] = int32(s)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(f.free[b], f.free[a]) })
}

// release gives a planned team's places back to the pool; retake undoes it.
func (t *teamPool) release(team []int32, s int32) {
	for _, m := range team {
		t.rem[m]++
		if s >= 0 {
			t.booked[m][s>>6] &^= 1 << (uint(s) & 63)
		}
	}
}

func (t *teamPool) retake(team []int32, s int32) {
	for _, m := range team {
		t.rem[m]--
		if s >= 0 {
			t.booked[m].set(s)
		}
	}
}

// repairPairs gives a planned group whose mentors share no free slot one:
// it trades one of its mentors for one of another planned group of the
// programme where, after the trade, both groups' mentors share a free
// slot (the other group keeps its slot where it can, else takes the one
// most of its cohort are free at; this group takes the one most of its
// cohort are free at). Greedy planning can leave the last mentors so
// paired; a mentor who cannot come to the meeting is worse than any slot
// choice.
func (c *progCtx) repairPairs(pcs []*pcPlan, pool *teamPool) {
	if c.opt.MentorsPerGroup < 2 {
		return
	}
	type ref struct {
		pc *pcPlan
		j  int
	}
	var all []ref
	for _, pc := range pcs {
		for j := range pc.plans {
			all = append(all, ref{pc, j})
		}
	}
	ns := int32(len(c.slotNames))
	demand := func(pc *pcPlan, s int32) int {
		n := 0
		for _, i := range pc.studs {
			if slices.Contains(c.studentSlots(i), s) {
				n++
			}
		}
		return n
	}
	// slotFor is the free slot all of team can attend (keep if it is one),
	// else the one most of pc are free at; -1 if none.
	slotFor := func(team []int32, keep int32, pc *pcPlan) int32 {
		ok := func(s int32) bool {
			given := false
			for _, m := range team {
				if pool.booked[m].has(s) || !c.mslots[m].empty() && !c.mslots[m].has(s) {
					return false
				}
				given = given || !c.mslots[m].empty()
			}
			return given
		}
		if keep >= 0 && ok(keep) {
			return keep
		}
		best, bestN := int32(-1), -1
		for s := range ns {
			if ok(s) {
				if d := demand(pc, s); d > bestN {
					best, bestN = s, d
				}
			}
		}
		return best
	}
	book := func(team []int32, s int32, on bool) {
		if s < 0 {
			return
		}
		for _, m := range team {
			if on {
				pool.booked[m].set(s)
			} else {
				pool.booked[m][s>>6] &^= 1 << (uint(s) & 63)
			}
		}
	}
	for _, a := range all {
		ga := &a.pc.plans[a.j]
		if ga.slot >= 0 || len(ga.team) < 2 {
			continue
		}
	search:
		for _, b := range all {
			gb := &b.pc.plans[b.j]
			if gb == ga {
				continue
			}
			for ia, ma := range ga.team {
				for ib, mb := range gb.team {
					if slices.Contains(ga.team, mb) || slices.Contains(gb.team, ma) ||
						len(c.opt.MentorMix) > 0 && pool.kind[ma] != pool.kind[mb] {
						continue
					}
					if pool.diverse && (pool.classClash(ga.team, ia, mb) || pool.classClash(gb.team, ib, ma)) {
						continue
					}
					newA, newB := slices.Clone(ga.team), slices.Clone(gb.team)
					newA[ia], newB[ib] = mb, ma
					book(gb.team, gb.slot, false)
					sb := slotFor(newB, gb.slot, b.pc)
					if sb < 0 && gb.slot >= 0 {
						book(gb.team, gb.slot, true)
						continue
					}
					book(newB, sb, true)
					sa := slotFor(newA, -1, a.pc)
					if sa < 0 {
						book(newB, sb, false)
						book(gb.team, gb.slot, true)
						continue
					}
					book(newA, sa, true)
					slices.Sort(newA)
					slices.Sort(newB)
					ga.team, ga.slot = newA, sa
					gb.team, gb.slot = newB, sb
					break search
				}
			}
		}
	}
}

// classClash reports whether team with its i-th mentor replaced by m would
// hold two mentors of one cohort class.
func (t *teamPool) classClash(team []int32, i int, m int32) bool {
	for j, o := range team {
		if j != i && t.class[o] == t.class[m] {
			return true
		}
	}
	return false
}

// clusterSlots narrows the slots of students joined by with-requests (as
// the partition joins them: withClusters) to those all of their cluster
// gave, where there are any: seated together,
// they can all make their group's meeting only at such a slot, and a
// planned matching that met them at different slots would promise what
// seating cannot keep. Not in programmes small enough for the plan search,
// which judges plans by seating them (and measured better without it on
// the ILP set: seeds 8 and 20 one student short).
func (c *progCtx) clusterSlots(pc *pcPlan, slots [][]int32) {
	if len(c.p.students) <= planSearchMax {
		return
	}
	for _, m := range c.withClusters(pc, c.fewestSmallest(len(pc.studs))) {
		common := slots[m[0]]
		for _, x := range m[1:] {
			common = slices.DeleteFunc(slices.Clone(common), func(s int32) bool { return !slices.Contains(slots[x], s) })
		}
		if len(common) > 0 {
			for _, x := range m {
				slots[x] = common
			}
		}
	}
}
