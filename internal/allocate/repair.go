package allocate

import "slices"

// transfer is a tentative change: units and the groups they go to.
type transfer struct {
	units []int32
	to    []int32
}

// localPenalty is the rule 5/6 penalty restricted to groups gs and to avoid
// pairs touching the students of units us.
func (p *part) localPenalty(gs [2]int32, us []int32) int {
	n := 0
	for i, g := range gs {
		if i == 1 && g == gs[0] {
			break
		}
		for _, v := range p.cnt[int(g)*ncat : (int(g)+1)*ncat] {
			n += iso(v)
		}
	}
	for _, u := range us {
		for _, x := range p.units[u] {
			for _, y := range p.avoid[x] {
				if p.grp[y] == p.grp[x] {
					// A pair between two moved students is seen twice.
					n += avoidWeight
					if p.moved(y, us) {
						n -= avoidWeight / 2
					}
				}
			}
		}
	}
	return n
}

func (p *part) moved(y int32, us []int32) bool {
	for _, u := range us {
		if p.unitOf[y] == u {
			return true
		}
	}
	return false
}

func (p *part) moveUnit(u, to int32) {
	from := p.unitGrp[u]
	for _, x := range p.units[u] {
		p.add(x, from, -1)
		p.add(x, to, 1)
		p.grp[x] = to
	}
	p.size[from] -= len(p.units[u])
	p.size[to] += len(p.units[u])
	p.unitGrp[u] = to
}

// try applies t if it keeps every size within one of the others and lowers
// the penalty; otherwise it leaves everything as it was. It returns the
// change of penalty (0 when not applied).
func (p *part) try(t transfer) int { return p.tryAccept(t, false) }

// tryAccept is try that, if sideways, also keeps a change of penalty 0.
func (p *part) tryAccept(t transfer, sideways bool) int {
	from, d, ok := p.apply(t)
	if ok && sideways {
		// Seats at the planned meeting must not be lost on the way.
		for i, u := range t.units {
			for _, x := range p.units[u] {
				if p.free(x, int(from[i])) && !p.free(x, int(t.to[i])) {
					ok = false
				}
			}
		}
	}
	if ok && (d < 0 || sideways && d == 0) {
		return d
	}
	p.undo(t, from)
	return 0
}

// apply carries out t, which moves units between at most two groups, and
// reports where they were, the change of the rule 5/6 penalty and whether
// both groups keep an allowed size (d is 0 when they do not).
func (p *part) apply(t transfer) (from []int32, d int, ok bool) {
	p.c.work++
	gs := [2]int32{p.unitGrp[t.units[0]], t.to[0]}
	for i, u := range t.units {
		if g := p.unitGrp[u]; g != gs[0] {
			gs[1] = g
		}
		if t.to[i] != gs[0] {
			gs[1] = t.to[i]
		}
	}
	before := p.localPenalty(gs, t.units)
	// The caller undoes or keeps t before it applies another, so one
	// buffer serves every call.
	from = slices.Grow(p.fromBuf[:0], len(t.units))[:len(t.units)]
	p.fromBuf = from
	for i, u := range t.units {
		from[i] = p.unitGrp[u]
		p.moveUnit(u, t.to[i])
	}
	if ok = p.sizesOK(gs); ok {
		d = p.localPenalty(gs, t.units) - before
	}
	return from, d, ok
}

// undo puts t's units back where apply found them.
func (p *part) undo(t transfer, from []int32) {
	for i := len(t.units) - 1; i >= 0; i-- {
		p.moveUnit(t.units[i], from[i])
	}
}

// repair is a first-improvement local search on rule 5/6 offences. From
// each offending group it tries moving a unit out or in, swapping it with
// a unit of another group, or swapping a cluster for two single students;
// group sizes may shift between the two allowed sizes, and with-clusters
// stay whole. When nothing improves it takes random sideways swaps.
func (p *part) repair() {
	p.pen = p.penalty()
	defer func() { p.freeTab = p.freeTab[:0] }()
	stalls := 0
	// Offences a lower bound proves unavoidable are not searched away.
	lb := p.unavoidable()
	for iter := 0; p.pen > lb && iter < 400 && stalls < 60; iter++ {
		if d := p.improveOnce(); d < 0 {
			p.pen += d
			continue
		}
		stalls++
		// Stuck: shuffle minority members sideways so the next descent
		// starts elsewhere; moves of two steps (one neutral) get through.
		moved := 0
		for range 400 {
			u, v := int32(p.c.rng.IntN(len(p.units))), int32(p.c.rng.IntN(len(p.units)))
			if p.unitGrp[u] == p.unitGrp[v] || p.unitCats(u) == [ncat]int16{} {
				continue
			}
			t := transfer{[]int32{u, v}, []int32{p.unitGrp[v], p.unitGrp[u]}}
			if d := p.tryAccept(t, true); d < 0 {
				p.pen += d
			} else if p.unitGrp[u] == t.to[0] {
				if moved++; moved == 3 {
					break
				}
			}
		}
	}
}

