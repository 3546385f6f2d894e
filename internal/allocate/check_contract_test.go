package allocate

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The tests in this file judge Check against hand-made inputs and
// hand-written results whose validity follows from INTERCHANGE.md's rules
// alone — no engine output — so a fault in the engine cannot hide in them.

// stu is a student of prog/cohort with the given slots, gender f.
func stu(num, prog, cohort string, slots ...string) Student {
	return Student{Number: num, Programme: prog, Cohort: cohort, Gender: "f", Slots: slots}
}

// ment is a mentor.
func ment(id, prog, cohort, kind string, maxGroups int, slots ...string) Mentor {
	return Mentor{ID: id, Programme: prog, Cohort: cohort, Kind: kind, MaxGroups: maxGroups, Slots: slots}
}

// grp is a group; result numbers it.
func grp(prog, cohort string, students, mentors []string, slot string, coverage float64) Group {
	return Group{Programme: prog, Cohort: cohort, Students: students, Mentors: mentors, MeetingSlot: slot,
		SlotCoverage: coverage}
}

// result completes hand-written groups into a Result: ids g1…, sorted
// members, the undersized flag from opt, the unused mentors, the stats.
func result(s []Student, m []Mentor, opt Options, groups []Group, un ...Unassigned) Result {
	r := Result{Groups: groups, UnassignedStudents: un, UnassignedMentors: []string{}}
	if r.UnassignedStudents == nil {
		r.UnassignedStudents = []Unassigned{}
	}
	used := map[string]bool{}
	for i := range r.Groups {
		g := &r.Groups[i]
		g.ID = "g" + strconv.Itoa(i+1)
		g.Students, g.Mentors = slices.Sorted(slices.Values(g.Students)), slices.Sorted(slices.Values(g.Mentors))
		g.Undersized = len(g.Students) < opt.GroupMin
		r.Stats.Placed += len(g.Students)
		for _, id := range g.Mentors {
			used[id] = true
		}
	}
	for _, x := range m {
		if !used[x.ID] {
			r.UnassignedMentors = append(r.UnassignedMentors, x.ID)
		}
	}
	slices.Sort(r.UnassignedMentors)
	slices.SortFunc(r.UnassignedStudents, func(a, b Unassigned) int { return strings.Compare(a.StudentNumber, b.StudentNumber) })
	for _, x := range s {
		if !x.OptOut {
			r.Stats.Students++
		}
	}
	r.Stats.Groups = len(r.Groups)
	return r
}

func ids(prefix string, from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, prefix+strconv.Itoa(i))
	}
	return out
}

// wantClean fails the test with every violation Check finds in r.
func wantClean(t *testing.T, s []Student, m []Mentor, opt Options, r Result) {
	t.Helper()
	for _, v := range Check(s, m, opt, r) {
		t.Errorf("valid result flagged: %v", v)
	}
}

// wantFlag fails the test unless Check reports a breach of rule whose
// message contains word.
func wantFlag(t *testing.T, s []Student, m []Mentor, opt Options, r Result, rule int, word string) {
	t.Helper()
	v := Check(s, m, opt, r)
	if !slices.ContainsFunc(v, func(x Violation) bool { return x.Rule == rule && strings.Contains(x.Message, word) }) {
		t.Errorf("no rule %d breach about %q; got %v", rule, word, v)
	}
}

// stuOf returns a pointer to the student numbered num.
func stuOf(s []Student, num string) *Student {
	return &s[slices.IndexFunc(s, func(x Student) bool { return x.Number == num })]
}

func findMentor(m []Mentor, id string) *Mentor {
	return &m[slices.IndexFunc(m, func(x Mentor) bool { return x.ID == id })]
}

// bio is an intake where every rule has something to say: 8 students of
// BIO 2025H in groups of 3–4 (so exactly two groups of 4), two mentors per
// group from four (two cohorts, one group each), a pair of international
// students (a minority of 2), a with pair, an avoid pair, and slots that
// make mon10 best for g1 and wed14 for g2.
func bio() ([]Student, []Mentor, Options, Result) {
	opt := Options{GroupMin: 3, GroupMax: 4, MentorsPerGroup: 2}
	s := []Student{
		stu("b1", "BIO", "2025H", "mon10"), stu("b2", "BIO", "2025H", "mon10"),
		stu("b3", "BIO", "2025H", "mon10"), stu("b4", "BIO", "2025H", "tue12"),
		stu("b5", "BIO", "2025H", "wed14"), stu("b6", "BIO", "2025H", "wed14"),
		stu("b7", "BIO", "2025H", "wed14"), stu("b8", "BIO", "2025H", "wed14"),
	}
	s[0].International, s[1].International = true, true
	s[0].Avoid = "b5"
	s[2].With = "b4"
	all := []string{"mon10", "tue12", "wed14", "thu10"}
	m := []Mentor{
		ment("m1", "BIO", "2023H", "senior_student", 1, all...), ment("m2", "BIO", "2024H", "senior_student", 1, all...),
		ment("m3", "BIO", "2023H", "senior_student", 1, all...), ment("m4", "BIO", "2024H", "senior_student", 1, all...),
	}
	r := result(s, m, opt, []Group{
		grp("BIO", "2025H", ids("b", 1, 4), []string{"m1", "m2"}, "mon10", 0.75),
		grp("BIO", "2025H", ids("b", 5, 8), []string{"m3", "m4"}, "wed14", 1),
	})
	return s, m, opt, r
}

