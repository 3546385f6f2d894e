package main

import (
	"math"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// The figure is mean slot_coverage — a mean over groups, not the
// share of students — so -bound also bounds that mean, from bound A's
// per-cohort figures f_c(k).
//
// A cohort c of n_c students forming k groups covers at most f_c(k) of
// them, and Σ_g cov_g/|g| is at most k and at most the covered students
// spread over the smallest groups first (each is worth 1/|g|):
//
//   - k ≥ 2: sizes differ by at most one (rule 3). Everyone is placed where
//     k groups have room: rule 1 leaves
//     a student out only for want of mentors — and then every group is full
//     (Check: unassigned students while a group has room are a breach) — or
//     for an avoid pair "no arrangement within rules 2–4 parts" (rule 5),
//     and with two or more groups every single pair can be parted. So the
//     sizes are n_c mod k groups of ⌊n_c/k⌋+1 and the rest of ⌊n_c/k⌋, or
//     all group-max where k groups cannot hold n_c. Where the cohort has
//     enough students with avoid requests for Check's reading of "where
//     requests allow" (keptApart; groupCap's wider cap), only group-min
//     is sure: f_c(k)/group-min. With everyone placed every with-component
//     without an avoid inside sits in one group (rule 5), so with -chains
//     f_c(k) there is also solved with whole components as units. (Check
//     holds every with-pair of a cohort above checkExactLimit placed
//     students; below it, it excuses a pair no balanced arrangement keeps
//     together, so whole units are used only above it. Where balanced
//     sizes and whole components cannot both hold, Check passes no
//     arrangement with k groups, and no bound is needed.)
//   - k = 1: one group; each avoid pair may leave one out, so
//     f_c(1)/min(n_c − avoid pairs, group-max).
//
// The groups of a cohort run from the fewest group-max allows (rule 7) to
// kmax_c; where the programme's mentors cannot staff the fewest of every
// cohort, from 0 (students may wait for mentors). The mean over the whole
// intake is Σ value / Σ k over every cohort, with each programme's Σ k ≤
// Kmax (staffing); meanBound finds its maximum by bisection on R
// (Dinkelbach): some choice reaches a mean above R iff
// Σ_p max Σ_c (value_c(k_c) − R·k_c) > 0, a knapsack per programme.

// checkExactLimit is internal/allocate's constant of the same name (Check
// excuses a with-pair apart only in cohorts of at most this many placed
// students, where no arrangement keeps it).
const checkExactLimit = 10

// meanProg is one programme's cohorts for the mean bound: val[c][k] for the
// allowed k (NaN where not allowed) and the programme's staffing limit.
type meanProg struct {
	val  [][]float64
	kcap int // Σ_c k_c ≤ kcap
}

// whole, when not nil, are per-cohort bounds with whole with-components as
// units (valid only where everyone is placed), used for those sizes.
func meanInput(p progInput, opt allocate.Options, fs, whole [][]int) meanProg {
	kAll := 0
	for _, f := range fs {
		kAll += len(f) - 1
	}
	kcap := kAll
	if opt.MentorsPerGroup > 0 {
		kcap = min(kAll, kmaxStaff(p.mentors, opt.MentorsPerGroup, kAll))
	}
	fewest := make([]int, len(p.cohorts))
	sum := 0
	for c, co := range p.cohorts {
		n := len(co)
		fewest[c] = max(1, (n+opt.GroupMax-1)/max(1, opt.GroupMax))
		if n == 0 {
			fewest[c] = 0
		}
		fewest[c] = min(fewest[c], len(fs[c])-1)
		sum += fewest[c]
	}
	staffed := sum <= kcap
	out := meanProg{kcap: kcap}
	for c, co := range p.cohorts {
		n := len(co)
		pairs := avoidPairs(co)
		v := make([]float64, len(fs[c]))
		for k := range v {
			if staffed && k < fewest[c] {
				v[k] = math.NaN()
				continue
			}
			if k == 0 {
				continue
			}
			f := float64(fs[c][k])
			switch {
			case k == 1:
				v[k] = f / float64(max(1, min(n-pairs, opt.GroupMax)))
			case groupCap(co, k, opt) == opt.GroupMax && (n+k-1)/k < opt.GroupMax:
				v[k] = f / float64(max(1, opt.GroupMin))
			case n > k*opt.GroupMax:
				v[k] = f / float64(opt.GroupMax)
			default:
				// Everyone placed: n mod k groups of s+1, the rest of s.
				// Covered students are worth most in the smaller groups.
				s := n / k
				small := float64((k - n%k) * s)
				if whole != nil && n > checkExactLimit {
					f = min(f, float64(whole[c][k]))
				}
				v[k] = min(f, small)/float64(s) + max(0, f-small)/float64(s+1)
			}
			v[k] = min(float64(k), v[k])
		}
		out.val = append(out.val, v)
	}
	return out
}

// avoidPairs counts the distinct pairs of cohort-mates joined by an avoid
// request (either direction).
func avoidPairs(co []allocate.Student) int {
	in := map[string]bool{}
	for _, s := range co {
		in[s.Number] = true
	}
	seen := map[[2]string]bool{}
	for _, s := range co {
		if s.Avoid == "" || s.Avoid == s.Number || !in[s.Avoid] {
			continue
		}
		a, b := s.Number, s.Avoid
		if b < a {
			a, b = b, a
		}
		seen[[2]string{a, b}] = true
	}
	return len(seen)
}

// gain is max Σ_c (val_c(k_c) − r·k_c) over the allowed k_c with Σ k_c ≤
// kcap, or −Inf when no choice is allowed.
func (m meanProg) gain(r float64) float64 {
	best := make([]float64, m.kcap+1) // best[K]: Σ k ≤ K; no cohort yet: 0
	for _, v := range m.val {
		next := make([]float64, m.kcap+1)
		for K := range next {
			next[K] = math.Inf(-1)
			for k := 0; k < len(v) && k <= K; k++ {
				if math.IsNaN(v[k]) || math.IsInf(best[K-k], -1) {
					continue
				}
				next[K] = max(next[K], best[K-k]+v[k]-r*float64(k))
			}
		}
		best = next
	}
	return best[m.kcap]
}

// meanBound is the highest mean slot_coverage any arrangement can have
// (see above): the largest R with Σ_p gain_p(R) > 0, by bisection.
func meanBound(ps []meanProg) float64 {
	lo, hi := 0.0, 1.0
	for range 60 {
		mid := (lo + hi) / 2
		total := 0.0
		for _, p := range ps {
			total += p.gain(mid)
		}
		if total > 1e-12 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}
