// Command ilp compares the slot coverage of allocate.Allocate with the exact
// optimum of the same problem — the contract of spec/INTERCHANGE.md's
// "Group allocation", rules 1–7 — solved as an integer linear program by
// GLPK (glpsol) or COIN-OR CBC (cbc), on small instances of one
// programme+cohort and its mentors. The group count is rule 7's choice, so
// the program solves every count the contract allows and reports the best
// (an upper bound on any arrangement the contract accepts) and the optimum
// at the count the allocator chose. It installs nothing: the solver must be
// on PATH. Progress goes to stderr; the Markdown table goes to stdout.
//
//	go run ./docs/perf/ilp -k 30 -solver cbc
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

func main() {
	k := flag.Int("k", 30, "number of instances (seeds 1..k)")
	first := flag.Int("first", 1, "first seed")
	solver := flag.String("solver", "", `"glpsol" or "cbc" (default: whichever is on PATH, cbc first)`)
	tmlim := flag.Int("tmlim", 60, "solver time limit per solve (one group count), seconds")
	budget := flag.Int("budget", 150, "solver seconds per instance; group counts left when it is spent get 10 s each")
	minN := flag.Int("min", 12, "fewest students per instance")
	maxN := flag.Int("max", 40, "most students per instance")
	plan := flag.Bool("plan", false, "instead: the best seating within the allocator's own plan (slots, mentors, sizes kept)")
	flag.BoolVar(&verbose, "v", false, "print each instance, the allocator's groups and the ILP's to stderr")
	bound := flag.String("bound", "", `instead: upper bounds on covered students — "small" (the -k instances from -first), or intakes "639,5000,sample" (allocate.Generate(n, n); the spec sample)`)
	sample := flag.String("sample", "", "directory of the spec sample's students.csv and mentors.csv (-bound sample)")
	noB := flag.Bool("noB", false, "with -bound: skip bound B (mentor slots)")
	chains := flag.Bool("chains", false, "with -bound: solve the cohorts again with whole with-chains for the mean bounds (tighter, twice the solves)")
	meanB := flag.String("meanB", "", "instead: the mean bound B with -chains for an intake (a student count), programmes split by -part, JSON lines to -out")
	partF := flag.String("part", "0/1", "with -meanB: this process's share of the programmes, i/n")
	outF := flag.String("out", "", "with -meanB: the file for the JSON lines")
	combine := flag.String("combine", "", "instead: combine -meanB files (comma list) into the intake's bound")
	flag.Parse()
	if *combine != "" {
		runCombine(*combine)
		return
	}
	if *solver == "" {
		*solver = "cbc"
		if _, err := exec.LookPath("cbc"); err != nil {
			*solver = "glpsol"
		}
	}
	if _, err := exec.LookPath(*solver); err != nil || (*solver != "glpsol" && *solver != "cbc") {
		fmt.Fprintln(os.Stderr, "ilp: no ILP solver found on PATH; install one from Debian:\n"+
			"  apt-get install -y coinor-cbc   # cbc\n  apt-get install -y glpk-utils   # glpsol")
		os.Exit(2)
	}
	var err error
	if tmpDir, err = os.MkdirTemp("", "allocate-ilp-"); err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmpDir)

	switch {
	case *bound != "":
		fmt.Printf("Solver: %s, time limit %d s per solve.\n\n", version(*solver), *tmlim)
	default:
		fmt.Printf("Solver: %s, time limit %d s per group count; seeds %d..%d.\n\n", version(*solver), *tmlim, *first, *first+*k-1)
	}
	if *meanB != "" {
		var part, parts int
		if _, err := fmt.Sscanf(*partF, "%d/%d", &part, &parts); err != nil || parts < 1 || part < 0 || part >= parts || *outF == "" {
			fatal(fmt.Errorf("-meanB needs -part i/n (0 ≤ i < n) and -out"))
		}
		runMeanPart(*meanB, part, parts, *outF, *solver, *tmlim)
		return
	}
	switch {
	case *bound == "small":
		runBoundSmall(*first, *k, *minN, *maxN, *solver, *tmlim, *chains)
		return
	case *bound != "":
		runBound(strings.Split(*bound, ","), *sample, *solver, *tmlim, *noB, *chains)
		return
	}
	if *plan {
		runPlans(*first, *k, *minN, *maxN, *solver, *tmlim)
		return
	}
	fmt.Println("| seed | students | group min–max | mpg | mentors (used / pool) | k allowed | k allocator / ILP | allocator | ILP at allocator's k | ILP best | gap % | solver time | status | violations (alloc/ILP) |")
	fmt.Println("|---:|---:|---|---:|---|---|---|---:|---:|---:|---:|---:|---|---|")
	var sum sums
	for seed := int64(*first); seed < int64(*first+*k); seed++ {
		sum.add(run(newInstance(seed, *minN, *maxN), *solver, *tmlim, time.Duration(*budget)*time.Second))
	}
	fmt.Println()
	fmt.Println(sum)
}

