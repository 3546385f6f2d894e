package allocate

import (
	"math/rand/v2"
	"slices"
)

// Plan search. Planning chooses each group's meeting slot and mentors on
// counts (how many students are free at a slot), which cannot see what
// seating then meets: rule 6 in groups of three or four, avoid and with
// requests, two groups wanting the same few mentors. In a small programme
// seating is cheap, so the plan itself is searched: a seeded walk of
// small changes — a group to another slot, one of its mentors for another,
// or both — each judged by seating every cohort (without the coverage
// annealing), keeping changes that are no worse and the best plan seen,
// which is then seated in full and kept if it beats the first plan's
// seating. A change whose planned matching (students matched to a planned
// meeting they are free at) falls more than planSearchSlack below the
// students the current arrangement covers is not seated: the matching is
// close to what seating can reach, and far cheaper.

const (
	// planSearchMax is the largest programme (students) whose plan is
	// searched; planSearchSteps the changes tried per student, and
	// planSearchWork the seating searches' steps (see progCtx.work) the
	// plan search may spend per student — a bound on its time that gives
	// the same result on every run.
	planSearchMax   = 40
	planSearchSteps = 20
	planSearchWork  = 8000
	planSearchSlack = 2
	planSearchEvals = 300
	// planSearchMark is the share of the programme's students (per cent)
	// free at their meeting below which the search goes on for
	// planSearchReach times as long (issue 10's 0.95), where it is at
	// most planSearchNear students short.
	planSearchMark  = 95
	planSearchReach = 10
	planSearchNear  = 2
	// planSearchDownSteps, planSearchDownEvals, planSearchDown: the second
	// walk near the mark tries this many changes per student (most are
	// turned away by the planned matching before any seating), with this
	// many times planSearchEvals seatings and planSearchWork steps, and
	// takes one in planSearchDown of the changes that cost one student.
	// (Seed 7 of the ILP set needs about 320 seatings and 400 changes per
	// student.)
	planSearchDownSteps = 1000
	planSearchDownEvals = 3
	planSearchDown      = 4
)

// planSearchable: the programme is small, its students gave slots and
// it forms two groups or more (one group's slot is settled by its
// mentors' best common slot anyway).
func (c *progCtx) planSearchable(pcs []*pcPlan) bool {
	k := 0
	for _, pc := range pcs {
		k += len(pc.plans)
	}
	return len(c.p.students) <= planSearchMax && len(c.slotNames) > 0 && k >= 2
}

// clone copies the pool so a plan can be seated without using it up.
func (t *teamPool) clone() *teamPool {
	u := *t
	u.rem = slices.Clone(t.rem)
	u.booked = make([]bitset, len(t.booked))
	for i, b := range t.booked {
		u.booked[i] = slices.Clone(b)
	}
	return &u
}

