package allocate

import "slices"

// Mentors are assigned to planned groups one group at a time (pick), so
// a group's move to a better slot used to need a team free there as the
// other groups stood. reassign lets a move take a mentor from another
// group that can be given a replacement, and so on (an augmenting path
// through the groups, as in a bipartite matching): every group keeps
// mentorsPerGroup mentors who gave its slot, no mentor exceeds max_groups
// or meets two groups in one slot, and where rule 4 asks for it (pool
// diverse) no group holds two mentors of one cohort class.

// reassign is the programme's planned groups and their mentors as a
// matching that moves can change and undo.
type reassign struct {
	c     *progCtx
	pool  *teamPool
	of    [][]*groupPlan // per mentor: the groups they lead
	used  []int          // per mentor: groups at the start (a move may not leave one of them idle)
	log   []reassignOp
	seenM []int
	seenG map[*groupPlan]int
	stamp int
	able  [][]int32 // per slot: the mentors who can meet then (gave)
	all   []int32   // every mentor: a group without a slot takes any
}

type reassignOp struct {
	m    int32
	g    *groupPlan
	slot int32 // g's slot when the op was made
	add  bool
}

// newReassign is nil where moves keep to pick's teams: no mentors, a
// mentor mix (one of each kind per place), or a programme small enough
// for the plan search (plansearch.go), which changes mentors itself and
// measured better from pick's teams (docs/perf/ilp). Where the pool cannot
// keep every group's cohorts apart, moves prefer mentors of a cohort the
// group lacks (augment) rather than being left out.
func (c *progCtx) newReassign(pcs []*pcPlan, pool *teamPool) *reassign {
	mpg := c.opt.MentorsPerGroup
	if c.keepTeams || mpg == 0 || len(c.opt.MentorMix) > 0 || len(c.p.students) <= planSearchMax {
		return nil
	}
	r := &reassign{c: c, pool: pool, of: make([][]*groupPlan, len(c.p.mentors)),
		used: make([]int, len(c.p.mentors)), seenM: make([]int, len(c.p.mentors)), seenG: map[*groupPlan]int{},
		able: make([][]int32, len(c.slotNames))}
	for m := range int32(len(c.p.mentors)) {
		r.all = append(r.all, m)
		for s := range int32(len(c.slotNames)) {
			if r.gave(m, s) {
				r.able[s] = append(r.able[s], m)
			}
		}
	}
	for _, pc := range pcs {
		for j := range pc.plans {
			gp := &pc.plans[j]
			for _, m := range gp.team {
				r.of[m] = append(r.of[m], gp)
				r.used[m]++
			}
		}
	}
	return r
}

// gave: mentor m can meet at slot s (gave it, or gave no slots, and no
// group outside this run holds them then).
func (r *reassign) gave(m int32, s int32) bool {
	return s < 0 || r.c.mentorCan(m, s) // a group planned without a slot asks for none
}

func (r *reassign) add(m int32, g *groupPlan) { r.addAt(m, g, g.slot) }

func (r *reassign) remove(m int32, g *groupPlan) { r.removeAt(m, g, g.slot) }

func (r *reassign) addAt(m int32, g *groupPlan, slot int32) {
	g.team = append(g.team, m)
	r.of[m] = append(r.of[m], g)
	r.pool.rem[m]--
	if slot >= 0 {
		r.pool.booked[m].set(slot)
	}
	r.log = append(r.log, reassignOp{m, g, slot, true})
}

func (r *reassign) removeAt(m int32, g *groupPlan, slot int32) {
	g.team = slices.DeleteFunc(g.team, func(x int32) bool { return x == m })
	r.of[m] = slices.DeleteFunc(r.of[m], func(h *groupPlan) bool { return h == g })
	r.pool.rem[m]++
	if slot >= 0 {
		r.pool.booked[m][slot>>6] &^= 1 << (uint(slot) & 63)
	}
	r.log = append(r.log, reassignOp{m, g, slot, false})
}

// undo reverts every change after mark (a len of the log).
func (r *reassign) undo(mark int) {
	for len(r.log) > mark {
		op := r.log[len(r.log)-1]
		if op.add {
			r.removeAt(op.m, op.g, op.slot)
		} else {
			r.addAt(op.m, op.g, op.slot)
		}
		r.log = r.log[:len(r.log)-2]
	}
}