// row is one instance's outcome.
type row struct {
	alloc, atAlloc, best, bound int // covered students; atAlloc −1 when not solved
	proven                      bool
	allocViol, ilpViol          int
	absent                      int // allocator groups a mentor cannot attend (mentorAbsent)
}

// run compares the allocator with the ILP on one instance and prints its row.
func run(in *instance, solver string, tmlim int, budget time.Duration) row {
	n := len(in.students)
	fmt.Fprintf(os.Stderr, "seed %d: %d students, group %d–%d, mpg %d, %d mentors, k %d..%d\n",
		in.seed, n, in.opt.GroupMin, in.opt.GroupMax, in.opt.MentorsPerGroup, len(in.mentors), in.kmin, in.kmax)
	r, err := allocate.Allocate(in.students, in.mentors, in.opt)
	if err != nil {
		fatal(err)
	}
	out := row{alloc: in.covered(r), atAlloc: -1, bound: -1}
	viol := allocate.Check(in.students, in.mentors, in.opt, r)
	out.allocViol = len(viol)
	out.absent = in.mentorAbsent(r)
	if out.absent > 0 {
		fmt.Fprintf(os.Stderr, "  seed %d: %d allocator groups meet at a slot one of their mentors did not give\n", in.seed, out.absent)
	}
	for _, v := range viol {
		fmt.Fprintf(os.Stderr, "  seed %d allocator violation: %s\n", in.seed, v)
	}
	kA := len(r.Groups)
	if verbose {
		in.dump(os.Stderr)
		dumpResult(os.Stderr, "allocator", in, r)
	}
	if r.Stats.Placed != n {
		fmt.Fprintf(os.Stderr, "  seed %d: allocator placed %d of %d\n", in.seed, r.Stats.Placed, n)
	}

	var (
		took   time.Duration
		bestK  = -1
		bestV  map[string]float64
		status = optimal
	)
	order := []int{}
	if kA >= in.kmin && kA <= in.kmax {
		order = append(order, kA)
	}
	for k := in.kmax; k >= in.kmin; k-- {
		if k != kA {
			order = append(order, k)
		}
	}
	bound := 0     // the largest proven upper bound of the counts stopped early
	var open []int // counts stopped early or not solved
	for i, k := range order {
		cut := 0
		switch {
		case bestK >= 0 && out.best == n:
			continue // nothing beats everyone covered
		case bestK >= 0:
			cut = out.best + 1
		}
		limit := tmlim
		if took >= budget {
			// Budget spent: a short try still often proves that a count
			// cannot beat the best (fewer groups solve fast).
			limit = min(tmlim, 10)
		}
		lp := filepath.Join(tmpDir, fmt.Sprintf("seed%d_k%d.lp", in.seed, k))
		if err := os.WriteFile(lp, []byte(in.model(k, cut)), 0o644); err != nil {
			fatal(err)
		}
		sol, err := solve(solver, lp, limit)
		if err != nil {
			fatal(fmt.Errorf("seed %d k %d: %v", in.seed, k, err))
		}
		took += sol.took
		fmt.Fprintf(os.Stderr, "  k=%d cut=%d: %s %d (bound %d) in %.1f s\n", k, cut, sol.status, sol.obj, sol.bound, sol.took.Seconds())
		if k == kA && i == 0 && sol.status == optimal {
			out.atAlloc = sol.obj
		}
		if sol.status == timeLimit {
			open = append(open, k)
			if sol.bound < 0 {
				sol.bound = n
			}
			bound = max(bound, sol.bound)
		}
		if sol.vals != nil && (bestK < 0 || sol.obj > out.best) {
			bestK, bestV, out.best = k, sol.vals, sol.obj
		}
	}
	if len(open) > 0 {
		slices.Sort(open)
		status = fmt.Sprintf("%s (k %s open)", timeLimit, strings.Trim(strings.ReplaceAll(fmt.Sprint(open), " ", ", "), "[]"))
	}
	out.proven = status == optimal
	out.bound = max(out.best, bound)

	bestS, ilpViol, kI := "–", "–", "–"
	if bestK >= 0 {
		ir := in.asResult(bestK, bestV)
		if c := in.covered(ir); c != out.best {
			if out.proven {
				fatal(fmt.Errorf("seed %d: ILP objective %d but its solution covers %d", in.seed, out.best, c))
			}
			out.best = c // an incumbent improved by polishing
		}
		if verbose {
			dumpResult(os.Stderr, "ILP", in, ir)
		}
		iv := allocate.Check(in.students, in.mentors, in.opt, ir)
		out.ilpViol = len(iv)
		for _, v := range iv {
			fmt.Fprintf(os.Stderr, "  seed %d ILP violation: %s\n", in.seed, v)
		}
		bestS, ilpViol, kI = strconv.Itoa(out.best), strconv.Itoa(len(iv)), strconv.Itoa(bestK)
		if !out.proven {
			bestS = fmt.Sprintf("%d (≤ %d)", out.best, out.bound)
		}
	} else {
		status = "no solution"
	}
	atS := "–"
	if out.atAlloc >= 0 {
		atS = strconv.Itoa(out.atAlloc)
	}
	gapS := "–"
	if bestK >= 0 && out.best > 0 {
		gapS = fmt.Sprintf("%.1f", 100*float64(out.best-out.alloc)/float64(out.best))
	}
	allocS := strconv.Itoa(out.alloc)
	if out.absent > 0 {
		allocS += fmt.Sprintf(" (%d group%s a mentor cannot attend)", out.absent, map[bool]string{true: "s"}[out.absent > 1])
	}
	fmt.Printf("| %d | %d | %d–%d | %d | %d / %d | %d–%d | %d / %s | %s | %s | %s | %s | %.1f s | %s | %d/%s |\n",
		in.seed, n, in.opt.GroupMin, in.opt.GroupMax, in.opt.MentorsPerGroup, len(in.mentors)-len(r.UnassignedMentors), len(in.mentors),
		in.kmin, in.kmax, kA, kI, allocS, atS, bestS, gapS, took.Seconds(), status, out.allocViol, ilpViol)
	return out
}