func (p *part) improveOnce() int {
	bad := p.badGroups()
	// How many of each unit can make each group's meeting: the slots stay
	// as they are while repair runs.
	if len(p.freeTab) != len(p.units)*p.k {
		p.freeTab = make([]int16, len(p.units)*p.k)
		for u := range int32(len(p.units)) {
			for g := range int32(p.k) {
				p.freeTab[int(u)*p.k+int(g)] = int16(p.unitFree(u, g))
			}
		}
	}
	fr := func(u, g int32) int { return int(p.freeTab[int(u)*p.k+int(g)]) }
	var ub, tb [2]int32
	// each calls f with the moves and swaps that might lower the penalty
	// (each unit of an offending group out, in or exchanged) whose change
	// of students free at their meeting is in [lo, hi], until one does.
	// It notes in below whether a candidate fell under lo.
	below := false
	each := func(lo, hi int, only int32, f func(t transfer) int) int {
		below = false
		one, two := transfer{ub[:1], tb[:1]}, transfer{ub[:2], tb[:2]}
		for u := range int32(len(p.units)) {
			g := p.unitGrp[u]
			if !bad[g] || only >= 0 && u != only {
				continue
			}
			here := fr(u, g)
			for h := range int32(p.k) {
				if h == g {
					continue
				}
				if c := fr(u, h) - here; c < lo {
					below = true
				} else if c <= hi {
					ub[0], tb[0] = u, h
					if d := f(one); d < 0 {
						return d
					}
				}
			}
			for v := range int32(len(p.units)) {
				h := p.unitGrp[v]
				if h == g {
					continue
				}
				vIn, vOut := fr(v, g), fr(v, h)
				if bad[h] || p.size[g] == p.size[h] {
					// moving v into the offending group
					if c := vIn - vOut; c < lo {
						below = true
					} else if c <= hi {
						ub[0], tb[0] = v, g
						if d := f(one); d < 0 {
							return d
						}
					}
				}
				if d := len(p.units[u]) - len(p.units[v]); d < -1 || d > 1 {
					continue
				}
				if c := fr(u, h) - here + vIn - vOut; c < lo {
					below = true
				} else if c <= hi {
					ub[0], ub[1], tb[0], tb[1] = u, v, h, g
					if d := f(two); d < 0 {
						return d
					}
				}
			}
		}
		return 0
	}
	// A change is carried out (try) only where the penalty, worked out
	// without moving anyone, would fall and the sizes stay allowed.
	lower := func(t transfer) int {
		u, g := t.units[0], p.unitGrp[t.units[0]]
		if len(t.units) == 1 {
			if !p.sizesAfter(g, t.to[0], len(p.units[u]), 0) || p.moveDelta(u, t.to[0]) >= 0 {
				return 0
			}
		} else {
			v := t.units[1]
			if !p.sizesAfter(g, t.to[0], len(p.units[u]), len(p.units[v])) || p.swapDelta(u, v) >= 0 {
				return 0
			}
		}
		return p.try(t)
	}
	// Changes that cost nobody their meeting first (repair must not undo
	// the seating by slot), in the order found; then those that cost one
	// student their meeting, then two, and so on: the first that lowers
	// the penalty costs the fewest. In cohorts the coverage annealing
	// works on (see annealCoverMax) each offending unit's changes are
	// tried in turn, those costing nobody first, then the others as
	// found: the annealing wins back what they cost, and from there it
	// measured better against the exact optimum (docs/perf/ilp).
	small := p.m <= annealCoverMax
	if !small {
		if d := each(0, 1<<30, -1, lower); d < 0 {
			return d
		}
		for loss := 1; below; loss++ {
			if d := each(-loss, -loss, -1, lower); d < 0 {
				return d
			}
		}
	}
	var singles [][]int32 // per group
	for u := range p.units {
		g := p.unitGrp[u]
		if small && bad[g] {
			if d := each(0, 1<<30, int32(u), lower); d < 0 {
				return d
			}
			if d := each(-1<<30, -1, int32(u), lower); d < 0 {
				return d
			}
		}
		if !bad[g] || len(p.units[u]) < 2 || len(p.units[u]) > maxRepairUnit {
			continue
		}
		if singles == nil {
			singles = make([][]int32, p.k)
			for v, mem := range p.units {
				if len(mem) == 1 {
					singles[p.unitGrp[v]] = append(singles[p.unitGrp[v]], int32(v))
				}
			}
		}
		for h, sv := range singles {
			if int32(h) != g {
				if d := p.trySingles(int32(u), int32(h), sv); d < 0 {
					return d
				}
			}
		}
	}
	return 0
}

// maxRepairUnit is the largest with-cluster repair exchanges for single
// students.
const maxRepairUnit = 4

// trySingles tries swapping cluster u for every set of as many single
// students of group h (at most C(25,4) sets, and only for offending
// clusters).
func (p *part) trySingles(u, h int32, sv []int32) int {
	g, size := p.unitGrp[u], len(p.units[u])
	t := transfer{units: []int32{u}, to: []int32{h}}
	var rec func(from int) int
	rec = func(from int) int {
		if len(t.units) == size+1 {
			return p.try(t)
		}
		for i := from; i < len(sv); i++ {
			t.units, t.to = append(t.units, sv[i]), append(t.to, g)
			if d := rec(i + 1); d < 0 {
				return d
			}
			t.units, t.to = t.units[:len(t.units)-1], t.to[:len(t.to)-1]
		}
		return 0
	}
	return rec(0)
}

// sizesOK reports whether groups gs hold one of the two allowed sizes (lo
// or lo+1; only lo when that seats everyone exactly).
func (p *part) sizesOK(gs [2]int32) bool {
	for _, g := range gs {
		if p.size[g] < p.lo || p.size[g] > p.lo+1 || p.lo*p.k == p.m && p.size[g] != p.lo {
			return false
		}
	}
	return true
}
