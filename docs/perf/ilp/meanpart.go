package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// -meanB is the mean bound B with -chains alone, split over processes:
// `-meanB 30000 -part 0/2 -out F0` and `-part 1/2 -out F1` side by side
// each solve every other programme's cohorts (B per cohort, with pairs and
// with whole with-components) and write its meanProg as JSON lines;
// `-combine F0,F1` then prints the intake's bound. The same figures as
// -bound -chains's mean bound (B) when A is not below B per cohort — A
// is skipped, which can only leave the bound higher.

// meanLine is one programme's meanProg in JSON (−1 where a count is not
// allowed: JSON has no NaN).
type meanLine struct {
	Code string      `json:"code"`
	Kcap int         `json:"kcap"`
	Val  [][]float64 `json:"val"`
}

func runMeanPart(intake string, part, parts int, out, solver string, tmlim int) {
	var n int
	if _, err := fmt.Sscan(intake, &n); err != nil || n <= 0 {
		fatal(fmt.Errorf("-meanB %q: a student count", intake))
	}
	opt := allocate.Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 7}
	st, me := allocate.Generate(n, int64(n))
	f, err := os.Create(out)
	if err != nil {
		fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for i, p := range programmes(st, me) {
		if i%parts != part {
			continue
		}
		bc, fsB := cohortBounds(p, opt, solver, tmlim, fmt.Sprintf("mp%d_Bc_%d", n, i), true, false)
		fsW, wt := wholeFs(true, p, opt, solver, tmlim, fmt.Sprintf("mp%d_WB_%d", n, i), true, fsB)
		m := meanInput(p, opt, fsB, fsW)
		l := meanLine{Code: p.code, Kcap: m.kcap}
		for _, v := range m.val {
			row := make([]float64, len(v))
			for k, x := range v {
				row[k] = x
				if math.IsNaN(x) {
					row[k] = -1
				}
			}
			l.Val = append(l.Val, row)
		}
		if err := enc.Encode(l); err != nil {
			fatal(err)
		}
		fmt.Fprintf(os.Stderr, "%s: B per cohort %d (%.1f s), whole %.1f s\n", p.code, bc.bound, bc.took.Seconds(), wt.Seconds())
	}
}

func runCombine(files string) {
	var ps []meanProg
	seen := map[string]bool{}
	for _, name := range strings.Split(files, ",") {
		f, err := os.Open(name)
		if err != nil {
			fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for sc.Scan() {
			var l meanLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				fatal(fmt.Errorf("%s: %v", name, err))
			}
			if seen[l.Code] {
				fatal(fmt.Errorf("%s: programme %s twice", name, l.Code))
			}
			seen[l.Code] = true
			m := meanProg{kcap: l.Kcap}
			for _, v := range l.Val {
				row := make([]float64, len(v))
				for k, x := range v {
					row[k] = x
					if x < 0 {
						row[k] = math.NaN()
					}
				}
				m.val = append(m.val, row)
			}
			ps = append(ps, m)
		}
		f.Close()
	}
	fmt.Printf("%d programmes; mean slot_coverage bound (B, -chains): %.4f\n", len(ps), meanBound(ps))
}
