package allocate

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// builtGroup is a seated group before its meeting slot is settled.
type builtGroup struct {
	cohort  string
	members []int32 // global student indices
	team    []int32 // local mentor indices
	slot    int32   // planned slot, -1 when none was planned
}

// seat partitions pc's placed students into its planned groups and
// returns them with the students still waiting for room and the rule 5/6
// penalty the partition left (part.penalty). Rule 5
// has no exception: when the partition cannot part an avoid pair, the
// student who asked to avoid the other (the later number when both asked)
// is left unassigned with the reason, the first student waiting for room
// (if any) takes the place, and the cohort is seated again; a group whose
// size would fall below group-min is given up (its mentors are then free)
// rather than undersized.
func (c *progCtx) seat(pc *pcPlan, placed, waiting []int32, pool *teamPool, out *progOut) ([]builtGroup, []int32, int) {
	var dropped []int32          // global indices of students left out for rule 5
	returned := map[int32]bool{} // dropped students given a second try
	plans := pc.plans
	fewer := false // fewer groups were tried for rule 6 and did not help
	for {
		k := len(plans)
		allowed := make([]bitset, k)
		for j, gp := range plans {
			if gp.slot >= 0 {
				allowed[j] = make(bitset, c.words)
				allowed[j].set(gp.slot)
			}
		}
		// Large cohorts start without minority pairs (the repair's
		// cheapest moves do better from there) and try the paired start
		// where offences remain; small ones, where the coverage annealing
		// follows, the other way round (from there it measured better
		// against the exact optimum, docs/perf/ilp).
		small := len(placed) <= annealCoverMax
		p := c.newPart(placed, k, allowed)
		p.noSoft, p.withLimit = !small, c.fewestSmallest(len(placed)+len(dropped))
		p.run()
		if p.pen > 0 && p.pen > p.unavoidable() {
			// The searches are seeded local ones: from the other start
			// they may find what they missed.
			q := c.newPart(placed, k, allowed)
			q.noSoft, q.withLimit = small, p.withLimit
			if q.run(); q.pen < p.pen {
				p = q
			}
		}
		if p.pen > 0 && p.pen < avoidWeight && p.m <= relaxLimit && k > pc.kFull && k > 1 && !fewer {
			// The searches found no arrangement of this many groups that
			// isolates nobody (rule 6; exhaustive up to exactLimit
			// students); fewer groups may allow one — unless they put an
			// avoid pair together (rule 5 outranks 6). Counts that cannot
			// split without a lone minority member are not tried.
			fewer = true // once: the next round keeps what it finds
			best, bestPen := k, p.pen
			for kk := k - 1; kk >= max(pc.kFull, 1) && bestPen > 0; kk-- {
				if !c.rule6Possible(placed, kk) {
					continue
				}
				q := c.newPart(placed, kk, allowed[:kk])
				q.withLimit = p.withLimit
				if q.run(); q.pen < bestPen {
					best, bestPen = kk, q.pen
				}
			}
			if best < k {
				plans = plans[:best]
				continue
			}
		}
		// One student at a time: the one in the most pairs left together
		// (ties: who asked, of the first such pair), then seat again — so
		// nobody is left out whose partner has already gone.
		in := make([]int, p.m)
		var first [2]int32
		pairs := 0
		for x := range p.m {
			for _, y := range p.avoid[x] {
				if y > int32(x) && p.grp[x] == p.grp[y] {
					if pairs == 0 {
						first = [2]int32{int32(x), y}
					}
					pairs++
					in[x]++
					in[y]++
				}
			}
		}
		var drop []int32 // local indices
		if pairs == 0 {
			if x := p.clusterBreaker(); x >= 0 {
				// A with-cluster had to be split around a student it avoids
				// (or who avoids one of it): rule 5 keeps both requests by
				// leaving that student out (or seating them apart below).
				drop = append(drop, x)
			}
		}
		if pairs > 0 {
			out := p.leaveOut(first[0], first[1])
			for x := range p.m {
				if in[x] > in[out] {
					out = int32(x)
				}
			}
			drop = append(drop, out)
		}
		if len(drop) == 0 {
			// One left out earlier whose partners have all gone since comes
			// back, if there is room.
			if back := c.canReturn(dropped, placed, k, returned); back >= 0 {
				returned[dropped[back]] = true
				placed = append(placed, dropped[back])
				slices.SortFunc(placed, func(a, b int32) int { return strings.Compare(c.st[a].Number, c.st[b].Number) })
				dropped = slices.Delete(dropped, back, back+1)
				continue
			}
			gs := make([]builtGroup, k)
			for j := range gs {
				gs[j] = builtGroup{cohort: pc.cohort, team: plans[j].team, slot: plans[j].slot}
			}
			for x, g := range p.grp {
				gs[g].members = append(gs[g].members, placed[x])
			}
			if len(dropped) > 0 {
				reason := "avoid request cannot be met in " + c.p.code + " " + pc.cohort
				if g, ok := c.ownGroup(pc, dropped, gs, pool); ok {
					gs = append(gs, g)
				} else {
					for _, i := range dropped {
						out.unassigned = append(out.unassigned, Unassigned{StudentNumber: c.st[i].Number, Reason: reason})
					}
				}
				// A group the students left out took below group-min, in a
				// cohort that is not that small, cannot stand (rule 3).
				if len(pc.studs) >= c.opt.GroupMin && len(gs) > 1 {
					gs = slices.DeleteFunc(gs, func(g builtGroup) bool {
						if len(g.members) >= c.opt.GroupMin {
							return false
						}
						for _, i := range g.members {
							out.unassigned = append(out.unassigned, Unassigned{StudentNumber: c.st[i].Number, Reason: reason})
						}
						pool.release(g.team, -1)
						return true
					})
				}
			}
			return gs, waiting, p.pen
		}
		keep := make([]int32, 0, len(placed))
		for x, i := range placed {
			if slices.Contains(drop, int32(x)) {
				dropped = append(dropped, i)
			} else {
				keep = append(keep, i)
			}
		}
		placed = keep
		if len(waiting) > 0 {
			placed = append(placed, waiting[0])
			slices.SortFunc(placed, func(a, b int32) int { return strings.Compare(c.st[a].Number, c.st[b].Number) })
			waiting = waiting[1:]
		}
		for len(plans) > 1 && len(placed) < len(plans)*c.opt.GroupMin {
			plans = plans[:len(plans)-1]
		}
		// Fewer groups may not seat everyone left (group-max).
		for len(placed) > len(plans)*c.opt.GroupMax {
			i := placed[len(placed)-1]
			placed = placed[:len(placed)-1]
			out.unassigned = append(out.unassigned, Unassigned{StudentNumber: c.st[i].Number,
				Reason: "group size limits leave no room in " + c.p.code + " " + pc.cohort})
		}
	}
}

