package allocate

import "testing"

func TestTmpDebug7(t *testing.T) {
	s := []Student{
		{Number: "s0", Programme: "P0", Cohort: "2025H", Gender: "x", With: "s6"},
		{Number: "s1", Programme: "P0", Cohort: "2025H", Gender: "x", International: true, Avoid: "s6"},
		{Number: "s2", Programme: "P0", Cohort: "2025H", Gender: "f", International: true},
		{Number: "s3", Programme: "P0", Cohort: "2025H", Gender: "f", International: true},
		{Number: "s4", Programme: "P0", Cohort: "2025H", Gender: "x", With: "s0"},
	}
	opt := Options{GroupMin: 1, GroupMax: 2, Seed: 48}
	r := mustAllocate(t, s, nil, opt)
	t.Logf("%+v", r.Groups)
	t.Log(Check(s, nil, opt, r))
}
