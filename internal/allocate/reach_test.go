package allocate

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// Three instances of docs/perf/ilp (seeds 7, 8 and 19 of `go run
// ./docs/perf/ilp`), each with the exact optimum cbc found: an arrangement
// holding every rule in which more than 95 % of the students can make their
// meeting. Issue 10 asks for mean slot coverage of at least 0.95 wherever
// an arrangement reaches it; the plan search's short budget stopped one
// student short on seeds 8 and 19 (mean 0.948 and 0.94), and on seed 7
// (0.925; the optimum 0.967 gives one pair of mentors two groups and
// reshuffles four others) its walk of changes that are never worse did not
// get there at any budget.
var reachInstances = []struct {
	name     string
	opt      Options
	students string // number gender intl=… slots=… with=… avoid=…
	mentors  string // id cohort max slots
	optimum  string // mentors|slot|students per group
}{
	{
		name: "ilp seed 8",
		opt:  Options{GroupMin: 6, GroupMax: 14, MentorsPerGroup: 0, Seed: 8},
		students: `
s001 f intl=false slots=tue16,mon10,thu14,thu16,fri12,mon12 with=s032 avoid=
s002 m intl=false slots=wed12,wed08,fri08,mon08,wed10 with= avoid=
s003 f intl=false slots=tue08,mon10,tue16,thu12,wed14,fri14 with= avoid=
s004 m intl=false slots=thu16,tue14,mon18,mon08 with= avoid=
s005 f intl=false slots=fri10,fri08,thu10 with= avoid=
s006 f intl=false slots=fri10,tue08,wed14,wed16,fri16,tue10 with= avoid=
s007 m intl=false slots=tue08,wed16,tue16 with= avoid=
s008 m intl=false slots=tue16,mon16,tue08,thu16,wed16,tue10 with= avoid=
s009 m intl=true slots=fri08,tue10,mon14,mon10,wed12,fri18 with= avoid=
s010 f intl=false slots=tue14,fri14,tue16,wed12 with= avoid=
s011 f intl=false slots=wed16,wed08,mon10,fri14 with= avoid=
s012 f intl=false slots=tue16,wed16,fri14,fri08 with= avoid=
s013 f intl=false slots=wed16,fri14,wed12 with= avoid=
s014 f intl=false slots=thu16,wed16,thu10,tue16,fri14 with= avoid=
s015 f intl=false slots=thu16,wed12,wed16,mon08,fri14 with= avoid=
s016 f intl=false slots=thu16,fri14,wed12 with= avoid=
s017 m intl=false slots=tue16,mon10,fri12,wed10 with= avoid=
s018 f intl=false slots=fri08,wed08,thu12,wed16 with= avoid=
s019 m intl=false slots=tue08,fri10,mon08,tue10 with= avoid=
s020 f intl=false slots=thu10,thu12,fri14 with= avoid=
s021 f intl=false slots=wed12,fri14,thu14,mon08,fri08 with= avoid=
s022 x intl=false slots=mon08,thu08,mon10 with= avoid=
s023 f intl=false slots=fri16,thu10,fri08 with= avoid=
s024 m intl=false slots=mon10,fri14,fri12,wed12,thu14,tue08 with= avoid=
s025 f intl=false slots=wed12,fri08,mon12,tue16 with= avoid=
s026 m intl=true slots=fri08,fri14,fri12,mon16 with= avoid=
s027 f intl=false slots=wed16,tue14,fri10,fri08 with=s023 avoid=
s028 f intl=false slots=fri08,tue14,mon16,wed12,mon08 with= avoid=s001
s029 x intl=false slots=wed12,wed08,tue16,mon10,tue08 with= avoid=
s030 f intl=false slots=tue08,mon14,wed12,tue16,mon12 with= avoid=
s031 m intl=true slots=fri12,fri16,thu14,tue14,fri08 with= avoid=
s032 f intl=false slots=wed12,thu12,wed16,fri08,mon10,tue08 with= avoid=
s033 m intl=false slots=tue16,tue14,thu12,wed16,fri12,thu10 with= avoid=
s034 f intl=false slots=fri16,fri14,wed12 with= avoid=
s035 f intl=false slots=wed12,tue16,fri10,mon08,tue08 with= avoid=
s036 m intl=false slots=wed16,fri14,tue16,mon14,thu08,fri08 with= avoid=
s037 m intl=true slots=wed08,tue12,thu12,fri16 with= avoid=s034
s038 f intl=false slots=thu10,wed10,wed14,fri16,mon16,tue14 with= avoid=
`,
		optimum: `
|mon10|s001,s017,s022,s024,s029,s032
|mon08|s002,s004,s015,s019,s021,s028
|fri14|s003,s011,s013,s014,s016,s020,s034
|fri08|s005,s009,s012,s018,s025,s026
|fri16|s006,s023,s027,s031,s037,s038
|tue16|s007,s008,s010,s030,s033,s035,s036
`,
	},
	{
		name: "ilp seed 19",
		opt:  Options{GroupMin: 3, GroupMax: 11, MentorsPerGroup: 1, Seed: 19},
		students: `
s001 f intl=false slots=mon16,tue10,fri08,tue16,wed12 with= avoid=
s002 m intl=false slots=wed10,wed12,tue14,tue08,fri14,mon16 with= avoid=
s003 m intl=false slots=tue16,tue14,mon10 with= avoid=
s004 m intl=true slots=wed12,mon14,fri08,mon10,fri14,tue16 with= avoid=
s005 f intl=false slots=fri14,wed12,mon16,mon08,tue16 with= avoid=
s006 m intl=true slots=tue08,fri14,tue16,mon10,wed12 with= avoid=
s007 f intl=true slots=fri14,wed16,fri16,tue16 with= avoid=
s008 f intl=false slots=thu14,wed18,tue16,fri08 with= avoid=
s009 f intl=false slots=thu14,wed12,tue08,fri08,wed08 with= avoid=
s010 f intl=false slots=tue08,fri08,wed10,wed16,fri14,tue16 with= avoid=s011
s011 f intl=false slots=fri08,wed12,tue08 with= avoid=
s012 m intl=false slots=thu12,wed16,mon16,tue16,wed12,mon10 with= avoid=
s013 m intl=false slots=tue08,tue14,wed16,tue16 with= avoid=
s014 f intl=false slots=tue16,wed14,wed16,mon16,wed08,tue08 with= avoid=
s015 f intl=false slots=tue16,thu12,tue08,mon16,fri10 with=s008 avoid=
s016 m intl=false slots=mon14,tue08,fri12,fri08,tue16,wed12 with= avoid=
`,
		mentors: `
m01 2000H 2 fri08,fri14,thu16,wed16,tue08,mon10
m02 2001H 2 tue16,tue14,fri08,tue08
m03 2002H 1 wed08,mon12,tue08,tue16,thu14,mon16
`,
		optimum: `
m01|fri08|s001,s009,s011
m01|fri14|s002,s004,s006,s007
m02|tue16|s003,s012,s014
m03|tue16|s005,s008,s015
m02|tue08|s010,s013,s016
`,
	},
	{
		name: "ilp seed 7",
		opt:  Options{GroupMin: 3, GroupMax: 9, MentorsPerGroup: 2, Seed: 7},
		students: `
s001 f intl=true slots=wed12,thu12,fri14,mon16 with= avoid=s027
s002 m intl=false slots=tue10,tue08,fri14,wed16 with= avoid=
s003 f intl=false slots=mon16,thu14,wed08,mon08,wed16 with= avoid=
s004 m intl=false slots=thu08,mon14,fri16,tue08,tue16,wed12 with= avoid=
s005 f intl=true slots=tue08,fri08,wed16,mon16 with= avoid=
s006 m intl=false slots=wed16,wed10,tue16,tue10,fri14,wed12 with= avoid=
s007 m intl=false slots=thu16,wed10,fri14,tue08 with= avoid=
s008 m intl=false slots=tue08,fri10,tue14,fri14,thu10,wed16 with= avoid=
s009 f intl=false slots=thu14,tue10,fri14,tue12,mon10,mon16 with= avoid=
s010 m intl=false slots=wed12,fri08,tue16,tue08 with= avoid=
s011 m intl=false slots=wed12,thu08,thu14,fri12,thu12,thu16 with= avoid=
s012 f intl=false slots=tue16,fri14,fri08,thu12,tue14,wed12 with= avoid=
s013 f intl=false slots=wed12,tue14,wed16,fri08,thu14 with= avoid=
s014 f intl=false slots=fri08,tue12,fri14,tue16,wed10 with= avoid=
s015 m intl=false slots=thu14,fri12,wed16,fri14,wed12,fri08 with= avoid=s006
s016 m intl=false slots=tue08,thu12,wed08,fri16 with=s005 avoid=
s017 f intl=false slots=mon10,fri14,tue16,thu16,wed08,mon14 with= avoid=
s018 m intl=false slots=tue08,fri08,fri14,wed12,wed14,tue14 with= avoid=
s019 f intl=false slots=wed12,tue08,fri08,tue10,fri14,thu16 with= avoid=
s020 f intl=false slots=mon10,tue08,fri14,wed16,tue16 with= avoid=
s021 f intl=false slots=mon18,tue16,thu08,tue08,fri08,fri10 with= avoid=
s022 x intl=false slots=mon16,wed12,tue08 with= avoid=
s023 f intl=false slots=tue16,wed12,tue08,tue14 with= avoid=
s024 m intl=false slots=thu16,tue08,mon12 with= avoid=s021
s025 f intl=true slots=thu08,wed12,wed08,wed16,mon10 with= avoid=
s026 m intl=false slots=tue16,fri14,thu12,mon14,wed16 with= avoid=
s027 m intl=true slots=mon16,tue16,fri14,fri08,tue14 with= avoid=
s028 f intl=true slots=thu16,fri08,mon10,wed10,fri16 with= avoid=
s029 f intl=false slots=tue10,wed12,wed08,fri10,tue12 with= avoid=
`,
		mentors: `
m01 2000H 1 wed16,mon16,tue10,tue16,mon10,wed12
m02 2001H 1 wed16,wed12,tue12,tue08
m03 2002H 2 wed12,thu12,tue16,fri14
m04 2003H 1 wed08,tue08,fri08,wed12,mon16
m05 2004H 1 fri12,wed12,fri14,thu10
m06 2005H 1 wed16,fri14,mon08,mon12,mon10
m07 2006H 2 mon08,wed12,fri14,tue08,thu16
m08 2007H 2 wed14,wed12,tue12,tue16
m09 2008H 2 thu08,fri08,mon16,wed08
`,
		optimum: `
m03,m08|wed12|s001,s004,s011,s025,s029
m01,m06|wed16|s002,s003,s006,s013,s026
m04,m09|fri08|s005,s010,s016,s027,s028
m02,m07|tue08|s007,s018,s019,s022,s024
m05,m07|fri14|s008,s009,s015,s020
m03,m08|tue16|s012,s014,s017,s021,s023
`,
	},
}

