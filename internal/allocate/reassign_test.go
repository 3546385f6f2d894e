package allocate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// reassignState is what a move may change: every group's slot and
// mentors, and the pool's counts and bookings.
func reassignState(r *reassign, groups []*groupPlan) string {
	s := ""
	for _, g := range groups {
		team := slices.Clone(g.team)
		slices.Sort(team)
		s += fmt.Sprintf("%d:%v;", g.slot, team)
	}
	return s + fmt.Sprint(r.pool.rem, r.pool.booked)
}

// checkTeams holds the matching to what reassign promises: every group
// has mentorsPerGroup mentors who gave its slot, none twice; no mentor
// exceeds max_groups or meets two groups at one slot, and the pool's
// counts and bookings say so; where the pool is diverse no group has two
// mentors of one cohort class; no mentor who led a group is idle.
func checkTeams(t *testing.T, r *reassign, groups []*groupPlan, where string) {
	t.Helper()
	count := make([]int, len(r.of))
	at := make([]map[int32]bool, len(r.of))
	for i := range at {
		at[i] = map[int32]bool{}
	}
	for gi, g := range groups {
		for _, m := range g.team {
			if !slices.Contains(r.of[m], g) {
				t.Fatalf("%s: group %d has mentor %d, whose groups do not list it", where, gi, m)
			}
		}
		if len(g.team) != r.c.opt.MentorsPerGroup {
			t.Fatalf("%s: group %d has %d mentors", where, gi, len(g.team))
		}
		classes := map[int32]bool{}
		for _, m := range g.team {
			count[m]++
			if g.slot >= 0 {
				// From the input, not the engine's own test of it.
				mt, name := &r.c.ms[r.c.p.mentors[m]], r.c.slotNames[g.slot]
				if len(mt.Slots) > 0 && !slices.Contains(mt.Slots, name) {
					t.Fatalf("%s: mentor %s did not give %s, the slot of group %d", where, mt.ID, name, gi)
				}
				if slices.Contains(r.c.busy[mt.ID], name) {
					t.Fatalf("%s: mentor %s meets a kept group at %s too (group %d)", where, mt.ID, name, gi)
				}
				if at[m][g.slot] {
					t.Fatalf("%s: mentor %d at two groups in slot %d", where, m, g.slot)
				}
				at[m][g.slot] = true
			}
			if r.pool.diverse && classes[r.pool.class[m]] {
				t.Fatalf("%s: group %d has two mentors of class %d", where, gi, r.pool.class[m])
			}
			classes[r.pool.class[m]] = true
		}
	}
	for m, gs := range r.of {
		for _, g := range gs {
			if !slices.Contains(g.team, int32(m)) {
				t.Fatalf("%s: mentor %d is listed at a group whose team %v lacks them", where, m, g.team)
			}
		}
		mi := r.c.p.mentors[m]
		if count[m] > effMax(&r.c.ms[mi]) || r.pool.rem[m] != effMax(&r.c.ms[mi])-count[m] {
			t.Fatalf("%s: mentor %d leads %d groups, max %d, pool says %d left", where, m, count[m], effMax(&r.c.ms[mi]), r.pool.rem[m])
		}
		if r.used[m] > 0 && count[m] == 0 {
			t.Fatalf("%s: mentor %d led a group and is idle", where, m)
		}
		for s := range int32(len(r.c.slotNames)) {
			if r.pool.booked[m].has(s) != (at[m][s] || r.c.mbusy[m].has(s)) {
				t.Fatalf("%s: mentor %d booked at slot %d: %v, meets a group then: %v", where, m, s, r.pool.booked[m].has(s), at[m][s])
			}
		}
	}
}

// Moving a planned group to another slot takes mentors from other groups
// where they can be replaced, keeps every rule of the teams, and a move
// that cannot be staffed changes nothing.
func TestReassignMovesGroupsWithValidTeams(t *testing.T) {
	st, ms := Generate(3000, 11)
	// Every third mentor already meets a kept group (Extend) at their
	// most popular slot, which no planned group of theirs may take.
	busy := map[string][]string{}
	for i, m := range ms {
		if i%3 == 0 && len(m.Slots) > 0 {
			busy[m.ID] = m.Slots[:1]
		}
	}
	moved, chained, refused := 0, 0, 0
	for _, mpg := range []int{1, 2} {
		opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: mpg, Seed: 3}
		for _, p := range splitByProgramme(st, ms) {
			c, pcs, pool := planProgramme(p, st, ms, opt, busy)
			r := c.newReassign(pcs, pool)
			if r == nil {
				continue
			}
			var groups []*groupPlan
			for _, pc := range pcs {
				for j := range pc.plans {
					groups = append(groups, &pc.plans[j])
				}
			}
			checkTeams(t, r, groups, p.code+" as planned")
			rng := rand.New(rand.NewPCG(uint64(mpg), uint64(len(p.students))))
			for range 40 {
				g := groups[rng.IntN(len(groups))]
				s := int32(rng.IntN(len(c.slotNames)))
				if s == g.slot {
					continue
				}
				before := reassignState(r, groups)
				others := map[*groupPlan][]int32{}
				for _, h := range groups {
					if h != g {
						others[h] = slices.Clone(h.team)
					}
				}
				if !r.move(g, s) {
					refused++
					if reassignState(r, groups) != before {
						t.Fatalf("%s: a refused move changed the plan", p.code)
					}
					continue
				}
				r.commit()
				moved++
				if g.slot != s {
					t.Fatalf("%s: moved group at slot %d, want %d", p.code, g.slot, s)
				}
				checkTeams(t, r, groups, p.code+" after a move")
				for h, team := range others {
					if !slices.Equal(team, h.team) {
						chained++
						break
					}
				}
			}
		}
	}
	t.Logf("%d moves, %d of them changing another group's mentors, %d refused", moved, chained, refused)
	if moved == 0 || chained == 0 || refused == 0 {
		t.Errorf("moves %d, chained %d, refused %d: want some of each", moved, chained, refused)
	}
}

