package main

import (
	"slices"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// A unit is what the bounds seat: one student, or a with-pair — two
// cohort-mates joined by a with-request (either direction or both) and by
// no other with-request, with no avoid request between them. Rule 5 puts
// a with-pair in one group whenever both are placeable in the same
// programme+cohort, so when both are placed they meet at one slot t, and
// the covered among them are cnt_u(t), the members free at t. The bounds
// give a unit variables x_u_t ∈ [0,1] for the slots where cnt_u(t) > 0,
// Σ_t x_u_t ≤ 1, objective Σ cnt_u(t)·x_u_t and cnt_u(t)·x_u_t seats at t.
//
// Why that stays an upper bound: in any arrangement the contract allows,
// set x_u_t = (members of u placed at a group meeting at t and free then)
// / cnt_u(t). Both placed: one group, one t, x_u_t = 1 or 0. One placed
// (the other left unassigned): at most one t, x_u_t ≤ 1. Either way
// Σ_t x_u_t ≤ 1, the objective term is the unit's covered count, and the
// seats taken at t are its covered members there — as for single students.
// Larger with-components (three or more joined by a chain of requests) stay
// single students: with a member in the middle left unassigned the others
// could sit apart, and the Σ ≤ 1 row would not hold.
type unit struct {
	members []int          // indexes into the cohort
	cnt     map[string]int // slot → members free then
	slots   []string       // the keys of cnt, sorted
}

// withUnits splits a cohort (students not opted out, slots deduplicated)
// into units, in the order of their first member. With whole (only valid
// where every student of the cohort is placed: the mean bound's sizes
// assume it), a with-component of any size up to most is one unit — all
// its pairs placed, rule 5 puts them in one group — unless an avoid
// request joins two of its members.
func withUnits(co []allocate.Student, whole bool, most int) []unit {
	idx := map[string]int{}
	for i, s := range co {
		idx[s.Number] = i
	}
	partner := make([][]int, len(co))
	link := func(a, b int) {
		if a != b && !slices.Contains(partner[a], b) {
			partner[a] = append(partner[a], b)
			partner[b] = append(partner[b], a)
		}
	}
	for i, s := range co {
		if j, ok := idx[s.With]; ok && s.With != "" {
			link(i, j)
		}
	}
	avoids := func(a, b int) bool { return co[a].Avoid == co[b].Number || co[b].Avoid == co[a].Number }
	var out []unit
	done := make([]bool, len(co))
	for i := range co {
		if done[i] {
			continue
		}
		done[i] = true
		mem := []int{i}
		if whole {
			comp := component(partner, i)
			if len(comp) > 1 && len(comp) <= most && !anyAvoid(comp, avoids) {
				for _, m := range comp {
					done[m] = true
				}
				mem = comp
			}
		} else if len(partner[i]) == 1 {
			j := partner[i][0]
			if len(partner[j]) == 1 && !avoids(i, j) {
				done[j] = true
				mem = append(mem, j)
			}
		}
		u := unit{members: mem, cnt: map[string]int{}}
		for _, m := range mem {
			for _, sl := range co[m].Slots {
				u.cnt[sl]++
			}
		}
		u.slots = sortedKeysOf(u.cnt)
		out = append(out, u)
	}
	return out
}

// component is i's with-component, i first, the rest in index order.
func component(partner [][]int, i int) []int {
	seen := map[int]bool{i: true}
	queue := []int{i}
	for q := 0; q < len(queue); q++ {
		for _, j := range partner[queue[q]] {
			if !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	slices.Sort(queue[1:])
	return queue
}

// anyAvoid reports whether an avoid request joins two members of comp.
func anyAvoid(comp []int, avoids func(a, b int) bool) bool {
	for x, a := range comp {
		for _, b := range comp[x+1:] {
			if avoids(a, b) {
				return true
			}
		}
	}
	return false
}