// parseReach reads one instance's students, mentors and optimum.
func parseReach(t *testing.T, students, mentors, optimum string) ([]Student, []Mentor, Result) {
	t.Helper()
	var st []Student
	slots := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(students), "\n") {
		f := strings.Fields(line)
		s := Student{Number: f[0], Programme: "P0001", Cohort: "2025H", Gender: f[1]}
		for _, kv := range f[2:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "intl":
				s.International = v == "true"
			case "slots":
				s.Slots = strings.Split(v, ",")
			case "with":
				s.With = v
			case "avoid":
				s.Avoid = v
			}
		}
		slots[s.Number] = s.Slots
		st = append(st, s)
	}
	var ms []Mentor
	for _, line := range strings.Split(strings.TrimSpace(mentors), "\n") {
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		var max int
		fmt.Sscan(f[2], &max)
		ms = append(ms, Mentor{ID: f[0], Programme: "P0001", Cohort: f[1], Kind: "senior_student", MaxGroups: max, Slots: strings.Split(f[3], ",")})
	}
	var r Result
	for i, line := range strings.Split(strings.TrimSpace(optimum), "\n") {
		f := strings.Split(line, "|")
		g := Group{ID: fmt.Sprintf("g%d", i+1), Programme: "P0001", Cohort: "2025H", MeetingSlot: f[1], Students: strings.Split(f[2], ","), Mentors: []string{}}
		if f[0] != "" {
			g.Mentors = strings.Split(f[0], ",")
		}
		free := 0
		for _, n := range g.Students {
			if slices.Contains(slots[n], g.MeetingSlot) {
				free++
			}
		}
		g.SlotCoverage = math.Round(100*float64(free)/float64(len(g.Students))) / 100
		r.Groups = append(r.Groups, g)
		r.Stats.Placed += len(g.Students)
	}
	r.Stats.Students, r.Stats.Groups = len(st), len(r.Groups)
	r.UnassignedStudents, r.UnassignedMentors = []Unassigned{}, []string{}
	return st, ms, r
}

