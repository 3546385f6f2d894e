package allocate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// mentorClashes lists, straight from the output, every mentor who has two
// groups at one meeting slot (rule 7).
func mentorClashes(r Result) []string {
	at := map[string]string{} // mentor+slot → group
	var out []string
	for _, g := range r.Groups {
		if g.MeetingSlot == "" {
			continue
		}
		for _, m := range g.Mentors {
			k := m + " " + g.MeetingSlot
			if h, ok := at[k]; ok {
				out = append(out, fmt.Sprintf("%s: %s and %s", k, h, g.ID))
			}
			at[k] = g.ID
		}
	}
	return out
}

// No mentor leads two groups at the same time: on the sample, on generated
// intakes with mentors taking up to two groups, and where every mentor can
// take three groups but gives only two slots (so the engine must spread
// their groups or leave the meeting to the members).
func TestNoMentorIsInTwoPlacesAtOnce(t *testing.T) {
	s, m := sampleInput(t)
	r := mustAllocate(t, s, m, sampleOpt)
	if c := mentorClashes(r); len(c) > 0 {
		t.Errorf("sample: %v", c)
	}
	for seed := range int64(12) {
		s, m := Generate(639, seed)
		opt := Options{GroupMin: 4 + int(seed%5), GroupMax: 12 + int(seed%10), MentorsPerGroup: 1 + int(seed%3), Seed: seed}
		r := mustAllocate(t, s, m, opt)
		if c := mentorClashes(r); len(c) > 0 {
			t.Errorf("seed %d %+v: %v", seed, opt, c)
		}
	}
	s = pc("a", "P", "2025H", 60)
	for i := range s {
		s[i].Slots = []string{"mon10", "tue12"}
	}
	m = mentorsFor("P", 4, "2021H", "2022H")
	for i := range m {
		m[i].MaxGroups = 3
	}
	r = mustAllocate(t, s, m, Options{GroupMin: 5, GroupMax: 10, MentorsPerGroup: 1, Seed: 1})
	if c := mentorClashes(r); len(c) > 0 {
		t.Errorf("mentors with three groups and two slots: %v", c)
	}
	led := 0
	for _, g := range r.Groups {
		led += len(g.Mentors)
	}
	if led != 12 {
		t.Errorf("%d mentor places used, want all 12 (rule 7: no mentor idle while a group can be formed)", led)
	}
}

// "Never" means never: an avoid pair in a programme+cohort that can form
// only one group is parted by leaving one of the two unassigned, with the
// reason — and where mentors could lead a second group, by forming it.
func TestAvoidPairInOneGroupLeavesOneOut(t *testing.T) {
	s := pc("a", "P", "2025H", 9)
	s[2].Avoid = s[6].Number
	opt := Options{GroupMin: 5, GroupMax: 10, MentorsPerGroup: 1, Seed: 1}
	r := mustAllocate(t, s, mentorsFor("P", 1, "2021H"), opt)
	if len(r.Groups) != 1 || len(r.UnassignedStudents) != 1 {
		t.Fatalf("groups %v, unassigned %v", r.Groups, r.UnassignedStudents)
	}
	u := r.UnassignedStudents[0]
	if u.StudentNumber != s[2].Number || !strings.Contains(u.Reason, "avoid") {
		t.Errorf("unassigned %+v, want %s (who asked) with an avoid reason", u, s[2].Number)
	}
	if slices.Contains(r.Groups[0].Students, s[2].Number) {
		t.Error("the one left out is also in the group")
	}

	// Ten students and two mentors: two groups of five part the pair.
	s = pc("b", "P", "2025H", 10)
	s[2].Avoid = s[6].Number
	r = mustAllocate(t, s, mentorsFor("P", 2, "2021H"), opt)
	if len(r.Groups) != 2 || len(r.UnassignedStudents) != 0 {
		t.Fatalf("groups %v, unassigned %v", r.Groups, r.UnassignedStudents)
	}
	for _, g := range r.Groups {
		if slices.Contains(g.Students, s[2].Number) && slices.Contains(g.Students, s[6].Number) {
			t.Errorf("avoid pair together in %s", g.ID)
		}
	}
}

