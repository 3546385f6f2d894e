package allocate

import (
	"cmp"
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
// returns them with the students still waiting for room. Rule 5
// has no exception: when the partition cannot part an avoid pair, the
// student who asked to avoid the other (the later number when both asked)
// is left unassigned with the reason, the first student waiting for room
// (if any) takes the place, and the cohort is seated again; a group whose
// size would fall below group-min is given up (its mentors are then free)
// rather than undersized.
func (c *progCtx) seat(pc *pcPlan, placed, waiting []int32, out *progOut) ([]builtGroup, []int32) {
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
		p := c.newPart(placed, k, allowed)
		p.run()
		if p.pen > 0 && p.pen < avoidWeight && p.m <= exactLimit && k > pc.kFull && k > 1 && !fewer {
			// The exhaustive search found no arrangement of this many groups
			// that isolates nobody (rule 6); fewer groups may allow one —
			// unless they put an avoid pair together (rule 5 outranks 6).
			q := c.newPart(placed, k-1, allowed[:k-1])
			q.run()
			if q.pen < p.pen && q.pen < avoidWeight {
				plans = plans[:k-1]
				continue
			}
			fewer = true
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
			gs := make([]builtGroup, k)
			for j := range gs {
				gs[j] = builtGroup{cohort: pc.cohort, team: plans[j].team, slot: plans[j].slot}
			}
			for x, g := range p.grp {
				gs[g].members = append(gs[g].members, placed[x])
			}
			return gs, waiting
		}
		reason := "avoid request cannot be met in " + c.p.code + " " + pc.cohort
		keep := make([]int32, 0, len(placed))
		for x, i := range placed {
			if slices.Contains(drop, int32(x)) {
				out.unassigned = append(out.unassigned, Unassigned{StudentNumber: c.st[i].Number, Reason: reason})
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
	}
}

// leaveOut names which of an avoid pair sharing a group is left out: the
// one who asked (the later student number when both did).
func (p *part) leaveOut(x, y int32) int32 {
	sx, sy := &p.c.st[p.placed[x]], &p.c.st[p.placed[y]]
	askX, askY := sx.Avoid == sy.Number, sy.Avoid == sx.Number
	switch {
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
			if best < 0 || conf < bestConf || conf == bestConf && (fr > bestFree || fr == bestFree && rem[g] > rem[best]) {
				best, bestConf, bestFree = int32(g), conf, fr
			}
		}
		if best < 0 {
			split = true
			singles = append(singles, mem...)
			continue
		}
		units = append(units, mem)
		at = append(at, best)
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
			}
		}
		if !improved {
			return
		}
	}
}