// TestCheckContractPlanted: the hand-written bio result is valid; one
// planted breach of each rule is reported as that rule.
func TestCheckContractPlanted(t *testing.T) {
	s, m, opt, r := bio()
	wantClean(t, s, m, opt, r)
	cases := []struct {
		name  string
		rule  int
		word  string
		plant func(s []Student, m []Mentor, opt *Options, r *Result)
	}{
		{"student missing", 1, "appears 0 times", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[1].Students = r.Groups[1].Students[:3]
		}},
		{"opted-out student placed", 1, "opted-out", func(s []Student, m []Mentor, opt *Options, r *Result) {
			stuOf(s, "b8").OptOut = true
		}},
		{"unassigned though a group has room", 1, "room", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].Students = ids("b", 1, 3)
			r.UnassignedStudents = []Unassigned{{"b4", "no room"}}
		}},
		{"unassigned without a reason", 1, "without a reason", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].Students = ids("b", 1, 3)
			r.UnassignedStudents = []Unassigned{{"b4", ""}}
		}},
		{"student of another cohort", 2, "2024H", func(s []Student, m []Mentor, opt *Options, r *Result) {
			stuOf(s, "b8").Cohort = "2024H"
		}},
		{"group over group-max", 3, "group-max", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].Students = append(r.Groups[0].Students, "b6")
			r.Groups[1].Students = []string{"b5", "b7", "b8"}
		}},
		{"undersized flag on a full group", 3, "undersized", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].Undersized = true
		}},
		{"sizes two apart", 3, "range", func(s []Student, m []Mentor, opt *Options, r *Result) {
			opt.GroupMin, opt.GroupMax = 2, 5
			r.Groups[0].Students = append(r.Groups[0].Students, "b6")
			r.Groups[1].Students = []string{"b5", "b7", "b8"}
		}},
		{"group short of a mentor", 4, "1 mentors", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].Mentors = []string{"m1"}
			r.UnassignedMentors = []string{"m2"}
		}},
		{"mentor over max_groups", 4, "max 1", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[1].Mentors = []string{"m1", "m4"}
			r.UnassignedMentors = []string{"m3"}
		}},
		{"mentor of another programme", 4, "serves", func(s []Student, m []Mentor, opt *Options, r *Result) {
			findMentor(m, "m4").Programme = "CHE"
		}},
		{"same-cohort mentors where the pool allows better", 4, "both of cohort", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].Mentors = []string{"m1", "m3"}
			r.Groups[1].Mentors = []string{"m2", "m4"}
		}},
		{"avoid pair together", 5, "must not share", func(s []Student, m []Mentor, opt *Options, r *Result) {
			stuOf(s, "b2").Avoid = "b3"
		}},
		{"with pair apart", 5, "asked to be with", func(s []Student, m []Mentor, opt *Options, r *Result) {
			stuOf(s, "b2").With = "b6"
		}},
		{"lone international members", 6, "only one international", func(s []Student, m []Mentor, opt *Options, r *Result) {
			stuOf(s, "b2").International = false
			stuOf(s, "b6").International = true
		}},
		{"meeting slot fewer students can attend", 7, "suits", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].MeetingSlot, r.Groups[0].SlotCoverage = "tue12", 0.25
		}},
		{"meeting slot nobody gave", 7, "not a free slot", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].MeetingSlot, r.Groups[0].SlotCoverage = "sat23", 0
		}},
		{"wrong slot coverage", 7, "coverage", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].SlotCoverage = 0.5
		}},
		{"group ids out of order", 8, "id", func(s []Student, m []Mentor, opt *Options, r *Result) {
			r.Groups[0].ID, r.Groups[1].ID = "g2", "g1"
		}},
		{"students unsorted", 8, "not sorted", func(s []Student, m []Mentor, opt *Options, r *Result) {
			slices.Reverse(r.Groups[0].Students)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, m, opt, r := bio()
			c.plant(s, m, &opt, &r)
			wantFlag(t, s, m, opt, r, c.rule, c.word)
		})
	}
}

