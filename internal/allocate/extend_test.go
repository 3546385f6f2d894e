package allocate

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func assertExtendClean(t testing.TB, existing []Group, s []Student, m []Mentor, opt Options, r Result) {
	t.Helper()
	v := CheckExtend(existing, s, m, opt, r)
	for i, x := range v {
		if i == 10 {
			t.Errorf("… %d violations in all", len(v))
			break
		}
		t.Error(x)
	}
}

// groupOf maps every placed student to their group's id.
func groupOf(r Result) map[string]string {
	out := map[string]string{}
	for _, g := range r.Groups {
		for _, n := range g.Students {
			out[n] = g.ID
		}
	}
	return out
}

func without(s []Student, numbers ...string) []Student {
	return slices.DeleteFunc(slices.Clone(s), func(x Student) bool { return slices.Contains(numbers, x.Number) })
}

func find(s []Student, number string) *Student {
	for i := range s {
		if s[i].Number == number {
			return &s[i]
		}
	}
	return nil
}

// evolution is an intake as first allocated and as it is later.
type evolution struct {
	first, now             []Student
	mFirst, mNow           []Mentor
	late, leavers, optOuts []string
	goneMentors            []string
}

// evolve withholds about 4 % of the students from the first allocation
// (they come late), lets 2 % leave and 1 % opt out later, and drops about
// 5 % of the mentors and lowers the capacity of another 5 %.
func evolve(s []Student, m []Mentor, seed uint64) evolution {
	rng := rand.New(rand.NewPCG(seed, 99))
	var ev evolution
	for _, st := range s {
		switch r := rng.IntN(100); {
		case st.OptOut:
			ev.first, ev.now = append(ev.first, st), append(ev.now, st)
		case r < 4:
			ev.now = append(ev.now, st)
			ev.late = append(ev.late, st.Number)
		case r < 6:
			ev.first = append(ev.first, st)
			ev.leavers = append(ev.leavers, st.Number)
		case r < 7:
			ev.first = append(ev.first, st)
			c := st
			c.OptOut = true
			ev.now = append(ev.now, c)
			ev.optOuts = append(ev.optOuts, st.Number)
		default:
			ev.first, ev.now = append(ev.first, st), append(ev.now, st)
		}
	}
	ev.mFirst = m
	for _, mt := range m {
		switch r := rng.IntN(100); {
		case r < 5:
			ev.goneMentors = append(ev.goneMentors, mt.ID)
		case r < 10:
			mt.MaxGroups = max(1, mt.MaxGroups-1)
			ev.mNow = append(ev.mNow, mt)
		default:
			ev.mNow = append(ev.mNow, mt)
		}
	}
	return ev
}

func TestExtendFromNothingIsAllocate(t *testing.T) {
	s, m := sampleInput(t)
	want := mustAllocate(t, s, m, sampleOpt)
	if got := Extend(nil, s, m, sampleOpt); !reflect.DeepEqual(got, want) {
		t.Fatal("Extend without existing groups differs from Allocate")
	}
}

func TestExtendNoChangeKeepsEverything(t *testing.T) {
	s, m := sampleInput(t)
	r0 := mustAllocate(t, s, m, sampleOpt)
	r := Extend(r0.Groups, s, m, sampleOpt)
	if !reflect.DeepEqual(r, r0) {
		t.Fatalf("unchanged input changed the groups:\n%+v\n%+v", r.Groups[0], r0.Groups[0])
	}
	assertExtendClean(t, r0.Groups, s, m, sampleOpt, r)
}

