package allocate

import (
	"slices"
	"strconv"
	"strings"
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

// RoundRobin is the naive baseline: per programme+cohort it deals the
// students (in number order) into ceil(n/GroupMax) groups, gives each
// group the next mentors of its programme that have room (ignoring
// cohorts), and meets at the first student's first slot. It ignores
// requests, minorities and slot fit, which is what Quality shows.
func RoundRobin(students []Student, mentors []Mentor, opt Options) Result {
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
			pc := p.students[start:end]
			k := max(1, (len(pc)+max(1, opt.GroupMax)-1)/max(1, opt.GroupMax))
			groups := make([]Group, k)
			for j, i := range pc {
				groups[j%k].Students = append(groups[j%k].Students, students[i].Number)
			}
			for j := range groups {
				g := &groups[j]
				g.Programme, g.Cohort, g.Mentors = p.code, cohort, []string{}
				g.Undersized = len(g.Students) < opt.GroupMin
				for tries := 0; len(g.Mentors) < opt.MentorsPerGroup && tries < len(p.mentors); tries++ {
					m := &mentors[p.mentors[next]]
					if load[next] < effMax(m) && !slices.Contains(g.Mentors, m.ID) {
						load[next]++
						g.Mentors = append(g.Mentors, m.ID)
					}
					next = (next + 1) % len(p.mentors)
				}
				slices.Sort(g.Mentors)
				g.MeetingSlot, g.SlotCoverage = firstSlot(students, pc, j, k)
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

// firstSlot is group j's first member's first slot and its coverage.
func firstSlot(students []Student, pc []int32, j, k int) (string, float64) {
	slot, n, have := "", 0, 0
	for x := j; x < len(pc); x += k {
		s := &students[pc[x]]
		n++
		if slot == "" && len(s.Slots) > 0 {
			slot = s.Slots[0]
		}
	}
	if slot == "" {
		return "", 0
	}
	for x := j; x < len(pc); x += k {
		for _, sl := range students[pc[x]].Slots {
			if strings.EqualFold(sl, slot) {
				have++
				break
			}
		}
	}
	return slot, round2(float64(have) / float64(n))
}
