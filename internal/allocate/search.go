package allocate

import (
	"math/bits"
	"slices"
)

func iso(v int16) int {
	if v == 1 {
		return 1
	}
	return 0
}

// avoidPairs counts avoid pairs sharing a group.
func (p *part) avoidPairs() int {
	n := 0
	for x := range p.m {
		for _, y := range p.avoid[x] {
			if y > int32(x) && p.grp[y] == p.grp[x] {
				n++
			}
		}
	}
	return n
}

// penalty is the weighted count of rule 5 (avoid) and rule 6 breaches.
func (p *part) penalty() int {
	n := avoidWeight * p.avoidPairs()
	for _, v := range p.cnt {
		n += iso(v)
	}
	return n
}

// unitCats counts a unit's members per category.
func (p *part) unitCats(u int32) (d [ncat]int16) {
	for _, x := range p.units[u] {
		for c := p.cat[x]; c != 0; c &= c - 1 {
			d[bits.TrailingZeros8(c)]++
		}
	}
	return d
}

// swapDelta is the change of penalty if units u and v swapped groups.
func (p *part) swapDelta(u, v int32) int {
	g, h := p.unitGrp[u], p.unitGrp[v]
	du, dv := p.unitCats(u), p.unitCats(v)
	d := 0
	for c := range ncat {
		if du[c] == dv[c] {
			continue
		}
		cg, ch := p.cnt[int(g)*ncat+c], p.cnt[int(h)*ncat+c]
		d += iso(cg-du[c]+dv[c]) + iso(ch-dv[c]+du[c]) - iso(cg) - iso(ch)
	}
	a := 0
	for _, pair := range [2][2]int32{{u, v}, {v, u}} {
		from, to := p.unitGrp[pair[0]], p.unitGrp[pair[1]]
		for _, x := range p.units[pair[0]] {
			for _, y := range p.avoid[x] {
				if o := p.unitOf[y]; o == u || o == v {
					continue
				}
				switch p.grp[y] {
				case to:
					a++
				case from:
					a--
				}
			}
		}
	}
	return d + avoidWeight*a
}

// moveDelta is the change of penalty if unit u moved to group h.
func (p *part) moveDelta(u, h int32) int {
	g := p.unitGrp[u]
	du := p.unitCats(u)
	d := 0
	for c := range ncat {
		if du[c] == 0 {
			continue
		}
		cg, ch := p.cnt[int(g)*ncat+c], p.cnt[int(h)*ncat+c]
		d += iso(cg-du[c]) + iso(ch+du[c]) - iso(cg) - iso(ch)
	}
	a := 0
	for _, x := range p.units[u] {
		for _, y := range p.avoid[x] {
			if p.unitOf[y] == u {
				continue
			}
			switch p.grp[y] {
			case h:
				a++
			case g:
				a--
			}
		}
	}
	return d + avoidWeight*a
}

// sizesAfter reports whether groups g and h keep an allowed size (see
// sizesOK) once g loses out students and gains in, and h the reverse.
func (p *part) sizesAfter(g, h int32, out, in int) bool {
	for _, n := range [2]int{p.size[g] - out + in, p.size[h] + out - in} {
		if n < p.lo || n > p.lo+1 || p.lo*p.k == p.m && n != p.lo {
			return false
		}
	}
	return true
}

func (p *part) swap(u, v int32) {
	g, h := p.unitGrp[u], p.unitGrp[v]
	for _, x := range p.units[u] {
		p.add(x, g, -1)
		p.add(x, h, 1)
		p.grp[x] = h
	}
	for _, x := range p.units[v] {
		p.add(x, h, -1)
		p.add(x, g, 1)
		p.grp[x] = g
	}
	p.unitGrp[u], p.unitGrp[v] = h, g
}

// badGroups marks groups holding an isolated minority member or an avoid pair.
func (p *part) badGroups() []bool {
	bad := make([]bool, p.k)
	for g := range p.k {
		for _, v := range p.cnt[g*ncat : (g+1)*ncat] {
			bad[g] = bad[g] || v == 1
		}
	}
	for x := range p.m {
		for _, y := range p.avoid[x] {
			if p.grp[y] == p.grp[x] {
				bad[p.grp[x]] = true
			}
		}
	}
	return bad
}