// searchPlans walks from the current plans and returns the best
// realisation seen (the first, unless a change found a better one).
func (c *progCtx) searchPlans(pcs []*pcPlan, pool *teamPool) realised {
	eval := func() realised {
		c.rng = c.newRand()
		return c.realise(pcs, pool.clone())
	}
	full := eval()
	if full.covered == full.placed || full.pen > 0 {
		// Nothing to gain; or rules 5 and 6 are not all met, where every
		// seating runs the long repairs and a plan change seldom helps.
		return full
	}
	c.quick = true
	best := eval()
	type ref struct {
		pc *pcPlan
		j  int
	}
	var groups []ref
	for _, pc := range pcs {
		for j := range pc.plans {
			groups = append(groups, ref{pc, j})
		}
	}
	if len(groups) == 0 {
		return best
	}
	// Each cohort's planned matching (students matched to a planned
	// meeting they are free at): a change whose matching falls below the
	// students the current arrangement already covers is not seated.
	flow := make(map[*pcPlan]int, len(pcs))
	flowSum := 0
	for _, pc := range pcs {
		flow[pc] = c.newCohortFlow(pc).covered()
		flowSum += flow[pc]
	}
	rng := rand.New(rand.NewPCG(uint64(c.opt.Seed), c.stream^0x9e3779b97f4a7c15))
	hope := c.reachBound(pcs)*100 >= planSearchMark*best.placed
	// short is how many students r is short of the share a coordinator
	// counts on (planSearchMark).
	short := func(r *realised) int { return (planSearchMark*r.placed+99)/100 - r.covered }
	// walk changes the plans from cur (their quick seating), keeping
	// changes that are no worse — and, with down, one in planSearchDown
	// of those that cost one student — and returns the plans of the best
	// seating seen, nil if none beat cur. limit gives, from the best seen
	// so far, the multiples of planSearchEvals seatings and of
	// planSearchWork seating steps per student allowed, and the changes
	// tried per student.
	walk := func(cur realised, down bool, limit func(best *realised) (evals, work, steps int)) [][]groupPlan {
		best := cur
		var bestPlans [][]groupPlan
		stop := c.work
		evals := 0
		for step := 0; ; step++ {
			reach, work, steps := limit(&best)
			if step >= steps*len(c.p.students) || c.work > stop+work*planSearchWork*len(c.p.students) || best.covered == best.placed {
				break
			}
			r := groups[rng.IntN(len(groups))]
			gp := &r.pc.plans[r.j]
			was := groupPlan{size: gp.size, slot: gp.slot, team: slices.Clone(gp.team)}
			ok := false
			switch rng.IntN(3) {
			case 0:
				ok = c.moveSlot(r.pc, gp, pool, rng)
			case 1:
				ok = c.swapMentor(gp, pool, rng)
			default:
				ok = c.moveSlot(r.pc, gp, pool, rng) && c.swapMentor(gp, pool, rng)
			}
			f := 0
			if ok {
				f = c.newCohortFlow(r.pc).covered()
				if flowSum-flow[r.pc]+f < cur.covered-planSearchSlack {
					ok = false
				}
			}
			if ok {
				if evals++; evals > reach*planSearchEvals {
					break
				}
				cand := eval()
				stepDown := down && cand.placed == cur.placed && cand.pen == cur.pen &&
					cand.covered+1 == cur.covered && rng.IntN(planSearchDown) == 0
				if (!cur.better(&cand) || stepDown) && (!cand.idleBad || best.idleBad) {
					cur = cand
					flowSum += f - flow[r.pc]
					flow[r.pc] = f
					if cand.better(&best) {
						best = cand
						bestPlans = bestPlans[:0]
						for _, pc := range pcs {
							bestPlans = append(bestPlans, slices.Clone(pc.plans))
						}
					}
					continue
				}
			}
			// Undo: give back whatever gp holds now, take the old plan again.
			pool.release(gp.team, gp.slot)
			*gp = was
			pool.retake(gp.team, gp.slot)
		}
		return bestPlans
	}
	// A programme a student or two short of the mark, where reachBound
	// does not rule it out, gets planSearchReach times the changes and
	// seatings (the same seating steps); one past it, far from it or that
	// cannot get there stops at the plain budget.
	bestPlans := walk(best, false, func(b *realised) (int, int, int) {
		if d := short(b); d > 0 && d <= planSearchNear && hope {
			return planSearchReach, 1, planSearchReach * planSearchSteps
		}
		return 1, 1, planSearchSteps
	})
	c.quick = false
	out := full
	var left [][]groupPlan // the plans the walk ended on, which pool books
	for _, pc := range pcs {
		left = append(left, slices.Clone(pc.plans))
	}
	if bestPlans != nil {
		for i, pc := range pcs {
			pc.plans = bestPlans[i]
		}
		if r := eval(); r.better(&full) {
			out = r
		}
	}
	// Still a student or two short where it may be reachable: walk on
	// from the best plans, stepping one student down now and then — the
	// plans that reach the mark can lie past a change that first costs a
	// student (issue 10's seed 7 of the ILP set) — and keep what beats
	// the walk above.
	if d := short(&out); d <= 0 || d > planSearchNear || !hope {
		return out
	}
	rebook(pool, left, pcs)
	flowSum = 0
	for _, pc := range pcs {
		flow[pc] = c.newCohortFlow(pc).covered()
		flowSum += flow[pc]
	}
	c.quick = true
	from := eval()
	downPlans := walk(from, true, func(*realised) (int, int, int) {
		return planSearchDownEvals, planSearchDownEvals, planSearchDownSteps
	})
	c.quick = false
	if downPlans == nil {
		return out
	}
	for i, pc := range pcs {
		pc.plans = downPlans[i]
	}
	if r := eval(); r.better(&out) {
		return r
	}
	return out
}

