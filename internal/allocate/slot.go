package allocate

import "math"

// buildGroups makes the output Groups, settles their meeting slots
// (rule 7) and counts the students free at their group's meeting. A
// group meets at the slot most of its students can attend among the
// slots all its mentors can attend and no mentor of it meets
// another group at; when there is no such slot, at the slot most of its
// members (students and mentors) can attend that no mentor of it meets
// another group at; "" when none is left. Ties keep the slot the group
// already has, then the lexically smallest. Each group is settled in turn
// against the others' current slots, round after round, until none moves:
// a group moves only to a strictly better slot (or off a clash), so the
// rounds end, and at the end every group's slot is the best the others'
// slots leave it — which is what the checker verifies.
func (c *progCtx) buildGroups(bs []builtGroup) ([]Group, int) {
	ns := len(c.slotNames)
	n := len(bs)
	cnt := make([][]int32, n) // students free per slot
	byMentor := map[int32][]int{}
	for g, b := range bs {
		cnt[g] = make([]int32, ns)
		for _, i := range b.members {
			for _, s := range c.studentSlots(i) {
				cnt[g][s]++
			}
		}
		for _, m := range b.team {
			byMentor[m] = append(byMentor[m], g)
		}
	}
	final := make([]int32, n)
	for g := range bs {
		final[g] = bs[g].slot
	}
	taken := make(bitset, c.words)
	choose := func(g int) int32 {
		clear(taken)
		for _, m := range bs[g].team {
			for w, word := range c.mbusy[m] {
				taken[w] |= word
			}
			for _, h := range byMentor[m] {
				if h != g && final[h] >= 0 {
					taken.set(final[h])
				}
			}
		}
		better := func(s, best int32, score func(int32) int32) bool {
			switch {
			case best < 0:
				return true
			case score(s) != score(best):
				return score(s) > score(best)
			case best == final[g]:
				return false
			}
			return s == final[g]
		}
		best := int32(-1)
		if common := c.commonSlots(bs[g].team); common != nil {
			score := func(s int32) int32 { return cnt[g][s] }
			for s := range int32(ns) {
				if common.has(s) && !taken.has(s) && better(s, best, score) {
					best = s
				}
			}
			if best >= 0 {
				return best
			}
		}
		score := func(s int32) int32 {
			v := cnt[g][s]
			for _, m := range bs[g].team {
				if c.mslots[m].has(s) {
					v++
				}
			}
			return v
		}
		for s := range int32(ns) {
			if score(s) > 0 && !taken.has(s) && better(s, best, score) {
				best = s
			}
		}
		return best
	}
	for range 4 * (n + 1) {
		moved := false
		for g := range bs {
			if s := choose(g); s != final[g] {
				final[g] = s
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	out := make([]Group, n)
	covered := 0
	for g, b := range bs {
		gr := Group{Programme: c.p.code, Cohort: b.cohort,
			Undersized: len(b.members) < c.opt.GroupMin,
			Students:   make([]string, len(b.members)), Mentors: make([]string, len(b.team))}
		for j, i := range b.members {
			gr.Students[j] = c.st[i].Number
		}
		for j, m := range b.team {
			gr.Mentors[j] = c.ms[c.p.mentors[m]].ID
		}
		if s := final[g]; s >= 0 {
			gr.MeetingSlot = c.slotNames[s]
			gr.SlotCoverage = round2(float64(cnt[g][s]) / float64(len(b.members)))
			covered += int(cnt[g][s])
		}
		out[g] = gr
	}
	return out, covered
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