// TestCheckAvoidIsNever: rule 5's "never" has no exception, not even in a
// programme+cohort that can have only one group; there one of the pair is
// left unassigned with the reason — and only there.
func TestCheckAvoidIsNever(t *testing.T) {
	opt := Options{GroupMin: 3, GroupMax: 6, MentorsPerGroup: 1}
	art := func(n int) []Student {
		var s []Student
		for _, num := range ids("a", 1, n) {
			s = append(s, stu(num, "ART", "2025H", "mon10"))
		}
		s[0].Avoid = "a2"
		return s
	}
	x1 := ment("x1", "ART", "", "academic_staff", 1, "mon10")

	// 4 students, one mentor: one group only.
	s, m := art(4), []Mentor{x1}
	together := result(s, m, opt, []Group{grp("ART", "2025H", ids("a", 1, 4), []string{"x1"}, "mon10", 1)})
	wantFlag(t, s, m, opt, together, 5, "must not share")
	apart := result(s, m, opt, []Group{grp("ART", "2025H", []string{"a1", "a3", "a4"}, []string{"x1"}, "mon10", 1)},
		Unassigned{"a2", "avoids a1, and ART 2025H can have one group only"})
	wantClean(t, s, m, opt, apart)
	noReason := clone(apart)
	noReason.UnassignedStudents[0].Reason = ""
	wantFlag(t, s, m, opt, noReason, 1, "without a reason")
	// The avoided one out instead of the one who avoids: just as good.
	other := result(s, m, opt, []Group{grp("ART", "2025H", []string{"a2", "a3", "a4"}, []string{"x1"}, "mon10", 1)},
		Unassigned{"a1", "avoids a2"})
	wantClean(t, s, m, opt, other)
	// Both out: a1 is not kept from anyone, so leaving a1 out is a breach.
	both := result(s, m, opt, []Group{grp("ART", "2025H", []string{"a3", "a4"}, []string{"x1"}, "mon10", 1)},
		Unassigned{"a1", "avoids a2"}, Unassigned{"a2", "avoided by a1"})
	wantFlag(t, s, m, opt, both, 1, "unassigned")

	// 3 students: the rest is a single undersized group.
	s = art(3)
	small := result(s, m, opt, []Group{grp("ART", "2025H", []string{"a1", "a3"}, []string{"x1"}, "mon10", 1)},
		Unassigned{"a2", "avoids a1"})
	wantClean(t, s, m, opt, small)

	// 6 students and a second mentor: two groups part the pair, so leaving
	// one out is no longer the contract's way.
	s, m = art(6), []Mentor{x1, ment("x2", "ART", "", "academic_staff", 1, "mon10")}
	parted := result(s, m, opt, []Group{
		grp("ART", "2025H", []string{"a1", "a3", "a4"}, []string{"x1"}, "mon10", 1),
		grp("ART", "2025H", []string{"a2", "a5", "a6"}, []string{"x2"}, "mon10", 1),
	})
	wantClean(t, s, m, opt, parted)
	left := result(s, m, opt, []Group{grp("ART", "2025H", []string{"a1", "a3", "a4", "a5", "a6"}, []string{"x1"}, "mon10", 1)},
		Unassigned{"a2", "avoids a1"})
	wantFlag(t, s, m, opt, left, 1, "second group could part them")
	// The same with one mentor who may lead two groups: not idle, but the
	// second group is within rules 2–4 all the same.
	m = []Mentor{ment("x1", "ART", "", "academic_staff", 2, "mon10", "tue12")}
	left = result(s, m, opt, []Group{grp("ART", "2025H", []string{"a1", "a3", "a4", "a5", "a6"}, []string{"x1"}, "mon10", 1)},
		Unassigned{"a2", "avoids a1"})
	wantFlag(t, s, m, opt, left, 1, "second group could part them")
}

// che: one mentor who may lead two groups, 8 students in groups of 4.
// Everyone can meet mon10 and tue12; c5–c7 also wed14.
func che() ([]Student, []Mentor, Options, Result) {
	opt := Options{GroupMin: 4, GroupMax: 4, MentorsPerGroup: 1}
	var s []Student
	for i, num := range ids("c", 1, 8) {
		x := stu(num, "CHE", "2025H", "mon10", "tue12")
		if i >= 4 && i < 7 {
			x.Slots = append(x.Slots, "wed14")
		}
		s = append(s, x)
	}
	m := []Mentor{ment("y1", "CHE", "2022H", "master_student", 2, "mon10", "tue12", "wed14")}
	r := result(s, m, opt, []Group{
		grp("CHE", "2025H", ids("c", 1, 4), []string{"y1"}, "mon10", 1),
		grp("CHE", "2025H", ids("c", 5, 8), []string{"y1"}, "tue12", 1),
	})
	return s, m, opt, r
}

// TestCheckDoubleBooking: a mentor with max_groups 2 in two groups at the
// same slot breaks rule 7; the slot a mentor's other group has is not a
// candidate, and among the others the one most students can attend wins.
func TestCheckDoubleBooking(t *testing.T) {
	s, m, opt, r := che()
	wantClean(t, s, m, opt, r)
	same := clone(r)
	same.Groups[1].MeetingSlot = "mon10"
	wantFlag(t, s, m, opt, same, 7, "double-booked")
	worse := clone(r)
	worse.Groups[1].MeetingSlot, worse.Groups[1].SlotCoverage = "wed14", 0.75
	wantFlag(t, s, m, opt, worse, 7, "suits 3 students, tue12 suits 4")
	// Two different mentors may meet at the same slot.
	m = []Mentor{ment("y1", "CHE", "2022H", "master_student", 1, "mon10", "tue12"),
		ment("y2", "CHE", "2022H", "master_student", 1, "mon10", "tue12")}
	shared := result(s, m, opt, []Group{
		grp("CHE", "2025H", ids("c", 1, 4), []string{"y1"}, "mon10", 1),
		grp("CHE", "2025H", ids("c", 5, 8), []string{"y2"}, "mon10", 1),
	})
	wantClean(t, s, m, opt, shared)
}

