package allocate

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
)

// bitset is a set of interned slot ids; programmes rarely use more than
// the 55 slots mon08..fri18, so it is usually one word.
type bitset []uint64

func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }
func (b bitset) set(i int32)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) empty() bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}

// progCtx holds one programme's working state.
type progCtx struct {
	opt       Options
	p         *prog
	st        []Student
	ms        []Mentor
	rng       *rand.Rand
	stream    uint64   // the programme's random stream, see newRand
	work      int      // steps taken by the searches of seating, a measure of time that repeats
	quick     bool     // seat without the coverage annealing (plan search's trial seatings)
	keepTeams bool     // plan moves keep to free teams (planProgrammeTeams)
	slotNames []string // sorted, so a lower id is the lexically smaller slot
	slotOf    map[string]int32
	words     int
	mslots    []bitset // per entry of p.mentors
	busy      map[string][]string
	mbusy     []bitset          // per entry of p.mentors: slots taken by groups outside this run
	sslots    map[int32][]int32 // each student's slot ids, see studentSlots
}

// pcPlan is one programme+cohort: its students and how many groups it gets.
type pcPlan struct {
	cohort string
	studs  []int32 // global indices, sorted by number
	kFull  int     // groups it needs to seat everyone (the fewest group-max allows)
	kMax   int     // the most groups group-min allows
	k      int     // groups it gets
	plans  []groupPlan
}

func allocateProgramme(p *prog, st []Student, ms []Mentor, opt Options, busy map[string][]string) progOut {
	c, pcs, pool := planProgramme(p, st, ms, opt, busy)
	if c.planSearchable(pcs) {
		return c.searchPlans(pcs, pool).out
	}
	return c.realise(pcs, pool).out
}

// planProgramme sets up a programme's working state and plans its groups.
func planProgramme(p *prog, st []Student, ms []Mentor, opt Options, busy map[string][]string) (*progCtx, []*pcPlan, *teamPool) {
	return planProgrammeTeams(p, st, ms, opt, busy, false)
}

// planProgrammeTeams is planProgramme; with keepTeams a planned group
// moves only to a slot where a team is free as the others stand (no
// reassign), as before mentors followed moves — tests compare the two.
func planProgrammeTeams(p *prog, st []Student, ms []Mentor, opt Options, busy map[string][]string, keepTeams bool) (*progCtx, []*pcPlan, *teamPool) {
	h := fnv.New64a()
	h.Write([]byte(p.code))
	c := &progCtx{opt: opt, p: p, st: st, ms: ms, stream: h.Sum64(), busy: busy, keepTeams: keepTeams}
	c.rng = c.newRand()
	c.internSlots()
	pcs := c.cohorts()
	pool := c.planGroups(pcs)
	c.planCohorts(pcs, pool)
	c.repairPairs(pcs, pool)
	c.improvePlans(pcs, pool)
	return c, pcs, pool
}

// newRand is the programme's seeded random source; every realisation of
// a plan starts from a fresh one, so the same plan always seats alike.
func (c *progCtx) newRand() *rand.Rand {
	return rand.New(rand.NewPCG(uint64(c.opt.Seed), c.stream))
}

// realised is a plan seated: the programme's groups and how good they are.
type realised struct {
	out     progOut
	placed  int // students in a group
	pen     int // rule 5/6 offences left (part.penalty's weights)
	covered int // students free at their group's meeting
	idleBad bool
}

// better orders realisations: more students placed, then fewer rule 5/6
// offences, then more students free at their meeting.
func (r *realised) better(o *realised) bool {
	switch {
	case r.placed != o.placed:
		return r.placed > o.placed
	case r.pen != o.pen:
		return r.pen < o.pen
	}
	return r.covered > o.covered
}

