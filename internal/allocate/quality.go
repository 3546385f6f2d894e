package allocate

import (
	"math/rand/v2"
	"slices"
	"strconv"
)

// QualityReport sums up how good an allocation is beyond the hard rules,
// for comparing Allocate with the RoundRobin baseline in docs.
type QualityReport struct {
	Groups                int
	Placed                int
	Unassigned            int
	MaxSizeSpread         int     // largest max-min group size within one programme+cohort
	SameCohortMentorPairs int     // mentor pairs of one group sharing a non-empty cohort
	MeanSlotCoverage      float64 // mean of the groups' slot coverage
	Violations            int     // len(Check(...))
}

// Quality measures r for the given input.
func Quality(students []Student, mentors []Mentor, opt Options, r Result) QualityReport {
	q := QualityReport{Groups: len(r.Groups), Placed: r.Stats.Placed, Unassigned: len(r.UnassignedStudents),
		Violations: len(Check(students, mentors, opt, r))}
	cohortOf := map[string]string{}
	for _, m := range mentors {
		cohortOf[m.ID] = m.Cohort
	}
	type span struct{ lo, hi int }
	spans := map[string]*span{}
	sum := 0.0
	for _, g := range r.Groups {
		key := g.Programme + "\x00" + g.Cohort
		sp := spans[key]
		if sp == nil {
			sp = &span{len(g.Students), len(g.Students)}
			spans[key] = sp
		}
		sp.lo, sp.hi = min(sp.lo, len(g.Students)), max(sp.hi, len(g.Students))
		q.MaxSizeSpread = max(q.MaxSizeSpread, sp.hi-sp.lo)
		for a, x := range g.Mentors {
			for _, y := range g.Mentors[a+1:] {
				if c := cohortOf[x]; c != "" && c == cohortOf[y] {
					q.SameCohortMentorPairs++
				}
			}
		}
		sum += g.SlotCoverage
	}
	if len(r.Groups) > 0 {
		q.MeanSlotCoverage = round2(sum / float64(len(r.Groups)))
	}
	return q
}

// RoundRobin is the naive baseline the allocation is measured against: per
// programme+cohort it shuffles the students (seeded by opt.Seed) and deals
// them in turn into as many groups as like has for that programme+cohort
// (ceil(n/GroupMax) when like has none), gives each group the next
// mentors of its programme that have room (ignoring cohorts), and meets at
// the slot most of the group's students can attend among those all its
// mentors can (any slot when they share none). It ignores requests,
// minorities and slot fit when forming groups — a random grouping with
// the best meeting time it allows.
func RoundRobin(students []Student, mentors []Mentor, opt Options, like Result) Result {
	counts := map[string]int{}
	for _, g := range like.Groups {
		counts[g.Programme+"\x00"+g.Cohort]++
	}
	rng := rand.New(rand.NewPCG(uint64(opt.Seed), 0x7272))
	r := Result{Groups: []Group{}, UnassignedStudents: []Unassigned{}, UnassignedMentors: []string{}}
	progs := splitByProgramme(students, mentors)
	for _, p := range progs {
		load := make([]int, len(p.mentors))
		next := 0
		for start := 0; start < len(p.students); {
			cohort := students[p.students[start]].Cohort
			end := start
			for end < len(p.students) && students[p.students[end]].Cohort == cohort {
				end++
			}
			pc := slices.Clone(p.students[start:end])
			rng.Shuffle(len(pc), func(i, j int) { pc[i], pc[j] = pc[j], pc[i] })
			k := counts[p.code+"\x00"+cohort]
			if k == 0 {
				k = max(1, (len(pc)+max(1, opt.GroupMax)-1)/max(1, opt.GroupMax))
			}
			groups := make([]Group, k)
			for j, i := range pc {
				groups[j%k].Students = append(groups[j%k].Students, students[i].Number)
			}
			for j := range groups {
				g := &groups[j]
				g.Programme, g.Cohort, g.Mentors = p.code, cohort, []string{}
				g.Undersized = len(g.Students) < opt.GroupMin
				var ms []*Mentor
				for tries := 0; len(g.Mentors) < opt.MentorsPerGroup && tries < len(p.mentors); tries++ {
					m := &mentors[p.mentors[next]]
					if load[next] < effMax(m) && !slices.Contains(g.Mentors, m.ID) {
						load[next]++
						g.Mentors = append(g.Mentors, m.ID)
						ms = append(ms, m)
					}
					next = (next + 1) % len(p.mentors)
				}
				slices.Sort(g.Mentors)
				var studs []*Student
				for x := j; x < len(pc); x += k {
					studs = append(studs, &students[pc[x]])
				}
				g.MeetingSlot, g.SlotCoverage = pickSlot(studs, ms)
				slices.Sort(g.Students)
				r.Groups = append(r.Groups, *g)
			}
			start = end
		}
		for j, i := range p.mentors {
			if load[j] == 0 {
				r.UnassignedMentors = append(r.UnassignedMentors, mentors[i].ID)
			}
		}
	}
	slices.Sort(r.UnassignedMentors)
	for i := range r.Groups {
		r.Groups[i].ID = "g" + strconv.Itoa(i+1)
		r.Stats.Placed += len(r.Groups[i].Students)
	}
	r.Stats.Students, r.Stats.Groups = r.Stats.Placed, len(r.Groups)
	return r
}
