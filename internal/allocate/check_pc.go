package allocate

import "slices"

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// pcPlacement is a programme+cohort's placed students as Check sees them.
type pcPlacement struct {
	num   []string       // placed students in number order
	at    map[string]int // number -> local index
	group []int          // local index -> position in p.groups
	sizes []int          // size of each group
	avoid [][2]int
}

func (ck *checker) placement(p *pcCheck) *pcPlacement {
	pl := &pcPlacement{at: map[string]int{}}
	owner := map[string]int{}
	for j, gi := range p.groups {
		g := ck.r.Groups[gi]
		pl.sizes = append(pl.sizes, len(g.Students))
		for _, n := range g.Students {
			if ck.stu[n] != nil { // unknown students are rule 1's business
				pl.num = append(pl.num, n)
				owner[n] = j
			}
		}
	}
	slices.Sort(pl.num)
	pl.num = slices.Compact(pl.num)
	pl.group = make([]int, len(pl.num))
	for i, n := range pl.num {
		pl.at[n] = i
		pl.group[i] = owner[n]
	}
	for i, n := range pl.num {
		if s := ck.stu[n]; s != nil {
			if t, ok := pl.at[s.Avoid]; ok && t != i {
				pl.avoid = append(pl.avoid, [2]int{i, t})
			}
		}
	}
	return pl
}

// rules56 checks avoid and with requests (rule 5) and minority isolation
// (rule 6) in one programme+cohort.
func (ck *checker) rules56(p *pcCheck) {
	if len(p.groups) == 0 {
		return
	}
	pl := ck.placement(p)
	m := len(pl.num)
	small := m <= checkExactLimit
	gid := func(i int) string { return ck.r.Groups[p.groups[pl.group[i]]].ID }
	// "never" has no exception: where no arrangement parts a pair, the
	// contract leaves one of them unassigned (rule 1 judges that), so a
	// pair in one group is always a breach.
	for _, a := range pl.avoid {
		if pl.group[a[0]] == pl.group[a[1]] {
			ck.add(5, gid(a[0]), "%s and %s must not share a group", pl.num[a[0]], pl.num[a[1]])
		}
	}
	required := ck.requiredWith(pl)
	var withFeasible *bool
	for _, w := range required {
		if pl.group[w[0]] == pl.group[w[1]] {
			continue
		}
		if small && withFeasible == nil {
			f := false
			for _, sizes := range ck.sizeChoices(p, pl) {
				if f = ck.arrangeable(pl, sizes, required, false); f {
					break
				}
			}
			withFeasible = &f
		}
		if !small || *withFeasible {
			ck.add(5, gid(w[0]), "%s asked to be with %s (group %s)", pl.num[w[0]], pl.num[w[1]], gid(w[1]))
		}
	}
	cats := ck.minorityCats(pl)
	counts := make([]map[string]int, len(pl.sizes))
	for i := range pl.num {
		if counts[pl.group[i]] == nil {
			counts[pl.group[i]] = map[string]int{}
		}
		for _, c := range cats[i] {
			counts[pl.group[i]][c]++
		}
	}
	var honoured [][2]int
	for i, n := range pl.num {
		if t, ok := pl.at[ck.stu[n].With]; ok && pl.group[t] == pl.group[i] {
			honoured = append(honoured, [2]int{i, t})
		}
	}
	var r6Feasible *bool
	for j, cnt := range counts {
		for _, c := range sortedKeys(cnt) {
			if cnt[c] != 1 {
				continue
			}
			if small && r6Feasible == nil {
				f := false
				for _, sizes := range ck.sizeChoices(p, pl) {
					if f = ck.arrangeable(pl, sizes, honoured, true); f {
						break
					}
				}
				r6Feasible = &f
			}
			if (!small || *r6Feasible) && !ck.parted(pl, cats, c, required) {
				ck.add(6, ck.r.Groups[p.groups[j]].ID, "only one %s member in the group", c)
			}
		}
	}
}

// sizeChoices are the group sizes rule 6 may ask for, for the placed
// students of p: the sizes r chose, and — the number of groups being rule
// 7's choice, below rule 6 — balanced sizes within [group-min, group-max]
// for every other number of groups the programme's mentors could staff
// (with the programme's other programme+cohorts keeping the fewest groups
// they need).
func (ck *checker) sizeChoices(p *pcCheck, pl *pcPlacement) [][]int {
	out := [][]int{pl.sizes}
	m := len(pl.num)
	if m < ck.opt.GroupMin || ck.opt.GroupMax <= 0 {
		return out
	}
	others := ck.fewestOthers(p)
	for k := (m + ck.opt.GroupMax - 1) / ck.opt.GroupMax; k*max(ck.opt.GroupMin, 1) <= m; k++ {
		if k == len(pl.sizes) || (k > len(pl.sizes) && !ck.staffable(p.programme, others+k)) {
			continue
		}
		sizes := make([]int, k)
		for j := range sizes {
			sizes[j] = m / k
			if j < m%k {
				sizes[j]++
			}
		}
		out = append(out, sizes)
	}
	return out
}