// TestCheckMeetingSlotWithoutSharedMentorSlot: when the mentors share no
// slot, the contract's "all its mentors" cannot be met; Check accepts any
// slot no other beats on both mentors and students, and no other.
func TestCheckMeetingSlotWithoutSharedMentorSlot(t *testing.T) {
	opt := Options{GroupMin: 8, GroupMax: 8, MentorsPerGroup: 2}
	var s []Student
	for i, num := range ids("e", 1, 8) {
		sl := map[bool]string{true: "mon10", false: "wed14"}[i < 3]
		if i == 3 {
			sl = "tue12"
		}
		s = append(s, stu(num, "GEO", "2025H", sl))
	}
	m := []Mentor{ment("p1", "GEO", "2023H", "senior_student", 1, "mon10"), ment("p2", "GEO", "2024H", "senior_student", 1, "tue12")}
	at := func(slot string, cov float64) Result {
		return result(s, m, opt, []Group{grp("GEO", "2025H", ids("e", 1, 8), []string{"p1", "p2"}, slot, cov)})
	}
	wantClean(t, s, m, opt, at("mon10", 0.38)) // a mentor and 3 students
	wantClean(t, s, m, opt, at("wed14", 0.5))  // no mentor, 4 students
	wantFlag(t, s, m, opt, at("tue12", 0.13), 7, "beaten by mon10")
	wantFlag(t, s, m, opt, at("fri08", 0), 7, "none a member gave")

	// Nobody gave a slot: no meeting slot.
	for i := range s {
		s[i].Slots = nil
	}
	m[0].Slots, m[1].Slots = nil, nil
	wantClean(t, s, m, opt, at("", 0))
	wantFlag(t, s, m, opt, at("mon10", 0), 7, "no member gave")
}

// TestCheckIdleMentors: no available mentor idle while a group could still
// be formed for them.
func TestCheckIdleMentors(t *testing.T) {
	opt := Options{GroupMin: 4, GroupMax: 8, MentorsPerGroup: 1}
	var s []Student
	for _, num := range ids("f", 1, 8) {
		s = append(s, stu(num, "PHY", "2025H", "mon10"))
	}
	z1, z2 := ment("z1", "PHY", "2023H", "senior_student", 1, "mon10"), ment("z2", "PHY", "2024H", "senior_student", 1, "mon10")
	m := []Mentor{z1, z2}
	one := []Group{grp("PHY", "2025H", ids("f", 1, 8), []string{"z1"}, "mon10", 1)}
	wantFlag(t, s, m, opt, result(s, m, opt, one), 7, "z2 idle")
	two := result(s, m, opt, []Group{
		grp("PHY", "2025H", ids("f", 1, 4), []string{"z1"}, "mon10", 1),
		grp("PHY", "2025H", ids("f", 5, 8), []string{"z2"}, "mon10", 1),
	})
	wantClean(t, s, m, opt, two)
	// With one mentor, one group of 8 is all there can be.
	wantClean(t, s, []Mentor{z1}, opt, result(s, []Mentor{z1}, opt, one))
	// Seven students cannot make two groups of 4: z2 may stay idle.
	s7 := s[:7]
	wantClean(t, s7, m, opt, result(s7, m, opt, []Group{grp("PHY", "2025H", ids("f", 1, 7), []string{"z1"}, "mon10", 1)}))

	// Students left out "for want of mentors" while a mentor is idle.
	opt = Options{GroupMin: 4, GroupMax: 4, MentorsPerGroup: 1}
	var k []Student
	for _, num := range ids("k", 10, 21) {
		k = append(k, stu(num, "KJE", "2025H", "mon10"))
	}
	w := []Mentor{ment("w1", "KJE", "", "external", 1, "mon10"), ment("w2", "KJE", "", "external", 1, "mon10")}
	groups := []Group{
		grp("KJE", "2025H", ids("k", 10, 13), []string{"w1"}, "mon10", 1),
		grp("KJE", "2025H", ids("k", 14, 17), []string{"w2"}, "mon10", 1),
	}
	var out []Unassigned
	for _, num := range ids("k", 18, 21) {
		out = append(out, Unassigned{num, "no mentor available for KJE 2025H"})
	}
	wantClean(t, k, w, opt, result(k, w, opt, slices.Clone(groups), out...))
	w3 := append(slices.Clone(w), ment("w3", "KJE", "", "external", 1, "mon10"))
	wantFlag(t, k, w3, opt, result(k, w3, opt, slices.Clone(groups), out...), 7, "w3 idle")
	wantFlag(t, k, w3, opt, result(k, w3, opt, slices.Clone(groups), out...), 1, "another group could be formed")
}

// TestCheckUnassignedForAnotherCohortsExtraGroup: the number of groups is
// rule 7's choice, below rule 1, so a programme+cohort left without a
// group is not excused by mentors spent on more groups than another
// cohort of the programme needs.
func TestCheckUnassignedForAnotherCohortsExtraGroup(t *testing.T) {
	opt := Options{GroupMin: 4, GroupMax: 8, MentorsPerGroup: 1}
	var s []Student
	for _, num := range ids("n", 10, 17) {
		s = append(s, stu(num, "KJE", "2025H", "mon10"))
	}
	for _, num := range ids("o", 10, 13) {
		s = append(s, stu(num, "KJE", "2024H", "mon10"))
	}
	m := []Mentor{ment("w1", "KJE", "", "external", 1, "mon10"), ment("w2", "KJE", "", "external", 1, "mon10")}
	var out []Unassigned
	for _, num := range ids("o", 10, 13) {
		out = append(out, Unassigned{num, "no mentor available for KJE 2024H"})
	}
	spent := result(s, m, opt, []Group{
		grp("KJE", "2025H", ids("n", 10, 13), []string{"w1"}, "mon10", 1),
		grp("KJE", "2025H", ids("n", 14, 17), []string{"w2"}, "mon10", 1),
	}, out...)
	wantFlag(t, s, m, opt, spent, 1, "another group could be formed")
	fair := result(s, m, opt, []Group{
		grp("KJE", "2024H", ids("o", 10, 13), []string{"w1"}, "mon10", 1),
		grp("KJE", "2025H", ids("n", 10, 17), []string{"w2"}, "mon10", 1),
	})
	wantClean(t, s, m, opt, fair)
}

