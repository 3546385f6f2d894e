// Package match pairs mentees with mentors one to one, for work-life and
// staff mentoring: every possible pair gets a score from the mentee's
// ranking of mentors and from what they share (field, sector, language,
// campus); mentors take up to their capacity; and an optimal assignment
// (the Hungarian method) maximises first the number of mentees matched and
// then the total score. Each pair comes with the reasons for its score.
package match

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Mentee is someone who applied for a mentor.
type Mentee struct {
	ID       string
	Field    string
	Sector   string
	Language string
	Campus   string
	Ranking  []string // mentor IDs, most wanted first (may be empty)
}

// Mentor is someone offering mentoring.
type Mentor struct {
	ID        string
	Field     string
	Sector    string
	Languages []string
	Campus    string
	Capacity  int // mentees at most; below 1 counts as 1
}

// Weights say how much each kind of fit is worth.
type Weights struct {
	Rank, Field, Sector, Language, Campus float64
}

// DefaultWeights put the mentee's own ranking first, then a shared field.
var DefaultWeights = Weights{Rank: 4, Field: 3, Sector: 2, Language: 2, Campus: 1}

// Pair is one matched mentee and mentor.
type Pair struct {
	Mentee  string   `json:"mentee"`
	Mentor  string   `json:"mentor"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"` // e.g. "ranked 1 of 3", "same field: biology"
}

// Result is the assignment.
type Result struct {
	Pairs     []Pair   `json:"pairs"`
	Unmatched []string `json:"unmatched"` // mentees without a mentor (no capacity left)
	Total     float64  `json:"total_score"`
}

func same(a, b string) bool {
	return a != "" && strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// Score rates one pair and says why.
func Score(e Mentee, m Mentor, w Weights) (float64, []string) {
	var s float64
	var why []string
	if i := slices.Index(e.Ranking, m.ID); i >= 0 {
		// First choice earns the whole weight; later choices less, never nothing.
		s += w.Rank * float64(len(e.Ranking)-i) / float64(len(e.Ranking))
		why = append(why, fmt.Sprintf("ranked %d of %d", i+1, len(e.Ranking)))
	}
	if same(e.Field, m.Field) {
		s += w.Field
		why = append(why, "same field: "+m.Field)
	}
	if same(e.Sector, m.Sector) {
		s += w.Sector
		why = append(why, "same sector: "+m.Sector)
	}
	for _, l := range m.Languages {
		if same(e.Language, l) {
			s += w.Language
			why = append(why, "shared language: "+l)
			break
		}
	}
	if same(e.Campus, m.Campus) {
		s += w.Campus
		why = append(why, "same campus: "+m.Campus)
	}
	if len(why) == 0 {
		why = []string{"no shared criteria; matched to use free capacity"}
	}
	return s, why
}

// unmatchedPenalty makes leaving a mentee out cost more than any pair can
// score, so the assignment matches as many mentees as capacity allows first.
const unmatchedPenalty = 1e6

// Match assigns mentees to mentors optimally. The result is deterministic:
// ties are broken by input order.
func Match(mentees []Mentee, mentors []Mentor, w Weights) Result {
	var slots []int // mentor index per capacity slot
	for j, m := range mentors {
		for c := 0; c < max(m.Capacity, 1); c++ {
			slots = append(slots, j)
		}
	}
	n := len(mentees)
	cols := len(slots) + n // one "no mentor" column per mentee
	scores := make([][]float64, n)
	cost := make([][]float64, n)
	for i, e := range mentees {
		scores[i] = make([]float64, len(mentors))
		for j, m := range mentors {
			scores[i][j], _ = Score(e, m, w)
		}
		cost[i] = make([]float64, cols)
		for k, j := range slots {
			cost[i][k] = -scores[i][j]
		}
		for k := len(slots); k < cols; k++ {
			cost[i][k] = unmatchedPenalty
		}
	}
	assign := hungarian(cost, cols)
	res := Result{Pairs: []Pair{}, Unmatched: []string{}}
	for i, k := range assign {
		if k >= len(slots) {
			res.Unmatched = append(res.Unmatched, mentees[i].ID)
			continue
		}
		m := mentors[slots[k]]
		s, why := Score(mentees[i], m, w)
		res.Pairs = append(res.Pairs, Pair{Mentee: mentees[i].ID, Mentor: m.ID, Score: math.Round(s*100) / 100, Reasons: why})
		res.Total += s
	}
	res.Total = math.Round(res.Total*100) / 100
	return res
}

// hungarian solves the rectangular assignment problem (rows ≤ cols) for
// minimum total cost with the potentials form of the Hungarian method,
// O(rows² · cols). It returns the column of each row.
func hungarian(cost [][]float64, cols int) []int {
	n := len(cost)
	inf := math.Inf(1)
	u := make([]float64, n+1)
	v := make([]float64, cols+1)
	p := make([]int, cols+1) // p[j]: row (1-based) assigned to column j
	way := make([]int, cols+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]float64, cols+1)
		used := make([]bool, cols+1)
		for j := range minv {
			minv[j] = inf
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= cols; j++ {
				if used[j] {
					continue
				}
				cur := cost[i0-1][j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= cols; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	assign := make([]int, n)
	for j := 1; j <= cols; j++ {
		if p[j] != 0 {
			assign[p[j]-1] = j - 1
		}
	}
	return assign
}
