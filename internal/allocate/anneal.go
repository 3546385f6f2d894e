package allocate

import (
	"hash/fnv"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

const (
	// annealPerStudent and annealMaxSteps bound the annealing of one
	// programme+cohort: steps per placed student, and in all.
	annealPerStudent = 1000
	annealMaxSteps   = 200_000
	// annealHot and annealCold are the first and last temperature, in
	// isolated minority members: hot takes a step that isolates one more
	// about one time in seven, cold hardly ever.
	annealHot  = 0.5
	annealCold = 0.05
)

// annealer is the working state of part.anneal.
type annealer struct {
	p      *part
	rng    *rand.Rand
	movers []int32   // units with a minority member or an avoid request
	mover  []bool    // per unit: in movers
	mask   []uint8   // categories of each unit's members
	hot    []int32   // movers worth starting from, see refresh
	bad    []bool    // per group: holds an offence
	of     [][]int32 // units of each group
	at     []int32   // index of each unit in of[its group]
	t      transfer
}

// anneal is the last resort when repair leaves rule 5/6 offences in a
// programme+cohort too large for the exhaustive search. Repair takes a
// move only when it lowers the penalty (or, when stuck, a few random
// neutral swaps), so it stalls where an offence can only be mended by
// several units moving at once: two members of a minority of three
// joining the third, a with-cluster that carries members of two
// minorities, a minority member kept from the others by an avoid request
// unless a third unit moves too. Annealing walks through such valleys with
// seeded random steps — a unit moves to another group, or one or two units
// swap with one or two of another group — taken when they do not raise the
// penalty and, with a chance that shrinks as it cools, when they isolate a
// member or two more; never when they put an avoid pair together. It stops
// at a penalty of 0 or after its budget of steps, and ends at the first
// arrangement of the lowest penalty seen. It does not start where a quick
// count shows that no arrangement meets rule 6 (groups of one or two):
// there it could at best isolate fewer members, not worth a full budget of
// steps in each such programme+cohort.
func (p *part) anneal() {
	if p.k < 2 || p.avoidPairs() == 0 && p.rule6OutOfReach() {
		return
	}
	n := len(p.units)
	a := &annealer{p: p, rng: p.annealRand(), mask: make([]uint8, n), mover: make([]bool, n),
		bad: make([]bool, p.k), of: make([][]int32, p.k), at: make([]int32, n),
		t: transfer{units: make([]int32, 0, 4), to: make([]int32, 0, 4)}}
	for u, mem := range p.units {
		avoids := false
		for _, x := range mem {
			a.mask[u] |= p.cat[x]
			avoids = avoids || len(p.avoid[x]) > 0
		}
		if a.mask[u] != 0 || avoids {
			a.movers = append(a.movers, int32(u))
			a.mover[u] = true
		}
		g := p.unitGrp[u]
		a.at[u] = int32(len(a.of[g]))
		a.of[g] = append(a.of[g], int32(u))
	}
	if len(a.movers) == 0 {
		return
	}
	steps := min(annealMaxSteps, annealPerStudent*p.m)
	best, bestGrp := p.pen, slices.Clone(p.unitGrp)
	temp, cool := annealHot, math.Pow(annealCold/annealHot, 1/float64(steps))
	// Slot counts are left alone while students move, and redone at the end.
	for step := 0; step < steps && p.pen > 0; step++ {
		p.c.work++
		temp *= cool
		if step%32 == 0 {
			a.refresh()
		}
		g, h, ok := a.draw()
		if !ok {
			continue
		}
		gs := [2]int32{g, h}
		before := p.localPenalty(gs, a.t.units)
		for i, u := range a.t.units {
			a.shift(u, a.t.to[i])
		}
		d := p.localPenalty(gs, a.t.units) - before
		if d <= 0 || d < avoidWeight && a.rng.Float64() < math.Exp(-float64(d)/temp) {
			if p.pen += d; p.pen < best {
				best = p.pen
				copy(bestGrp, p.unitGrp)
			}
			continue
		}
		for i := len(a.t.units) - 1; i >= 0; i-- {
			back := h
			if a.t.to[i] == h {
				back = g
			}
			a.shift(a.t.units[i], back)
		}
	}
	// Back to the first arrangement of the lowest penalty: where annealing
	// found nothing better, the one it started from.
	for u, g := range bestGrp {
		if p.unitGrp[u] != g {
			a.shift(int32(u), g)
		}
	}
	p.pen = best
	clear(p.scnt)
	for x, g := range p.grp {
		for _, sl := range p.sl[x] {
			p.scnt[int(g)*p.ns+int(sl)]++
		}
	}
}

// annealRand is the annealing's own generator, seeded from the seed, the
// programme and the cohort. Drawing from the programme's would shift every
// later draw of the programme, so a programme+cohort that annealing leaves
// as it was (nothing better found) would still change the slot search and
// the later cohorts.
func (p *part) annealRand() *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(p.c.p.code))
	h.Write([]byte{0})
	h.Write([]byte(p.c.st[p.placed[0]].Cohort))
	return rand.New(rand.NewPCG(uint64(p.c.opt.Seed), h.Sum64()))
}