// sums is the summary line.
type sums struct {
	instances, proven, exact, exactAtK, atK, violAlloc, violILP, absent int
	gap, worst, gapAtK                                                  float64
}

func (s *sums) add(r row) {
	s.instances++
	if r.absent > 0 {
		// Not comparable: the allocator's groups break rule 7's "all its
		// mentors can attend", which the model holds.
		s.absent++
		return
	}
	if r.allocViol > 0 {
		s.violAlloc++
	}
	if r.ilpViol > 0 {
		s.violILP++
	}
	if r.atAlloc > 0 {
		s.atK++
		s.gapAtK += 100 * float64(r.atAlloc-r.alloc) / float64(r.atAlloc)
		if r.alloc >= r.atAlloc {
			s.exactAtK++
		}
	}
	if !r.proven || r.best <= 0 {
		return
	}
	g := 100 * float64(r.best-r.alloc) / float64(r.best)
	s.proven++
	s.gap += g
	s.worst = max(s.worst, g)
	if r.alloc >= r.best {
		s.exact++
	}
}

func (s sums) String() string {
	return fmt.Sprintf("%d of %d instances have allocator groups a mentor cannot attend (left out of the figures below). "+
		"%d of the other %d solved to proven optimality over every allowed group count: gap to the best "+
		"mean %.2f %%, max %.2f %%; allocator optimal on %d of them. At the allocator's own group count (%d solved): mean gap %.2f %%, "+
		"allocator optimal on %d. Instances with Check violations: allocator %d, ILP %d.",
		s.absent, s.instances, s.proven, s.instances-s.absent, s.gap/float64(max(1, s.proven)), s.worst, s.exact, s.atK, s.gapAtK/float64(max(1, s.atK)),
		s.exactAtK, s.violAlloc, s.violILP)
}

// verbose is the -v flag.
var verbose bool

// tmpDir holds the LP and solution files; fatal removes it too.
var tmpDir string

func fatal(err error) {
	os.RemoveAll(tmpDir)
	fmt.Fprintln(os.Stderr, "ilp:", err)
	os.Exit(1)
}
