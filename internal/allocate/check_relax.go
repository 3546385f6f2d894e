package allocate

import (
	"slices"
	"strconv"
	"strings"
)

// checkRelaxBudget bounds the steps of one loneForced search; a search
// that runs out proves nothing.
const checkRelaxBudget = 200_000

// loneForced reports whether Check can prove that the students of pl, in
// groups of the given sizes, cannot avoid a group with exactly one member
// of a minority category (rule 6) — whatever the requests: it looks only
// at how many students have each combination of minority categories
// (minorityCats), so no arrangement that keeps rule 6 exists if even the
// counts do not split. It is Check's own reading of the contract, kept
// apart from the engine's.
func (ck *checker) loneForced(pl *pcPlacement, sizes []int) bool {
	if len(sizes) <= 1 {
		return false // one group holds each category whole
	}
	total := 0
	for _, s := range sizes {
		total += s
	}
	if total != len(pl.num) {
		return false
	}
	cats := ck.minorityCats(pl)
	// Students are told apart by the combination of minority categories
	// they are in; those in none fill whatever room is left.
	byCombo := map[string]int{}
	filler := 0
	for _, cs := range cats {
		if len(cs) == 0 {
			filler++
			continue
		}
		byCombo[strings.Join(cs, "|")]++
	}
	combos := sortedKeys(byCombo)
	var names []string // the minority categories
	in := make([][]int, len(combos))
	for j, cb := range combos {
		for _, c := range strings.Split(cb, "|") {
			at := slices.Index(names, c)
			if at < 0 {
				at = len(names)
				names = append(names, c)
			}
			in[j] = append(in[j], at)
		}
	}
	have := make([]int, len(combos))
	for j, cb := range combos {
		have[j] = byCombo[cb]
	}
	// Larger groups first, so equal sizes are neighbours.
	order := slices.Clone(sizes)
	slices.SortFunc(order, func(a, b int) int { return b - a })
	s := &loneSearch{in: in, ncats: len(names), sizes: order, budget: checkRelaxBudget, dead: map[string]bool{}}
	found := s.group(0, have, filler, nil)
	return !found && s.budget >= 0
}

// loneSearch seats counts of each combination of minority categories
// group by group; a group the same size as the one before takes counts
// no larger in lexical order, as such groups are interchangeable.
type loneSearch struct {
	in     [][]int // the categories of each combination
	ncats  int
	sizes  []int
	budget int
	dead   map[string]bool // states known to fail
}

// lonely reports whether counts per combination hold exactly one member
// of some category.
func (s *loneSearch) lonely(per []int) bool {
	of := make([]int, s.ncats)
	for j, n := range per {
		for _, c := range s.in[j] {
			of[c] += n
		}
	}
	return slices.Contains(of, 1)
}

func (s *loneSearch) group(g int, have []int, filler int, before []int) bool {
	if g == len(s.sizes) {
		return true
	}
	if s.lonely(have) {
		return false // the one left over is alone wherever they go
	}
	var key strings.Builder
	key.WriteString(strconv.Itoa(g))
	for _, n := range have {
		key.WriteByte(',')
		key.WriteString(strconv.Itoa(n))
	}
	if s.dead[key.String()] {
		return false
	}
	take := make([]int, len(have))
	same := g > 0 && s.sizes[g] == s.sizes[g-1]
	var pick func(j, room int, bounded bool) bool
	pick = func(j, room int, bounded bool) bool {
		s.budget--
		if s.budget < 0 {
			return false
		}
		if j == len(have) {
			if room > filler || s.lonely(take) {
				return false
			}
			rest := make([]int, len(have))
			for i := range have {
				rest[i] = have[i] - take[i]
			}
			return s.group(g+1, rest, filler-room, take)
		}
		top := min(have[j], room)
		if bounded {
			top = min(top, before[j])
		}
		for n := top; n >= 0; n-- {
			take[j] = n
			if pick(j+1, room-n, bounded && n == before[j]) {
				return true
			}
		}
		take[j] = 0
		return false
	}
	if pick(0, s.sizes[g], same) {
		return true
	}
	if s.budget >= 0 {
		s.dead[key.String()] = true
	}
	return false
}