// refresh recomputes hot: the movers in an offending group or holding a
// member of a category isolated somewhere.
func (a *annealer) refresh() {
	p := a.p
	clear(a.bad)
	var lone uint8
	for g := range p.k {
		for c, v := range p.cnt[g*ncat : (g+1)*ncat] {
			if v == 1 {
				lone |= 1 << c
				a.bad[g] = true
			}
		}
	}
	for x := range p.m {
		for _, y := range p.avoid[x] {
			if p.grp[y] == p.grp[x] {
				a.bad[p.grp[x]] = true
			}
		}
	}
	a.hot = a.hot[:0]
	for _, u := range a.movers {
		if a.bad[p.unitGrp[u]] || a.mask[u]&lone != 0 {
			a.hot = append(a.hot, u)
		}
	}
}

// draw sets a.t to a random step between groups g and h: unit u (a hot
// unit half the time, else a mover) moves to the group of v (a hot unit a
// quarter of the time, else a mover or any unit), alone or in exchange for
// v, with a second unit of either group or both joining in. It reports
// false for a step that would unbalance the group sizes.
func (a *annealer) draw() (g, h int32, ok bool) {
	p, rng := a.p, a.rng
	u := a.movers[rng.IntN(len(a.movers))]
	if len(a.hot) > 0 && rng.IntN(2) == 0 {
		u = a.hot[rng.IntN(len(a.hot))]
	}
	var v int32
	switch r := rng.IntN(8); {
	case r < 2 && len(a.hot) > 0:
		v = a.hot[rng.IntN(len(a.hot))]
	case r < 5:
		v = a.movers[rng.IntN(len(a.movers))]
	default:
		v = rng.Int32N(int32(len(p.units)))
	}
	g, h = p.unitGrp[u], p.unitGrp[v]
	if g == h {
		return g, h, false
	}
	t := &a.t
	t.units, t.to = append(t.units[:0], u), append(t.to[:0], h)
	switch kind := rng.IntN(6); kind {
	case 0: // u moves alone
	case 1, 2: // u and v swap
		t.units, t.to = append(t.units, v), append(t.to, g)
	default: // u and v swap, with a second unit of g, of h, or of both
		t.units, t.to = append(t.units, v), append(t.to, g)
		if w := a.other(g, u); kind != 3 && w >= 0 {
			t.units, t.to = append(t.units, w), append(t.to, h)
		}
		if w := a.other(h, v); kind != 4 && w >= 0 {
			t.units, t.to = append(t.units, w), append(t.to, g)
		}
	}
	d := 0 // students g gains
	for i, w := range t.units {
		if t.to[i] == g {
			d += len(p.units[w])
		} else {
			d -= len(p.units[w])
		}
	}
	return g, h, p.sizeOK(p.size[g]+d) && p.sizeOK(p.size[h]-d)
}

// other draws a unit of group g other than u, a mover where a few draws
// find one; -1 if g has no other unit.
func (a *annealer) other(g, u int32) int32 {
	of, rng := a.of[g], a.rng
	if len(of) < 2 {
		return -1
	}
	w := of[rng.IntN(len(of))]
	for range 3 {
		if w != u && a.mover[w] {
			break
		}
		w = of[rng.IntN(len(of))]
	}
	if w == u {
		return -1
	}
	return w
}

