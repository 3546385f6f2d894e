package allocate

import (
	"cmp"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Extend re-allocates after groups have been accepted and stored: students
// arrive late, leave or opt out, and mentors come and go, but the stored
// groups are not reshuffled. existing are the stored groups; students and
// mentors are the current full lists.
//
//   - A member of an existing group who is no longer listed, has opted out,
//     or (students) now belongs to another programme or cohort, or (mentors)
//     now serves another programme, is dropped from the group. The group is
//     kept under its id even if it becomes small or empty, and is flagged
//     undersized only if it was before and still is. A mentor whose
//     max_groups went down keeps the first groups (in the given order) and
//     leaves the later ones.
//   - Groups left with fewer than MentorsPerGroup mentors are topped up from
//     the programme's mentors with spare capacity, preferring a cohort not
//     yet in the group, then a mentor who can attend the group's meeting
//     slot, then the most spare capacity, then the smaller id.
//   - Students in no group (new, late, or moved) are placed first into the
//     existing groups of their programme+cohort with room (fewer than
//     GroupMax students). A group where the student would meet someone they
//     avoid, or who avoids them, is never chosen. Among the others the
//     choice is, in this order: the one keeping most with-requests
//     together, the one not leaving a minority member alone (rule 6), the
//     smallest, the one whose meeting slot the student can attend, the
//     earlier. With-requests between new students are placed as one unit
//     where a group has room for it. Units anchored to an existing member by
//     a with-request go first; the rest in a seeded order.
//   - Who does not fit is allocated by Allocate with the mentors' remaining
//     capacity (max_groups minus the groups they already serve); the new
//     groups get ids g<N+1>, g<N+2>, … (N the highest gN among the
//     existing ids, at least their number), skipping ids in use. A new group
//     in a programme+cohort that has kept groups is never formed below
//     GroupMin: late students placed into kept groups are taken back for it
//     when that is enough (those tied to a kept member by a with-request
//     last); otherwise those who do not fit stay unassigned. Students the
//     new groups could not take after all (mentors short) get a second try
//     in the kept groups.
//   - An existing meeting slot is kept (people have planned around it); a
//     group without one gets one by rule 7. Slot coverage is recomputed for
//     every group from the current lists.
//
// Groups come back in a stable order: the existing ones in their given
// order, then the new ones in Allocate's order. Students and mentors within
// a group are sorted. The same input and seed give an identical Result.
// Extend does not fail: invalid options are clamped (GroupMin at least 1,
// GroupMax at least GroupMin, MentorsPerGroup at least 0), and of a repeated
// student number or mentor id only the first entry counts.
func Extend(existing []Group, students []Student, mentors []Mentor, opt Options) Result {
	opt.GroupMin = max(opt.GroupMin, 1)
	opt.GroupMax = max(opt.GroupMax, opt.GroupMin)
	opt.MentorsPerGroup = max(opt.MentorsPerGroup, 0)
	e := newExtender(students, mentors, opt)
	e.keep(existing)
	e.topUpMentors()
	var pool []Student
	var unassigned []Unassigned
	for _, key := range e.lateOrder {
		over, un := e.placeLate(key, e.late[key])
		pool = append(pool, over...)
		unassigned = append(unassigned, un...)
	}
	fresh, un := e.allocateNew(pool, existing)
	unassigned = append(unassigned, e.secondChance(un)...)
	return e.result(existing, fresh, unassigned)
}

// extender is Extend's working state.
type extender struct {
	opt      Options
	students []*Student          // first entry of each number, in input order
	mentors  []*Mentor           // first entry of each id, in input order
	stu      map[string]*Student // by number
	men      map[string]*Mentor  // by id
	byProg   map[string][]*Mentor
	withBy   map[string][]string // number -> students (not opted out) asking to be with them
	avoidBy  map[string][]string // number -> students (not opted out) avoiding them
	pcCats   map[string]*[ncat + 1]int
	load     map[string]int // groups each mentor serves
	groups   []Group        // the kept groups, in the given order
	pcGroups map[string][]int
	where    map[string]int // student number -> index into groups
	late     map[string][]*Student
	// lateOrder lists the programme+cohort keys of late students, sorted.
	lateOrder []string
}

func pcKey(programme, cohort string) string { return programme + "\x00" + cohort }

func newExtender(students []Student, mentors []Mentor, opt Options) *extender {
	e := &extender{opt: opt, stu: make(map[string]*Student, len(students)), men: make(map[string]*Mentor, len(mentors)),
		byProg: map[string][]*Mentor{}, withBy: map[string][]string{}, avoidBy: map[string][]string{},
		pcCats: map[string]*[ncat + 1]int{}, load: map[string]int{}, pcGroups: map[string][]int{},
		where: make(map[string]int, len(students)), late: map[string][]*Student{}}
	for i := range students {
		s := &students[i]
		if _, dup := e.stu[s.Number]; dup {
			continue
		}
		e.stu[s.Number] = s
		e.students = append(e.students, s)
		if s.OptOut {
			continue
		}
		if s.With != "" && s.With != s.Number {
			e.withBy[s.With] = append(e.withBy[s.With], s.Number)
		}
		if s.Avoid != "" && s.Avoid != s.Number {
			e.avoidBy[s.Avoid] = append(e.avoidBy[s.Avoid], s.Number)
		}
		// Per programme+cohort: counts of f, m, x, international, domestic,
		// and (last) of students who gave a gender.
		key := pcKey(s.Programme, s.Cohort)
		c := e.pcCats[key]
		if c == nil {
			c = new([ncat + 1]int)
			e.pcCats[key] = c
		}
		if gc := genderCat(s.Gender); gc >= 0 {
			c[gc]++
			c[ncat]++
		}
		c[intlCat(s.International)]++
	}
	for i := range mentors {
		m := &mentors[i]
		if _, dup := e.men[m.ID]; dup {
			continue
		}
		e.men[m.ID] = m
		e.mentors = append(e.mentors, m)
		e.byProg[m.Programme] = append(e.byProg[m.Programme], m)
	}
	for _, ms := range e.byProg {
		slices.SortFunc(ms, func(a, b *Mentor) int { return strings.Compare(a.ID, b.ID) })
	}
	return e
}

// keep copies the existing groups without the members who are gone.
func (e *extender) keep(existing []Group) {
	e.groups = make([]Group, len(existing))
	for gi, old := range existing {
		g := old
		g.Students = make([]string, 0, len(old.Students))
		g.Mentors = make([]string, 0, max(len(old.Mentors), e.opt.MentorsPerGroup))
		for _, n := range old.Students {
			s := e.stu[n]
			if s == nil || s.OptOut || s.Programme != g.Programme || s.Cohort != g.Cohort {
				continue
			}
			if _, twice := e.where[n]; twice {
				continue
			}
			e.where[n] = gi
			g.Students = append(g.Students, n)
		}
		for _, id := range old.Mentors {
			m := e.men[id]
			if m == nil || m.Programme != g.Programme || slices.Contains(g.Mentors, id) || e.load[id] >= effMax(m) {
				continue
			}
			e.load[id]++
			g.Mentors = append(g.Mentors, id)
		}
		e.groups[gi] = g
		key := pcKey(g.Programme, g.Cohort)
		e.pcGroups[key] = append(e.pcGroups[key], gi)
	}
	for _, s := range e.students {
		if _, placed := e.where[s.Number]; placed || s.OptOut {
			continue
		}
		key := pcKey(s.Programme, s.Cohort)
		if e.late[key] == nil {
			e.lateOrder = append(e.lateOrder, key)
		}
		e.late[key] = append(e.late[key], s)
	}
	slices.Sort(e.lateOrder)
	for _, l := range e.late {
		slices.SortFunc(l, func(a, b *Student) int { return strings.Compare(a.Number, b.Number) })
	}
}

// topUpMentors gives every kept group short of MentorsPerGroup mentors
// more mentors of its programme with spare capacity, group by group.
func (e *extender) topUpMentors() {
	for gi := range e.groups {
		g := &e.groups[gi]
		for len(g.Mentors) < e.opt.MentorsPerGroup {
			var best *Mentor
			var bestKey [3]int
			for _, m := range e.byProg[g.Programme] {
				spare := effMax(m) - e.load[m.ID]
				if spare <= 0 || slices.Contains(g.Mentors, m.ID) || e.meetsAt(m.ID, g.MeetingSlot) {
					continue // rule 7: never two groups at one time
				}
				if len(e.opt.MentorMix) > 0 && !e.kindMissing(g, m.Kind) {
					continue // --mentor-mix: only a kind the group lacks
				}
				clash := 0
				for _, id := range g.Mentors {
					if c := e.men[id].Cohort; c != "" && c == m.Cohort {
						clash++
					}
				}
				miss := 0
				if g.MeetingSlot != "" && !slices.Contains(m.Slots, g.MeetingSlot) {
					miss = 1
				}
				// byProg is sorted by id, so the first of equals wins.
				key := [3]int{clash, miss, -spare}
				if best == nil || slices.Compare(key[:], bestKey[:]) < 0 {
					best, bestKey = m, key
				}
			}
			if best == nil {
				break
			}
			e.load[best.ID]++
			g.Mentors = append(g.Mentors, best.ID)
		}
	}
}

// kindMissing reports whether group g lacks a mentor of kind for the mix.
func (e *extender) kindMissing(g *Group, kind string) bool {
	need := 0
	for _, k := range e.opt.MentorMix {
		if k == kind {
			need++
		}
	}
	for _, id := range g.Mentors {
		if m := e.men[id]; m != nil && m.Kind == kind {
			need--
		}
	}
	return need > 0
}

// meetsAt reports whether mentor id already leads a group meeting at slot.
func (e *extender) meetsAt(id, slot string) bool {
	if slot == "" {
		return false
	}
	for _, g := range e.groups {
		if g.MeetingSlot == slot && slices.Contains(g.Mentors, id) {
			return true
		}
	}
	return false
}

// catBits is the set of the programme+cohort's minority categories (rule
// 6: two or more members, fewer than half) that s belongs to.
func catBits(s *Student, c *[ncat + 1]int) uint8 {
	var b uint8
	if gc := genderCat(s.Gender); gc >= 0 && c[gc] >= 2 && 2*c[gc] < c[ncat] {
		b |= 1 << gc
	}
	total := c[3] + c[4]
	if ic := intlCat(s.International); c[ic] >= 2 && 2*c[ic] < total {
		b |= 1 << ic
	}
	return b
}

// lateUnit is a set of late students to be placed together.
type lateUnit struct {
	members  []*Student
	anchored bool // a member has a with-request linking them to a kept member
	group    int  // index into e.groups once placed, else -1
}

// pcState is what placing students into the kept groups of one
// programme+cohort needs to know.
type pcState struct {
	gis  []int // its kept groups
	inPC map[int]bool
	cats *[ncat + 1]int     // its category counts, for catBits
	cnt  map[int]*[ncat]int // minority members per kept group
}

func (e *extender) state(key string) *pcState {
	st := &pcState{gis: e.pcGroups[key], inPC: map[int]bool{}, cats: e.pcCats[key], cnt: map[int]*[ncat]int{}}
	if st.cats == nil {
		st.cats = new([ncat + 1]int)
	}
	for _, gi := range st.gis {
		st.inPC[gi] = true
		c := new([ncat]int)
		for _, n := range e.groups[gi].Students {
			addCats(c, catBits(e.stu[n], st.cats), 1)
		}
		st.cnt[gi] = c
	}
	return st
}

func (e *extender) put(st *pcState, u *lateUnit, gi int) {
	u.group = gi
	for _, s := range u.members {
		e.where[s.Number] = gi
		e.groups[gi].Students = append(e.groups[gi].Students, s.Number)
		addCats(st.cnt[gi], catBits(s, st.cats), 1)
	}
}

func (e *extender) takeBack(st *pcState, u *lateUnit) {
	g := &e.groups[u.group]
	for _, s := range u.members {
		delete(e.where, s.Number)
		g.Students = slices.DeleteFunc(g.Students, func(n string) bool { return n == s.Number })
		addCats(st.cnt[u.group], catBits(s, st.cats), -1)
	}
	u.group = -1
}

// placeLate puts the late students of one programme+cohort into its kept
// groups. It returns those who go to new groups and those who stay
// unassigned.
func (e *extender) placeLate(key string, late []*Student) (over []Student, unassigned []Unassigned) {
	st := e.state(key)
	if len(st.gis) == 0 {
		for _, s := range late {
			over = append(over, *s)
		}
		return over, nil
	}
	units := e.units(late, st.inPC)
	h := fnv.New64a()
	h.Write([]byte(key))
	rng := rand.New(rand.NewPCG(uint64(e.opt.Seed), h.Sum64()))
	order := rng.Perm(len(units))
	slices.SortStableFunc(order, func(a, b int) int {
		ua, ub := units[a], units[b]
		if ua.anchored != ub.anchored {
			if ua.anchored {
				return -1
			}
			return 1
		}
		return len(ub.members) - len(ua.members)
	})
	var placed, singles []*lateUnit
	var overflow []*Student
	var blocked []bool // per overflow student: a group had room but an avoid request barred it
	try := func(u *lateUnit, split bool) {
		gi, avoidOnly := e.bestGroup(st, u.members)
		switch {
		case gi >= 0:
			e.put(st, u, gi)
			placed = append(placed, u)
		case split && len(u.members) > 1:
			for _, s := range u.members {
				singles = append(singles, &lateUnit{members: []*Student{s}, anchored: u.anchored, group: -1})
			}
		default:
			overflow = append(overflow, u.members...)
			for range u.members {
				blocked = append(blocked, avoidOnly)
			}
		}
	}
	for _, ui := range order {
		try(units[ui], true)
	}
	for _, u := range singles {
		try(u, false)
	}
	// A few students who do not fit cannot form a new group of GroupMin
	// on their own: take late students back from the kept groups for it
	// (latest placed first; those tied to a kept member by a with-request
	// last, since placing everyone outranks with-requests), but only when
	// that is enough. Students taken back but not placed in the end get a
	// second chance in the kept groups (see secondChance).
	movable := 0
	for _, u := range placed {
		movable += len(u.members)
	}
	if len(overflow) > 0 && len(overflow) < e.opt.GroupMin && len(overflow)+movable >= e.opt.GroupMin {
		for _, anchored := range []bool{false, true} {
			for i := len(placed) - 1; i >= 0 && len(overflow) < e.opt.GroupMin; i-- {
				if u := placed[i]; u.anchored == anchored && u.group >= 0 {
					e.takeBack(st, u)
					overflow = append(overflow, u.members...)
				}
			}
		}
	}
	if len(overflow) >= e.opt.GroupMin {
		for _, s := range overflow {
			over = append(over, *s)
		}
		return over, nil
	}
	prog, cohort, _ := strings.Cut(key, "\x00")
	for i, s := range overflow {
		reason := "the groups of " + prog + " " + cohort + " are full and too few students are left for a new group"
		if blocked[i] {
			reason = "every group of " + prog + " " + cohort + " with room holds someone the student must not be grouped with, and too few students are left for a new group"
		}
		unassigned = append(unassigned, Unassigned{StudentNumber: s.Number, Reason: reason})
	}
	return nil, unassigned
}

// secondChance tries the kept groups again for students the new groups
// could not take (students taken back for a new group that mentors could
// not staff, or who find room that taking back freed); it returns who is
// still unassigned.
func (e *extender) secondChance(un []Unassigned) []Unassigned {
	states := map[string]*pcState{}
	out := un[:0]
	for _, u := range un {
		s := e.stu[u.StudentNumber]
		key := pcKey(s.Programme, s.Cohort)
		st := states[key]
		if st == nil {
			st = e.state(key)
			states[key] = st
		}
		if gi, _ := e.bestGroup(st, []*Student{s}); gi >= 0 {
			e.put(st, &lateUnit{members: []*Student{s}}, gi)
			continue
		}
		out = append(out, u)
	}
	return out
}

func addCats(c *[ncat]int, bits uint8, d int) {
	for cat := range ncat {
		if bits&(1<<cat) != 0 {
			c[cat] += d
		}
	}
}

// withPartners lists the students s asked to be with or who asked to be
// with s.
func (e *extender) withPartners(s *Student) []string {
	out := e.withBy[s.Number]
	if s.With != "" && s.With != s.Number {
		out = append(slices.Clip(out), s.With)
	}
	return out
}

func (e *extender) avoids(a, b *Student) bool { return a.Avoid == b.Number || b.Avoid == a.Number }

// units joins late students asking to be with each other, in number order,
// unless that would put an avoid pair together or exceed GroupMax.
func (e *extender) units(late []*Student, inPC map[int]bool) []*lateUnit {
	local := make(map[string]int, len(late))
	for x, s := range late {
		local[s.Number] = x
	}
	root := make([]int, len(late))
	members := make([][]int, len(late))
	for x := range late {
		root[x] = x
		members[x] = []int{x}
	}
	for x, s := range late {
		t, ok := local[s.With]
		if !ok || t == x {
			continue
		}
		a, b := root[x], root[t]
		if a == b || len(members[a])+len(members[b]) > e.opt.GroupMax {
			continue
		}
		clash := false
		for _, y := range members[a] {
			for _, z := range members[b] {
				clash = clash || e.avoids(late[y], late[z])
			}
		}
		if clash {
			continue
		}
		for _, y := range members[b] {
			root[y] = a
		}
		members[a] = append(members[a], members[b]...)
		members[b] = nil
	}
	var out []*lateUnit
	for x := range late {
		if root[x] != x {
			continue
		}
		slices.Sort(members[x])
		u := &lateUnit{group: -1}
		for _, y := range members[x] {
			s := late[y]
			u.members = append(u.members, s)
			for _, p := range e.withPartners(s) {
				if gi, ok := e.where[p]; ok && inPC[gi] {
					u.anchored = true
				}
			}
		}
		out = append(out, u)
	}
	return out
}

// bestGroup chooses the kept group of the programme+cohort for a unit, or
// -1; avoidOnly then reports that some group had room but an avoid request
// barred every such group.
func (e *extender) bestGroup(st *pcState, unit []*Student) (int, bool) {
	best, sawRoom := -1, false
	var bestKey [4]int
	var ucat [ncat]int
	for _, s := range unit {
		addCats(&ucat, catBits(s, st.cats), 1)
	}
	inUnit := func(n string) bool {
		return slices.ContainsFunc(unit, func(s *Student) bool { return s.Number == n })
	}
	for _, gi := range st.gis {
		g := &e.groups[gi]
		if e.opt.GroupMax-len(g.Students) < len(unit) {
			continue
		}
		sawRoom = true
		clash := false
		for _, s := range unit {
			if at, ok := e.where[s.Avoid]; ok && at == gi {
				clash = true
			}
			for _, n := range e.avoidBy[s.Number] {
				if at, ok := e.where[n]; ok && at == gi {
					clash = true
				}
			}
		}
		if clash {
			continue
		}
		broken, miss := 0, 0
		for _, s := range unit {
			for _, p := range e.withPartners(s) {
				if at, ok := e.where[p]; ok && at != gi && !inUnit(p) {
					broken++
				}
			}
			if g.MeetingSlot != "" && !slices.Contains(s.Slots, g.MeetingSlot) {
				miss++
			}
		}
		lone := 0
		for c := range ncat {
			if ucat[c] > 0 {
				lone += isoN(st.cnt[gi][c]+ucat[c]) - isoN(st.cnt[gi][c])
			}
		}
		key := [4]int{broken, lone, len(g.Students), miss}
		if best < 0 || slices.Compare(key[:], bestKey[:]) < 0 {
			best, bestKey = gi, key
		}
	}
	return best, best < 0 && sawRoom
}

func isoN(v int) int {
	if v == 1 {
		return 1
	}
	return 0
}

// allocateNew forms new groups for the overflow with the mentors' spare
// capacity and numbers them after the existing groups.
func (e *extender) allocateNew(pool []Student, existing []Group) ([]Group, []Unassigned) {
	if len(pool) == 0 {
		return nil, nil
	}
	var spare []Mentor
	for _, m := range e.mentors {
		if left := effMax(m) - e.load[m.ID]; left > 0 {
			c := *m
			c.MaxGroups = left
			spare = append(spare, c)
		}
	}
	// New groups must not meet when their mentors meet a kept group.
	busy := map[string][]string{}
	for _, g := range e.groups {
		if g.MeetingSlot != "" {
			for _, id := range g.Mentors {
				busy[id] = append(busy[id], g.MeetingSlot)
			}
		}
	}
	r, err := allocate(pool, spare, e.opt, busy)
	if err != nil { // cannot happen: options are clamped and ids unique
		un := make([]Unassigned, len(pool))
		for i, s := range pool {
			un[i] = Unassigned{StudentNumber: s.Number, Reason: err.Error()}
		}
		return nil, un
	}
	used := make(map[string]bool, len(existing))
	next := len(existing)
	for _, g := range existing {
		used[g.ID] = true
		if n, err := strconv.Atoi(strings.TrimPrefix(g.ID, "g")); err == nil && strings.HasPrefix(g.ID, "g") {
			next = max(next, n)
		}
	}
	for i := range r.Groups {
		g := &r.Groups[i]
		for {
			next++
			if id := "g" + strconv.Itoa(next); !used[id] {
				g.ID = id
				break
			}
		}
		for _, id := range g.Mentors {
			e.load[id]++
		}
	}
	return r.Groups, r.UnassignedStudents
}

// result finishes the kept groups and assembles the Result.
func (e *extender) result(existing []Group, fresh []Group, unassigned []Unassigned) Result {
	r := Result{Groups: make([]Group, 0, len(e.groups)+len(fresh)), UnassignedStudents: unassigned, UnassignedMentors: []string{}}
	for gi := range e.groups {
		g := e.groups[gi]
		slices.Sort(g.Students)
		slices.Sort(g.Mentors)
		studs := make([]*Student, len(g.Students))
		for j, n := range g.Students {
			studs[j] = e.stu[n]
		}
		if g.MeetingSlot == "" {
			ms := make([]*Mentor, len(g.Mentors))
			for j, id := range g.Mentors {
				ms[j] = e.men[id]
			}
			g.MeetingSlot, g.SlotCoverage = pickSlot(studs, ms)
		} else {
			g.SlotCoverage = coverage(studs, g.MeetingSlot)
		}
		g.Undersized = existing[gi].Undersized && len(g.Students) < e.opt.GroupMin
		r.Groups = append(r.Groups, g)
	}
	r.Groups = append(r.Groups, fresh...)
	if r.UnassignedStudents == nil {
		r.UnassignedStudents = []Unassigned{}
	}
	slices.SortFunc(r.UnassignedStudents, func(a, b Unassigned) int { return strings.Compare(a.StudentNumber, b.StudentNumber) })
	for _, m := range e.mentors {
		if e.load[m.ID] == 0 {
			r.UnassignedMentors = append(r.UnassignedMentors, m.ID)
		}
	}
	slices.Sort(r.UnassignedMentors)
	for _, s := range e.students {
		if !s.OptOut {
			r.Stats.Students++
		}
	}
	for _, g := range r.Groups {
		r.Stats.Placed += len(g.Students)
	}
	r.Stats.Groups = len(r.Groups)
	return r
}

// coverage is the share of the students who can attend slot, rounded to
// two places; 0 for no students.
func coverage(studs []*Student, slot string) float64 {
	if len(studs) == 0 {
		return 0
	}
	n := 0
	for _, s := range studs {
		if slices.Contains(s.Slots, slot) {
			n++
		}
	}
	return round2(float64(n) / float64(len(studs)))
}

// pickSlot chooses a meeting slot as buildGroup does (rule 7): among the
// slots all mentors share, the one most students can attend; when they
// share none, the one most members can attend; ties to the lexically
// smallest; "" when nobody gave a slot.
func pickSlot(studs []*Student, ms []*Mentor) (string, float64) {
	cnt := map[string]int{}
	for _, s := range studs {
		for _, sl := range uniq(s.Slots) {
			cnt[sl]++
		}
	}
	var shared map[string]bool
	for j, m := range ms {
		mine := map[string]bool{}
		for _, sl := range m.Slots {
			if j == 0 || shared[sl] {
				mine[sl] = true
			}
		}
		shared = mine
	}
	score := cnt
	cands := shared
	if len(shared) == 0 {
		score = make(map[string]int, len(cnt))
		for sl, n := range cnt {
			score[sl] = n
		}
		for _, m := range ms {
			for _, sl := range uniq(m.Slots) {
				score[sl]++
			}
		}
		cands = make(map[string]bool, len(score))
		for sl := range score {
			cands[sl] = true
		}
	}
	best, found := "", false
	for sl := range cands {
		if !found || cmp.Or(cmp.Compare(score[best], score[sl]), strings.Compare(sl, best)) < 0 {
			best, found = sl, true
		}
	}
	if !found {
		return "", 0
	}
	return best, coverage(studs, best)
}
