// Command ilp compares the slot coverage of allocate.Allocate with the exact
// optimum of the same problem solved as an integer linear program by GLPK
// (glpsol) or COIN-OR CBC (cbc), on small single programme+cohort
// instances. It installs nothing: the solver must be on PATH. Progress goes
// to stderr; the Markdown results table goes to stdout.
//
//	go run ./docs/perf/ilp -k 20
package main

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

func main() {
	k := flag.Int("k", 20, "number of instances (seeds 1..k)")
	solver := flag.String("solver", "", `"glpsol" or "cbc" (default: whichever is on PATH, glpsol first)`)
	tmlim := flag.Int("tmlim", 60, "solver time limit per instance, seconds")
	minN := flag.Int("min", 12, "fewest students per instance")
	maxN := flag.Int("max", 36, "most students per instance")
	noWith := flag.Bool("nowith", false, "generate no with-requests")
	flag.Parse()
	if _, err := exec.LookPath("glpsol"); *solver == "" && err != nil {
		*solver = "cbc"
	} else if *solver == "" {
		*solver = "glpsol"
	}
	if _, err := exec.LookPath(*solver); err != nil || (*solver != "glpsol" && *solver != "cbc") {
		fmt.Fprintln(os.Stderr, "ilp: no ILP solver found on PATH; install one from Debian:\n"+
			"  apt-get install -y glpk-utils   # glpsol\n  apt-get install -y coinor-cbc   # cbc")
		os.Exit(2)
	}
	var err error
	if tmpDir, err = os.MkdirTemp("", "allocate-ilp-"); err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmpDir)

	fmt.Printf("Solver: %s, time limit %d s per instance; %d instances.\n\n", version(*solver), *tmlim, *k)
	fmt.Println("| instance | students | groups (sizes) | avoid | with | minority cats | allocator | ILP optimum | gap % | solver time | status | violations (alloc/ILP) |")
	fmt.Println("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
	solved, sum, worst, exact := 0, 0.0, 0.0, 0
	for seed := int64(1); seed <= int64(*k); seed++ {
		in := newInstance(seed, *minN, *maxN, !*noWith)
		fmt.Fprintf(os.Stderr, "instance %d: %d students, %d groups\n", seed, len(in.students), len(in.caps))
		r, err := allocate.Allocate(in.students, nil, in.opt)
		if err != nil {
			fatal(err)
		}
		viol := allocate.Check(in.students, nil, in.opt, r)
		for _, v := range viol {
			fmt.Fprintf(os.Stderr, "  violation: %s\n", v)
		}
		alloc := 0
		for _, g := range r.Groups {
			alloc += int(math.Round(g.SlotCoverage * float64(len(g.Students))))
		}
		if len(r.Groups) != len(in.caps) || r.Stats.Placed != len(in.students) {
			fatal(fmt.Errorf("instance %d: allocator made %d groups placing %d, the model assumes %d groups placing %d",
				seed, len(r.Groups), r.Stats.Placed, len(in.caps), len(in.students)))
		}
		lp := filepath.Join(tmpDir, fmt.Sprintf("inst%d.lp", seed))
		if err := os.WriteFile(lp, []byte(in.model()), 0o644); err != nil {
			fatal(err)
		}
		start := time.Now()
		status, opt, vals, err := solve(*solver, lp, *tmlim)
		took := time.Since(start)
		if err != nil {
			fatal(err)
		}
		optS, gapS, ilpViol := "–", "–", "–"
		if status == "OPTIMAL" {
			ir, covered := in.asResult(vals)
			if covered != opt {
				fatal(fmt.Errorf("instance %d: ILP objective %d but its solution covers %d", seed, opt, covered))
			}
			ilpViol = strconv.Itoa(len(allocate.Check(in.students, nil, in.opt, ir)))
			gap := 0.0
			if opt > 0 {
				gap = 100 * float64(opt-alloc) / float64(opt)
			}
			solved, sum, worst = solved+1, sum+gap, max(worst, gap)
			if opt == alloc {
				exact++
			}
			optS, gapS = strconv.Itoa(opt), fmt.Sprintf("%.1f", gap)
		}
		fmt.Printf("| %d | %d | %d (%s) | %d | %d | %d | %d | %s | %s | %.2f s | %s | %d/%s |\n",
			seed, len(in.students), len(in.caps), strings.ReplaceAll(strings.Trim(fmt.Sprint(in.caps), "[]"), " ", "/"), len(in.avoid), len(in.with), len(in.cats),
			alloc, optS, gapS, took.Seconds(), status, len(viol), ilpViol)
	}
	fmt.Println()
	fmt.Printf("%d of %d instances solved to optimality; gap mean %.2f %%, max %.2f %%; allocator optimal on %d of them.\n",
		solved, *k, sum/float64(max(1, solved)), worst, exact)
}

