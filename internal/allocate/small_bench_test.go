package allocate

import "testing"

// BenchmarkAllocateSmall is one small programme (40 students in groups of
// 3–8 with two mentors), where the plan search works.
func BenchmarkAllocateSmall(b *testing.B) {
	s, m := Generate(40, 7)
	opt := Options{GroupMin: 3, GroupMax: 8, MentorsPerGroup: 2, Seed: 1}
	b.ReportAllocs()
	var r Result
	for b.Loop() {
		r, _ = Allocate(s, m, opt)
	}
	q := Quality(s, m, opt, r)
	b.ReportMetric(float64(q.Violations), "violations")
	b.ReportMetric(q.MeanSlotCoverage, "coverage")
	b.ReportMetric(float64(len(r.Groups)), "groups")
}