// TestCheckMentorMix: --mentor-mix asks for exactly one mentor of each
// listed kind per group, as a multiset.
func TestCheckMentorMix(t *testing.T) {
	opt := Options{GroupMin: 4, GroupMax: 8, MentorsPerGroup: 2, MentorMix: []string{"external", "senior_student"}}
	var s []Student
	for _, num := range ids("h", 1, 4) {
		s = append(s, stu(num, "MED", "2025H", "mon10"))
	}
	m := []Mentor{ment("e1", "MED", "", "external", 1, "mon10"), ment("s1", "MED", "2023H", "senior_student", 1, "mon10"),
		ment("s2", "MED", "2024H", "senior_student", 1, "mon10")}
	with := func(mentors ...string) Result {
		return result(s, m, opt, []Group{grp("MED", "2025H", ids("h", 1, 4), mentors, "mon10", 1)})
	}
	wantClean(t, s, m, opt, with("e1", "s1"))
	wantFlag(t, s, m, opt, with("s1", "s2"), 4, "mentor-mix")
	opt.MentorMix = []string{"senior_student", "senior_student"}
	wantClean(t, s, m, opt, with("s1", "s2"))
	wantFlag(t, s, m, opt, with("e1", "s1"), 4, "mentor-mix")
}

// TestCheckMinorityExcusesOnlyWhatIsProved: rule 6 yields to rule 5 where
// no arrangement meets both (a minority of two who avoid each other), but
// not to the number of groups, which is rule 7's choice: three groups of 2
// that must keep their with pairs cannot seat two internationals together,
// one group of 6 can.
func TestCheckMinorityExcusesOnlyWhatIsProved(t *testing.T) {
	s, m, opt, r := bio()
	stuOf(s, "b2").International = false
	stuOf(s, "b5").International = true // b1 avoids b5
	wantClean(t, s, m, opt, r)

	opt = Options{GroupMin: 2, GroupMax: 6, MentorsPerGroup: 1}
	s = nil
	for _, num := range ids("q", 1, 6) {
		s = append(s, stu(num, "SOS", "2025H", "mon10"))
	}
	s[0].International, s[0].With = true, "q2"
	s[2].International, s[2].With = true, "q4"
	m = []Mentor{ment("u1", "SOS", "", "alumni", 1, "mon10"), ment("u2", "SOS", "", "alumni", 1, "mon10"),
		ment("u3", "SOS", "", "alumni", 1, "mon10")}
	three := result(s, m, opt, []Group{
		grp("SOS", "2025H", []string{"q1", "q2"}, []string{"u1"}, "mon10", 1),
		grp("SOS", "2025H", []string{"q3", "q4"}, []string{"u2"}, "mon10", 1),
		grp("SOS", "2025H", []string{"q5", "q6"}, []string{"u3"}, "mon10", 1),
	})
	wantFlag(t, s, m, opt, three, 6, "only one international")
	one := result(s, m, opt, []Group{grp("SOS", "2025H", ids("q", 1, 6), []string{"u1"}, "mon10", 1)})
	wantClean(t, s, m, opt, one)
}

// wantExtendFlag fails unless CheckExtend reports a breach of rule whose
// message contains word.
func wantExtendFlag(t *testing.T, existing []Group, s []Student, m []Mentor, opt Options, r Result, rule int, word string) {
	t.Helper()
	v := CheckExtend(existing, s, m, opt, r)
	if !slices.ContainsFunc(v, func(x Violation) bool { return x.Rule == rule && strings.Contains(x.Message, word) }) {
		t.Errorf("no rule %d breach about %q; got %v", rule, word, v)
	}
}

func wantExtendClean(t *testing.T, existing []Group, s []Student, m []Mentor, opt Options, r Result) {
	t.Helper()
	for _, v := range CheckExtend(existing, s, m, opt, r) {
		t.Errorf("valid result flagged: %v", v)
	}
}

