package allocate

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Generate makes a realistic synthetic intake of n students and their
// mentors, the same for the same (n, seed), for tests and benchmarks (and
// the CLI's benchmark flag). Programmes have 1–3 cohorts of 30–150
// students; about 3% opt out, 10% ask to be with and 8% to avoid someone
// of their cohort; gender f/m/x 55/40/5 %, 12% international; each person
// gives slots of mon..fri at even hours 08..18 as the spec's sample does
// (students 3–6, mentors 4–6, drawn towards the popular hours). There is about one
// mentor per 12 students, from 2–3 older cohorts plus a few staff with no
// cohort, each taking 1–2 groups.
func Generate(n int, seed int64) ([]Student, []Mentor) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6d656e746f72))
	students := make([]Student, 0, n)
	var mentors []Mentor
	cohortNames := []string{"2023H", "2024H", "2025H"}
	mentorCohorts := []string{"2020H", "2021H", "2022H", "2023H"}
	for p := 0; len(students) < n; p++ {
		code := fmt.Sprintf("P%04d-%c%c", p, 'A'+rune(p%26), 'A'+rune(p/26%26))
		first := len(students)
		for _, cohort := range cohortNames[3-1-rng.IntN(3):] {
			size := min(30+rng.IntN(121), n-len(students))
			start := len(students)
			for range size {
				students = append(students, genStudent(rng, len(students), code, cohort))
			}
			linkRequests(rng, students[start:])
		}
		nm := max(2, (len(students)-first+11)/12)
		pool := mentorCohorts[rng.IntN(2):][:2+rng.IntN(2)]
		for range nm {
			m := Mentor{ID: fmt.Sprintf("m%06d", len(mentors)+1), Programme: code,
				Kind: "senior_student", MaxGroups: 1 + rng.IntN(2), Slots: genMentorSlots(rng)}
			if rng.IntN(10) == 0 {
				m.Kind = "academic_staff" // staff and externals have no cohort
			} else {
				m.Cohort = pool[rng.IntN(len(pool))]
			}
			mentors = append(mentors, m)
		}
	}
	return students, mentors
}

func genStudent(rng *rand.Rand, i int, code, cohort string) Student {
	s := Student{Number: fmt.Sprintf("s%07d", i+1), Programme: code, Cohort: cohort,
		International: rng.IntN(100) < 12, OptOut: rng.IntN(100) < 3, Slots: genSlots(rng)}
	switch g := rng.IntN(100); {
	case g < 55:
		s.Gender = "f"
	case g < 95:
		s.Gender = "m"
	default:
		s.Gender = "x"
	}
	return s
}

// linkRequests adds with/avoid requests within one cohort.
func linkRequests(rng *rand.Rand, cohort []Student) {
	if len(cohort) < 3 {
		return
	}
	for i := range cohort {
		if rng.IntN(100) < 10 {
			cohort[i].With = cohort[(i+1+rng.IntN(len(cohort)-1))%len(cohort)].Number
		}
		if rng.IntN(100) < 8 {
			if t := cohort[(i+1+rng.IntN(len(cohort)-1))%len(cohort)].Number; t != cohort[i].With {
				cohort[i].Avoid = t
			}
		}
	}
}

var days = [...]string{"mon", "tue", "wed", "thu", "fri"}

// slotWeight is how many of spec/sample/students.csv's 240 students gave
// each even-hour slot (mon08, mon10, … fri18): a few popular slots — the
// hours around lectures everyone has free — and a long tail.
var slotWeight = [30]int{
	23, 30, 25, 15, 37, 1, // mon
	89, 21, 13, 27, 92, 1, // tue
	24, 25, 77, 15, 85, 1, // wed
	18, 13, 22, 34, 39, 1, // thu
	84, 18, 19, 84, 22, 1, // fri
}

// genSlots gives a student 3–6 slots drawn by slotWeight, as the sample's
// students give them.
func genSlots(rng *rand.Rand) []string {
	return drawSlots(rng, 3+rng.IntN(4), slotWeight[:])
}

// genMentorSlots gives a mentor 4–6 slots by the same weights: mentors are
// mostly senior students, free at the same hours around lectures.
func genMentorSlots(rng *rand.Rand) []string {
	return drawSlots(rng, 4+rng.IntN(3), slotWeight[:])
}

func drawSlots(rng *rand.Rand, k int, weight []int) []string {
	w := slices.Clone(weight)
	out := make([]string, 0, k)
	for range k {
		total := 0
		for _, v := range w {
			total += v
		}
		r := rng.IntN(total)
		x := 0
		for r >= w[x] {
			r -= w[x]
			x++
		}
		w[x] = 0
		out = append(out, fmt.Sprintf("%s%02d", days[x/6], 8+2*(x%6)))
	}
	return out
}
