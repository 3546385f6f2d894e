package sessions

import (
	"context"
	"sort"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// SessionRate is one held session's attendance in a report.
type SessionRate struct {
	Session  Session `json:"session"`
	Expected int     `json:"expected"` // students expected (see FindExpectedInGroup and FindExpectedInProgram)
	Present  int     `json:"present"`  // from the session's rollup (present_count)
	Excused  int     `json:"excused"`
	// Rate is Present / (Expected − Excused), as a student's share
	// against the requirement; 0 when nobody was expected unexcused.
	Rate float64 `json:"rate"`
}

// Participation is how many of a study programme's or cohort's students
// came at least once.
type Participation struct {
	Key      string  `json:"key"` // the programme code or the cohort ("" when unknown)
	Students int     `json:"students"`
	Attended int     `json:"attended"` // present at least once
	Share    float64 `json:"share"`    // Attended / Students
}

// ParticipationRow is one programme and cohort's students, as stored.
type ParticipationRow struct {
	Programme, Cohort  string
	Students, Attended int
}

// YearStudent is a student of a program year who counts (active, in
// the roster, not opted out).
type YearStudent struct {
	ParticipantID     int64
	Programme, Cohort string
}

// Report is a program year's attendance, or one group's.
type Report struct {
	Part    Part       `json:"-"`
	GroupID int64      `json:"group_id,omitempty"` // 0: the whole program
	Groups  []GroupRef `json:"groups"`             // the groups the reader may choose
	// Sessions are the held sessions in time order: not cancelled, and
	// begun or with someone checked in.
	Sessions    []SessionRate   `json:"sessions"`
	ByProgramme []Participation `json:"by_programme"`
	ByCohort    []Participation `json:"by_cohort"`
	Students    int             `json:"students"`
	Attended    int             `json:"attended"` // present at least once
	Share       float64         `json:"share"`
	// Requirement is the program year's attendance requirement (a share),
	// when HasRequirement.
	Requirement    float64 `json:"requirement,omitempty"`
	HasRequirement bool    `json:"has_requirement"`
	// Standings are the students' attendance of their group's sessions;
	// AtRisk those below the requirement.
	Standings []FollowUp `json:"standings"`
	AtRisk    []FollowUp `json:"at_risk"`
}

func share(part, whole int) float64 {
	if whole <= 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// Report computes the attendance report of the program's current (or
// requested) year: managers for the whole program (groupID 0) or any of
// its groups, mentors for one of their groups only (groupID 0: the first
// of theirs); students and others never. A handful of grouped queries,
// whatever the number of sessions.
func (s *Service) Report(ctx context.Context, programID, groupID int64) (Report, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return Report{}, err
	}
	if err := s.need(ctx, p, Mentor, "attendance.report"); err != nil {
		return Report{}, err
	}
	groups, err := s.store.FindYearGroups(ctx, programID, p.Year)
	if err != nil {
		return Report{}, err
	}
	r := Report{Part: p, Groups: []GroupRef{}}
	for _, g := range groups {
		if p.Level == Manager || p.Groups[g.ID] {
			r.Groups = append(r.Groups, g)
		}
	}
	if p.Level < Manager && groupID == 0 {
		if len(r.Groups) == 0 {
			return Report{}, s.need(ctx, p, Manager, "attendance.report")
		}
		groupID = r.Groups[0].ID
	}
	if groupID != 0 {
		ok := false
		for _, g := range r.Groups {
			ok = ok || g.ID == groupID
		}
		if !ok {
			if p.Level < Manager {
				s.audit(ctx, "sessions.access", p.Program.Code, "denied", "attendance.report")
				return Report{}, app.Forbidden()
			}
			return Report{}, app.NotFound("group")
		}
	}
	r.GroupID = groupID

	// Every read at once: the year's data, the memberships and the
	// students who count (plenaries, participation).
	var spans []Span
	var students []YearStudent
	d, err := s.yearData(ctx, p,
		func(ctx context.Context) (err error) {
			spans, err = s.store.FindStudentSpans(ctx, programID, p.Year)
			return
		},
		func(ctx context.Context) (err error) {
			students, err = s.store.FindYearStudents(ctx, programID, p.Year)
			return
		})
	if err != nil {
		return Report{}, err
	}
	plenary := len(students)
	byGroup := map[int64][]Span{}
	for _, sp := range spans {
		byGroup[sp.GroupID] = append(byGroup[sp.GroupID], sp)
	}
	// The marks are read for the standings anyway: the excused count of
	// each session comes from them, not from another scan.
	excused := map[int64]int{}
	for _, m := range d.marks {
		if m.Status == Excused {
			excused[m.SessionID]++
		}
	}
	now := s.clock.Now()
	r.Sessions = []SessionRate{}
	for _, se := range d.sessions {
		if !held(se, now) || (groupID != 0 && se.GroupID != groupID) {
			continue
		}
		sr := SessionRate{Session: se, Present: se.Present, Excused: excused[se.ID]}
		if se.Plenary() {
			sr.Expected = plenary
		} else {
			sr.Expected = expectedAt(byGroup[se.GroupID], se.RosterAt, se.StartsAt)
		}
		sr.Rate = share(sr.Present, sr.Expected-sr.Excused)
		r.Sessions = append(r.Sessions, sr)
	}
	sort.SliceStable(r.Sessions, func(i, j int) bool { return r.Sessions[i].Session.StartsAt.Before(r.Sessions[j].Session.StartsAt) })

	rows := participationRows(students, d, groupID)
	r.ByProgramme, r.ByCohort = participation(rows)
	for _, x := range rows {
		r.Students += x.Students
		r.Attended += x.Attended
	}
	r.Share = share(r.Attended, r.Students)

	r.Requirement, r.HasRequirement = d.req, d.hasReq
	st := s.standings(p, d)
	r.Standings, r.AtRisk = []FollowUp{}, []FollowUp{}
	for _, f := range st {
		if groupID != 0 && f.GroupID != groupID {
			continue
		}
		r.Standings = append(r.Standings, f)
		for _, why := range f.Reasons {
			if why == ReasonAtRisk {
				r.AtRisk = append(r.AtRisk, f)
			}
		}
	}
	s.audit(ctx, "attendance.report", p.Program.Code, "ok", "")
	return r, nil
}

// expectedAt counts the students of a group expected at a session: a
// member when the roster was taken who had not left at its start (as
// FindExpectedInGroup).
func expectedAt(spans []Span, rosterAt, startsAt time.Time) int {
	n := 0
	for _, sp := range spans {
		if !sp.ValidFrom.After(rosterAt) && (sp.ValidTo == nil || sp.ValidTo.After(startsAt)) {
			n++
		}
	}
	return n
}

// participationRows counts the students who count (a group's members
// now, when groupID is not 0) by programme and cohort, with those
// present at least once (at the group's sessions, for a group), from
// the marks already read.
func participationRows(students []YearStudent, d yearData, groupID int64) []ParticipationRow {
	var inGroup map[int64]bool
	sessionGroup := map[int64]int64{}
	if groupID != 0 {
		inGroup = map[int64]bool{}
		for _, m := range d.members {
			if m.GroupID == groupID {
				inGroup[m.ParticipantID] = true
			}
		}
		for _, se := range d.sessions {
			sessionGroup[se.ID] = se.GroupID
		}
	}
	came := map[int64]bool{}
	for _, m := range d.marks {
		if m.Status == Present && (groupID == 0 || sessionGroup[m.SessionID] == groupID) {
			came[m.ParticipantID] = true
		}
	}
	type key struct{ programme, cohort string }
	idx := map[key]int{}
	var rows []ParticipationRow
	for _, x := range students {
		if groupID != 0 && !inGroup[x.ParticipantID] {
			continue
		}
		k := key{x.Programme, x.Cohort}
		i, ok := idx[k]
		if !ok {
			i = len(rows)
			idx[k] = i
			rows = append(rows, ParticipationRow{Programme: x.Programme, Cohort: x.Cohort})
		}
		rows[i].Students++
		if came[x.ParticipantID] {
			rows[i].Attended++
		}
	}
	return rows
}

// participation sums the rows by programme and by cohort.
func participation(rows []ParticipationRow) (byProgramme, byCohort []Participation) {
	sum := func(key func(ParticipationRow) string) []Participation {
		idx := map[string]int{}
		out := []Participation{}
		for _, x := range rows {
			k := key(x)
			i, ok := idx[k]
			if !ok {
				i = len(out)
				idx[k] = i
				out = append(out, Participation{Key: k})
			}
			out[i].Students += x.Students
			out[i].Attended += x.Attended
		}
		for i := range out {
			out[i].Share = share(out[i].Attended, out[i].Students)
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
		return out
	}
	return sum(func(x ParticipationRow) string { return x.Programme }), sum(func(x ParticipationRow) string { return x.Cohort })
}

// GroupHeld sums a group's held sessions of a year (GroupID 0: a
// program's plenaries) from the rollup: how many, the present counts,
// the first roster and the last start.
type GroupHeld struct {
	ProgramID, GroupID     int64
	Held, Present          int
	FirstRoster, LastStart time.Time
}

// GroupSpans sums a group's student memberships of a year: how many, the
// latest start, how many have ended and the earliest end.
type GroupSpans struct {
	N        int
	LastFrom time.Time
	Closed   int
	FirstTo  time.Time
}

// Span is a student's membership of a group.
type Span struct {
	GroupID   int64
	ValidFrom time.Time
	ValidTo   *time.Time
}

// ProgramAttendance is a program year's attendance for leaders.
type ProgramAttendance struct {
	ProgramID int64   `json:"program_id"`
	Students  int     `json:"students"`
	Held      int     `json:"held"`     // held sessions
	Expected  int     `json:"expected"` // students expected, summed over the held sessions
	Present   int     `json:"present"`
	Rate      float64 `json:"rate"` // Present / Expected (excused absences count as absent here)
}

// Institution computes every program year's attendance of an institution
// (0: every institution) in a year from the sessions' rollup and the
// expected counts, never from the check-ins. It does not decide who may
// see which program: the caller keeps the programs the program service's
// Overview shows the reader, and suppresses small cells.
func (s *Service) Institution(ctx context.Context, institutionID int64, year int) (map[int64]ProgramAttendance, error) {
	now := s.clock.Now()
	var held []GroupHeld
	var spans map[int64]GroupSpans
	var students map[int64]int
	if err := s.store.Together(ctx,
		func(ctx context.Context) (err error) {
			held, err = s.store.FindGroupHeldOf(ctx, institutionID, year, now)
			return
		},
		func(ctx context.Context) (err error) {
			spans, err = s.store.FindGroupSpansOf(ctx, institutionID, year)
			return
		},
		func(ctx context.Context) (err error) {
			students, err = s.store.CountStudentsOf(ctx, institutionID, year)
			return
		},
	); err != nil {
		return nil, err
	}
	out := map[int64]ProgramAttendance{}
	for id, n := range students {
		out[id] = ProgramAttendance{ProgramID: id, Students: n}
	}
	for _, h := range held {
		pa := out[h.ProgramID]
		pa.ProgramID = h.ProgramID
		pa.Held += h.Held
		pa.Present += h.Present
		sp := spans[h.GroupID]
		switch {
		case h.GroupID == 0:
			pa.Expected += h.Held * students[h.ProgramID]
		case sp.N == 0:
		case !sp.LastFrom.After(h.FirstRoster) && (sp.Closed == 0 || sp.FirstTo.After(h.LastStart)):
			// Every member was in the group for every held session.
			pa.Expected += h.Held * sp.N
		default:
			// Members came or left during the year: count this group's
			// sessions one by one (a few groups, each a small join).
			n, err := s.store.CountExpectedInGroup(ctx, h.GroupID, now)
			if err != nil {
				return nil, err
			}
			pa.Expected += n
		}
		out[h.ProgramID] = pa
	}
	for id, pa := range out {
		pa.Rate = share(pa.Present, pa.Expected)
		out[id] = pa
	}
	return out, nil
}
