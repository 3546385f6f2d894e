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
// of a minority category (rule 6) while the pairs in together share a
// group (rule 5, which outranks it). It looks only at how many students
// have each combination of minority categories (minorityCats) and at the
// sets together joins, not at who they are: no arrangement that keeps rule
// 6 exists if even those counts do not split. It is Check's own reading of
// the contract, kept apart from the engine's.
func (ck *checker) loneForced(pl *pcPlacement, sizes []int, together [][2]int) bool {
	found, sure := ck.loneSplit(pl, sizes, together)
	return !found && sure
}

// loneSplit is loneForced's search: whether it found a split of the
// counts that isolates nobody, and whether its answer is sure (it did not
// run out of steps).
func (ck *checker) loneSplit(pl *pcPlacement, sizes []int, together [][2]int) (found, sure bool) {
	total := 0
	for _, s := range sizes {
		total += s
	}
	if len(sizes) <= 1 || total != len(pl.num) {
		return true, false // one group holds each category whole; or not a split of pl
	}
	cats := ck.minorityCats(pl)
	// Sets of students together must keep: each student their own set,
	// merged along the pairs.
	set := make([]int, len(pl.num))
	for i := range set {
		set[i] = i
	}
	top := func(i int) int {
		for set[i] != i {
			i = set[i]
		}
		return i
	}
	for _, w := range together {
		if a, b := top(w[0]), top(w[1]); a != b {
			set[max(a, b)] = min(a, b)
		}
	}
	members := make([][]int, len(pl.num))
	for i := range pl.num {
		members[top(i)] = append(members[top(i)], i)
	}
	// Sets are told apart by their size and the minority categories of
	// their members; single students in none fill whatever room is left.
	var names []string // the minority categories
	bySort := map[string]int{}
	var sorts []loneSort
	filler := 0
	for _, mem := range members {
		if len(mem) == 0 {
			continue
		}
		var all []string
		for _, i := range mem {
			all = append(all, cats[i]...)
		}
		if len(mem) == 1 && len(all) == 0 {
			filler++
			continue
		}
		slices.Sort(all)
		key := strconv.Itoa(len(mem)) + ":" + strings.Join(all, "|")
		j, ok := bySort[key]
		if !ok {
			j = len(sorts)
			bySort[key] = j
			srt := loneSort{size: len(mem)}
			for _, c := range all {
				at := slices.Index(names, c)
				if at < 0 {
					at = len(names)
					names = append(names, c)
				}
				srt.cats = append(srt.cats, at)
			}
			sorts = append(sorts, srt)
		}
		sorts[j].have++
	}
	have := make([]int, len(sorts))
	for j := range sorts {
		have[j] = sorts[j].have
	}
	// Larger groups first, so equal sizes are neighbours.
	order := slices.Clone(sizes)
	slices.SortFunc(order, func(a, b int) int { return b - a })
	s := &loneSearch{sorts: sorts, ncats: len(names), sizes: order, budget: checkRelaxBudget, dead: map[string]bool{}}
	found = s.group(0, have, filler, nil)
	return found, found || s.budget >= 0
}

// loneSort is one sort of set of students for loneForced: how many
// students it has, the minority categories of its members (a category
// once per member in it) and how many such sets there are.
type loneSort struct {
	size, have int
	cats       []int
}

// loneSearch seats counts of each sort of set group by group; a group the same size as the one before takes counts
// no larger in lexical order, as such groups are interchangeable.
type loneSearch struct {
	sorts  []loneSort
	ncats  int
	sizes  []int
	budget int
	dead   map[string]bool // states known to fail
}

// lonely reports whether counts per sort hold exactly one member of some
// category.
func (s *loneSearch) lonely(per []int) bool {
	of := make([]int, s.ncats)
	for j, n := range per {
		for _, c := range s.sorts[j].cats {
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
		most := min(have[j], room/s.sorts[j].size)
		if bounded {
			most = min(most, before[j])
		}
		for n := most; n >= 0; n-- {
			take[j] = n
			if pick(j+1, room-n*s.sorts[j].size, bounded && n == before[j]) {
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