// classTaken: g already has a mentor of m's cohort class (only counted
// where rule 4 asks for different cohorts).
func (r *reassign) classTaken(g *groupPlan, m int32) bool {
	if !r.pool.diverse {
		return false
	}
	for _, x := range g.team {
		if x != m && r.pool.class[x] == r.pool.class[m] {
			return true
		}
	}
	return false
}

// anyFirst turns the preference for a cohort the group lacks off (tests
// measure what it keeps).
var anyFirst bool

// sameClass: g already has a mentor of m's cohort class.
func (r *reassign) sameClass(g *groupPlan, m int32) bool {
	for _, x := range g.team {
		if x != m && r.pool.class[x] == r.pool.class[m] {
			return true
		}
	}
	return false
}

// fill gives g one more mentor, moving mentors between groups along an
// augmenting path where none is free.
func (r *reassign) fill(g *groupPlan) bool {
	r.stamp++
	return r.augment(g)
}

func (r *reassign) augment(g *groupPlan) bool {
	r.seenG[g] = r.stamp
	// Mentors leading no group first, then those below max_groups: an
	// idle mentor is the one a move should use.
	cand := r.all
	if g.slot >= 0 {
		cand = r.able[g.slot]
	}
	// Where the pool cannot keep every group's cohorts apart (rule 4 asks
	// it only where the pool can), a mentor of a cohort the group lacks is
	// still tried first, so moves keep as many groups mixed as they can.
	soft := !r.pool.diverse && r.c.opt.MentorsPerGroup >= 2 && !anyFirst
	for pass := range 4 {
		idleOnly, clash := pass&1 == 0, pass >= 2
		if clash && !soft {
			break
		}
		if soft {
			idleOnly, clash = pass < 2, pass&1 == 1
		}
		for _, m := range cand {
			if r.seenM[m] == r.stamp || slices.Contains(g.team, m) || r.classTaken(g, m) {
				continue
			}
			if soft && r.sameClass(g, m) != clash {
				continue
			}
			if idleOnly && len(r.of[m]) > 0 {
				continue
			}
			var clash *groupPlan // m's group at g's slot
			for _, h := range r.of[m] {
				if g.slot >= 0 && h.slot == g.slot {
					clash = h
				}
			}
			if clash == nil && r.pool.rem[m] > 0 {
				r.seenM[m] = r.stamp
				r.add(m, g)
				return true
			}
			if idleOnly {
				continue
			}
			r.seenM[m] = r.stamp
			hs := r.of[m]
			if clash != nil {
				hs = []*groupPlan{clash}
			}
			for _, h := range slices.Clone(hs) {
				if r.seenG[h] == r.stamp {
					continue
				}
				mark := len(r.log)
				r.remove(m, h)
				r.add(m, g)
				if r.augment(h) {
					return true
				}
				r.undo(mark)
			}
		}
	}
	return false
}

// move puts g at slot s with mentors who all gave it, changing other
// groups' mentors where that is needed; false (and nothing changed) when
// no assignment staffs every group, or one would leave a mentor who led a
// group idle. A move made is kept by commit or taken back by revert.
func (r *reassign) move(g *groupPlan, s int32) bool {
	mark := len(r.log)
	for _, m := range slices.Clone(g.team) {
		r.remove(m, g)
	}
	old := g.slot
	g.slot = s
	ok := true
	for range r.c.opt.MentorsPerGroup {
		if !r.fill(g) {
			ok = false
			break
		}
	}
	if ok {
		for m, n := range r.used {
			if n > 0 && len(r.of[m]) == 0 {
				ok = false
				break
			}
		}
	}
	if !ok {
		r.undo(mark)
		g.slot = old
		return false
	}
	return true
}

// exchange records that groups g and h are about to trade their slots
// and teams: each mentor's groups name the other one instead.
func (r *reassign) exchange(g, h *groupPlan) {
	for _, m := range g.team {
		for k, x := range r.of[m] {
			if x == g {
				r.of[m][k] = h
			} else if x == h {
				r.of[m][k] = g
			}
		}
	}
	for _, m := range h.team {
		if slices.Contains(g.team, m) {
			continue // swapped above
		}
		for k, x := range r.of[m] {
			if x == h {
				r.of[m][k] = g
			}
		}
	}
}

// commit keeps the moves made so far.
func (r *reassign) commit() { r.log = r.log[:0] }

// revert takes back the moves made since the last commit, the last of
// them having moved g from slot old.
func (r *reassign) revert(g *groupPlan, old int32) {
	r.undo(0)
	g.slot = old
}