// TestCheckExtendAvoidIsNever: an avoid pair stored together before the
// request was made may not stay together; one of them leaving the kept
// group is no breach of Extend's stability.
func TestCheckExtendAvoidIsNever(t *testing.T) {
	opt := Options{GroupMin: 3, GroupMax: 6, MentorsPerGroup: 1}
	var s []Student
	for _, num := range ids("a", 1, 4) {
		s = append(s, stu(num, "ART", "2025H", "mon10"))
	}
	s[0].Avoid = "a2"
	m := []Mentor{ment("x1", "ART", "", "academic_staff", 1, "mon10")}
	existing := result(s, m, opt, []Group{grp("ART", "2025H", ids("a", 1, 4), []string{"x1"}, "mon10", 1)}).Groups
	kept := result(s, m, opt, []Group{grp("ART", "2025H", ids("a", 1, 4), []string{"x1"}, "mon10", 1)})
	wantExtendFlag(t, existing, s, m, opt, kept, 5, "must not share")
	parted := result(s, m, opt, []Group{grp("ART", "2025H", []string{"a1", "a3", "a4"}, []string{"x1"}, "mon10", 1)},
		Unassigned{"a2", "avoids a1"})
	wantExtendClean(t, existing, s, m, opt, parted)
	// Leaving without that reason is still a breach of Extend's stability.
	s[0].Avoid = ""
	wantExtendFlag(t, existing, s, m, opt, parted, 0, "a2 left the group")
}

// TestCheckExtendDoubleBooking: no mentor at two groups in one slot, be
// they kept, new or one of each; a mentor may leave a kept group to end a
// stored double booking.
func TestCheckExtendDoubleBooking(t *testing.T) {
	opt := Options{GroupMin: 4, GroupMax: 4, MentorsPerGroup: 1}
	var s []Student
	for _, num := range ids("c", 1, 8) {
		s = append(s, stu(num, "CHE", "2025H", "mon10", "tue12"))
	}
	m := []Mentor{ment("y1", "CHE", "2022H", "master_student", 2, "mon10", "tue12"),
		ment("y2", "CHE", "2023H", "master_student", 1, "mon10", "tue12")}
	stored := result(s, m, opt, []Group{
		grp("CHE", "2025H", ids("c", 1, 4), []string{"y1"}, "mon10", 1),
		grp("CHE", "2025H", ids("c", 5, 8), []string{"y1"}, "mon10", 1),
	})
	wantExtendFlag(t, stored.Groups, s, m, opt, stored, 7, "double-booked")
	mended := result(s, m, opt, []Group{
		grp("CHE", "2025H", ids("c", 1, 4), []string{"y1"}, "mon10", 1),
		grp("CHE", "2025H", ids("c", 5, 8), []string{"y2"}, "mon10", 1),
	})
	wantExtendClean(t, stored.Groups, s, m, opt, mended)
	// Without y2 nobody can take y1's place: g2 stays short of a mentor
	// rather than have y1 twice at mon10.
	alone := result(s, m[:1], opt, []Group{
		grp("CHE", "2025H", ids("c", 1, 4), []string{"y1"}, "mon10", 1),
		grp("CHE", "2025H", ids("c", 5, 8), []string{}, "mon10", 1),
	})
	wantExtendClean(t, stored.Groups, s, m[:1], opt, alone)

	// A new group for late students c5–c8 with y1, who already meets g1 at
	// mon10: it must meet at tue12.
	m = m[:1]
	existing := result(s[:4], m, opt, []Group{grp("CHE", "2025H", ids("c", 1, 4), []string{"y1"}, "mon10", 1)}).Groups
	fresh := func(slot string) Result {
		return result(s, m, opt, []Group{
			grp("CHE", "2025H", ids("c", 1, 4), []string{"y1"}, "mon10", 1),
			grp("CHE", "2025H", ids("c", 5, 8), []string{"y1"}, slot, 1),
		})
	}
	wantExtendClean(t, existing, s, m, opt, fresh("tue12"))
	wantExtendFlag(t, existing, s, m, opt, fresh("mon10"), 7, "double-booked")
}

// TestCheckWithPairsOutrankGroupCount: a with-cluster of three does not fit
// groups of 2, but the six students could be two groups of 3, and the
// number of groups is rule 7's choice, below rule 5.
func TestCheckWithPairsOutrankGroupCount(t *testing.T) {
	opt := Options{GroupMin: 2, GroupMax: 4, MentorsPerGroup: 1}
	var s []Student
	for _, num := range ids("w", 1, 6) {
		s = append(s, stu(num, "ECO", "2025H", "mon10"))
	}
	s[0].With, s[1].With = "w2", "w3"
	m := []Mentor{ment("v1", "ECO", "", "alumni", 1, "mon10"), ment("v2", "ECO", "", "alumni", 1, "mon10"),
		ment("v3", "ECO", "", "alumni", 1, "mon10")}
	three := result(s, m, opt, []Group{
		grp("ECO", "2025H", []string{"w1", "w2"}, []string{"v1"}, "mon10", 1),
		grp("ECO", "2025H", []string{"w3", "w4"}, []string{"v2"}, "mon10", 1),
		grp("ECO", "2025H", []string{"w5", "w6"}, []string{"v3"}, "mon10", 1),
	})
	wantFlag(t, s, m, opt, three, 5, "asked to be with")
	// Two groups of 3 keep the cluster; v3 stays idle, as a third group
	// would part it.
	two := result(s, m, opt, []Group{
		grp("ECO", "2025H", ids("w", 1, 3), []string{"v1"}, "mon10", 1),
		grp("ECO", "2025H", ids("w", 4, 6), []string{"v2"}, "mon10", 1),
	})
	wantClean(t, s, m, opt, two)

	// Too many students to search: a with-chain of 7 in two groups of 7
	// cannot stay whole in three groups of at most 5, so v3 may stay idle.
	opt = Options{GroupMin: 4, GroupMax: 8, MentorsPerGroup: 1}
	s = nil
	for i, num := range ids("w", 10, 23) {
		x := stu(num, "ECO", "2025H", "mon10")
		if i < 6 {
			x.With = "w" + strconv.Itoa(11+i)
		}
		s = append(s, x)
	}
	chain := result(s, m, opt, []Group{
		grp("ECO", "2025H", ids("w", 10, 16), []string{"v1"}, "mon10", 1),
		grp("ECO", "2025H", ids("w", 17, 23), []string{"v2"}, "mon10", 1),
	})
	wantClean(t, s, m, opt, chain)
	s[4].With = "" // a chain of 5 (w10–w14) would fit three groups of 4–5
	wantFlag(t, s, m, opt, chain, 7, "v3 idle")
}