// ownGroup forms a group of the students rule 5 left out, where they may
// meet together (no avoid request among them), are enough for group-min,
// mentors can lead one more group, and its size either fits the others'
// (differing by at most one) or is the smallest while every one of them
// has an avoid request with someone in every other group — sizes as even
// as the requests allow (rule 3).
func (c *progCtx) ownGroup(pc *pcPlan, dropped []int32, gs []builtGroup, pool *teamPool) (builtGroup, bool) {
	n := len(dropped)
	if n < max(c.opt.GroupMin, 1) || n > c.opt.GroupMax {
		return builtGroup{}, false
	}
	avoids := func(a, b int32) bool {
		sa, sb := &c.st[a], &c.st[b]
		return sa.Avoid == sb.Number || sb.Avoid == sa.Number
	}
	for i, a := range dropped {
		for _, b := range dropped[i+1:] {
			if avoids(a, b) {
				return builtGroup{}, false
			}
		}
	}
	even := true
	for _, g := range gs {
		if d := len(g.members) - n; d > 1 || d < -1 {
			even = false
		}
	}
	if !even {
		for _, g := range gs {
			if len(g.members) < n {
				return builtGroup{}, false
			}
		}
		for _, a := range dropped {
			for _, g := range gs {
				if !slices.ContainsFunc(g.members, func(b int32) bool { return avoids(a, b) }) {
					return builtGroup{}, false
				}
			}
		}
	}
	team := pool.pick(-1, 0)
	if team == nil {
		return builtGroup{}, false
	}
	members := slices.Clone(dropped)
	slices.SortFunc(members, func(a, b int32) int { return strings.Compare(c.st[a].Number, c.st[b].Number) })
	return builtGroup{cohort: pc.cohort, members: members, team: team, slot: -1}, true
}

