package main

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// instance is one programme+cohort with its programme's mentors.
type instance struct {
	seed        int64
	students    []allocate.Student
	mentors     []allocate.Mentor
	opt         allocate.Options
	slots       []string // every slot some student or mentor gave, sorted
	avoid, with [][2]int
	cats        [][]int // members of each minority category rule 6 binds (see minorities)
	kmin, kmax  int     // the group counts rule 7 leaves to choose from
}

// slotWeight is copied from internal/allocate/generate.go (slotWeight):
// how many of spec/sample/students.csv's 240 students gave each even-hour
// slot, mon08, mon10, … fri18. Copied rather than imported because the
// engine keeps it unexported; update both together.
var slotWeight = [30]int{
	23, 30, 25, 15, 37, 1, // mon
	89, 21, 13, 27, 92, 1, // tue
	24, 25, 77, 15, 85, 1, // wed
	18, 13, 22, 34, 39, 1, // thu
	84, 18, 19, 84, 22, 1, // fri
}

var days = [...]string{"mon", "tue", "wed", "thu", "fri"}

// drawSlots draws k distinct slots by slotWeight, as allocate.Generate's
// drawSlots does (students 3–6, mentors 4–6).
func drawSlots(rng *rand.Rand, k int) []string {
	w := slotWeight
	out := make([]string, 0, k)
	for range k {
		total := 0
		for _, v := range w {
			total += v
		}
		r, x := rng.IntN(total), 0
		for r >= w[x] {
			r -= w[x]
			x++
		}
		w[x] = 0
		out = append(out, fmt.Sprintf("%s%02d", days[x/6], 8+2*(x%6)))
	}
	return out
}

// newInstance draws one instance for the seed: n students in [minN, maxN]
// (gender f/m/x 55/40/5 %, 12 % international, 3–6 slots by slotWeight,
// with-requests as disjoint pairs of about 10 % of the students, 8 % ask to
// avoid a cohort-mate other than their with-partner), group-min 3–6,
// group-max group-min+2..+8, mentors-per-group 0–2 and a pool of mentors
// (max_groups 1–2, 4–6 slots by slotWeight, each of a cohort of their own so
// that rule 4's diversity always holds) able to staff at least the fewest
// groups group-max allows — and two groups, so that an avoid pair can always
// be parted with everyone placed. It redraws until that holds.
func newInstance(seed int64, minN, maxN int) *instance {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x696c70))
	for {
		if in := drawInstance(rng, seed, minN, maxN); in != nil {
			return in
		}
	}
}

func drawInstance(rng *rand.Rand, seed int64, minN, maxN int) *instance {
	n := minN + rng.IntN(maxN-minN+1)
	gmin := 3 + rng.IntN(4)
	gmax := gmin + 2 + rng.IntN(7)
	if n < 2*gmin {
		return nil
	}
	in := &instance{seed: seed, opt: allocate.Options{GroupMin: gmin, GroupMax: gmax, MentorsPerGroup: rng.IntN(3), Seed: seed}}
	for i := range n {
		s := allocate.Student{Number: fmt.Sprintf("s%03d", i+1), Programme: "P0001", Cohort: "2025H",
			International: rng.IntN(100) < 12, Slots: drawSlots(rng, 3+rng.IntN(4))}
		s.Gender = "f"
		if g := rng.IntN(100); g >= 95 {
			s.Gender = "x"
		} else if g >= 55 {
			s.Gender = "m"
		}
		in.students = append(in.students, s)
	}
	partner := slices.Repeat([]int{-1}, n)
	perm := rng.Perm(n)
	for j := 0; j+1 < len(perm) && j < n/10; j += 2 {
		a, b := perm[j], perm[j+1]
		partner[a], partner[b] = b, a
		in.students[a].With = in.students[b].Number
		in.with = append(in.with, [2]int{a, b})
	}
	for a := range n {
		if rng.IntN(100) < 8 {
			if b := (a + 1 + rng.IntN(n-1)) % n; b != partner[a] {
				in.students[a].Avoid = in.students[b].Number
				in.avoid = append(in.avoid, [2]int{a, b})
			}
		}
	}
	kmin := (n + gmax - 1) / gmax
	if mpg := in.opt.MentorsPerGroup; mpg > 0 {
		// Between about two thirds of what the fewest groups need (mentors
		// with max_groups 2 make up the rest) and twice that: tight pools
		// fix the group count, generous ones leave it open.
		need := mpg * max(kmin, 2)
		pool := max(mpg, (2*need+2)/3+rng.IntN(need+1))
		for j := range pool {
			in.mentors = append(in.mentors, allocate.Mentor{ID: fmt.Sprintf("m%02d", j+1), Programme: "P0001",
				Cohort: fmt.Sprintf("%dH", 2000+j), Kind: "senior_student", MaxGroups: 1 + rng.IntN(2),
				Slots: drawSlots(rng, 4+rng.IntN(3))})
		}
	}
	if !in.staffable(max(kmin, 2)) {
		return nil
	}
	in.kmin, in.kmax = kmin, n/gmin
	for !in.staffable(in.kmax) {
		in.kmax--
	}
	seen := map[string]bool{}
	for _, s := range in.students {
		for _, sl := range s.Slots {
			seen[sl] = true
		}
	}
	for _, m := range in.mentors {
		for _, sl := range m.Slots {
			seen[sl] = true
		}
	}
	for sl := range seen {
		in.slots = append(in.slots, sl)
	}
	slices.Sort(in.slots)
	in.cats = in.minorities()
	return in
}

// staffable reports whether the mentors can staff k groups at once with
// mentors-per-group distinct mentors each, no one over max_groups: exactly
// when Σ min(max_groups, k) ≥ k·mentors-per-group (the contract's "the most
// the available mentors allow"; Check uses the same test).
func (in *instance) staffable(k int) bool {
	supply := 0
	for _, m := range in.mentors {
		supply += min(m.MaxGroups, k)
	}
	return supply >= k*in.opt.MentorsPerGroup
}

// minorities are rule 6's categories: a gender (among students who gave
// one) or international/domestic held by two or more students but fewer
// than half. A category of two or three with an avoid pair inside can never
// be seated in clumps of two or more; rule 5 outranks rule 6 there (Check
// excuses it too), so the model leaves it out.
func (in *instance) minorities() [][]int {
	st := in.students
	var out [][]int
	given := 0
	for _, s := range st {
		if s.Gender != "" {
			given++
		}
	}
	add := func(base int, member func(s allocate.Student) bool) {
		var c []int
		for i, s := range st {
			if member(s) {
				c = append(c, i)
			}
		}
		if len(c) < 2 || 2*len(c) >= base {
			return
		}
		if len(c) <= 3 {
			for _, p := range in.avoid {
				if slices.Contains(c, p[0]) && slices.Contains(c, p[1]) {
					return
				}
			}
		}
		out = append(out, c)
	}
	for _, g := range []string{"f", "m", "x"} {
		add(given, func(s allocate.Student) bool { return s.Gender == g })
	}
	add(len(st), func(s allocate.Student) bool { return s.International })
	add(len(st), func(s allocate.Student) bool { return !s.International })
	return out
}