func TestExtendEvolved(t *testing.T) {
	base, m := Generate(5000, 5)
	ev := evolve(base, m, 1)
	opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 3}
	r0 := mustAllocate(t, ev.first, ev.mFirst, opt)
	r := Extend(r0.Groups, ev.now, ev.mNow, opt)
	assertExtendClean(t, r0.Groups, ev.now, ev.mNow, opt, r)

	// No kept group changed id or lost a remaining member.
	gone := map[string]bool{}
	for _, n := range append(slices.Clone(ev.leavers), ev.optOuts...) {
		gone[n] = true
	}
	for i, old := range r0.Groups {
		g := r.Groups[i]
		if g.ID != old.ID {
			t.Fatalf("group %d: id %s became %s", i, old.ID, g.ID)
		}
		for _, n := range old.Students {
			if !gone[n] && !slices.Contains(g.Students, n) {
				t.Errorf("%s lost remaining member %s", g.ID, n)
			}
		}
		if old.MeetingSlot != g.MeetingSlot {
			t.Errorf("%s: meeting slot %s became %s", g.ID, old.MeetingSlot, g.MeetingSlot)
		}
	}
	// Leavers and opted-out students are nowhere; late students land in
	// kept groups.
	where := groupOf(r)
	for n := range gone {
		if where[n] != "" || slices.ContainsFunc(r.UnassignedStudents, func(u Unassigned) bool { return u.StudentNumber == n }) {
			t.Errorf("student %s who left or opted out is still listed", n)
		}
	}
	kept := map[string]bool{}
	for _, g := range r0.Groups {
		kept[g.ID] = true
	}
	intoKept := 0
	for _, n := range ev.late {
		if kept[where[n]] {
			intoKept++
		}
	}
	if len(ev.late) == 0 || intoKept < len(ev.late)*9/10 {
		t.Errorf("%d of %d late students placed in existing groups", intoKept, len(ev.late))
	}
	for _, id := range ev.goneMentors {
		for _, g := range r.Groups {
			if slices.Contains(g.Mentors, id) {
				t.Errorf("mentor %s who left is still in %s", id, g.ID)
			}
		}
	}
	// Extend never puts an avoid pair together in a kept group (CheckExtend
	// has judged the new groups by Check's rules; a pair the first
	// allocation could not part — a single group — may stay together).
	for i, g := range r.Groups[:len(r0.Groups)] {
		for _, n := range g.Students {
			stored := slices.Contains(r0.Groups[i].Students, n)
			if a := find(ev.now, n).Avoid; a != "" && slices.Contains(g.Students, a) && !(stored && slices.Contains(r0.Groups[i].Students, a)) {
				t.Errorf("%s: %s shares a group with %s, whom they avoid", g.ID, n, a)
			}
		}
	}
	// Deterministic, byte for byte.
	again := Extend(r0.Groups, ev.now, ev.mNow, opt)
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Fatal("two runs with the same seed differ")
	}
	t.Logf("late %d (into existing %d), leavers %d, opted out %d, mentors gone %d; groups %d → %d, unassigned %d",
		len(ev.late), intoKept, len(ev.leavers), len(ev.optOuts), len(ev.goneMentors), len(r0.Groups), len(r.Groups), len(r.UnassignedStudents))
}

// TestExtendRandom checks many small evolved intakes under varied
// options against CheckExtend.
func TestExtendRandom(t *testing.T) {
	for seed := range uint64(40) {
		base, m := Generate(639, int64(seed))
		ev := evolve(base, m, seed)
		rng := rand.New(rand.NewPCG(seed, 7))
		opt := Options{GroupMin: 3 + rng.IntN(8), MentorsPerGroup: rng.IntN(3), Seed: int64(seed)}
		opt.GroupMax = opt.GroupMin + rng.IntN(20)
		r0 := mustAllocate(t, ev.first, ev.mFirst, opt)
		r := Extend(r0.Groups, ev.now, ev.mNow, opt)
		if v := CheckExtend(r0.Groups, ev.now, ev.mNow, opt, r); len(v) > 0 {
			t.Errorf("seed %d %+v: %d violations, first %v", seed, opt, len(v), v[0])
		}
		if !reflect.DeepEqual(r, Extend(r0.Groups, ev.now, ev.mNow, opt)) {
			t.Errorf("seed %d: not deterministic", seed)
		}
	}
}

func TestExtendFullGroupsFormNewOnes(t *testing.T) {
	s := pc("a", "P", "2025H", 40)
	m := mentorsFor("P", 12, "2021H", "2022H")
	opt := Options{GroupMin: 5, GroupMax: 10, MentorsPerGroup: 2, Seed: 1}
	// Groups of 10 to start with, so four mentors are free for new groups.
	r0 := mustAllocate(t, s, m, atLeast(opt, 10))
	if len(r0.Groups) != 4 {
		t.Fatalf("%d groups", len(r0.Groups))
	}
	left := []string{r0.Groups[0].Students[0], r0.Groups[1].Students[0]}
	late := pc("b", "P", "2025H", 14)
	now := append(without(s, left...), late...)
	r := Extend(r0.Groups, now, m, opt)
	assertExtendClean(t, r0.Groups, now, m, opt, r)
	var ids []string
	for _, g := range r.Groups {
		ids = append(ids, g.ID)
	}
	if strings.Join(ids, ",") != "g1,g2,g3,g4,g5,g6" {
		t.Fatalf("ids %v", ids)
	}
	for i, g := range r.Groups[:4] {
		if len(g.Students) != 10 {
			t.Errorf("%s has %d students", g.ID, len(g.Students))
		}
		if i >= 2 && !reflect.DeepEqual(g, r0.Groups[i]) {
			t.Errorf("untouched group %s changed", g.ID)
		}
	}
	for _, g := range r.Groups[4:] {
		if len(g.Students) != 6 || len(g.Mentors) != 2 || g.Undersized {
			t.Errorf("new group %+v", g)
		}
	}
	if r.Stats != (Stats{Students: 52, Placed: 52, Groups: 6}) || len(r.UnassignedStudents) != 0 {
		t.Errorf("stats %+v, unassigned %v", r.Stats, r.UnassignedStudents)
	}
}