// instance is one programme+cohort with no mentors (mentors-per-group 0).
type instance struct {
	students    []allocate.Student
	opt         allocate.Options
	caps        []int    // group sizes, as the allocator balances them
	slots       []string // every slot some student gave, sorted
	avoid, with [][2]int
	cats        [][]int // members of each active minority category
}

// newInstance draws an instance with allocate.Generate's distributions:
// gender f/m/x 55/40/5 %, 12 % international, 2–5 slots of 30 (mon..fri,
// even hours 08..18), 8 % ask to avoid someone. With-requests are disjoint
// pairs (about 10 % of students), never crossed by an avoid request, so
// every one can be honoured and the allocator must honour it.
func newInstance(seed int64, minN, maxN int, withReq bool) *instance {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x696c70))
	n := minN + rng.IntN(maxN-minN+1)
	k := 2 + rng.IntN(3)
	hi := (n + k - 1) / k
	in := &instance{opt: allocate.Options{GroupMin: max(2, n/k-2), GroupMax: hi, Seed: seed}}
	days := []string{"mon", "tue", "wed", "thu", "fri"}
	seen := map[string]bool{}
	for i := range n {
		s := allocate.Student{Number: fmt.Sprintf("s%03d", i+1), Programme: "P0001", Cohort: "2025H",
			International: rng.IntN(100) < 12}
		s.Gender = "f"
		if g := rng.IntN(100); g >= 95 {
			s.Gender = "x"
		} else if g >= 55 {
			s.Gender = "m"
		}
		for _, x := range rng.Perm(30)[:2+rng.IntN(4)] {
			sl := fmt.Sprintf("%s%02d", days[x/6], 8+2*(x%6))
			s.Slots = append(s.Slots, sl)
			seen[sl] = true
		}
		in.students = append(in.students, s)
	}
	partner := slices.Repeat([]int{-1}, n)
	if withReq {
		perm := rng.Perm(n)
		for j := 0; j+1 < len(perm) && j < n/10; j += 2 {
			a, b := perm[j], perm[j+1]
			partner[a], partner[b] = b, a
			in.students[a].With = in.students[b].Number
			in.with = append(in.with, [2]int{a, b})
		}
	}
	for a := range n {
		if rng.IntN(100) < 8 {
			if b := (a + 1 + rng.IntN(n-1)) % n; b != partner[a] {
				in.students[a].Avoid = in.students[b].Number
				in.avoid = append(in.avoid, [2]int{a, b})
			}
		}
	}
	for sl := range seen {
		in.slots = append(in.slots, sl)
	}
	slices.Sort(in.slots)
	in.caps = balancedSizes(n, in.opt.GroupMin, in.opt.GroupMax)
	in.cats = minorities(in.students)
	return in
}

// balancedSizes mirrors the allocator: ceil(n/max) groups (fewer when they
// could not all reach min), sizes differing by at most one.
func balancedSizes(n, lo, hi int) []int {
	k := (n + hi - 1) / hi
	if k*lo > n {
		k = n / lo
	}
	caps := make([]int, k)
	for g := range caps {
		caps[g] = n / k
		if g < n%k {
			caps[g]++
		}
	}
	return caps
}