// realise seats every cohort in its planned groups and settles the
// meeting slots. It uses up pool as seating forms groups.
func (c *progCtx) realise(pcs []*pcPlan, pool *teamPool) realised {
	var r realised
	out := &r.out
	used := make([]int, len(c.p.mentors))
	var built []builtGroup
	for _, pc := range pcs {
		placed, waiting, reason := c.choosePlaced(pc)
		if pc.k > 0 {
			var gs []builtGroup
			var pen int
			gs, waiting, pen = c.seat(pc, placed, waiting, pool, out)
			r.pen += pen
			for _, g := range gs {
				for _, m := range g.team {
					used[m]++
				}
				r.placed += len(g.members)
				built = append(built, g)
			}
		}
		for _, i := range waiting {
			out.unassigned = append(out.unassigned, Unassigned{StudentNumber: c.st[i].Number, Reason: reason})
		}
	}
	out.groups, r.covered = c.buildGroups(built)
	below := 0
	for i, m := range c.p.mentors {
		if used[i] < effMax(&c.ms[m]) {
			below++
		}
		if used[i] == 0 {
			out.idleMentor = append(out.idleMentor, c.ms[m].ID)
		}
	}
	// Rule 7's idle mentor, as the checker reads it: one leads no group
	// while enough mentors are below their max_groups to staff another.
	r.idleBad = len(out.idleMentor) > 0 && below >= c.opt.MentorsPerGroup
	return r
}

func (c *progCtx) internSlots() {
	seen := map[string]struct{}{}
	for _, i := range c.p.students {
		for _, s := range c.st[i].Slots {
			seen[s] = struct{}{}
		}
	}
	for _, i := range c.p.mentors {
		for _, s := range c.ms[i].Slots {
			seen[s] = struct{}{}
		}
		for _, s := range c.busy[c.ms[i].ID] {
			seen[s] = struct{}{}
		}
	}
	c.slotNames = make([]string, 0, len(seen))
	for s := range seen {
		c.slotNames = append(c.slotNames, s)
	}
	slices.Sort(c.slotNames)
	c.slotOf = make(map[string]int32, len(c.slotNames))
	for i, s := range c.slotNames {
		c.slotOf[s] = int32(i)
	}
	c.words = max(1, (len(c.slotNames)+63)/64)
	c.mslots = make([]bitset, len(c.p.mentors))
	for j, i := range c.p.mentors {
		c.mslots[j] = c.slotSet(c.ms[i].Slots)
	}
	c.mbusy = make([]bitset, len(c.p.mentors))
	for j, i := range c.p.mentors {
		c.mbusy[j] = c.slotSet(c.busy[c.ms[i].ID])
	}
	// Each student's interned slots, without repeats (a repeated slot must
	// not count a student twice), once for planning, seating and slots.
	n := 0
	for _, i := range c.p.students {
		n += len(c.st[i].Slots)
	}
	flat := make([]int32, 0, n)
	c.sslots = make(map[int32][]int32, len(c.p.students))
	for _, i := range c.p.students {
		start := len(flat)
		for _, s := range c.st[i].Slots {
			if id := c.slotOf[s]; !slices.Contains(flat[start:], id) {
				flat = append(flat, id)
			}
		}
		c.sslots[i] = flat[start:len(flat):len(flat)]
	}
}

// studentSlots is student i's interned slots without repeats; read only.
func (c *progCtx) studentSlots(i int32) []int32 { return c.sslots[i] }

func (c *progCtx) slotSet(slots []string) bitset {
	b := make(bitset, c.words)
	for _, s := range slots {
		b.set(c.slotOf[s])
	}
	return b
}

func (c *progCtx) cohorts() []*pcPlan {
	var pcs []*pcPlan
	for _, i := range c.p.students {
		if len(pcs) == 0 || pcs[len(pcs)-1].cohort != c.st[i].Cohort {
			pcs = append(pcs, &pcPlan{cohort: c.st[i].Cohort})
		}
		pc := pcs[len(pcs)-1]
		pc.studs = append(pc.studs, i)
	}
	for _, pc := range pcs {
		pc.kFull = fullGroups(len(pc.studs), c.opt.GroupMin, c.opt.GroupMax)
		pc.kMax = max(pc.kFull, len(pc.studs)/c.opt.GroupMin)
		// Rule 5 outranks the choice of group count: more, smaller groups
		// only while the largest with-cluster still fits the smallest.
		if pc.kFull > 0 {
			sizes := c.clusterSizes(pc, len(pc.studs)/pc.kFull)
			for pc.kMax > pc.kFull && !clustersFit(sizes, len(pc.studs), pc.kMax) {
				pc.kMax--
			}
			c.fitRule6(pc)
		}
	}
	return pcs
}