// Letting mentors follow a group's move plans more students at a meeting
// they can make than moving only where a free team is (summed over the
// programmes of an intake; a single programme may come out either way).
func TestReassignPlansMoreStudentsAtTheirMeeting(t *testing.T) {
	st, ms := Generate(5000, 5000)
	opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 7}
	// Students planned at a meeting they can make, in all programmes and
	// in those whose pool cannot give every group mentors of two cohorts.
	planned := func(keep bool) (all, mixedPool int) {
		for _, p := range splitByProgramme(st, ms) {
			c, pcs, pool := planProgrammeTeams(p, st, ms, opt, nil, keep)
			for _, pc := range pcs {
				n := c.newCohortFlow(pc).covered()
				all += n
				if !pool.diverse {
					mixedPool += n
				}
			}
		}
		return all, mixedPool
	}
	with, withPart := planned(false)
	without, withoutPart := planned(true)
	t.Logf("students planned at a meeting they can make: %d with mentors following moves, %d without; where the pool cannot mix every group %d against %d", with, without, withPart, withoutPart)
	if with <= without || withPart <= withoutPart {
		t.Errorf("with reassign %d (%d where the pool cannot mix every group), without %d (%d): want more", with, withPart, without, withoutPart)
	}
}

// Where the pool cannot give every group mentors of two cohorts, a move
// still takes a mentor of a cohort the group lacks first: fewer groups end
// with two mentors of one cohort than when any mentor is taken first.
func TestReassignKeepsGroupsMixedWhereItCan(t *testing.T) {
	st, ms := Generate(5000, 5000)
	opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 7}
	same := func() (n, groups int) {
		for _, p := range splitByProgramme(st, ms) {
			c, pcs, pool := planProgramme(p, st, ms, opt, nil)
			if pool.diverse || c.newReassign(pcs, pool) == nil {
				continue
			}
			for _, pc := range pcs {
				for _, gp := range pc.plans {
					groups++
					// By the mentors' cohorts in the input.
					if len(gp.team) == 2 {
						a, b := c.ms[c.p.mentors[gp.team[0]]].Cohort, c.ms[c.p.mentors[gp.team[1]]].Cohort
						if a != "" && a == b {
							n++
						}
					}
				}
			}
		}
		return n, groups
	}
	preferred, groups := same()
	anyFirst = true
	defer func() { anyFirst = false }()
	unpreferred, _ := same()
	t.Logf("groups with two mentors of one cohort, of %d in pools that cannot mix all: %d, %d taking any mentor first", groups, preferred, unpreferred)
	if groups == 0 || preferred >= unpreferred {
		t.Errorf("%d groups with two mentors of one cohort (of %d), %d taking any mentor first: want fewer", preferred, groups, unpreferred)
	}
}

