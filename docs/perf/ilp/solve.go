package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Solve statuses, the same for both solvers.
const (
	optimal    = "OPTIMAL"
	infeasible = "INFEASIBLE"
	timeLimit  = "TIME LIMIT" // stopped with an incumbent (or none) and a bound
)

// solution is one solver run.
type solution struct {
	status string
	obj    int                // covered students of the incumbent (optimal or not)
	bound  int                // proven upper bound (−1: unknown); obj when optimal
	vals   map[string]float64 // x, y and a values of the incumbent; nil without one
	took   time.Duration
}

var (
	glpStatus = regexp.MustCompile(`(?m)^Status:\s+(.*)$`)
	glpObj    = regexp.MustCompile(`(?m)^Objective:\s+\S+ = (\S+)`)
	glpBound  = regexp.MustCompile(`mip =\s+(\S+) <=\s+(\S+)`)
	cbcBound  = regexp.MustCompile(`(?m)^(?:Upper|Lower) bound:\s+(\S+)`)
	versionRE = regexp.MustCompile(`GLPK LP/MIP Solver \S+|Version: \S+`)
	column    = regexp.MustCompile(`(?m)^\s*\d+\s+([xya]_\d+_\d+)\s+\*?\s*(\S+)`)
)

// solve runs the solver on the LP file with a time limit.
func solve(solver, lp string, tmlim int) (solution, error) {
	sol := lp + ".sol"
	os.Remove(sol)
	cmd := exec.Command("glpsol", "--lp", lp, "--tmlim", strconv.Itoa(tmlim), "-o", sol)
	if solver == "cbc" {
		cmd = exec.Command("cbc", lp, "sec", strconv.Itoa(tmlim), "threads", "1", "solve", "solu", sol)
	}
	start := time.Now()
	out, err := cmd.CombinedOutput()
	res := solution{took: time.Since(start), bound: -1}
	if err != nil {
		return res, fmt.Errorf("%s: %v\n%s", solver, err, out)
	}
	data, err := os.ReadFile(sol)
	if err != nil {
		return res, fmt.Errorf("%s wrote no solution: %v\n%s", solver, err, out)
	}
	text, obj := string(data), ""
	if solver == "glpsol" {
		m := glpStatus.FindStringSubmatch(text)
		if m == nil {
			return res, fmt.Errorf("glpsol: no status in %s", sol)
		}
		switch st := strings.TrimSpace(m[1]); {
		case st == "INTEGER OPTIMAL":
			res.status = optimal
		case st == "INTEGER EMPTY" || strings.Contains(string(out), "NO PRIMAL FEASIBLE") || strings.Contains(string(out), "NO INTEGER FEASIBLE"):
			res.status = infeasible
		case st == "INTEGER NON-OPTIMAL" || st == "INTEGER UNDEFINED":
			res.status = timeLimit
		default:
			return res, fmt.Errorf("glpsol: status %q", st)
		}
		if m := glpObj.FindStringSubmatch(text); m != nil && res.status != infeasible && !strings.HasSuffix(m[1], "UNDEFINED") {
			obj = m[1]
		}
		if bs := glpBound.FindAllStringSubmatch(string(out), -1); res.status == timeLimit && len(bs) > 0 {
			if v, err := strconv.ParseFloat(bs[len(bs)-1][2], 64); err == nil {
				res.bound = int(math.Floor(v + 1e-6))
			}
		}
		if res.status == timeLimit && strings.HasSuffix(strings.TrimSpace(m[1]), "UNDEFINED") {
			obj = ""
		}
	} else {
		head, _, _ := strings.Cut(text, "\n")
		switch {
		case strings.HasPrefix(head, "Optimal"):
			res.status = optimal
		case strings.Contains(strings.ToLower(head), "infeasible") && !strings.HasPrefix(head, "Stopped"):
			res.status = infeasible
		case strings.HasPrefix(head, "Stopped on time"):
			res.status = timeLimit
		default:
			return res, fmt.Errorf("cbc: status line %q", head)
		}
		if _, v, ok := strings.Cut(head, "objective value"); ok && res.status != infeasible && !strings.Contains(head, "no integer solution") {
			obj = strings.TrimSpace(v)
		}
		if m := cbcBound.FindStringSubmatch(string(out)); res.status == timeLimit && m != nil {
			if v, err := strconv.ParseFloat(m[1], 64); err == nil {
				res.bound = int(math.Floor(math.Abs(v) + 1e-6))
			}
		}
	}
	if obj == "" {
		return res, nil
	}
	v, err := strconv.ParseFloat(obj, 64)
	if err != nil {
		return res, fmt.Errorf("%s: objective %q: %v", solver, obj, err)
	}
	res.obj = int(math.Round(math.Abs(v)))
	if res.status == optimal {
		res.bound = res.obj
	}
	res.vals = map[string]float64{}
	for _, m := range column.FindAllStringSubmatch(text, -1) {
		res.vals[m[1]], _ = strconv.ParseFloat(m[2], 64)
	}
	return res, nil
}

func version(solver string) string {
	out, _ := exec.Command(solver, map[string]string{"glpsol": "--version", "cbc": "-quit"}[solver]).CombinedOutput()
	return solver + " " + versionRE.FindString(string(out))
}