// fitRule6 lowers pc.kMax, in cohorts of at most relaxLimit students, to
// the most groups in which rule 6 can hold (rule6Possible), since rule 6
// outranks rule 7's choice of group count: never below kFull, nor to one
// group around an avoid pair (rule 5 outranks rule 6). Where rule 6 holds
// at no count in reach, kMax stays.
func (c *progCtx) fitRule6(pc *pcPlan) {
	if len(pc.studs) > relaxLimit || pc.kMax <= pc.kFull {
		return
	}
	lo := pc.kFull
	if lo < 2 && pc.kMax >= 2 && c.hasAvoidPair(pc) {
		lo = 2
	}
	for k := pc.kMax; k >= lo; k-- {
		if c.rule6Possible(pc.studs, k) {
			pc.kMax = k
			return
		}
	}
}

// fullGroups is the number of groups n students form: ceil(n/max), or, when
// that many groups cannot all reach min, the most groups that can (then
// some students stay unplaced for want of room); one undersized group
// below min.
func fullGroups(n, lo, hi int) int {
	switch {
	case n == 0:
		return 0
	case n < lo:
		return 1
	}
	k := (n + hi - 1) / hi
	if k*lo > n {
		k = n / lo
	}
	return k
}

// effMax is a mentor's group limit; a zero MaxGroups means the CSV default 1.
func effMax(m *Mentor) int { return max(1, m.MaxGroups) }

// planGroups decides pc.k and returns the mentor pool for planning.
// Placing students comes first (rule 1): while mentors are short, groups
// go one at a time to the cohort whose next group places the most
// students (ties: earlier cohort), which maximises placed students since
// each cohort's marginal gains only fall; whole groups are left unformed
// rather than undersized. Mentors left over then lead extra, smaller
// groups (rule 7: no mentor idle while a group could be formed), each to
// the cohort whose groups are largest, up to the most group-min allows.
func (c *progCtx) planGroups(pcs []*pcPlan) *teamPool {
	want := 0
	for _, pc := range pcs {
		want += pc.kMax
	}
	pool := c.newTeamPool()
	limit := pool.limit(want)
	// Rule 4 asks for mentors of different cohorts in the groups actually
	// formed, whenever the pool allows it for that many.
	pool.diverse = c.opt.MentorsPerGroup >= 2 && len(c.opt.MentorMix) == 0 && pool.classFeasible(limit)
	placed := func(pc *pcPlan, k int) int { return min(len(pc.studs), k*c.opt.GroupMax) }
	total := 0
	for total < limit {
		var best *pcPlan
		bestGain := 0
		for _, pc := range pcs {
			if pc.k < pc.kFull {
				if g := placed(pc, pc.k+1) - placed(pc, pc.k); g > bestGain {
					best, bestGain = pc, g
				}
			}
		}
		if best == nil {
			break
		}
		best.k++
		total++
	}
	// Rule 5 outranks the choice of group count: a cohort that would form
	// one group around an avoid pair gets a second one first.
	for _, pc := range pcs {
		if total < limit && pc.k == 1 && pc.kMax >= 2 && c.hasAvoidPair(pc) {
			pc.k++
			total++
		}
	}
	for total < limit {
		var best *pcPlan
		for _, pc := range pcs {
			if pc.k >= pc.kFull && pc.k < pc.kMax &&
				(best == nil || len(pc.studs)*best.k > len(best.studs)*pc.k) {
				best = pc
			}
		}
		if best == nil {
			break
		}
		best.k++
		total++
	}
	return pool
}

// choosePlaced returns the students of pc that get a group, those left
// waiting for want of room and the reason they wait. Students free at one of the planned meeting slots
// go first; who else is left out is a seeded draw, not list order, so no
// student number is systematically unlucky.
func (c *progCtx) choosePlaced(pc *pcPlan) (placed, waiting []int32, reason string) {
	n := len(pc.studs)
	m := min(n, pc.k*c.opt.GroupMax)
	if m == n {
		return pc.studs, nil, ""
	}
	reason = "no mentor available for " + c.p.code + " " + pc.cohort
	if pc.k >= pc.kFull {
		reason = "group size limits leave no room in " + c.p.code + " " + pc.cohort
	}
	planned := make(bitset, c.words)
	for _, gp := range pc.plans {
		if gp.slot >= 0 {
			planned.set(gp.slot)
		}
	}
	perm := c.rng.Perm(n)
	fits := func(x int) bool {
		for _, s := range c.st[pc.studs[x]].Slots {
			if planned.has(c.slotOf[s]) {
				return true
			}
		}
		return false
	}
	slices.SortStableFunc(perm, func(a, b int) int {
		fa, fb := fits(a), fits(b)
		switch {
		case fa && !fb:
			return -1
		case fb && !fa:
			return 1
		}
		return 0
	})
	out1 := make([]bool, n)
	for _, x := range perm[m:] {
		out1[x] = true
	}
	placed = make([]int32, 0, m)
	for x, i := range pc.studs {
		if out1[x] {
			waiting = append(waiting, i)
		} else {
			placed = append(placed, i)
		}
	}
	return placed, waiting, reason
}