// TestExtendShrunkGroupStays: a group that leavers took below group-min
// stays as it is (a fresh allocation would break it up); Check on the
// whole result reports exactly that, CheckExtend accepts it.
func TestExtendShrunkGroupStays(t *testing.T) {
	s := pc("a", "P", "2025H", 30)
	m := mentorsFor("P", 6, "2021H", "2022H")
	opt := Options{GroupMin: 8, GroupMax: 10, MentorsPerGroup: 2, Seed: 1}
	r0 := mustAllocate(t, s, m, opt)
	g1 := r0.Groups[0]
	now := without(s, g1.Students[:3]...)
	r := Extend(r0.Groups, now, m, opt)
	assertExtendClean(t, r0.Groups, now, m, opt, r)
	if g := r.Groups[0]; g.ID != g1.ID || len(g.Students) != 7 || g.Undersized || !reflect.DeepEqual(g.Mentors, g1.Mentors) {
		t.Errorf("shrunk group %+v", g)
	}
	v := Check(now, m, opt, r)
	if len(v) == 0 {
		t.Fatal("Check accepts a group below group-min")
	}
	for _, x := range v {
		if x.Rule != 3 || x.Group != g1.ID && x.Group != "" {
			t.Errorf("unexpected %v", x)
		}
	}
}

func TestExtendAvoid(t *testing.T) {
	s := pc("a", "P", "2025H", 20)
	opt := Options{GroupMin: 5, GroupMax: 10, Seed: 1}
	r0 := mustAllocate(t, s, nil, atLeast(opt, 10)) // two groups of 10
	g1, g2 := r0.Groups[0], r0.Groups[1]
	now := without(s, g1.Students[0], g1.Students[1], g2.Students[0]) // g1 8, g2 9
	late := pc("b", "P", "2025H", 2)
	late[0].Avoid = g1.Students[5] // g1 is smaller, but b100 must not go there
	late[1].Avoid = g1.Students[6] // and b101 neither …
	find(now, g2.Students[3]).Avoid = late[1].Number
	now = append(now, late...) // … nor to g2, where someone avoids b101
	r := Extend(r0.Groups, now, nil, opt)
	assertExtendClean(t, r0.Groups, now, nil, opt, r)
	where := groupOf(r)
	if where["b100"] != g2.ID {
		t.Errorf("b100 in %q, want %s", where["b100"], g2.ID)
	}
	if where["b101"] != "" || len(r.UnassignedStudents) != 1 || !strings.Contains(r.UnassignedStudents[0].Reason, "must not be grouped with") {
		t.Errorf("b101 in %q, unassigned %v", where["b101"], r.UnassignedStudents)
	}
}

func TestExtendWith(t *testing.T) {
	s := pc("a", "P", "2025H", 20)
	opt := Options{GroupMin: 5, GroupMax: 10, Seed: 1}
	r0 := mustAllocate(t, s, nil, atLeast(opt, 10)) // two groups of 10
	g1, g2 := r0.Groups[0], r0.Groups[1]
	now := without(s, g1.Students[0], g1.Students[1], g2.Students[0]) // g1 8, g2 9
	late := pc("b", "P", "2025H", 3)
	late[0].With = g2.Students[4] // joins their friend in the larger group
	late[1].With = late[2].Number // two late friends stay together
	now = append(now, late...)
	r := Extend(r0.Groups, now, nil, opt)
	assertExtendClean(t, r0.Groups, now, nil, opt, r)
	where := groupOf(r)
	if where["b100"] != g2.ID || where["b101"] != g1.ID || where["b102"] != g1.ID {
		t.Errorf("placement b100 %s b101 %s b102 %s", where["b100"], where["b101"], where["b102"])
	}
}