// clusterBreaker, when the partition split a with-cluster, is a student in
// no with-cluster with an avoid request either way — preferably with a
// member of a split cluster, then the most requests, then the lowest
// number; -1 if none or nothing was split.
func (p *part) clusterBreaker() int32 {
	cl := p.clusters()
	inCluster := make([]int32, p.m)
	for x := range inCluster {
		inCluster[x] = -1
	}
	var broken []bool
	for ci, mem := range cl {
		split := false
		for _, x := range mem[1:] {
			split = split || p.grp[x] != p.grp[mem[0]]
		}
		broken = append(broken, split && len(mem) > 1)
		if len(mem) > 1 {
			for _, x := range mem {
				inCluster[x] = int32(ci)
			}
		}
	}
	if !slices.Contains(broken, true) {
		return -1
	}
	// First choice: one avoiding (or avoided by) a member of a split
	// cluster; else any single student with an avoid request either way,
	// whose absence may let the sizes hold the clusters whole.
	best, bestN := int32(-1), 0
	for x := range int32(p.m) {
		if inCluster[x] >= 0 {
			continue
		}
		n := 0
		for _, y := range p.avoid[x] {
			n++
			if c := inCluster[y]; c >= 0 && broken[c] {
				n += p.m
			}
		}
		if n > bestN {
			best, bestN = x, n
		}
	}
	return best
}

// canReturn is the index in dropped of the first student not tried again
// yet who may come back — with no avoid request either way with anyone
// placed, or into one of two or more groups — when k groups have room for
// one more; -1 if none.
func (c *progCtx) canReturn(dropped, placed []int32, k int, returned map[int32]bool) int {
	if len(placed) >= k*c.opt.GroupMax {
		return -1
	}
	for j, d := range dropped {
		if returned[d] {
			continue
		}
		sd := &c.st[d]
		free := true
		for _, i := range placed {
			si := &c.st[i]
			if sd.Avoid == si.Number || si.Avoid == sd.Number {
				free = false
				break
			}
		}
		// With two or more groups the partition may seat them apart from
		// their partners now that others have gone: one more try each.
		if free || k > 1 {
			return j
		}
	}
	return -1
}

// fewestSmallest is the smallest group m students make in the fewest
// groups group-max allows.
func (c *progCtx) fewestSmallest(m int) int {
	if m == 0 || c.opt.GroupMax <= 0 {
		return 0
	}
	return m / ((m + c.opt.GroupMax - 1) / c.opt.GroupMax)
}

// leaveOut names which of an avoid pair sharing a group is left out: one
// who is in no with-cluster when the other is, else the one who asked
// (the later student number when both did).
func (p *part) leaveOut(x, y int32) int32 {
	sx, sy := &p.c.st[p.placed[x]], &p.c.st[p.placed[y]]
	askX, askY := sx.Avoid == sy.Number, sy.Avoid == sx.Number
	// Leaving out one who is in no with-cluster keeps rule 5's with-pairs.
	inX, inY := len(p.units[p.unitOf[x]]) > 1, len(p.units[p.unitOf[y]]) > 1
	switch {
	case inX && !inY:
		return y
	case inY && !inX:
		return x
	case askX && !askY:
		return x
	case askY && !askX:
		return y
	case sx.Number > sy.Number:
		return x
	}
	return y
}

// free reports whether local student x can meet at group g's planned slot.
func (p *part) free(x int32, g int) bool {
	a := p.allowed[g]
	if a == nil {
		return false
	}
	for _, s := range p.sl[x] {
		if a.has(s) {
			return true
		}
	}
	return false
}

// placeBySlot seats the clusters around the planned slots. With-clusters
// go first, largest first, each to the group with room where it meets the
// fewest avoid conflicts and the most of its members are free. Single
// students are then matched to groups whose slot they can make as a
// bipartite b-matching (augmenting paths, so the most of them are seated
// where they can come), the rest fill the room left. It reports whether a
// cluster had to be split.
func (p *part) placeBySlot(clusters [][]int32) bool {
	var soft [][]int32
	if !p.noSoft {
		soft = p.softPairs(clusters)
	}
	return p.placeUnits(append(clusters[:len(clusters):len(clusters)], soft...), len(clusters))
}