// TestCheckMentorCohortsForTheGroupsFormed: rule 4's "whenever the pool
// allows it" is judged for the number of groups actually formed. Mentors
// a1 (2023H, two groups), a2 (2023H) and b1 (2024H) can give one group
// mentors of two cohorts, but not two groups.
func TestCheckMentorCohortsForTheGroupsFormed(t *testing.T) {
	opt := Options{GroupMin: 4, GroupMax: 4, MentorsPerGroup: 2}
	var s []Student
	for _, num := range ids("t", 1, 8) {
		s = append(s, stu(num, "LAW", "2025H", "mon10", "tue12"))
	}
	m := []Mentor{ment("a1", "LAW", "2023H", "senior_student", 2, "mon10", "tue12"),
		ment("a2", "LAW", "2023H", "senior_student", 1, "mon10", "tue12"),
		ment("b1", "LAW", "2024H", "senior_student", 1, "mon10", "tue12")}
	two := result(s, m, opt, []Group{
		grp("LAW", "2025H", ids("t", 1, 4), []string{"a1", "a2"}, "mon10", 1),
		grp("LAW", "2025H", ids("t", 5, 8), []string{"a1", "b1"}, "tue12", 1),
	})
	wantClean(t, s, m, opt, two)
	s = s[:4]
	one := result(s, m, opt, []Group{grp("LAW", "2025H", ids("t", 1, 4), []string{"a1", "a2"}, "mon10", 1)})
	wantFlag(t, s, m, opt, one, 4, "both of cohort 2023H")
	wantClean(t, s, m, opt, result(s, m, opt, []Group{grp("LAW", "2025H", ids("t", 1, 4), []string{"a1", "b1"}, "mon10", 1)}))
}

// TestCheckMinorityProofThroughWithPartners: a minority of two whose one
// member avoids the other's required with-partner can never share a
// group with it (rule 5 outranks rule 6), at any cohort size; without the
// avoid request the same split is flagged.
func TestCheckMinorityProofThroughWithPartners(t *testing.T) {
	opt := Options{GroupMin: 6, GroupMax: 6, MentorsPerGroup: 0}
	var s []Student
	for _, num := range ids("v", 10, 21) { // 12 students: past the exhaustive search
		s = append(s, stu(num, "GEO", "2025H", "mon10"))
	}
	s[0].Gender, s[6].Gender = "x", "x" // v10 in g1, v16 in g2
	s[7].With = "v16"                   // v17 asks to be with v16
	s[0].Avoid = "v17"                  // v10 avoids v16's partner
	r := result(s, nil, opt, []Group{
		grp("GEO", "2025H", ids("v", 10, 15), nil, "mon10", 1),
		grp("GEO", "2025H", ids("v", 16, 21), nil, "mon10", 1),
	})
	wantClean(t, s, nil, opt, r)
	s[0].Avoid = ""
	wantFlag(t, s, nil, opt, r, 6, "only one gender x")
}

// TestCheckAvoidSecondGroupsCompete: two one-group cohorts each hold an
// avoid pair and the mentors can lead just one extra group: whichever gets
// it, the other's left-out asker is excused (rule 5 served either way);
// an extra group spent on a cohort without an avoid pair is no excuse.
func TestCheckAvoidSecondGroupsCompete(t *testing.T) {
	opt := Options{GroupMin: 3, GroupMax: 6, MentorsPerGroup: 1}
	var s []Student
	for _, num := range ids("a", 10, 15) {
		s = append(s, stu(num, "FYS", "2025H", "mon10"))
	}
	for _, num := range ids("b", 10, 15) {
		s = append(s, stu(num, "FYS", "2024H", "mon10"))
	}
	for _, num := range ids("c", 10, 15) {
		s = append(s, stu(num, "FYS", "2023H", "mon10"))
	}
	stuOf(s, "a10").Avoid = "a11"
	stuOf(s, "b10").Avoid = "b11"
	var m []Mentor
	for _, id := range []string{"k1", "k2", "k3", "k4"} {
		m = append(m, ment(id, "FYS", "", "academic_staff", 1, "mon10"))
	}
	r := result(s, m, opt, []Group{
		grp("FYS", "2023H", ids("c", 10, 15), []string{"k4"}, "mon10", 1),
		grp("FYS", "2024H", ids("b", 11, 15), []string{"k3"}, "mon10", 1),
		grp("FYS", "2025H", []string{"a10", "a12", "a13"}, []string{"k1"}, "mon10", 1),
		grp("FYS", "2025H", []string{"a11", "a14", "a15"}, []string{"k2"}, "mon10", 1),
	}, Unassigned{"b10", "avoid request cannot be met in FYS 2024H"})
	wantClean(t, s, m, opt, r)
	// The extra group goes to the cohort without an avoid pair instead.
	luxury := result(s, m, opt, []Group{
		grp("FYS", "2023H", []string{"c10", "c11", "c12"}, []string{"k3"}, "mon10", 1),
		grp("FYS", "2023H", []string{"c13", "c14", "c15"}, []string{"k4"}, "mon10", 1),
		grp("FYS", "2024H", ids("b", 11, 15), []string{"k2"}, "mon10", 1),
		grp("FYS", "2025H", ids("a", 11, 15), []string{"k1"}, "mon10", 1),
	}, Unassigned{"a10", "avoid request cannot be met in FYS 2025H"}, Unassigned{"b10", "avoid request cannot be met in FYS 2024H"})
	wantFlag(t, s, m, opt, luxury, 1, "second group could part them")
}