func TestExtendMinority(t *testing.T) {
	s := pc("a", "P", "2025H", 20)
	s[3].International, s[11].International = true, true
	opt := Options{GroupMin: 5, GroupMax: 10, Seed: 1}
	r0 := mustAllocate(t, s, nil, atLeast(opt, 10)) // two groups of 10
	where0 := groupOf(r0)
	if where0["a103"] != where0["a111"] {
		t.Fatal("the allocation isolated an international student")
	}
	gi, gd := r0.Groups[0], r0.Groups[1] // gi holds the internationals
	if where0["a103"] != gi.ID {
		gi, gd = gd, gi
	}
	var drop []string
	for _, n := range gi.Students {
		if n != "a103" && n != "a111" && len(drop) < 1 {
			drop = append(drop, n)
		}
	}
	drop = append(drop, gd.Students[0], gd.Students[1])
	now := without(s, drop...) // gi 9 with both internationals, gd 8 with none
	late := pc("b", "P", "2025H", 2)
	late[0].International = true
	now = append(now, late...)
	r := Extend(r0.Groups, now, nil, opt)
	assertExtendClean(t, r0.Groups, now, nil, opt, r)
	where := groupOf(r)
	// The international goes where they are not alone, though gd is
	// smaller; the domestic one goes to the smallest group.
	if where["b100"] != gi.ID || where["b101"] != gd.ID {
		t.Errorf("b100 in %s, b101 in %s; internationals' group %s", where["b100"], where["b101"], gi.ID)
	}
}

func TestExtendMentors(t *testing.T) {
	s := pc("a", "P", "2025H", 20)
	m := mentorsFor("P", 6, "2021H", "2022H") // P-m10 2021H, P-m11 2022H, …
	m[0].MaxGroups = 2
	existing := []Group{
		{ID: "g1", Programme: "P", Cohort: "2025H", Students: numbers(s[:10]), Mentors: []string{"P-m10", "P-m11"}, MeetingSlot: "mon10", SlotCoverage: 1},
		{ID: "g2", Programme: "P", Cohort: "2025H", Students: numbers(s[10:]), Mentors: []string{"P-m10", "P-m13"}, MeetingSlot: "tue12", SlotCoverage: 1},
	}
	opt := Options{GroupMin: 5, GroupMax: 10, MentorsPerGroup: 2, Seed: 1}
	now := slices.Clone(m)
	now[0].MaxGroups = 1                                                         // P-m10 keeps g1 only
	now = slices.DeleteFunc(now, func(x Mentor) bool { return x.ID == "P-m11" }) // P-m11 leaves
	now[1].Slots = []string{"wed08"}                                             // P-m12 cannot meet on tue12 …
	now[len(now)-1].Slots = []string{"wed08"}                                    // … nor P-m15 on mon10
	r := Extend(existing, s, now, opt)
	assertExtendClean(t, existing, s, now, opt, r)
	g1, g2 := r.Groups[0], r.Groups[1]
	// g1 (P-m10, 2021H) needs a 2022H mentor: P-m15, though they cannot
	// attend mon10, since a different cohort comes first. g2 (P-m13,
	// 2022H) gets a 2021H mentor who can attend tue12: P-m14, not P-m12.
	if !reflect.DeepEqual(g1.Mentors, []string{"P-m10", "P-m15"}) || !reflect.DeepEqual(g2.Mentors, []string{"P-m13", "P-m14"}) {
		t.Errorf("mentors g1 %v g2 %v", g1.Mentors, g2.Mentors)
	}
	if g1.MeetingSlot != "mon10" || g1.SlotCoverage != 1 || g2.MeetingSlot != "tue12" || g2.SlotCoverage != 0 {
		t.Errorf("slots %s %v, %s %v", g1.MeetingSlot, g1.SlotCoverage, g2.MeetingSlot, g2.SlotCoverage)
	}
	if !reflect.DeepEqual(r.UnassignedMentors, []string{"P-m12"}) {
		t.Errorf("unassigned mentors %v", r.UnassignedMentors)
	}
}

func numbers(s []Student) []string {
	out := make([]string, len(s))
	for i := range s {
		out[i] = s[i].Number
	}
	return out
}