func meanCoverage(r Result) float64 {
	sum := 0.0
	for _, g := range r.Groups {
		sum += g.SlotCoverage
	}
	return sum / float64(len(r.Groups))
}

// Where an arrangement holding every rule reaches a mean slot coverage of
// 0.95, the allocation does too.
func TestCoverageReachesWhereTheOptimumDoes(t *testing.T) {
	for _, in := range reachInstances {
		t.Run(in.name, func(t *testing.T) {
			st, ms, best := parseReach(t, in.students, in.mentors, in.optimum)
			if v := Check(st, ms, in.opt, best); len(v) > 0 {
				t.Fatalf("the optimum breaks the contract: %v", v)
			}
			if m := meanCoverage(best); m < 0.95 {
				t.Fatalf("the optimum's mean coverage %.3f: the instance does not test the target", m)
			}
			// reachBound decides where the search goes on; it must not
			// fall below what an arrangement of that many groups covers.
			c, pcs, _ := planProgramme(splitByProgramme(st, ms)[0], st, ms, in.opt, nil)
			if k := len(pcs[0].plans); k == len(best.Groups) {
				covered := 0
				for _, g := range best.Groups {
					covered += int(math.Round(g.SlotCoverage * float64(len(g.Students))))
				}
				if b := c.reachBound(pcs); b < covered {
					t.Errorf("reachBound %d below the optimum's %d with %d groups", b, covered, k)
				}
			} else {
				t.Errorf("planned %d groups, the optimum has %d: the bound is not tested", k, len(best.Groups))
			}
			r := mustAllocate(t, st, ms, in.opt)
			assertClean(t, st, ms, in.opt, r)
			if m := meanCoverage(r); m < 0.95 {
				t.Errorf("mean slot coverage %.3f, want ≥ 0.95 (the optimum: %.3f)", m, meanCoverage(best))
			}
		})
	}
}