// TestCheckIdleMentorWhereOneMoreGroupIsolates: rule 6 outranks rule 7's
// number of groups, so a mentor may stay idle where one more group would
// isolate a minority member — which Check proves from the counts of the
// minority categories, at any size of programme+cohort, and only then.
func TestCheckIdleMentorWhereOneMoreGroupIsolates(t *testing.T) {
	opt := Options{GroupMin: 3, GroupMax: 7, MentorsPerGroup: 1}
	// 21 students: f 10, m 9, x 2, all three minorities. Seven groups of
	// 3 must each be of one gender, and the two x students cannot fill
	// one; six groups (4, 4, 4, 3, 3, 3) isolate nobody.
	var s []Student
	for i, num := range ids("s", 10, 30) {
		x := stu(num, "MED", "2025H", "mon10")
		switch {
		case i >= 19:
			x.Gender = "x"
		case i >= 10:
			x.Gender = "m"
		}
		s = append(s, x)
	}
	var m []Mentor
	for _, id := range ids("d", 1, 7) {
		m = append(m, ment(id, "MED", "", "senior_student", 1, "mon10"))
	}
	six := func() []Group {
		return []Group{
			grp("MED", "2025H", ids("s", 10, 13), []string{"d1"}, "mon10", 1),                     // f f f f
			grp("MED", "2025H", ids("s", 20, 23), []string{"d2"}, "mon10", 1),                     // m m m m
			grp("MED", "2025H", []string{"s24", "s25", "s29", "s30"}, []string{"d3"}, "mon10", 1), // m m x x
			grp("MED", "2025H", ids("s", 14, 16), []string{"d4"}, "mon10", 1),                     // f f f
			grp("MED", "2025H", ids("s", 17, 19), []string{"d5"}, "mon10", 1),                     // f f f
			grp("MED", "2025H", ids("s", 26, 28), []string{"d6"}, "mon10", 1),                     // m m m
		}
	}
	wantClean(t, s, m, opt, result(s, m, opt, six()))
	// A planted isolation is still flagged, and then the idle mentor too:
	// r isolates someone anyway, so one more group proves nothing.
	bad := six()
	bad[2].Students = []string{"s24", "s25", "s26", "s30"} // m m m x
	bad[5].Students = []string{"s27", "s28", "s29"}        // m m x
	wantFlag(t, s, m, opt, result(s, m, opt, bad), 6, "only one gender x")
	wantFlag(t, s, m, opt, result(s, m, opt, bad), 7, "d7 idle")
	// Without the x students' genders (f 12, m 9), seven groups of 3
	// isolate nobody (four of f, three of m): d7 must not stay idle.
	s[19].Gender, s[20].Gender = "f", "f"
	wantFlag(t, s, m, opt, result(s, m, opt, six()), 7, "d7 idle")
}

// TestCheckIdleMentorWhereWithClusterIsolates: with pairs (rule 5) outrank
// rule 6, which outranks rule 7: Check keeps the with-clusters r honours
// whole when it counts, so a cluster of 3 holding one of two international
// students, in groups of 3, proves one more group would isolate them.
func TestCheckIdleMentorWhereWithClusterIsolates(t *testing.T) {
	opt := Options{GroupMin: 3, GroupMax: 6, MentorsPerGroup: 1}
	var s []Student
	for _, num := range ids("e", 10, 21) {
		s = append(s, stu(num, "ENG", "2025H", "mon10"))
	}
	s[0].International, s[3].International = true, true // e10, e13
	s[0].With, s[1].With = "e11", "e12"                 // e10, e11, e12
	var m []Mentor
	for _, id := range ids("n", 1, 4) {
		m = append(m, ment(id, "ENG", "", "senior_student", 1, "mon10"))
	}
	three := result(s, m, opt, []Group{
		grp("ENG", "2025H", ids("e", 10, 13), []string{"n1"}, "mon10", 1),
		grp("ENG", "2025H", ids("e", 14, 17), []string{"n2"}, "mon10", 1),
		grp("ENG", "2025H", ids("e", 18, 21), []string{"n3"}, "mon10", 1),
	})
	wantClean(t, s, m, opt, three)
	// A with pair only: e10, e11 and e13 make a group of 3, so four
	// groups isolate nobody and n4 must not stay idle.
	s[1].With = ""
	wantFlag(t, s, m, opt, three, 7, "n4 idle")
}
