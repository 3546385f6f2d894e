package allocate

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestSample(t *testing.T) {
	s, m := sampleInput(t)
	r := mustAllocate(t, s, m, sampleOpt)
	assertClean(t, s, m, sampleOpt, r)
	if r.Stats.Students != 230 || r.Stats.Placed != 230 {
		t.Errorf("stats %+v", r.Stats)
	}
	assertBeatsBaseline(t, "sample", s, m, sampleOpt, r)
}

func TestGenerated(t *testing.T) {
	for _, n := range []int{639, 5000, 30000} {
		if testing.Short() && n > 5000 {
			continue
		}
		s, m := Generate(n, int64(n))
		opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 7}
		r := mustAllocate(t, s, m, opt)
		assertClean(t, s, m, opt, r)
		assertBeatsBaseline(t, fmt.Sprintf("n=%d", n), s, m, opt, r)
	}
}

func TestDeterminism(t *testing.T) {
	s, m := Generate(5000, 3)
	opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 11}
	a, b := mustAllocate(t, s, m, opt), mustAllocate(t, s, m, opt)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	opt.Seed = 12
	if c := mustAllocate(t, s, m, opt); reflect.DeepEqual(a, c) {
		t.Error("different seeds gave identical results (possible, but unlikely at this size)")
	}
	s2, m2 := Generate(5000, 3)
	if !reflect.DeepEqual(s, s2) || !reflect.DeepEqual(m, m2) {
		t.Error("Generate is not deterministic")
	}
}

func TestErrors(t *testing.T) {
	s := pc("s", "P", "2025H", 3)
	m := mentorsFor("P", 2, "2023H")
	for _, opt := range []Options{{GroupMin: 0, GroupMax: 3}, {GroupMin: 4, GroupMax: 3}, {GroupMin: 1, GroupMax: 3, MentorsPerGroup: -1}} {
		if _, err := Allocate(s, m, opt); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%+v: err %v", opt, err)
		}
	}
	ok := Options{GroupMin: 1, GroupMax: 3}
	if _, err := Allocate(append(s, s[0]), m, ok); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate student: %v", err)
	}
	if _, err := Allocate(s, append(m, m[0]), ok); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate mentor: %v", err)
	}
}

func TestUndersized(t *testing.T) {
	s := append(pc("a", "P", "2025H", 4), pc("b", "P", "2024H", 30)...)
	m := mentorsFor("P", 8, "2021H", "2022H", "")
	opt := Options{GroupMin: 8, GroupMax: 12, MentorsPerGroup: 2}
	r := mustAllocate(t, s, m, opt)
	assertClean(t, s, m, opt, r)
	var under []Group
	for _, g := range r.Groups {
		if g.Undersized {
			under = append(under, g)
		}
	}
	if len(under) != 1 || len(under[0].Students) != 4 || under[0].Cohort != "2025H" {
		t.Errorf("undersized groups %+v", under)
	}
}

func TestNoMentors(t *testing.T) {
	s := append(pc("a", "P", "2025H", 20), pc("b", "Q", "2025H", 20)...)
	m := mentorsFor("P", 2, "2021H", "2022H")
	opt := Options{GroupMin: 5, GroupMax: 25, MentorsPerGroup: 2}
	r := mustAllocate(t, s, m, opt)
	assertClean(t, s, m, opt, r)
	if len(r.UnassignedStudents) != 20 {
		t.Fatalf("unassigned %d, want 20", len(r.UnassignedStudents))
	}
	for _, u := range r.UnassignedStudents {
		if !strings.HasPrefix(u.StudentNumber, "b") || u.Reason != "no mentor available for Q 2025H" {
			t.Errorf("%+v", u)
		}
	}
}

func TestMentorShortageLeavesWholeGroups(t *testing.T) {
	s := pc("a", "P", "2025H", 60) // 3 groups of 20 wanted
	m := mentorsFor("P", 4, "2021H", "2022H")
	opt := Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2}
	r := mustAllocate(t, s, m, opt)
	assertClean(t, s, m, opt, r)
	if len(r.Groups) != 2 || len(r.Groups[0].Students) != 25 || len(r.UnassignedStudents) != 10 {
		t.Errorf("groups %d, unassigned %d", len(r.Groups), len(r.UnassignedStudents))
	}
	for _, g := range r.Groups {
		if g.Mentors[0][len(g.Mentors[0])-1] == g.Mentors[1][len(g.Mentors[1])-1] {
			t.Errorf("same-cohort mentors %v", g.Mentors)
		}
	}
}

func TestWithAvoidConflict(t *testing.T) {
	s := pc("s", "P", "2025H", 20)
	// A chain a→b→c with a avoiding c: avoid wins, so the second request
	// (b with c) is dropped and a, b stay together.
	s[0].With, s[1].With, s[0].Avoid = s[1].Number, s[2].Number, s[2].Number
	// A mutual pair and one whose partner opted out.
	s[5].With, s[6].With = s[6].Number, s[5].Number
	s[7].With, s[8].OptOut = s[8].Number, true
	opt := Options{GroupMin: 5, GroupMax: 10, MentorsPerGroup: 0}
	r := mustAllocate(t, s, nil, opt)
	assertClean(t, s, nil, opt, r)
	where := map[string]string{}
	for _, g := range r.Groups {
		for _, n := range g.Students {
			where[n] = g.ID
		}
	}
	if where[s[0].Number] == where[s[2].Number] || where[s[0].Number] != where[s[1].Number] || where[s[5].Number] != where[s[6].Number] {
		t.Errorf("placement %v", where)
	}
	if _, ok := where[s[8].Number]; ok || where[s[7].Number] == "" {
		t.Error("opted-out partner placed or asker left out")
	}
}

func TestMinorityOfTwo(t *testing.T) {
	s := pc("s", "P", "2025H", 20)
	s[3].Gender, s[17].Gender = "f", "f"
	s[4].International, s[9].International = true, true
	opt := Options{GroupMin: 5, GroupMax: 5, MentorsPerGroup: 0}
	for seed := range int64(20) {
		opt.Seed = seed
		r := mustAllocate(t, s, nil, opt)
		assertClean(t, s, nil, opt, r)
	}
}

func TestMentorsPerGroupZero(t *testing.T) {
	s, m := sampleInput(t)
	opt := sampleOpt
	opt.MentorsPerGroup = 0
	r := mustAllocate(t, s, m, opt)
	assertClean(t, s, m, opt, r)
	if len(r.UnassignedMentors) != len(m) || r.Stats.Placed != r.Stats.Students {
		t.Errorf("idle mentors %d of %d, placed %d of %d", len(r.UnassignedMentors), len(m), r.Stats.Placed, r.Stats.Students)
	}
}

// assertBeatsBaseline: the allocation's mean slot coverage is never below
// a random round-robin grouping into the same number of groups, each with
// its best meeting time (the baseline).
func assertBeatsBaseline(t *testing.T, name string, s []Student, m []Mentor, opt Options, r Result) {
	t.Helper()
	q, b := Quality(s, m, opt, r), Quality(s, m, opt, RoundRobin(s, m, opt, r))
	t.Logf("%s allocate:    %+v", name, q)
	t.Logf("%s round-robin: %+v", name, b)
	if q.MeanSlotCoverage < b.MeanSlotCoverage {
		t.Errorf("%s: mean slot coverage %.2f below the round-robin baseline's %.2f", name, q.MeanSlotCoverage, b.MeanSlotCoverage)
	}
}