// softPairs pairs up the single students of each small minority (a rule 6
// category held by fewer than a fifth of the cohort), preferring partners
// free at a common slot and never an avoid pair; an odd one out joins the
// last pair. Placing such pairs together keeps most members of a small
// minority from being alone in a group before repair starts, which saves
// repair moves that cost students their meeting. The pairs are only
// placed together; they are not units repair must keep whole.
func (p *part) softPairs(clusters [][]int32) [][]int32 {
	single := make([]bool, p.m)
	for _, c := range clusters {
		if len(c) == 1 {
			single[c[0]] = true
		}
	}
	var count [ncat]int
	for x := range p.m {
		for c := p.cat[x]; c != 0; c &= c - 1 {
			count[bits.TrailingZeros8(c)]++
		}
	}
	taken := make([]bool, p.m)
	var out [][]int32
	for c := range ncat {
		if count[c] < 2 || 5*count[c] >= p.m {
			continue
		}
		var mem []int32
		for x := range p.m {
			if single[x] && !taken[x] && p.cat[x]&(1<<c) != 0 {
				mem = append(mem, int32(x))
			}
		}
		var pairs [][]int32
		used := make([]bool, len(mem))
		for i, x := range mem {
			if used[i] {
				continue
			}
			best := -1
			for j := i + 1; j < len(mem); j++ {
				y := mem[j]
				if used[j] || slices.Contains(p.avoid[x], y) {
					continue
				}
				if best < 0 {
					best = j
				}
				if shareSlot(p.sl[x], p.sl[y]) {
					best = j
					break
				}
			}
			if best < 0 {
				if len(pairs) > 0 && !p.avoidsAny(x, pairs[len(pairs)-1]) {
					pairs[len(pairs)-1] = append(pairs[len(pairs)-1], x)
					used[i] = true
				}
				continue
			}
			used[i], used[best] = true, true
			pairs = append(pairs, []int32{x, mem[best]})
		}
		for _, pr := range pairs {
			for _, x := range pr {
				taken[x] = true
			}
		}
		out = append(out, pairs...)
	}
	if len(out) == 0 {
		return nil
	}
	// The paired students leave the singles.
	return out
}

func shareSlot(a, b []int32) bool {
	for _, s := range a {
		if slices.Contains(b, s) {
			return true
		}
	}
	return false
}

func (p *part) avoidsAny(x int32, us []int32) bool {
	for _, y := range us {
		if slices.Contains(p.avoid[x], y) {
			return true
		}
	}
	return false
}