// minorities are rule 6's active categories: a gender (among students who
// gave one) or international/domestic held by two or more students but
// fewer than half.
func minorities(st []allocate.Student) [][]int {
	var out [][]int
	given := 0
	for _, s := range st {
		if s.Gender != "" {
			given++
		}
	}
	add := func(base int, in func(s allocate.Student) bool) {
		var c []int
		for i, s := range st {
			if in(s) {
				c = append(c, i)
			}
		}
		if len(c) >= 2 && 2*len(c) < base {
			out = append(out, c)
		}
	}
	for _, g := range []string{"f", "m", "x"} {
		add(given, func(s allocate.Student) bool { return s.Gender == g })
	}
	add(len(st), func(s allocate.Student) bool { return s.International })
	add(len(st), func(s allocate.Student) bool { return !s.International })
	return out
}

// model writes the instance in CPLEX LP format. x_s_g: student s in group
// g; y_g_t: group g meets at slot t; z_s_g ≤ x_s_g and z_s_g ≤ Σ_{t ∈
// slots(s)} y_g_t (exactly one y per group, so z_s_g = 1 iff s is in g and
// free at g's slot); w_g_c: group g holds members of minority category c.
func (in *instance) model() string {
	var b strings.Builder
	slotID := map[string]int{}
	for t, sl := range in.slots {
		slotID[sl] = t
	}
	k := len(in.caps)
	x := func(s, g int) string { return fmt.Sprintf("x_%d_%d", s, g) }
	row := func(name string, terms []string, rel string) {
		fmt.Fprintf(&b, " %s:", name)
		for j, t := range terms {
			if j > 0 && j%12 == 0 {
				b.WriteString("\n   ")
			}
			if j > 0 && !strings.HasPrefix(t, "-") {
				b.WriteString(" +")
			}
			b.WriteString(" " + t)
		}
		fmt.Fprintf(&b, " %s\n", rel)
	}
	var obj, bin []string
	for s := range in.students {
		for g := range k {
			obj = append(obj, fmt.Sprintf("z_%d_%d", s, g))
		}
	}
	b.WriteString("Maximize\n")
	row("cover", obj, "")
	b.WriteString("Subject To\n")
	for s := range in.students {
		var t []string
		for g := range k {
			t, bin = append(t, x(s, g)), append(bin, x(s, g))
		}
		row(fmt.Sprintf("one_%d", s), t, "= 1")
	}
	for g, c := range in.caps {
		var t, u []string
		for s := range in.students {
			t = append(t, x(s, g))
		}
		row(fmt.Sprintf("size_%d", g), t, fmt.Sprintf("= %d", c))
		for ti := range in.slots {
			y := fmt.Sprintf("y_%d_%d", g, ti)
			u, bin = append(u, y), append(bin, y)
		}
		row(fmt.Sprintf("slot_%d", g), u, "= 1")
	}
	for s, st := range in.students {
		for g := range k {
			row(fmt.Sprintf("zx_%d_%d", s, g), []string{fmt.Sprintf("z_%d_%d", s, g), "-" + x(s, g)}, "<= 0")
			t := []string{fmt.Sprintf("z_%d_%d", s, g)}
			for _, sl := range slices.Compact(slices.Sorted(slices.Values(st.Slots))) {
				t = append(t, fmt.Sprintf("-y_%d_%d", g, slotID[sl]))
			}
			row(fmt.Sprintf("zy_%d_%d", s, g), t, "<= 0")
		}
	}
	for g := range k {
		for j, p := range in.avoid {
			row(fmt.Sprintf("avoid_%d_%d", j, g), []string{x(p[0], g), x(p[1], g)}, "<= 1")
		}
		for j, p := range in.with {
			row(fmt.Sprintf("with_%d_%d", j, g), []string{x(p[0], g), "-" + x(p[1], g)}, "= 0")
		}
	}
	for c, mem := range in.cats {
		for g := range k {
			var t []string
			for _, s := range mem {
				t = append(t, x(s, g))
			}
			w := fmt.Sprintf("w_%d_%d", g, c)
			bin = append(bin, w)
			row(fmt.Sprintf("minlo_%d_%d", g, c), append(slices.Clone(t), "-2 "+w), ">= 0")
			row(fmt.Sprintf("minhi_%d_%d", g, c), append(t, fmt.Sprintf("-%d %s", len(mem), w)), "<= 0")
		}
	}
	// z needs no bounds: z ≥ 0 by default and z ≤ x ≤ 1.
	b.WriteString("Binary\n " + strings.Join(bin, "\n ") + "\nEnd\n")
	return b.String()
}

