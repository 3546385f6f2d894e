package allocate

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
)

// readCSV is a tiny test-only loader for the sample files (the real
// readers live with the CLI); it knows just the columns the engine uses.
func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for j, h := range rows[0] {
			m[strings.ToLower(h)] = row[j]
		}
		out = append(out, m)
	}
	return out
}

func splitSlots(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func sampleInput(t testing.TB) ([]Student, []Mentor) {
	var students []Student
	for _, r := range readCSV(t, "testdata/students.csv") {
		students = append(students, Student{Number: r["student_number"], Programme: r["programme_code"],
			Cohort: r["cohort"], Gender: r["gender"], International: r["international"] == "true",
			Slots: splitSlots(r["slots"]), With: r["with"], Avoid: r["avoid"], OptOut: r["opt_out"] == "true"})
	}
	var mentors []Mentor
	for _, r := range readCSV(t, "testdata/mentors.csv") {
		mg, _ := strconv.Atoi(r["max_groups"])
		mentors = append(mentors, Mentor{ID: r["mentor_id"], Programme: r["programme_code"], Cohort: r["cohort"],
			Kind: r["kind"], MaxGroups: mg, Slots: splitSlots(r["slots"])})
	}
	return students, mentors
}

var sampleOpt = Options{GroupMin: 8, GroupMax: 25, MentorsPerGroup: 2, Seed: 1}

func mustAllocate(t testing.TB, s []Student, m []Mentor, opt Options) Result {
	t.Helper()
	r, err := Allocate(s, m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func assertClean(t testing.TB, s []Student, m []Mentor, opt Options, r Result) {
	t.Helper()
	v := Check(s, m, opt, r)
	for i, x := range v {
		if i == 10 {
			t.Errorf("… %d violations in all", len(v))
			break
		}
		t.Error(x)
	}
}

func hasRule(v []Violation, rule int) bool {
	for _, x := range v {
		if x.Rule == rule {
			return true
		}
	}
	return false
}

// pc builds n students of one programme+cohort numbered prefix01...
func pc(prefix, prog, cohort string, n int) []Student {
	out := make([]Student, n)
	for i := range out {
		out[i] = Student{Number: prefix + strconv.Itoa(100+i), Programme: prog, Cohort: cohort, Gender: "m",
			Slots: []string{"mon10"}}
	}
	return out
}

func mentorsFor(prog string, n int, cohorts ...string) []Mentor {
	out := make([]Mentor, n)
	for i := range out {
		out[i] = Mentor{ID: prog + "-m" + strconv.Itoa(10+i), Programme: prog, MaxGroups: 1,
			Cohort: cohorts[i%len(cohorts)], Slots: []string{"mon10", "tue12"}}
	}
	return out
}
