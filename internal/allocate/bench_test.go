package allocate

import "testing"

var benchOpt = Options{GroupMin: 10, GroupMax: 25, MentorsPerGroup: 2, Seed: 1}

func benchAllocate(b *testing.B, n int) {
	s, m := Generate(n, 42)
	b.ReportAllocs()
	b.ResetTimer()
	var r Result
	for b.Loop() {
		r, _ = Allocate(s, m, benchOpt)
	}
	b.StopTimer()
	q := Quality(s, m, benchOpt, r)
	b.ReportMetric(float64(q.Violations), "violations")
	b.ReportMetric(q.MeanSlotCoverage, "coverage")
	b.ReportMetric(float64(len(r.Groups)), "groups")
}

func BenchmarkAllocate639(b *testing.B)    { benchAllocate(b, 639) }
func BenchmarkAllocate5000(b *testing.B)   { benchAllocate(b, 5000) }
func BenchmarkAllocate30000(b *testing.B)  { benchAllocate(b, 30000) }
func BenchmarkAllocate160000(b *testing.B) { benchAllocate(b, 160000) }

// BenchmarkRoundRobin160000 is the baseline's cost, for the docs.
func BenchmarkRoundRobin160000(b *testing.B) {
	s, m := Generate(160000, 42)
	b.ReportAllocs()
	var r Result
	for b.Loop() {
		r = RoundRobin(s, m, benchOpt)
	}
	b.StopTimer()
	q := Quality(s, m, benchOpt, r)
	b.ReportMetric(float64(q.Violations), "violations")
	b.ReportMetric(q.MeanSlotCoverage, "coverage")
}