var (
	glpStatus = regexp.MustCompile(`(?m)^Status:\s+(.*)$`)
	glpObj    = regexp.MustCompile(`(?m)^Objective:\s+\S+ = (\S+)`)
	cbcHead   = regexp.MustCompile(`^(\w[\w ]*?)\s+-\s+objective value\s+(\S+)`)
	versionRE = regexp.MustCompile(`GLPK LP/MIP Solver \S+|Version: \S+`)
	column    = regexp.MustCompile(`(?m)^\s*\d+\s+([xy]_\d+_\d+)\s+\*?\s*(\S+)`)
)

// solve runs the solver on the LP file and returns its status (OPTIMAL,
// INFEASIBLE, TIME LIMIT, …), the objective and the x and y values.
func solve(solver, lp string, tmlim int) (string, int, map[string]float64, error) {
	sol := lp + ".sol"
	cmd := exec.Command("glpsol", "--lp", lp, "--tmlim", strconv.Itoa(tmlim), "-o", sol)
	if solver == "cbc" {
		cmd = exec.Command("cbc", lp, "sec", strconv.Itoa(tmlim), "threads", "1", "solve", "solu", sol)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", 0, nil, fmt.Errorf("%s: %v\n%s", solver, err, out)
	}
	data, err := os.ReadFile(sol)
	if err != nil {
		return "", 0, nil, err
	}
	text, status, obj := string(data), "UNKNOWN", ""
	if m := glpStatus.FindStringSubmatch(text); solver == "glpsol" && m != nil {
		status = strings.TrimPrefix(strings.TrimSpace(m[1]), "INTEGER ")
		if m := glpObj.FindStringSubmatch(text); m != nil {
			obj = m[1]
		}
	} else if m := cbcHead.FindStringSubmatch(text); solver == "cbc" && m != nil {
		status, obj = strings.ToUpper(m[1]), m[2]
	}
	if status != "OPTIMAL" {
		return status, 0, nil, nil
	}
	v, err := strconv.ParseFloat(obj, 64)
	if err != nil {
		return "", 0, nil, fmt.Errorf("%s: objective %q: %v", solver, obj, err)
	}
	vals := map[string]float64{}
	for _, m := range column.FindAllStringSubmatch(text, -1) {
		vals[m[1]], _ = strconv.ParseFloat(m[2], 64)
	}
	return status, int(math.Round(v)), vals, nil
}

// asResult turns the ILP solution into an allocate.Result, so that Check
// can vet the model, and counts the students free at their group's slot.
func (in *instance) asResult(vals map[string]float64) (allocate.Result, int) {
	r := allocate.Result{Stats: allocate.Stats{Students: len(in.students), Placed: len(in.students), Groups: len(in.caps)}}
	covered := 0
	for g := range in.caps {
		grp := allocate.Group{ID: fmt.Sprintf("g%d", g+1), Programme: "P0001", Cohort: "2025H", Mentors: []string{}}
		for t, sl := range in.slots {
			if vals[fmt.Sprintf("y_%d_%d", g, t)] > 0.5 {
				grp.MeetingSlot = sl
			}
		}
		have := 0
		for s, st := range in.students {
			if vals[fmt.Sprintf("x_%d_%d", s, g)] > 0.5 {
				grp.Students = append(grp.Students, st.Number)
				if slices.Contains(st.Slots, grp.MeetingSlot) {
					have++
				}
			}
		}
		covered += have
		grp.SlotCoverage = math.Round(100*float64(have)/float64(len(grp.Students))) / 100
		r.Groups = append(r.Groups, grp)
	}
	return r, covered
}

func version(solver string) string {
	out, _ := exec.Command(solver, map[string]string{"glpsol": "--version", "cbc": "-quit"}[solver]).CombinedOutput()
	return solver + " " + versionRE.FindString(string(out))
}

// tmpDir holds the LP and solution files; fatal removes it too.
var tmpDir string

func fatal(err error) {
	os.RemoveAll(tmpDir)
	fmt.Fprintln(os.Stderr, "ilp:", err)
	os.Exit(1)
}