// A group's capacity moved from slot to slot leaves the cohort's matching
// maximal: as large as one built afresh for the same capacities.
func TestMoveGroupKeepsTheMatchingMaximal(t *testing.T) {
	st, ms := Generate(2000, 17)
	opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 1}
	checked := 0
	for _, p := range splitByProgramme(st, ms) {
		c, pcs, _ := planProgramme(p, st, ms, opt, nil)
		ns := int32(len(c.slotNames))
		for _, pc := range pcs {
			if pc.k == 0 || ns < 2 {
				continue
			}
			f := c.newCohortFlow(pc)
			slots := make([]int32, len(pc.plans))
			for j, gp := range pc.plans {
				slots[j] = gp.slot
			}
			rng := rand.New(rand.NewPCG(uint64(len(pc.studs)), 5))
			for range 30 {
				j := rng.IntN(len(slots))
				s := int32(rng.IntN(int(ns)+1)) - 1 // -1: no slot
				f.moveGroup(slots[j], s, pc.plans[j].size)
				slots[j] = s
				fresh := c.newCohortFlow(&pcPlan{studs: pc.studs})
				copy(fresh.cap, f.cap)
				fresh.augmentAll()
				if f.covered() != fresh.covered() {
					t.Fatalf("%s %s: %d matched after moves, %d afresh", p.code, pc.cohort, f.covered(), fresh.covered())
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no move checked")
	}
}

// In the planned matching, students joined by with-requests count only at
// slots all of their cluster gave (where they share one); everyone else
// keeps their own slots.
func TestClusterSlotsInThePlannedMatching(t *testing.T) {
	st, ms := Generate(3000, 23)
	opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 1}
	narrowed, kept := 0, 0
	for _, p := range splitByProgramme(st, ms) {
		c, pcs, _ := planProgramme(p, st, ms, opt, nil)
		if len(p.students) <= planSearchMax {
			continue
		}
		for _, pc := range pcs {
			f := c.newCohortFlow(pc)
			idx := map[string]int{}
			for x, i := range pc.studs {
				idx[st[i].Number] = x
			}
			for x, i := range pc.studs {
				own := c.studentSlots(i)
				y, paired := idx[st[i].With]
				asked := false // someone of the cohort asked for x
				for _, j := range pc.studs {
					asked = asked || st[j].With == st[i].Number && j != i
				}
				if !paired && !asked {
					if !sameSet(f.slots[x], own) {
						t.Fatalf("%s: a student without with-requests planned at %v, gave %v", p.code, f.slots[x], own)
					}
					kept++
					continue
				}
				apart := st[i].Avoid == st[pc.studs[y]].Number || st[pc.studs[y]].Avoid == st[i].Number // never joined
				if paired && !asked && !apart && st[pc.studs[y]].With == "" && !slices.ContainsFunc(pc.studs, func(j int32) bool { return st[j].With == st[pc.studs[y]].Number && j != i }) {
					// A pair of two: the slots both gave, where there are any.
					var both []int32
					for _, s := range own {
						if slices.Contains(c.studentSlots(pc.studs[y]), s) {
							both = append(both, s)
						}
					}
					wantX, wantY := own, c.studentSlots(pc.studs[y])
					if len(both) > 0 {
						wantX, wantY = both, both
						narrowed++
					}
					if !sameSet(f.slots[x], wantX) || !sameSet(f.slots[y], wantY) {
						t.Fatalf("%s: a with-pair planned at %v and %v, want %v and %v", p.code, f.slots[x], f.slots[y], wantX, wantY)
					}
				}
			}
		}
	}
	if narrowed == 0 || kept == 0 {
		t.Fatalf("narrowed %d pairs, kept %d students: the intake does not test it", narrowed, kept)
	}
}

func sameSet(a, b []int32) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Groups of two cohorts trade their slots, with their teams, where more
// students can then make their meeting: planned with the exchanges, more
// students of an intake are at a meeting they can make than without, and
// after them the teams keep every rule and mentors still follow moves.
func TestExchangesPlanMoreStudentsAtTheirMeeting(t *testing.T) {
	st, ms := Generate(30000, 30000)
	opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 7}
	planned := func() int {
		n := 0
		for _, p := range splitByProgramme(st, ms) {
			c, pcs, _ := planProgramme(p, st, ms, opt, nil)
			for _, pc := range pcs {
				n += c.newCohortFlow(pc).covered()
			}
		}
		return n
	}
	with := planned()
	noExchange = true
	without := planned()
	noExchange = false
	t.Logf("students planned at a meeting they can make: %d with exchanges, %d without", with, without)
	if with <= without {
		t.Errorf("with exchanges %d, without %d: want more", with, without)
	}

	exchanged := 0
	for _, p := range splitByProgramme(st[:8000], ms) {
		noExchange = true // planned as before the exchanges
		c, pcs, pool := planProgramme(p, st[:8000], ms, opt, nil)
		noExchange = false
		r := c.newReassign(pcs, pool)
		if r == nil {
			continue
		}
		flows := make([]*cohortFlow, len(pcs))
		var groups []*groupPlan
		for i, pc := range pcs {
			if pc.k > 0 {
				flows[i] = c.newCohortFlow(pc)
			}
			for j := range pc.plans {
				groups = append(groups, &pc.plans[j])
			}
		}
		if c.exchangePlans(pcs, flows, r, make([]int, len(pcs))) {
			exchanged++
		}
		checkTeams(t, r, groups, p.code+" after exchanges")
		rng := rand.New(rand.NewPCG(7, uint64(len(p.students))))
		for range 20 {
			g := groups[rng.IntN(len(groups))]
			if s := int32(rng.IntN(len(c.slotNames))); s != g.slot && r.move(g, s) {
				r.commit()
				checkTeams(t, r, groups, p.code+" after exchanges and a move")
			}
		}
	}
	if exchanged == 0 {
		t.Error("no programme made an exchange")
	}
}
