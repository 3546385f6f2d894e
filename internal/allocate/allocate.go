package allocate

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ErrInvalidOptions is wrapped by the error Allocate returns for bad Options.
var ErrInvalidOptions = errors.New("invalid allocation options")

// ErrDuplicate is wrapped by the error Allocate returns for a repeated
// student number or mentor id.
var ErrDuplicate = errors.New("duplicate id")

// Allocate forms the groups of the spec's "mentorhub allocate" rules. It
// works programme by programme (mentors are shared between the cohorts of
// a programme, never between programmes), on a bounded pool of
// runtime.GOMAXPROCS workers; every programme draws from its own PCG
// seeded from opt.Seed and the programme code, so the Result does not
// depend on scheduling. It fails only for invalid options or duplicate ids.
func Allocate(students []Student, mentors []Mentor, opt Options) (Result, error) {
	return allocate(students, mentors, opt, nil)
}

// allocate is Allocate where some mentors already meet other groups:
// busy maps a mentor id to those meeting slots, which no new group of the
// mentor may take (Extend's new groups beside the kept ones).
func allocate(students []Student, mentors []Mentor, opt Options, busy map[string][]string) (Result, error) {
	if err := validate(students, mentors, opt); err != nil {
		return Result{}, err
	}
	progs := splitByProgramme(students, mentors)
	outs := make([]progOut, len(progs))
	parallel(len(progs), func(i int) {
		outs[i] = allocateProgramme(progs[i], students, mentors, opt, busy)
	})
	return merge(outs, students), nil
}

func validate(students []Student, mentors []Mentor, opt Options) error {
	switch {
	case opt.GroupMin < 1:
		return fmt.Errorf("%w: group-min %d < 1", ErrInvalidOptions, opt.GroupMin)
	case opt.GroupMax < opt.GroupMin:
		return fmt.Errorf("%w: group-max %d < group-min %d", ErrInvalidOptions, opt.GroupMax, opt.GroupMin)
	case opt.MentorsPerGroup < 0:
		return fmt.Errorf("%w: mentors-per-group %d < 0", ErrInvalidOptions, opt.MentorsPerGroup)
	case len(opt.MentorMix) > 0 && len(opt.MentorMix) != opt.MentorsPerGroup:
		return fmt.Errorf("%w: mentor-mix lists %d kinds for %d mentors per group", ErrInvalidOptions, len(opt.MentorMix), opt.MentorsPerGroup)
	}
	for _, k := range opt.MentorMix {
		if !slices.Contains(MentorKinds, k) {
			return fmt.Errorf("%w: mentor-mix kind %q is not one of %s", ErrInvalidOptions, k, strings.Join(MentorKinds, ", "))
		}
	}
	seen := make(map[string]struct{}, len(students))
	for _, s := range students {
		if _, dup := seen[s.Number]; dup {
			return fmt.Errorf("%w: student number %q", ErrDuplicate, s.Number)
		}
		seen[s.Number] = struct{}{}
	}
	clear(seen)
	for _, m := range mentors {
		if _, dup := seen[m.ID]; dup {
			return fmt.Errorf("%w: mentor id %q", ErrDuplicate, m.ID)
		}
		seen[m.ID] = struct{}{}
	}
	return nil
}

// prog is one programme's share of the input, as indices into the caller's
// slices so nothing is copied.
type prog struct {
	code     string
	students []int32 // not opted out, sorted by cohort then number
	mentors  []int32 // sorted by id
}

func splitByProgramme(students []Student, mentors []Mentor) []*prog {
	by := map[string]*prog{}
	get := func(code string) *prog {
		p := by[code]
		if p == nil {
			p = &prog{code: code}
			by[code] = p
		}
		return p
	}
	for i := range students {
		if !students[i].OptOut {
			p := get(students[i].Programme)
			p.students = append(p.students, int32(i))
		}
	}
	for i := range mentors {
		p := get(mentors[i].Programme)
		p.mentors = append(p.mentors, int32(i))
	}
	out := make([]*prog, 0, len(by))
	for _, p := range by {
		out = append(out, p)
	}
	// Sorting here is what keeps map order out of the result.
	slices.SortFunc(out, func(a, b *prog) int { return strings.Compare(a.code, b.code) })
	for _, p := range out {
		slices.SortFunc(p.students, func(a, b int32) int {
			if c := strings.Compare(students[a].Cohort, students[b].Cohort); c != 0 {
				return c
			}
			return strings.Compare(students[a].Number, students[b].Number)
		})
		slices.SortFunc(p.mentors, func(a, b int32) int { return strings.Compare(mentors[a].ID, mentors[b].ID) })
	}
	return out
}

// parallel runs f(0..n-1) on at most GOMAXPROCS goroutines. Each f writes
// only its own slot of the caller's result slice, so no locking is needed.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// progOut is one programme's allocation; groups are already in cohort and
// index order.
type progOut struct {
	groups     []Group
	unassigned []Unassigned
	idleMentor []string
}

func merge(outs []progOut, students []Student) Result {
	r := Result{Groups: []Group{}, UnassignedStudents: []Unassigned{}, UnassignedMentors: []string{}}
	n := 0
	for _, o := range outs {
		n += len(o.groups)
	}
	r.Groups = make([]Group, 0, n)
	for _, o := range outs {
		for _, g := range o.groups {
			g.ID = "g" + strconv.Itoa(len(r.Groups)+1)
			r.Groups = append(r.Groups, g)
			r.Stats.Placed += len(g.Students)
		}
		r.UnassignedStudents = append(r.UnassignedStudents, o.unassigned...)
		r.UnassignedMentors = append(r.UnassignedMentors, o.idleMentor...)
	}
	slices.SortFunc(r.UnassignedStudents, func(a, b Unassigned) int { return strings.Compare(a.StudentNumber, b.StudentNumber) })
	slices.Sort(r.UnassignedMentors)
	for i := range students {
		if !students[i].OptOut {
			r.Stats.Students++
		}
	}
	r.Stats.Groups = len(r.Groups)
	return r
}