// mentorCan reports whether mentor m (an index of p.mentors) can meet at
// slot s: they gave it, or gave no slots, and no group outside this run
// holds them then.
func (c *progCtx) mentorCan(m, s int32) bool {
	return (c.mslots[m].empty() || c.mslots[m].has(s)) && !c.mbusy[m].has(s)
}

// commonSlots is the set of slots all of a group's mentors who gave slots
// share, or nil when none gave any or they share none (then any slot may
// be used).
func (c *progCtx) commonSlots(gm []int32) bitset {
	var b bitset
	for _, m := range gm {
		if c.mslots[m].empty() {
			continue // a mentor who gave no slots constrains nothing
		}
		if b == nil {
			b = slices.Clone(c.mslots[m])
			continue
		}
		for w := range b {
			b[w] &= c.mslots[m][w]
		}
	}
	if b == nil || b.empty() {
		return nil
	}
	return b
}

// hasAvoidPair reports whether a student of pc asks to avoid another of it.
func (c *progCtx) hasAvoidPair(pc *pcPlan) bool {
	in := make(map[string]bool, len(pc.studs))
	for _, i := range pc.studs {
		in[c.st[i].Number] = true
	}
	for _, i := range pc.studs {
		if a := c.st[i].Avoid; a != "" && a != c.st[i].Number && in[a] {
			return true
		}
	}
	return false
}

// clustersFit reports whether with-clusters of the given sizes (all above
// one) pack into k groups of n students of balanced size (n mod k groups
// of n/k+1, the rest n/k): first fit, largest first.
func clustersFit(sizes []int, n, k int) bool {
	room := make([]int, k)
	for g := range room {
		room[g] = n / k
		if g < n%k {
			room[g]++
		}
	}
	sorted := slices.Clone(sizes)
	slices.SortFunc(sorted, func(a, b int) int { return b - a })
	for _, sz := range sorted {
		placed := false
		for g := range room {
			if room[g] >= sz {
				room[g] -= sz
				placed = true
				break
			}
		}
		if !placed {
			return false
		}
	}
	return true
}

// clusterSizes are the sizes (above one) of pc's with-clusters
// (withClusters).
func (c *progCtx) clusterSizes(pc *pcPlan, limit int) []int {
	var sizes []int
	for _, m := range c.withClusters(pc, limit) {
		sizes = append(sizes, len(m))
	}
	return sizes
}

// withClusters are the groups (above one, by index in pc.studs) of
// students of pc that with-requests join, joined as the partition joins
// them: in order of the asking student's number, skipping a join that
// would put an avoid pair together or make the cluster larger than limit.
func (c *progCtx) withClusters(pc *pcPlan, limit int) [][]int {
	if !slices.ContainsFunc(pc.studs, func(i int32) bool { return c.st[i].With != "" }) {
		return nil
	}
	idx := make(map[string]int, len(pc.studs))
	for x, i := range pc.studs {
		idx[c.st[i].Number] = x
	}
	root := make([]int, len(pc.studs))
	members := make([][]int, len(pc.studs))
	for x := range root {
		root[x] = x
		members[x] = []int{x}
	}
	for x, i := range pc.studs {
		t, ok := idx[c.st[i].With]
		if !ok || c.st[i].With == "" {
			continue
		}
		a, b := root[x], root[t]
		if a == b || len(members[a])+len(members[b]) > limit {
			continue
		}
		conflict := false
		for _, y := range members[a] {
			for _, z := range members[b] {
				sy, sz := &c.st[pc.studs[y]], &c.st[pc.studs[z]]
				conflict = conflict || sy.Avoid == sz.Number || sz.Avoid == sy.Number
			}
		}
		if conflict {
			continue
		}
		for _, y := range members[b] {
			root[y] = a
		}
		members[a] = append(members[a], members[b]...)
		members[b] = nil
	}
	var out [][]int
	for x, m := range members {
		if root[x] == x && len(m) > 1 {
			out = append(out, m)
		}
	}
	return out
}