// shift is moveUnit without the slot counts, keeping a.of and a.at.
func (a *annealer) shift(u, to int32) {
	p := a.p
	from := p.unitGrp[u]
	for _, x := range p.units[u] {
		for c := p.cat[x]; c != 0; c &= c - 1 {
			b := bits.TrailingZeros8(c)
			p.cnt[int(from)*ncat+b]--
			p.cnt[int(to)*ncat+b]++
		}
		p.grp[x] = to
	}
	p.size[from] -= len(p.units[u])
	p.size[to] += len(p.units[u])
	p.unitGrp[u] = to
	last := a.of[from][len(a.of[from])-1]
	a.of[from][a.at[u]], a.at[last] = last, a.at[u]
	a.of[from] = a.of[from][:len(a.of[from])-1]
	a.at[u] = int32(len(a.of[to]))
	a.of[to] = append(a.of[to], u)
}

// sizeOK reports whether a group may hold size students: sizes stay lo or
// lo+1, and only lo when that is all the students make.
func (p *part) sizeOK(size int) bool {
	return size >= p.lo && size <= p.lo+1 && (p.lo*p.k != p.m || size == p.lo)
}

// unavoidable is a lower bound on the penalty of any arrangement that
// keeps the units whole, from minorities of two or three: such a minority
// isolates nobody only if all its members share a group, so the units
// holding them must share one — and where two such minorities have a unit
// in common, all the units of both must. A minority whose units cannot
// share a group (an avoid pair among them, or more students than the
// largest group seats) isolates a member, both members if it has two; at
// least one of a set of linked minorities whose units together cannot
// share a group does.
func (p *part) unavoidable() int {
	var n [ncat]int
	for _, c := range p.cat {
		for ; c != 0; c &= c - 1 {
			n[bits.TrailingZeros8(c)]++
		}
	}
	var forced uint8
	for c, v := range n {
		if v == 2 || v == 3 {
			forced |= 1 << c
		}
	}
	if forced == 0 {
		return 0
	}
	in := make([]uint8, len(p.units)) // the forced categories of each unit
	var linked []uint8                // forced categories that share units
	for u, mem := range p.units {
		for _, x := range mem {
			in[u] |= p.cat[x] & forced
		}
		if in[u] == 0 {
			continue
		}
		joined := in[u]
		linked = slices.DeleteFunc(linked, func(l uint8) bool {
			if l&joined != 0 {
				joined |= l
				return true
			}
			return false
		})
		linked = append(linked, joined)
	}
	apart := func(cs uint8) bool { // the units holding cs cannot share a group
		size := 0
		for u, mem := range p.units {
			if in[u]&cs == 0 {
				continue
			}
			size += len(mem)
			for _, x := range mem {
				for _, y := range p.avoid[x] {
					if in[p.unitOf[y]]&cs != 0 {
						return true
					}
				}
			}
		}
		return size > p.cap[0]
	}
	lb := 0
	for _, l := range linked {
		alone := 0
		for c := l; c != 0; c &= c - 1 {
			if b := c & -c; apart(b) {
				alone += 4 - n[bits.TrailingZeros8(b)] // two apart are both alone
			}
		}
		if alone == 0 && bits.OnesCount8(l) > 1 && apart(l) {
			alone = 1
		}
		lb += alone
	}
	return lb
}

// rule6OutOfReach reports the one case where no arrangement can meet rule 6
// and a quick count proves it: groups of exactly one or two students. A
// student alone is isolated in each minority category they are in; a pair
// isolates nobody only if both are in the same minority categories, so a
// combination of categories held by an odd number of students leaves one
// of them isolated.
func (p *part) rule6OutOfReach() bool {
	if p.lo > 2 || p.lo*p.k != p.m {
		return false
	}
	var count [1 << ncat]int
	for _, c := range p.cat {
		count[c]++
	}
	for c, n := range count {
		if c != 0 && (p.lo == 1 && n > 0 || n%2 == 1) {
			return true
		}
	}
	return false
}