// rebook moves pool's bookings from the plans it holds (was) to the plans
// of pcs as they are now.
func rebook(pool *teamPool, was [][]groupPlan, pcs []*pcPlan) {
	for _, plans := range was {
		for _, gp := range plans {
			pool.release(gp.team, gp.slot)
		}
	}
	for _, pc := range pcs {
		for _, gp := range pc.plans {
			pool.retake(gp.team, gp.slot)
		}
	}
}

// moveSlot gives gp another meeting slot, one a random student of its
// cohort gave, with its own team where all of them are free then, else a
// team the pool picks. gp's team is taken from the pool before and after.
// False when no move was made (gp is then unchanged).
func (c *progCtx) moveSlot(pc *pcPlan, gp *groupPlan, pool *teamPool, rng *rand.Rand) bool {
	pool.release(gp.team, gp.slot)
	sl := c.studentSlots(pc.studs[rng.IntN(len(pc.studs))])
	if len(sl) == 0 {
		pool.retake(gp.team, gp.slot)
		return false
	}
	s := sl[rng.IntN(len(sl))]
	if s == gp.slot {
		pool.retake(gp.team, gp.slot)
		return false
	}
	if pool.teamFree(gp.team, s) {
		gp.slot = s
		pool.retake(gp.team, s)
		return true
	}
	team := pool.pick(s, 0)
	if team == nil {
		pool.retake(gp.team, gp.slot)
		return false
	}
	gp.slot, gp.team = s, team
	return true
}

// teamFree: every mentor of team can take one more group at slot s.
func (t *teamPool) teamFree(team []int32, s int32) bool {
	for _, m := range team {
		if t.rem[m] <= 0 || t.booked[m].has(s) || !t.c.mslots[m].empty() && !t.c.mslots[m].has(s) {
			return false
		}
	}
	return true
}

// swapMentor replaces one mentor of gp (its team taken from the pool) by a random other mentor who can lead one more group at gp's slot (of
// the same mix kind; of another cohort class than the rest where rule 4
// asks for it). False when there is none; gp is then unchanged.
func (c *progCtx) swapMentor(gp *groupPlan, pool *teamPool, rng *rand.Rand) bool {
	if len(gp.team) == 0 {
		return false
	}
	i := rng.IntN(len(gp.team))
	old := gp.team[i]
	var cand []int32
	for m := range int32(len(pool.rem)) {
		if slices.Contains(gp.team, m) || pool.rem[m] <= 0 ||
			len(c.opt.MentorMix) > 0 && pool.kind[m] != pool.kind[old] ||
			pool.diverse && pool.classClash(gp.team, i, m) {
			continue
		}
		if gp.slot >= 0 && (pool.booked[m].has(gp.slot) || !c.mslots[m].empty() && !c.mslots[m].has(gp.slot)) {
			continue
		}
		cand = append(cand, m)
	}
	if len(cand) == 0 {
		return false
	}
	m := cand[rng.IntN(len(cand))]
	pool.release([]int32{old}, gp.slot)
	pool.retake([]int32{m}, gp.slot)
	gp.team = slices.Clone(gp.team)
	gp.team[i] = m
	slices.Sort(gp.team)
	return true
}

// reachBound is an upper bound on the students of pcs that any plan with
// the same group counts can have free at their meeting: per cohort, a
// matching of its students to slots where each slot holds at most as many
// groups as the cohort has and as teams of mentors who gave it (or gave
// no slots, and are not booked then) can staff — each mentor at most once
// per slot — of the cohort's largest group size. Cohorts share mentors,
// which the bound ignores, so it only errs upward.
func (c *progCtx) reachBound(pcs []*pcPlan) int {
	ns := int32(len(c.slotNames))
	mpg := c.opt.MentorsPerGroup
	able := make([]int, ns)
	for j := range c.p.mentors {
		for s := range ns {
			if c.mentorCan(int32(j), s) {
				able[s]++
			}
		}
	}
	total := 0
	for _, pc := range pcs {
		if pc.k == 0 {
			continue
		}
		m := min(len(pc.studs), pc.k*c.opt.GroupMax)
		size := (m + pc.k - 1) / pc.k
		f := c.newCohortFlow(&pcPlan{studs: pc.studs})
		for s := range ns {
			groups := pc.k
			if mpg > 0 {
				groups = min(groups, able[s]/mpg)
			}
			f.cap[s] = groups * size
		}
		f.augmentAll()
		total += min(f.covered(), m)
	}
	return total
}