// --mentor-mix gives every group one mentor of each listed kind, and only
// as many groups as the scarcer kind can lead.
func TestMentorMixGivesOneOfEachKind(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	s := pc("a", "MED", "2025H", 64)
	var doctors, seniors []Mentor
	slots := func() []string { return []string{"mon16", "tue16", "wed16", "thu16"}[rng.IntN(4):] }
	for i := range 8 {
		doctors = append(doctors, Mentor{ID: fmt.Sprintf("d%02d", i), Programme: "MED", Kind: "external", MaxGroups: 1, Slots: slots()})
	}
	for i := range 10 { // two more seniors than doctors
		seniors = append(seniors, Mentor{ID: fmt.Sprintf("s%02d", i), Programme: "MED", Cohort: []string{"2021H", "2022H"}[i%2],
			Kind: "senior_student", MaxGroups: 1, Slots: slots()})
	}
	m := append(slices.Clone(doctors), seniors...)
	for i := range s {
		s[i].Slots = []string{"mon16", "wed16", "thu16"}[:1+rng.IntN(3)]
	}
	kind := map[string]string{}
	for _, x := range m {
		kind[x.ID] = x.Kind
	}
	opt := Options{GroupMin: 6, GroupMax: 8, MentorsPerGroup: 2, MentorMix: []string{"external", "senior_student"}, Seed: 3}
	r := mustAllocate(t, s, m, opt)
	if len(r.Groups) != 8 || r.Stats.Placed != 64 {
		t.Fatalf("%d groups, %d placed; want 8 groups (8 doctors, 8 of the 10 seniors), all 64 placed", len(r.Groups), r.Stats.Placed)
	}
	for _, g := range r.Groups {
		var ks []string
		for _, id := range g.Mentors {
			ks = append(ks, kind[id])
		}
		slices.Sort(ks)
		if !slices.Equal(ks, []string{"external", "senior_student"}) {
			t.Errorf("%s: mentor kinds %v", g.ID, ks)
		}
	}
	if c := mentorClashes(r); len(c) > 0 {
		t.Error(c)
	}
	// Five doctors: five groups (at least 6 students each) is all they can
	// lead; the rest are unassigned with the reason.
	r = mustAllocate(t, s[:40], append(slices.Clone(doctors[:5]), seniors...), opt)
	if len(r.Groups) != 5 || r.Stats.Placed != 40 {
		t.Errorf("five doctors: %d groups, %d placed", len(r.Groups), r.Stats.Placed)
	}
	if _, err := Allocate(s, m, Options{GroupMin: 6, GroupMax: 8, MentorsPerGroup: 2, MentorMix: []string{"external"}}); err == nil {
		t.Error("a mix of one kind for two mentors per group was accepted")
	}
	if _, err := ParseMentorMix("external+"+strings.Repeat("x", 900_000), 2); err == nil || len(err.Error()) > 200 {
		t.Errorf("a 900 kB mix: %.100v", err)
	}
	if _, err := ParseMentorMix("external+surgeon", 2); err == nil {
		t.Error("an unknown kind was accepted")
	}
	if k, err := ParseMentorMix(" external + senior_student ", 2); err != nil || !slices.Equal(k, []string{"external", "senior_student"}) {
		t.Errorf("ParseMentorMix: %v %v", k, err)
	}
}

// Where greedy planning would leave two mentors who share no slot to lead
// a group together, the mentors are paired so every group has a meeting
// time all its mentors can make.
func TestMentorsArePairedSoEveryoneCanAttend(t *testing.T) {
	s := pc("a", "P", "2025H", 12)
	for i := range s {
		s[i].Slots = []string{"fri08", "mon10", "thu12"}
	}
	m := []Mentor{
		{ID: "m1", Programme: "P", Cohort: "2021H", MaxGroups: 1, Slots: []string{"fri08", "mon10"}},
		{ID: "m2", Programme: "P", Cohort: "2022H", MaxGroups: 1, Slots: []string{"fri08", "thu12"}},
		{ID: "m3", Programme: "P", Cohort: "2023H", MaxGroups: 1, Slots: []string{"mon10", "tue14"}},
		{ID: "m4", Programme: "P", Cohort: "2024H", MaxGroups: 1, Slots: []string{"thu12", "wed16"}},
	}
	slots := map[string][]string{}
	for _, x := range m {
		slots[x.ID] = x.Slots
	}
	r := mustAllocate(t, s, m, Options{GroupMin: 6, GroupMax: 6, MentorsPerGroup: 2, Seed: 1})
	if len(r.Groups) != 2 {
		t.Fatalf("%d groups", len(r.Groups))
	}
	for _, g := range r.Groups {
		for _, id := range g.Mentors {
			if !slices.Contains(slots[id], g.MeetingSlot) {
				t.Errorf("%s meets at %s, which mentor %s (%v) cannot make", g.ID, g.MeetingSlot, id, slots[id])
			}
		}
		if g.SlotCoverage != 1 {
			t.Errorf("%s: coverage %v", g.ID, g.SlotCoverage)
		}
	}
}