// placeUnits is placeBySlot over clusters[:real] (units repair keeps
// whole) and soft pairs after them: a soft pair's members replace their
// single-student clusters and become single units again once placed.
func (p *part) placeUnits(clusters [][]int32, real int) bool {
	if real < len(clusters) {
		paired := make([]bool, p.m)
		for _, pr := range clusters[real:] {
			for _, x := range pr {
				paired[x] = true
			}
		}
		kept := clusters[:0:0]
		for _, c := range clusters[:real] {
			if len(c) > 1 || !paired[c[0]] {
				kept = append(kept, c)
			}
		}
		soft := len(clusters) - real
		real = len(kept)
		clusters = append(kept, clusters[len(clusters)-soft:]...)
	}
	order := p.c.rng.Perm(len(clusters))
	slices.SortStableFunc(order, func(a, b int) int { return len(clusters[b]) - len(clusters[a]) })
	rem := slices.Clone(p.cap)
	for x := range p.grp {
		p.grp[x] = -1
	}
	var units [][]int32
	var at []int32
	var singles []int32
	split := false
	// Pressure on each group from the single students: each spreads one
	// over the groups whose meeting they can make. A cluster goes, among
	// the groups where the most of its members can come, to the one with
	// the most room beyond that pressure.
	// (Small cohorts, where the annealing follows, take the group with the
	// most room: from there it measured better, docs/perf/ilp.)
	press := make([]float64, p.k)
	roomier := func(g, h int) bool {
		if p.m <= annealCoverMax {
			return rem[g] > rem[h]
		}
		return float64(rem[g])-press[g] > float64(rem[h])-press[h]
	}
	for _, c := range clusters {
		if len(c) != 1 || p.m <= annealCoverMax {
			continue
		}
		n := 0
		for g := range p.k {
			if p.free(c[0], g) {
				n++
			}
		}
		for g := range p.k {
			if n > 0 && p.free(c[0], g) {
				press[g] += 1 / float64(n)
			}
		}
	}
	for _, ci := range order {
		mem := clusters[ci]
		if len(mem) == 1 {
			singles = append(singles, mem[0])
			continue
		}
		best, bestConf, bestFree := int32(-1), 0, 0
		for g := range p.k {
			if rem[g] < len(mem) {
				continue
			}
			conf, fr := 0, 0
			for _, x := range mem {
				for _, y := range p.avoid[x] {
					if p.grp[y] == int32(g) {
						conf++
					}
				}
				if p.free(x, g) {
					fr++
				}
			}
			if best < 0 || conf < bestConf || conf == bestConf && (fr > bestFree || fr == bestFree && roomier(g, int(best))) {
				best, bestConf, bestFree = int32(g), conf, fr
			}
		}
		if best < 0 {
			split = true
			singles = append(singles, mem...)
			continue
		}
		if ci >= real {
			for _, x := range mem {
				units = append(units, []int32{x})
				at = append(at, best)
			}
		} else {
			units = append(units, mem)
			at = append(at, best)
		}
		rem[best] -= len(mem)
		for _, x := range mem {
			p.grp[x] = best
		}
	}
	// Most constrained singles first (fewest groups they can make).
	opts := make(map[int32][]int32, len(singles))
	for _, x := range singles {
		var gs []int32
		for g := range p.k {
			if p.free(x, g) {
				gs = append(gs, int32(g))
			}
		}
		opts[x] = gs
	}
	slices.SortStableFunc(singles, func(a, b int32) int { return cmp.Compare(len(opts[a]), len(opts[b])) })
	load := make([][]int32, p.k) // matched singles per group
	match := make(map[int32]int32, len(singles))
	seen := make([]int, p.k)
	stamp := 0
	var try func(x int32) bool
	try = func(x int32) bool {
		for _, g := range opts[x] {
			if seen[g] == stamp {
				continue
			}
			seen[g] = stamp
			if len(load[g]) < rem[g] {
				load[g] = append(load[g], x)
				match[x] = g
				return true
			}
			for j, y := range load[g] {
				if try(y) {
					load[g][j] = x
					match[x] = g
					return true
				}
			}
		}
		return false
	}
	var rest []int32
	for _, x := range singles {
		stamp++
		if !try(x) {
			rest = append(rest, x)
		}
	}
	for _, x := range singles {
		if g, ok := match[x]; ok {
			units = append(units, []int32{x})
			at = append(at, g)
			p.grp[x] = g
		}
	}
	for g := range p.k {
		rem[g] -= len(load[g])
	}
	for _, x := range rest {
		mem := []int32{x}
		g := p.bestGroup(mem, rem)
		units = append(units, mem)
		at = append(at, g)
		rem[g]--
		p.grp[x] = g
	}
	p.setUnits(units)
	for u, g := range at {
		p.putUnit(int32(u), g)
	}
	return split
}

// unitFree is how many members of unit u are free at group g's slot.
func (p *part) unitFree(u int32, g int32) int {
	n := 0
	for _, x := range p.units[u] {
		if p.free(x, int(g)) {
			n++
		}
	}
	return n
}

