package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// bruteBest is the best total by trying every assignment (small inputs only).
func bruteBest(mentees []Mentee, mentors []Mentor, w Weights) (matched int, total float64) {
	left := make([]int, len(mentors))
	for j, m := range mentors {
		left[j] = max(m.Capacity, 1)
	}
	bestM, bestT := -1, math.Inf(-1)
	var rec func(i, m int, t float64)
	rec = func(i, m int, t float64) {
		if i == len(mentees) {
			if m > bestM || (m == bestM && t > bestT+1e-9) {
				bestM, bestT = m, t
			}
			return
		}
		rec(i+1, m, t) // unmatched
		for j := range mentors {
			if left[j] > 0 {
				left[j]--
				s, _ := Score(mentees[i], mentors[j], w)
				rec(i+1, m+1, t+s)
				left[j]++
			}
		}
	}
	rec(0, 0, 0)
	return bestM, bestT
}

func TestMatchIsOptimalAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fields := []string{"biology", "law", "informatics"}
	for trial := 0; trial < 200; trial++ {
		ne, nm := 1+r.IntN(6), 1+r.IntN(4)
		var es []Mentee
		var ms []Mentor
		for j := 0; j < nm; j++ {
			ms = append(ms, Mentor{ID: fmt.Sprint("m", j), Field: fields[r.IntN(3)], Sector: []string{"public", "private"}[r.IntN(2)],
				Languages: []string{"nb", "en"}[:1+r.IntN(2)], Campus: []string{"Bergen", "Stord"}[r.IntN(2)], Capacity: 1 + r.IntN(2)})
		}
		for i := 0; i < ne; i++ {
			e := Mentee{ID: fmt.Sprint("e", i), Field: fields[r.IntN(3)], Sector: []string{"public", "private", ""}[r.IntN(3)],
				Language: []string{"nb", "en"}[r.IntN(2)], Campus: []string{"Bergen", "Stord"}[r.IntN(2)]}
			for _, j := range r.Perm(nm)[:r.IntN(nm+1)] {
				e.Ranking = append(e.Ranking, ms[j].ID)
			}
			es = append(es, e)
		}
		got := Match(es, ms, DefaultWeights)
		wantM, wantT := bruteBest(es, ms, DefaultWeights)
		if len(got.Pairs) != wantM || math.Abs(got.Total-wantT) > 0.011 {
			t.Fatalf("trial %d: matched %d total %.2f, optimum %d total %.2f", trial, len(got.Pairs), got.Total, wantM, wantT)
		}
		load := map[string]int{}
		for _, p := range got.Pairs {
			load[p.Mentor]++
		}
		for _, m := range ms {
			if load[m.ID] > max(m.Capacity, 1) {
				t.Fatalf("trial %d: %s over capacity", trial, m.ID)
			}
		}
		if len(got.Pairs)+len(got.Unmatched) != ne {
			t.Fatalf("trial %d: %d pairs + %d unmatched for %d mentees", trial, len(got.Pairs), len(got.Unmatched), ne)
		}
	}
}

func TestReasonsExplainTheScore(t *testing.T) {
	e := Mentee{ID: "e", Field: "Biology", Language: "nb", Campus: "Bergen", Ranking: []string{"x", "m"}}
	m := Mentor{ID: "m", Field: "biology", Languages: []string{"en", "nb"}, Campus: "Stord", Capacity: 1}
	s, why := Score(e, m, DefaultWeights)
	if s != 2+3+2 || len(why) != 3 || why[0] != "ranked 2 of 2" || why[1] != "same field: biology" || why[2] != "shared language: nb" {
		t.Fatalf("score %v, reasons %v", s, why)
	}
	res := Match([]Mentee{e, {ID: "f"}}, []Mentor{m}, DefaultWeights)
	if len(res.Pairs) != 1 || res.Pairs[0].Mentee != "e" || len(res.Unmatched) != 1 || res.Unmatched[0] != "f" {
		t.Fatalf("with one place the better-fitting mentee gets it: %+v", res)
	}
}

func BenchmarkMatch300x100(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var es []Mentee
	var ms []Mentor
	for j := 0; j < 100; j++ {
		ms = append(ms, Mentor{ID: fmt.Sprint("m", j), Field: fmt.Sprint("f", r.IntN(10)), Capacity: 3})
	}
	for i := 0; i < 300; i++ {
		es = append(es, Mentee{ID: fmt.Sprint("e", i), Field: fmt.Sprint("f", r.IntN(10)), Ranking: []string{fmt.Sprint("m", r.IntN(100)), fmt.Sprint("m", r.IntN(100))}})
	}
	for b.Loop() {
		Match(es, ms, DefaultWeights)
	}
}