func TestExtendSlotAndIDs(t *testing.T) {
	s := pc("a", "P", "2025H", 12)
	for i := range s[:8] {
		s[i].Slots = []string{"thu14", "mon10"}
	}
	existing := []Group{
		{ID: "g7", Programme: "P", Cohort: "2025H", Students: numbers(s[:6])},
		{ID: "x", Programme: "P", Cohort: "2025H", Students: numbers(s[6:]), MeetingSlot: "thu14", Undersized: true},
	}
	opt := Options{GroupMin: 8, GroupMax: 6}
	late := pc("b", "P", "2025H", 12)
	now := append(slices.Clone(s), late...)
	r := Extend(existing, now, nil, opt)
	assertExtendClean(t, existing, now, nil, opt, r)
	// Clamped options: group-max 8. Both groups take two late students
	// each; the other eight form a new group numbered after g7.
	if g := r.Groups[0]; g.MeetingSlot != "mon10" || g.SlotCoverage != 1 || g.Undersized {
		t.Errorf("g7 %+v", g)
	}
	if g := r.Groups[1]; g.MeetingSlot != "thu14" || g.SlotCoverage != 0.25 || g.Undersized {
		t.Errorf("x %+v", g)
	}
	if len(r.Groups) != 3 || r.Groups[2].ID != "g8" || len(r.Groups[2].Students) != 8 {
		t.Errorf("groups %+v", r.Groups)
	}
}

// TestExtendTakesBack: too few leftovers for a new group take late
// students back from the kept groups — if mentors can staff the new group.
func TestExtendTakesBack(t *testing.T) {
	s := pc("a", "P", "2025H", 20)
	opt := Options{GroupMin: 5, GroupMax: 10, MentorsPerGroup: 2, Seed: 1}
	for _, tc := range []struct {
		late, mentors  int
		sizes          []int
		unassigned     int
		reasonFragment string
	}{
		{4, 6, []int{10, 10}, 2, "too few students are left"},
		{6, 6, []int{9, 10, 5}, 0, ""},
		{6, 4, []int{10, 10}, 4, "no mentor available"},
	} {
		m := mentorsFor("P", tc.mentors, "2021H", "2022H")
		r0 := mustAllocate(t, s, m, atLeast(opt, 10)) // two groups of 10
		now := append(without(s, r0.Groups[0].Students[:2]...), pc("b", "P", "2025H", tc.late)...)
		r := Extend(r0.Groups, now, m, opt)
		assertExtendClean(t, r0.Groups, now, m, opt, r)
		var sizes []int
		for _, g := range r.Groups {
			sizes = append(sizes, len(g.Students))
		}
		if !slices.Equal(sizes, tc.sizes) || len(r.UnassignedStudents) != tc.unassigned {
			t.Errorf("%+v: sizes %v, unassigned %v", tc, sizes, r.UnassignedStudents)
		}
		for _, u := range r.UnassignedStudents {
			if !strings.Contains(u.Reason, tc.reasonFragment) {
				t.Errorf("%+v: reason %q", tc, u.Reason)
			}
		}
	}
}

func TestExtendLeaversAndMovers(t *testing.T) {
	s := append(pc("a", "P", "2025H", 20), pc("c", "P", "2024H", 9)...)
	opt := Options{GroupMin: 5, GroupMax: 10, Seed: 2}
	r0 := mustAllocate(t, s, nil, opt)
	now := slices.Clone(s)
	find(now, "a100").OptOut = true
	find(now, "a101").Cohort = "2024H" // moved to the other cohort
	now = without(now, "a102")
	r := Extend(r0.Groups, now, nil, opt)
	assertExtendClean(t, r0.Groups, now, nil, opt, r)
	where := groupOf(r)
	if where["a100"] != "" || where["a102"] != "" {
		t.Error("a student who opted out or left is still placed")
	}
	for _, g := range r.Groups {
		if g.ID == where["a101"] && g.Cohort != "2024H" {
			t.Errorf("moved student in %s %s", g.ID, g.Cohort)
		}
	}
	if r.Stats.Students != 27 || r.Stats.Placed != 27 {
		t.Errorf("stats %+v", r.Stats)
	}
}