// requiredWith lists the with-requests rule 5 demands, by the documented
// tie-break: requests taken in order of the asking student's number, each
// joining two clusters unless that would put an avoid pair together or make
// a cluster larger than the smallest group the programme+cohort's placed
// students make in the fewest groups group-max allows (the number of groups
// is rule 7's choice, below rule 5).
func (ck *checker) requiredWith(pl *pcPlacement) [][2]int {
	cluster := make([]int, len(pl.num))
	for i := range cluster {
		cluster[i] = i
	}
	limit := slices.Min(pl.sizes)
	if m := len(pl.num); ck.opt.GroupMax > 0 && m >= ck.opt.GroupMin {
		limit = max(limit, m/((m+ck.opt.GroupMax-1)/ck.opt.GroupMax))
	}
	var out [][2]int
	for i, n := range pl.num {
		t, ok := pl.at[ck.stu[n].With]
		if !ok || cluster[t] == cluster[i] {
			continue
		}
		a, b := cluster[i], cluster[t]
		size, clash := 0, false
		for x := range cluster {
			if cluster[x] == a || cluster[x] == b {
				size++
			}
		}
		for _, av := range pl.avoid {
			ca, cb := cluster[av[0]], cluster[av[1]]
			clash = clash || (ca == a && cb == b) || (ca == b && cb == a)
		}
		if size > limit || clash {
			continue
		}
		for x := range cluster {
			if cluster[x] == b {
				cluster[x] = a
			}
		}
		out = append(out, [2]int{i, t})
	}
	return out
}

// minorityCats lists, per placed student, the categories they belong to
// that are a minority of two or more in the programme+cohort: f, m, x
// counted among students with a gender given, international and domestic
// among all.
func (ck *checker) minorityCats(pl *pcPlacement) [][]string {
	count := map[string]int{}
	given := 0
	own := make([][]string, len(pl.num))
	for i, n := range pl.num {
		s := ck.stu[n]
		if s.Gender != "" {
			given++
			own[i] = append(own[i], "gender "+s.Gender)
		}
		own[i] = append(own[i], map[bool]string{true: "international", false: "domestic"}[s.International])
		for _, c := range own[i] {
			count[c]++
		}
	}
	out := make([][]string, len(pl.num))
	for i := range own {
		for _, c := range own[i] {
			base := len(pl.num)
			if c[0] == 'g' {
				base = given
			}
			if count[c] >= 2 && 2*count[c] < base {
				out[i] = append(out[i], c)
			}
		}
	}
	return out
}

// arrangeable searches every way to seat the placed students in groups of
// the given sizes, keeping avoid pairs apart, the given pairs together and,
// if r6, nobody the only member of a minority category in the group. Only
// used for at most checkExactLimit students. A search too long proves
// nothing, so it counts as "arrangeable": Check excuses only what it proved.
func (ck *checker) arrangeable(pl *pcPlacement, sizes []int, together [][2]int, r6 bool) bool {
	m := len(pl.num)
	seat := make([]int, m)
	for i := range seat {
		seat[i] = -1
	}
	left := slices.Clone(sizes)
	cats := ck.minorityCats(pl)
	budget := 5_000_000
	var try func(i int) bool
	try = func(i int) bool {
		if budget--; budget < 0 {
			return true
		}
		if i == m {
			return !r6 || noLoneMember(seat, cats, len(sizes))
		}
		for g := range sizes {
			if left[g] == 0 {
				continue
			}
			if left[g] == sizes[g] && firstEmptyTwin(sizes, left, g) != g {
				continue
			}
			ok := true
			for _, a := range pl.avoid {
				if (a[0] == i && seat[a[1]] == g) || (a[1] == i && seat[a[0]] == g) {
					ok = false
				}
			}
			for _, w := range together {
				if o := pairOther(w, i); o >= 0 && seat[o] >= 0 && seat[o] != g {
					ok = false
				}
			}
			if !ok {
				continue
			}
			seat[i], left[g] = g, left[g]-1
			if try(i + 1) {
				return true
			}
			seat[i], left[g] = -1, left[g]+1
		}
		return false
	}
	return try(0)
}

// pairOther is the partner of i in pair w, or -1.
func pairOther(w [2]int, i int) int {
	switch i {
	case w[0]:
		return w[1]
	case w[1]:
		return w[0]
	}
	return -1
}

// firstEmptyTwin is the first still-empty group of the same size as g:
// seating into any other of those would only repeat a tried arrangement.
func firstEmptyTwin(sizes, left []int, g int) int {
	for j := range g {
		if sizes[j] == sizes[g] && left[j] == sizes[j] {
			return j
		}
	}
	return g
}

func noLoneMember(seat []int, cats [][]string, k int) bool {
	cnt := make([]map[string]int, k)
	for i, g := range seat {
		if cnt[g] == nil {
			cnt[g] = map[string]int{}
		}
		for _, c := range cats[i] {
			cnt[g][c]++
		}
	}
	for _, c := range cnt {
		for _, v := range c {
			if v == 1 {
				return false
			}
		}
	}
	return true
}

// parted reports the conflict Check can prove at any size: a minority of
// two or three isolates nobody only if all its members share one group, and
// with them everyone rule 5 requires beside them (their required
// with-partners, and theirs in turn). Where two of that set must not share
// a group, or the set is larger than group-max, rule 5 (which outranks
// rule 6) rules that out.
func (ck *checker) parted(pl *pcPlacement, cats [][]string, c string, required [][2]int) bool {
	in := func(i int) bool { return slices.Contains(cats[i], c) }
	set := map[int]bool{}
	for i := range pl.num {
		if in(i) {
			set[i] = true
		}
	}
	if len(set) > 3 {
		return false
	}
	for grew := true; grew; {
		grew = false
		for _, w := range required {
			if set[w[0]] != set[w[1]] {
				set[w[0]], set[w[1]] = true, true
				grew = true
			}
		}
	}
	for _, a := range pl.avoid {
		if set[a[0]] && set[a[1]] {
			return true
		}
	}
	return len(set) > ck.opt.GroupMax
}
