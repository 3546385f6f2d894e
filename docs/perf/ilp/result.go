package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// asResult turns a solution for k groups into an allocate.Result, so that
// Check can vet the model. Group slots are then polished: each group moves
// to the slot, among those all its mentors gave and none of their other
// groups meets at, that most of its students can attend — which changes
// nothing in an optimal solution (the model would have found the move) but
// lifts an incumbent stopped at the time limit to what Check asks of it.
func (in *instance) asResult(k int, vals map[string]float64) allocate.Result {
	r := allocate.Result{UnassignedStudents: []allocate.Unassigned{}, UnassignedMentors: []string{}}
	used := make([]bool, len(in.mentors))
	for g := range k {
		grp := allocate.Group{ID: fmt.Sprintf("g%d", g+1), Programme: "P0001", Cohort: "2025H", Mentors: []string{}}
		for t, sl := range in.slots {
			if vals[y(g, t)] > 0.5 {
				grp.MeetingSlot = sl
			}
		}
		for s, st := range in.students {
			if vals[x(s, g)] > 0.5 {
				grp.Students = append(grp.Students, st.Number)
			}
		}
		for j, m := range in.mentors {
			if vals[a(j, g)] > 0.5 {
				grp.Mentors = append(grp.Mentors, m.ID)
				used[j] = true
			}
		}
		grp.Undersized = len(grp.Students) < in.opt.GroupMin
		r.Groups = append(r.Groups, grp)
	}
	for j, m := range in.mentors {
		if !used[j] {
			r.UnassignedMentors = append(r.UnassignedMentors, m.ID)
		}
	}
	in.polishSlots(&r)
	for _, g := range r.Groups {
		r.Stats.Placed += len(g.Students)
	}
	r.Stats.Students, r.Stats.Groups = len(in.students), len(r.Groups)
	return r
}

// polishSlots moves groups to better free slots until none improves.
func (in *instance) polishSlots(r *allocate.Result) {
	mentor := map[string]allocate.Mentor{}
	for _, m := range in.mentors {
		mentor[m.ID] = m
	}
	for changed := true; changed; {
		changed = false
		for gi := range r.Groups {
			g := &r.Groups[gi]
			best, most := g.MeetingSlot, in.free(g.Students, g.MeetingSlot)
			for _, sl := range in.slots {
				ok := true
				for _, id := range g.Mentors {
					ok = ok && slices.Contains(mentor[id].Slots, sl)
					for gj, h := range r.Groups {
						ok = ok && (gj == gi || h.MeetingSlot != sl || !slices.Contains(h.Mentors, id))
					}
				}
				if c := in.free(g.Students, sl); ok && c > most {
					best, most, changed = sl, c, true
				}
			}
			g.MeetingSlot = best
		}
	}
	for gi := range r.Groups {
		g := &r.Groups[gi]
		g.SlotCoverage = 0
		if len(g.Students) > 0 {
			g.SlotCoverage = math.Round(100*float64(in.free(g.Students, g.MeetingSlot))/float64(len(g.Students))) / 100
		}
	}
}

// free counts the listed students who gave slot sl.
func (in *instance) free(numbers []string, sl string) int {
	c := 0
	for _, n := range numbers {
		for _, s := range in.students {
			if s.Number == n && slices.Contains(s.Slots, sl) {
				c++
			}
		}
	}
	return c
}

// covered counts, over all groups, the students free at their group's
// meeting slot (what the model maximises).
func (in *instance) covered(r allocate.Result) int {
	c := 0
	for _, g := range r.Groups {
		c += in.free(g.Students, g.MeetingSlot)
	}
	return c
}

// mentorAbsent counts r's groups whose meeting slot one of its mentors did
// not give. Check accepts such a group when its mentors share no slot at
// all (it does not ask whether another pairing of the mentors would), the
// model never forms one: rule 7 says the meeting slot is one "all its
// mentors can attend".
func (in *instance) mentorAbsent(r allocate.Result) int {
	slots := map[string][]string{}
	for _, m := range in.mentors {
		slots[m.ID] = m.Slots
	}
	c := 0
	for _, g := range r.Groups {
		for _, id := range g.Mentors {
			if !slices.Contains(slots[id], g.MeetingSlot) {
				c++
				break
			}
		}
	}
	return c
}