// coverSearch raises slot coverage by moving a unit to another group (when
// both sizes stay within the two allowed) or swapping two units of the
// same size, whenever more students can then make their meeting and the
// rule 5/6 penalty does not rise. First improvement, from every unit with
// a member who cannot make their group's meeting; a bounded number of
// passes, each move strictly improving, so it ends.
func (p *part) coverSearch() {
	if p.k < 2 {
		return
	}
	byGroup := make([][]int32, p.k)
	for u := range p.units {
		g := p.unitGrp[u]
		byGroup[g] = append(byGroup[g], int32(u))
	}
	remove := func(g int32, u int32) {
		byGroup[g] = slices.DeleteFunc(byGroup[g], func(v int32) bool { return v == u })
	}
	for range 6 {
		improved := false
		for u := range int32(len(p.units)) {
			g := p.unitGrp[u]
			here := p.unitFree(u, g)
			if here == len(p.units[u]) {
				continue
			}
		next:
			for h := range int32(p.k) {
				if h == g {
					continue
				}
				there := p.unitFree(u, h)
				if there > here {
					if d := p.tryAccept(transfer{[]int32{u}, []int32{h}}, true); d < 0 || p.unitGrp[u] == h {
						p.pen += d
						remove(g, u)
						byGroup[h] = append(byGroup[h], u)
						improved = true
						break next
					}
				}
				for _, v := range byGroup[h] {
					if len(p.units[v]) != len(p.units[u]) {
						continue
					}
					gain := there - here + p.unitFree(v, g) - p.unitFree(v, h)
					if gain <= 0 {
						continue
					}
					d := p.swapDelta(u, v)
					if d > 0 {
						continue
					}
					p.swap(u, v)
					p.pen += d
					remove(g, u)
					remove(h, v)
					byGroup[h] = append(byGroup[h], u)
					byGroup[g] = append(byGroup[g], v)
					improved = true
					break next
				}
				// A with-cluster for as many single students of h: the
				// singles gaining most by the exchange go.
				if n := len(p.units[u]); n > 1 && there > here {
					var sv []int32
					for _, v := range byGroup[h] {
						if len(p.units[v]) == 1 {
							sv = append(sv, v)
						}
					}
					if len(sv) < n {
						continue
					}
					slices.SortStableFunc(sv, func(a, b int32) int {
						return cmp.Compare(p.unitFree(b, g)-p.unitFree(b, h), p.unitFree(a, g)-p.unitFree(a, h))
					})
					gain := there - here
					t := transfer{units: []int32{u}, to: []int32{h}}
					for _, v := range sv[:n] {
						gain += p.unitFree(v, g) - p.unitFree(v, h)
						t.units, t.to = append(t.units, v), append(t.to, g)
					}
					if gain <= 0 {
						continue
					}
					if d, ok := p.tryCover(t); ok {
						p.pen += d
						remove(g, u)
						byGroup[h] = append(byGroup[h], u)
						for _, v := range sv[:n] {
							remove(h, v)
							byGroup[g] = append(byGroup[g], v)
						}
						improved = true
						break next
					}
				}
			}
		}
		if !improved {
			return
		}
	}
}

// tryCover applies t if the sizes stay allowed and the rule 5/6 penalty
// does not rise, and reports the change of penalty and whether it did.
func (p *part) tryCover(t transfer) (int, bool) {
	from, d, ok := p.apply(t)
	if ok && d <= 0 {
		return d, true
	}
	p.undo(t, from)
	return 0, false
}

// rematch reseats single students who have no avoid request either way,
// class by class (a class: the same rule 6 categories), as a maximum
// b-matching of students to the groups whose slot they can make, each
// group keeping exactly as many of the class as it has. Group sizes and
// category counts stay as they are, so the rule 5/6 penalty cannot change,
// and the matching seats at least as many where they can come as before.
func (p *part) rematch() {
	if p.k < 2 {
		return
	}
	classes := map[uint8][]int32{}
	for u, mem := range p.units {
		if len(mem) == 1 && len(p.avoid[mem[0]]) == 0 {
			x := mem[0]
			classes[p.cat[x]] = append(classes[p.cat[x]], int32(u))
		}
	}
	keys := make([]uint8, 0, len(classes))
	for c := range classes {
		keys = append(keys, c)
	}
	slices.Sort(keys)
	capa := make([]int, p.k)
	load := make([][]int32, p.k)
	seen := make([]int, p.k)
	stamp := 0
	for _, c := range keys {
		us := classes[c]
		clear(capa)
		for g := range load {
			load[g] = load[g][:0]
		}
		for _, u := range us {
			capa[p.unitGrp[u]]++
		}
		match := make(map[int32]int32, len(us))
		var try func(u int32) bool
		try = func(u int32) bool {
			x := p.units[u][0]
			for g := range int32(p.k) {
				if seen[g] == stamp || !p.free(x, int(g)) {
					continue
				}
				seen[g] = stamp
				if len(load[g]) < capa[g] {
					load[g] = append(load[g], u)
					match[u] = g
					return true
				}
				for j, v := range load[g] {
					if try(v) {
						load[g][j] = u
						match[u] = g
						return true
					}
				}
			}
			return false
		}
		// Students already where they can come first, so an equal matching
		// keeps them there.
		order := slices.Clone(us)
		slices.SortStableFunc(order, func(a, b int32) int {
			fa, fb := p.free(p.units[a][0], int(p.unitGrp[a])), p.free(p.units[b][0], int(p.unitGrp[b]))
			switch {
			case fa && !fb:
				return -1
			case fb && !fa:
				return 1
			}
			return 0
		})
		var rest []int32
		for _, u := range order {
			stamp++
			if !try(u) {
				rest = append(rest, u)
			}
		}
		room := slices.Clone(capa)
		for g := range load {
			room[g] -= len(load[g])
		}
		// The rest stay where they are when there is room, else fill it.
		var move []int32
		for _, u := range rest {
			if g := p.unitGrp[u]; room[g] > 0 {
				room[g]--
				match[u] = g
			} else {
				move = append(move, u)
			}
		}
		for _, u := range move {
			for g := range int32(p.k) {
				if room[g] > 0 {
					room[g]--
					match[u] = g
					break
				}
			}
		}
		for _, u := range us {
			if g := match[u]; g != p.unitGrp[u] {
				p.moveUnit(u, g)
			}
		}
	}
}

