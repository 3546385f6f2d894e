package allocate

import (
	"cmp"
	"math/bits"
	"slices"
)

// assignMentors staffs g groups with MentorsPerGroup mentors each, as local
// indices into c.p.mentors (nil when no mentors are wanted).
//
// Mentors are grouped in "cohort classes": one class per non-empty cohort,
// and one class per staff/external mentor (empty cohort), so two staff
// mentors count as different cohorts. Classes are laid out one after
// another, each at most g long, and dealt column by column (entry j goes to
// group j mod g): a run of at most g consecutive entries never lands twice
// in one group, so every group gets mentors of different classes whenever
// sum(min(classCap, g)) >= g*mpg — which is exactly when the pool allows it.
// Otherwise runs are capped per mentor only, which still keeps mentors
// distinct, and same-cohort pairs appear only for cohorts holding more than
// g places. A bounded swap search then raises slot compatibility.
func (c *progCtx) assignMentors(g int) [][]int32 {
	mpg := c.opt.MentorsPerGroup
	if mpg == 0 || g == 0 {
		return nil
	}
	type class struct {
		key  string
		seq  []int32
		capa int
	}
	var classes []*class
	byKey := map[string]*class{}
	for j, i := range c.p.mentors {
		key := c.ms[i].Cohort
		if key == "" {
			key = "\x00" + c.ms[i].ID
		}
		cl := byKey[key]
		if cl == nil {
			cl = &class{key: key}
			byKey[key] = cl
			classes = append(classes, cl)
		}
		for range min(effMax(&c.ms[i]), g) {
			cl.seq = append(cl.seq, int32(j))
		}
	}
	for _, cl := range classes {
		cl.capa = len(cl.seq)
	}
	slices.SortStableFunc(classes, func(a, b *class) int {
		if d := cmp.Compare(b.capa, a.capa); d != 0 {
			return d
		}
		return cmp.Compare(a.key, b.key)
	})
	var seq []int32
	for _, cl := range classes {
		seq = append(seq, cl.seq[:min(len(cl.seq), g)]...)
	}
	if len(seq) < g*mpg {
		seq = seq[:0]
		for _, cl := range classes {
			seq = append(seq, cl.seq...)
		}
	}
	grid := make([][]int32, g)
	flat := make([]int32, g*mpg)
	for x := range grid {
		grid[x] = flat[x*mpg : (x+1)*mpg]
	}
	for j := range g * mpg {
		grid[j%g][j/g] = seq[j]
	}
	c.improveMentors(grid)
	for _, gm := range grid {
		slices.Sort(gm)
	}
	return grid
}

// sameCohortPairs counts mentor pairs of one group sharing a non-empty cohort.
func (c *progCtx) sameCohortPairs(gm []int32) int {
	n := 0
	for a := range gm {
		for b := a + 1; b < len(gm); b++ {
			ca, cb := c.ms[c.p.mentors[gm[a]]].Cohort, c.ms[c.p.mentors[gm[b]]].Cohort
			if ca != "" && ca == cb {
				n++
			}
		}
	}
	return n
}

// slotScore rewards a group whose mentors share a slot at all (only then
// can rule 7 pick a slot that suits every mentor), then the number shared.
func (c *progCtx) slotScore(gm []int32) int {
	n := 0
	for w := range c.words {
		x := ^uint64(0)
		for _, m := range gm {
			x &= c.mslots[m][w]
		}
		n += bits.OnesCount64(x)
	}
	if n == 0 {
		return 0
	}
	return 64 + n
}

// improveMentors swaps mentors between groups, or with a mentor who has
// spare capacity, when that raises slot compatibility without adding a
// same-cohort pair or repeating a mentor in a group.
func (c *progCtx) improveMentors(grid [][]int32) {
	g, mpg := len(grid), c.opt.MentorsPerGroup
	if len(c.slotNames) == 0 {
		return
	}
	load := make([]int, len(c.p.mentors))
	for _, gm := range grid {
		for _, m := range gm {
			load[m]++
		}
	}
	contains := func(gm []int32, m int32) bool { return slices.Contains(gm, m) }
	score := func(x int) int { return c.slotScore(grid[x])*16 - c.sameCohortPairs(grid[x])<<20 }
	iters := min(20000, 40*g*mpg)
	for range iters {
		x, px := c.rng.IntN(g), c.rng.IntN(mpg)
		mx := grid[x][px]
		if c.rng.IntN(3) == 0 {
			// Replace with a mentor who has spare capacity.
			my := int32(c.rng.IntN(len(c.p.mentors)))
			if load[my] >= effMax(&c.ms[c.p.mentors[my]]) || contains(grid[x], my) {
				continue
			}
			before := score(x)
			grid[x][px] = my
			if score(x) > before {
				load[mx]--
				load[my]++
			} else {
				grid[x][px] = mx
			}
			continue
		}
		y, py := c.rng.IntN(g), c.rng.IntN(mpg)
		my := grid[y][py]
		if x == y || mx == my || contains(grid[x], my) || contains(grid[y], mx) {
			continue
		}
		before := score(x) + score(y)
		grid[x][px], grid[y][py] = my, mx
		if score(x)+score(y) <= before {
			grid[x][px], grid[y][py] = mx, my
		}
	}
}
