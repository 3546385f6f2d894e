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
	like, _ := Allocate(s, m, benchOpt)
	b.ReportAllocs()
	b.ResetTimer()
	var r Result
	for b.Loop() {
		r = RoundRobin(s, m, benchOpt, like)
	}
	b.StopTimer()
	q := Quality(s, m, benchOpt, r)
	b.ReportMetric(float64(q.Violations), "violations")
	b.ReportMetric(q.MeanSlotCoverage, "coverage")
}

// BenchmarkExtend30000 re-allocates about 30,000 placed students after
// 1,000 more arrive late (spread over all programmes).
func BenchmarkExtend30000(b *testing.B) {
	s, m := Generate(32000, 42)
	var first []Student
	late := map[string]bool{}
	for i, st := range s {
		if !st.OptOut && i%31 == 7 && len(late) < 1000 {
			late[st.Number] = true
			continue
		}
		first = append(first, st)
	}
	r0, err := Allocate(first, m, benchOpt)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var r Result
	for b.Loop() {
		r = Extend(r0.Groups, s, m, benchOpt)
	}
	b.StopTimer()
	if v := CheckExtend(r0.Groups, s, m, benchOpt, r); len(v) > 0 {
		b.Fatalf("%d violations, first %v", len(v), v[0])
	}
	b.ReportMetric(float64(r0.Stats.Placed), "existing")
	placed := 0
	for _, g := range r.Groups {
		for _, n := range g.Students {
			if late[n] {
				placed++
			}
		}
	}
	b.ReportMetric(float64(len(late)), "late")
	b.ReportMetric(float64(placed), "late-placed")
	b.ReportMetric(float64(len(r.Groups)-len(r0.Groups)), "new-groups")
}
