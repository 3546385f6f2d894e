package allocate

import "testing"

// The coverage annealing of small cohorts ends at the best seating it has
// seen: never fewer students free at their planned meeting than the
// searches before it left, rules 5 and 6 as they were; and more on a fair
// share of small programmes.
func TestCoverAnnealSeatsMore(t *testing.T) {
	better, tried := 0, 0
	for seed := range int64(40) {
		st, ms, opt := smallProgramme(seed)
		c, pcs, _ := planProgramme(splitByProgramme(st, ms)[0], st, ms, opt, nil)
		pc := pcs[0]
		k := len(pc.plans)
		if k < 2 || len(pc.studs) > k*opt.GroupMax {
			continue
		}
		allowed := make([]bitset, k)
		for j, gp := range pc.plans {
			if gp.slot >= 0 {
				allowed[j] = make(bitset, c.words)
				allowed[j].set(gp.slot)
			}
		}
		seat := func(quick bool) (covered, pen int) {
			c.quick, c.rng = quick, c.newRand()
			p := c.newPart(pc.studs, k, allowed)
			p.withLimit = c.fewestSmallest(len(pc.studs))
			p.run()
			for u := range p.units {
				covered += p.unitFree(int32(u), p.unitGrp[u])
			}
			return covered, p.pen
		}
		without, penWithout := seat(true)
		with, pen := seat(false)
		if penWithout > 0 {
			continue // the annealing starts only where rules 5 and 6 hold
		}
		tried++
		if pen > penWithout || with < without {
			t.Errorf("seed %d: %d free at their meeting (penalty %d), %d without annealing (%d)", seed, with, pen, without, penWithout)
		}
		if with > without {
			better++
		}
	}
	t.Logf("%d cohorts, annealing seated more in %d", tried, better)
	if tried < 20 || better < tried/10 {
		t.Errorf("annealing seated more in %d of %d cohorts, want at least a tenth of at least 20", better, tried)
	}
}
