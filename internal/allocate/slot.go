package allocate

import "math"

// buildGroup makes the output Group and picks its meeting slot (rule 7):
// among the slots all its mentors share, the one most of its students can
// attend; when the mentors share none, the slot most members (students and
// mentors) can attend; "" when no member gave any slot. Ties go to the
// lexically smallest slot, so the choice is deterministic.
func (c *progCtx) buildGroup(cohort string, members []int32, gm []int32) Group {
	g := Group{Programme: c.p.code, Cohort: cohort,
		Undersized: len(members) < c.opt.GroupMin,
		Students:   make([]string, len(members)), Mentors: make([]string, len(gm))}
	cnt := make([]int, len(c.slotNames))
	last := make([]int, len(c.slotNames)) // last student counted +1, so a repeated slot counts once
	for j, i := range members {
		g.Students[j] = c.st[i].Number
		for _, s := range c.st[i].Slots {
			if id := c.slotOf[s]; last[id] != j+1 {
				last[id] = j + 1
				cnt[id]++
			}
		}
	}
	for j, m := range gm {
		g.Mentors[j] = c.ms[c.p.mentors[m]].ID
	}
	best := -1
	if allowed := c.commonSlots(gm); allowed != nil {
		for s := range cnt {
			if allowed.has(int32(s)) && (best < 0 || cnt[s] > cnt[best]) {
				best = s
			}
		}
	} else {
		total := append([]int(nil), cnt...)
		for _, m := range gm {
			for s := range total {
				if c.mslots[m].has(int32(s)) {
					total[s]++
				}
			}
		}
		for s := range total {
			if total[s] > 0 && (best < 0 || total[s] > total[best]) {
				best = s
			}
		}
	}
	if best >= 0 {
		g.MeetingSlot = c.slotNames[best]
		g.SlotCoverage = round2(float64(cnt[best]) / float64(len(members)))
	}
	return g
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
