package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// runPlans is -plan: for each instance, the best seating of the students
// within the allocator's own plan (its groups' meeting slots, mentors and
// sizes kept), which splits the allocator's gap into what its plan loses
// and what its seating loses.
func runPlans(first, k, minN, maxN int, solver string, tmlim int) {
	fmt.Println("| seed | students | groups | allocator | best seating on the allocator's plan | gap % | solver time | status | Check violations of that seating |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---|---:|")
	solved, sum := 0, 0.0
	for seed := int64(first); seed < int64(first+k); seed++ {
		in := newInstance(seed, minN, maxN)
		r, err := allocate.Allocate(in.students, in.mentors, in.opt)
		if err != nil {
			fatal(err)
		}
		alloc := in.covered(r)
		if in.mentorAbsent(r) > 0 || r.Stats.Placed != len(in.students) {
			fmt.Printf("| %d | %d | %d | %d | – | – | – | not a plan the model allows | – |\n", seed, len(in.students), len(r.Groups), alloc)
			continue
		}
		lp := filepath.Join(tmpDir, fmt.Sprintf("plan%d.lp", seed))
		if err := os.WriteFile(lp, []byte(in.modelWith(len(r.Groups), 0, &r)), 0o644); err != nil {
			fatal(err)
		}
		sol, err := solve(solver, lp, tmlim)
		if err != nil {
			fatal(fmt.Errorf("seed %d plan: %v", seed, err))
		}
		optS, gapS, violS := "–", "–", "–"
		if sol.status == optimal {
			// Check vets the seating as it vets the model's best (asResult
			// may move a group to a better slot; it never lowers coverage).
			violS = fmt.Sprint(len(allocate.Check(in.students, in.mentors, in.opt, in.asResult(len(r.Groups), sol.vals))))
			g := 100 * float64(sol.obj-alloc) / float64(max(1, sol.obj))
			solved, sum = solved+1, sum+g
			optS, gapS = fmt.Sprint(sol.obj), fmt.Sprintf("%.1f", g)
		}
		fmt.Printf("| %d | %d | %d | %d | %s | %s | %.1f s | %s | %s |\n", seed, len(in.students), len(r.Groups), alloc, optS, gapS, sol.took.Seconds(), sol.status, violS)
	}
	fmt.Printf("\nOn its own plan the allocator's seating is %.2f %% below the best seating on average (%d plans solved).\n",
		sum/float64(max(1, solved)), solved)
}