// TestCheckExtendFindsPlanted plants contract breaches into a clean
// incremental result.
func TestCheckExtendFindsPlanted(t *testing.T) {
	s := pc("a", "P", "2025H", 40)
	m := mentorsFor("P", 12, "2021H", "2022H")
	opt := Options{GroupMin: 5, GroupMax: 10, MentorsPerGroup: 2, Seed: 1}
	r0 := mustAllocate(t, s, m, opt)
	now := append(without(s, r0.Groups[0].Students[0]), pc("b", "P", "2025H", 14)...)
	base := Extend(r0.Groups, now, m, opt)
	assertExtendClean(t, r0.Groups, now, m, opt, base)
	cases := []struct {
		rule  int
		plant func(r *Result)
	}{
		{0, func(r *Result) { r.Groups[1].ID = "g9" }},
		{0, func(r *Result) { // a kept member moved to a new group
			g, h := &r.Groups[1], &r.Groups[len(r.Groups)-1]
			h.Students = append(h.Students, g.Students[0])
			g.Students = g.Students[1:]
			slices.Sort(h.Students)
		}},
		{0, func(r *Result) { r.Groups[2].MeetingSlot = "tue12" }},
		{1, func(r *Result) {
			r.Groups[0].Students = append(r.Groups[0].Students, r0.Groups[0].Students[0])
			r.Stats.Placed++
		}},
		{3, func(r *Result) { r.Groups[0].Undersized = true }},
		{4, func(r *Result) { r.Groups[0].Mentors = r.Groups[0].Mentors[:1] }},
		{5, func(r *Result) {
			for i := range now {
				if now[i].Number == "b100" {
					now[i].Avoid = r.Groups[groupIndex(*r, "b100")].Students[0]
				}
			}
		}},
		{7, func(r *Result) { r.Groups[len(r.Groups)-1].SlotCoverage = 0.5 }},
	}
	for _, c := range cases {
		saved := slices.Clone(now)
		r := clone(base)
		c.plant(&r)
		if v := CheckExtend(r0.Groups, now, m, opt, r); !hasRule(v, c.rule) {
			t.Errorf("planted rule %d fault not found; got %v", c.rule, v)
		}
		copy(now, saved)
	}
}

func groupIndex(r Result, n string) int {
	for i, g := range r.Groups {
		if slices.Contains(g.Students, n) {
			return i
		}
	}
	return -1
}

func TestGroupNameIsOptional(t *testing.T) {
	b, _ := json.Marshal(Group{ID: "g1"})
	if strings.Contains(string(b), "name") {
		t.Errorf("empty name is written: %s", b)
	}
	b, _ = json.Marshal(Group{ID: "g1", Name: "Blue"})
	if !strings.Contains(string(b), `"name":"Blue"`) {
		t.Errorf("name missing: %s", b)
	}
}

// atLeast is opt with group-min raised to lo: rule 7 lets Allocate form as
// many groups as group-min allows, so tests that start from a few full
// groups allocate with a higher minimum and extend with the real one.
func atLeast(opt Options, lo int) Options {
	opt.GroupMin = lo
	return opt
}

// TestExtendKeepsTheMentorMix: a kept group whose doctor left gets a
// doctor again, not the senior student who happens to have room.
func TestExtendKeepsTheMentorMix(t *testing.T) {
	s := pc("a", "MED", "2025H", 8)
	m := []Mentor{
		{ID: "d1", Programme: "MED", Kind: "external", MaxGroups: 1, Slots: []string{"mon10"}},
		{ID: "s1", Programme: "MED", Cohort: "2021H", Kind: "senior_student", MaxGroups: 1, Slots: []string{"mon10"}},
	}
	opt := Options{GroupMin: 6, GroupMax: 8, MentorsPerGroup: 2, MentorMix: []string{"external", "senior_student"}, Seed: 1}
	r0 := mustAllocate(t, s, m, opt)
	if len(r0.Groups) != 1 {
		t.Fatalf("%d groups", len(r0.Groups))
	}
	now := []Mentor{m[1],
		{ID: "a2", Programme: "MED", Cohort: "2022H", Kind: "senior_student", MaxGroups: 1, Slots: []string{"mon10"}},
		{ID: "d2", Programme: "MED", Kind: "external", MaxGroups: 1, Slots: []string{"mon10"}}}
	r := Extend(r0.Groups, s, now, opt)
	assertExtendClean(t, r0.Groups, s, now, opt, r)
	if got := r.Groups[0].Mentors; !slices.Equal(got, []string{"d2", "s1"}) {
		t.Errorf("mentors %v, want the new doctor d2 beside s1", got)
	}
}
