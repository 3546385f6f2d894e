package allocate

const (
	// relaxLimit is the largest programme+cohort whose group count
	// planning checks against rule 6 (see rule6Possible): small groups in
	// small cohorts are where minority categories fail to add up.
	relaxLimit = 40
	// relaxBudget bounds the steps of one rule6Possible search; a search
	// that runs out proves nothing, so the group count stays.
	relaxBudget = 50_000
)

// minorityTypes are the kinds of student rule 6's count relaxation tells
// apart: the active gender category (f, m, x, or none active) and whether
// the student is in the active international category (either side).
// Students in no active category are free fillers; the others are types
// 0..6: gender f, m, x each without (even) and with (odd) the active
// international category, then 6: no active gender, active international.
const minorityTypes = 7

// rule6Possible is a relaxation of rule 6 for the students of one
// programme+cohort in k groups of balanced size: ignoring with and avoid
// requests and slots, can the students be split so that no group holds
// exactly one member of a minority category (as newPart decides them)?
// When it cannot, no arrangement in k groups meets rule 6. It reports
// true when it finds a split or runs out of its step budget (unproven).
func (c *progCtx) rule6Possible(studs []int32, k int) bool {
	found, sure := c.rule6Split(studs, k)
	return found || !sure
}

// rule6Split is rule6Possible's search: whether it found a split, and
// whether its answer is sure (it did not run out of steps).
func (c *progCtx) rule6Split(studs []int32, k int) (found, sure bool) {
	if k <= 1 || len(studs) < k {
		return true, true // one group holds every minority whole
	}
	active := c.activeCats(studs)
	var cnt [minorityTypes]int
	free := 0
	for _, i := range studs {
		s := &c.st[i]
		intl := active[intlCat(s.International)]
		switch gc := genderCat(s.Gender); {
		case gc >= 0 && active[gc] && intl:
			cnt[2*gc+1]++
		case gc >= 0 && active[gc]:
			cnt[2*gc]++
		case intl:
			cnt[6]++
		default:
			free++
		}
	}
	r := relax{sizes: make([]int, k), budget: relaxBudget, failed: map[relaxKey]bool{}}
	for g := range k {
		r.sizes[g] = len(studs) / k
		if g < len(studs)%k {
			r.sizes[g]++
		}
	}
	found = r.fill(0, cnt, free, [minorityTypes]int{})
	return found, found || r.budget >= 0
}

// activeCats marks the categories of rule 6 that are in the minority
// among the placed students: two or more of them, fewer than half (of
// those who gave a gender, for the gender categories).
func (c *progCtx) activeCats(placed []int32) [ncat]bool {
	var count [ncat]int
	given := 0
	for _, i := range placed {
		s := &c.st[i]
		if gc := genderCat(s.Gender); gc >= 0 {
			count[gc]++
			given++
		}
		count[intlCat(s.International)]++
	}
	var active [ncat]bool
	for cat := range ncat {
		base := given
		if cat >= 3 {
			base = len(placed)
		}
		active[cat] = count[cat] >= 2 && 2*count[cat] < base
	}
	return active
}

// relax is rule6Possible's search: groups are filled in order, each with a
// count of every type; groups of one size take non-increasing counts (in
// lexical order), since groups of a size are interchangeable.
type relax struct {
	sizes  []int
	budget int
	failed map[relaxKey]bool
}

type relaxKey struct {
	g   int
	cnt [minorityTypes]int
}

// lone reports whether counts v of one group (or of what is left to
// seat) hold exactly one member of a category: gender f, m, x, or the
// active international category.
func lone(v *[minorityTypes]int) bool {
	intl := v[1] + v[3] + v[5] + v[6]
	return v[0]+v[1] == 1 || v[2]+v[3] == 1 || v[4]+v[5] == 1 || intl == 1
}

// fill seats what is left (cnt of each type, free fillers) in groups g
// onwards; prev is the previous group's counts, a bound for a group of
// the same size.
func (r *relax) fill(g int, cnt [minorityTypes]int, free int, prev [minorityTypes]int) bool {
	if g == len(r.sizes) {
		return true
	}
	if lone(&cnt) {
		// One member of a category left: whichever group takes them is
		// left with them alone.
		return false
	}
	key := relaxKey{g, cnt}
	if r.failed[key] {
		return false
	}
	tight := g > 0 && r.sizes[g] == r.sizes[g-1]
	var v [minorityTypes]int
	var try func(t, left int, tight bool) bool
	try = func(t, left int, tight bool) bool {
		if r.budget--; r.budget < 0 {
			return false
		}
		if t >= 2 && t%2 == 0 && v[t-2]+v[t-1] == 1 {
			return false // a lone member of gender t/2-1
		}
		if t == minorityTypes {
			if left > free || lone(&v) {
				return false
			}
			var rest [minorityTypes]int
			for u := range minorityTypes {
				rest[u] = cnt[u] - v[u]
			}
			return r.fill(g+1, rest, free-left, v)
		}
		hi := min(cnt[t], left)
		if tight {
			hi = min(hi, prev[t])
		}
		for x := hi; x >= 0; x-- {
			v[t] = x
			if try(t+1, left-x, tight && x == prev[t]) {
				return true
			}
		}
		v[t] = 0
		return false
	}
	if try(0, r.sizes[g], tight) {
		return true
	}
	if r.budget >= 0 {
		r.failed[key] = true
	}
	return false
}