// exactLadder replaces a failed heuristic result of a small
// programme+cohort by an exhaustive search, relaxing the rules from the
// lowest priority up: all clusters and rule 6, clusters only, single
// students and rule 6, avoid only. A step the heuristic result already
// meets ends the ladder with that result.
func (p *part) exactLadder(clusters [][]int32, split bool) {
	singles := make([][]int32, p.m)
	for x := range singles {
		singles[x] = []int32{int32(x)}
	}
	avoidOK := p.avoidPairs() == 0
	steps := []struct {
		units [][]int32
		r6    bool
		have  bool
	}{
		{clusters, true, !split && p.pen == 0},
		{clusters, false, !split && avoidOK},
		{singles, true, p.pen == 0},
		{singles, false, avoidOK},
	}
	for _, s := range steps {
		if s.have {
			return
		}
		if sol := p.exact(s.units, s.r6); sol != nil {
			p.setUnits(s.units)
			for u, g := range sol {
				p.putUnit(int32(u), g)
			}
			p.pen = p.penalty()
			return
		}
	}
}

// exact finds a placement of units into the groups (sizes exact) with no
// avoid pair together and, if r6, no isolated minority member; nil if none.
// Empty groups of equal size are interchangeable, so only the first is tried.
func (p *part) exact(units [][]int32, r6 bool) []int32 {
	order := make([]int, len(units))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(units[b]) - len(units[a]) })
	rem := slices.Clone(p.cap)
	asg := make([]int32, p.m)
	for x := range asg {
		asg[x] = -1
	}
	sol := make([]int32, len(units))
	nodes := 0
	var rec func(i int) bool
	rec = func(i int) bool {
		if nodes++; nodes > 3_000_000 {
			return false
		}
		p.c.work++
		if i == len(order) {
			return !r6 || p.noIsolation(asg)
		}
		mem := units[order[i]]
	next:
		for g := range p.k {
			if rem[g] < len(mem) {
				continue
			}
			if rem[g] == p.cap[g] {
				for g2 := range g {
					if rem[g2] == p.cap[g2] && p.cap[g2] == p.cap[g] {
						continue next
					}
				}
			}
			for _, x := range mem {
				for _, y := range p.avoid[x] {
					if asg[y] == int32(g) {
						continue next
					}
				}
			}
			for _, x := range mem {
				asg[x] = int32(g)
			}
			rem[g] -= len(mem)
			if rec(i + 1) {
				sol[order[i]] = int32(g)
				return true
			}
			rem[g] += len(mem)
			for _, x := range mem {
				asg[x] = -1
			}
		}
		return false
	}
	if !rec(0) {
		return nil
	}
	return sol
}

func (p *part) noIsolation(asg []int32) bool {
	cnt := make([]int16, p.k*ncat)
	for x, g := range asg {
		for c := p.cat[x]; c != 0; c &= c - 1 {
			cnt[int(g)*ncat+bits.TrailingZeros8(c)]++
		}
	}
	return !slices.Contains(cnt, 1)
}

// obj is the most students of group g free at one slot it may meet in.
func (p *part) obj(g int32) int32 {
	row := p.scnt[int(g)*p.ns : (int(g)+1)*p.ns]
	if p.allowed[g] == nil {
		return slices.Max(row)
	}
	best := int32(0)
	for w, word := range p.allowed[g] {
		for ; word != 0; word &= word - 1 {
			best = max(best, row[w*64+bits.TrailingZeros64(word)])
		}
	}
	return best
}

// slotSearch swaps equally sized units at random (bounded by 8 tries per
// unit) and keeps a swap that raises slot coverage without raising the
// rule 5/6 penalty.
func (p *part) slotSearch() {
	if p.ns == 0 || p.k < 2 {
		return
	}
	n := len(p.units)
	for range 8 * n {
		u, v := int32(p.c.rng.IntN(n)), int32(p.c.rng.IntN(n))
		g, h := p.unitGrp[u], p.unitGrp[v]
		if g == h || len(p.units[u]) != len(p.units[v]) {
			continue
		}
		d := p.swapDelta(u, v)
		if d > 0 {
			continue
		}
		before := p.obj(g) + p.obj(h)
		p.swap(u, v)
		if d < 0 || p.obj(g)+p.obj(h) > before {
			p.pen += d
		} else {
			p.swap(u, v)
		}
	}
}