// coverAnneal is a seeded annealing over unit moves and same-size swaps
// that raises slot coverage further in small cohorts (up to annealCoverMax
// students), where the first-improvement searches stop at local optima a
// few moves from the best seating. A step never raises the rule 5/6
// penalty; a step that costs coverage is taken with a chance that shrinks
// as it cools. It ends at the best seating seen.
func (p *part) coverAnneal() {
	// Only where rules 5 and 6 hold: an offence left may be one Check
	// proves unavoidable, and another of the same count might not be.
	if p.k < 2 || p.ns == 0 || p.m > annealCoverMax || len(p.units) < 2 || p.pen > 0 || p.c.quick {
		return
	}
	covered := 0
	for u := range p.units {
		covered += p.unitFree(int32(u), p.unitGrp[u])
	}
	pen0 := p.pen
	best, bestGrp := covered, slices.Clone(p.unitGrp)
	steps := 300 * p.m
	temp, cool := 1.0, math.Pow(0.02/1.0, 1/float64(steps))
	n := int32(len(p.units))
	// An isolated minority member costs twice a missed meeting while it
	// lasts, so a pair of moves can carry a minority member across; only
	// arrangements as good as the start by rules 5 and 6 are kept.
	const isoCost = 2
	take := func(d, pd int) bool {
		e := d - isoCost*pd
		return e >= 0 || p.c.rng.Float64() < math.Exp(float64(e)/temp)
	}
	p.c.work += steps
	for range steps {
		temp *= cool
		u := int32(p.c.rng.IntN(int(n)))
		g := p.unitGrp[u]
		if p.c.rng.IntN(2) == 0 {
			h := int32(p.c.rng.IntN(p.k))
			if h == g {
				continue
			}
			d := p.unitFree(u, h) - p.unitFree(u, g)
			t := transfer{[]int32{u}, []int32{h}}
			pd, ok := p.probeMove(t)
			if !ok || pd >= avoidWeight || !take(d, pd) {
				continue
			}
			p.moveUnit(u, h)
			p.pen += pd
			covered += d
		} else {
			v := int32(p.c.rng.IntN(int(n)))
			h := p.unitGrp[v]
			if h == g || len(p.units[u]) != len(p.units[v]) {
				continue
			}
			d := p.unitFree(u, h) - p.unitFree(u, g) + p.unitFree(v, g) - p.unitFree(v, h)
			pd := p.swapDelta(u, v)
			if pd >= avoidWeight || !take(d, pd) {
				continue
			}
			p.swap(u, v)
			p.pen += pd
			covered += d
		}
		if covered > best && p.pen <= pen0 {
			best = covered
			copy(bestGrp, p.unitGrp)
		}
	}
	for u, g := range bestGrp {
		if p.unitGrp[u] != g {
			p.moveUnit(int32(u), g)
		}
	}
	p.pen = p.penalty()
}

// probeMove measures moving t's one unit: the change of penalty and
// whether the sizes allow it; nothing is kept.
func (p *part) probeMove(t transfer) (int, bool) {
	from, d, ok := p.apply(t)
	p.undo(t, from)
	return d, ok
}

// annealCoverMax is the largest cohort coverAnneal works on: beyond it the
// matching-based searches are close enough and the steps would cost.
// annealCoverRounds is how many times it runs in a small programme (see
// planSearchMax), each from the last one's best (docs/perf/ilp -plan: 0.6 %
// below the best seating of the plan with one round, 0.1 % with six).
const (
	annealCoverMax    = 40
	annealCoverRounds = 6
)
