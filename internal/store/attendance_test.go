package store_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// oneProgram stands in for the program service: it finds the loaded
// program, and the year is fixed.
type oneProgram struct{ p program.Program }

func (o oneProgram) Get(_ context.Context, id int64) (program.Program, error) {
	if id != o.p.ID {
		return program.Program{}, app.NotFound("program")
	}
	return o.p, nil
}
func (o oneProgram) FindProgramByID(ctx context.Context, id int64) (program.Program, error) {
	return o.Get(ctx, id)
}

type fixedYear int

func (y fixedYear) ReadYear(context.Context, int64) (int, error)  { return int(y), nil }
func (y fixedYear) WriteYear(context.Context, int64) (int, error) { return int(y), nil }
func (y fixedYear) FindYear(context.Context, int64, bool) (int, error) {
	return int(y), nil
}

func attendanceService(db *store.DB, lp *store.LoadProgram, now time.Time) *sessions.Service {
	p := program.Program{ID: lp.ID, InstitutionID: lp.InstitutionID, Code: lp.Code}
	return sessions.NewService(store.NewSessions(db), oneProgram{p}, oneProgram{p}, fixedYear(lp.Year), app.NewFakeClock(now), nil)
}

// scenario is a small program year whose figures are worked out by hand
// in TestAttendanceReport: six students in two groups, a mentor of group
// A, five held sessions, a cancelled and a future one.
func scenario(t *testing.T, db *store.DB) (*store.LoadProgram, time.Time) {
	t0 := time.Date(2026, 8, 17, 10, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	lp := &store.LoadProgram{Code: "att-small", Year: 2026, Groups: []string{"A", "B"},
		Students: []store.LoadStudent{
			{Number: "s1", Programme: "BIO", Cohort: "2026H", Group: 0, From: t0.Add(-day)},
			{Number: "s2", Programme: "BIO", Cohort: "2026H", Group: 0, From: t0.Add(-day)},
			{Number: "s3", Programme: "BIO", Cohort: "2026H", Group: 0, From: t0.Add(-day)},
			{Number: "s4", Programme: "KJEM", Cohort: "2026H", Group: 1, From: t0.Add(-day)},
			{Number: "s5", Programme: "KJEM", Cohort: "2026H", Group: 1, From: t0.Add(-day)},
			// s6 joins group B after its first session
			{Number: "s6", Programme: "KJEM", Cohort: "2025H", Group: 1, From: t0.Add(10 * day)},
		},
		Mentors: []store.LoadMentor{{Number: "m1", Group: 0}},
		Sessions: []store.LoadSession{
			{Group: 0, Title: "A1", StartsAt: t0.Add(1 * day), Checkins: map[int]string{0: "present", 1: "present", 2: "excused"}},
			{Group: 0, Title: "A2", StartsAt: t0.Add(8 * day), Checkins: map[int]string{0: "present", 1: "absent"}},
			{Group: 0, Title: "A3", StartsAt: t0.Add(15 * day), Cancelled: true},
			{Group: 0, Title: "A4", StartsAt: t0.Add(40 * day)},
			{Group: 1, Title: "B1", StartsAt: t0.Add(2 * day), Checkins: map[int]string{3: "present"}},
			{Group: 1, Title: "B2", StartsAt: t0.Add(16 * day), Checkins: map[int]string{3: "present", 5: "present"}},
			{Group: -1, Title: "Plenum", StartsAt: t0.Add(20 * day), Checkins: map[int]string{0: "present", 4: "present"}},
		},
	}
	if err := db.LoadAttendance(context.Background(), lp); err != nil {
		t.Fatal(err)
	}
	return lp, t0.Add(30 * day)
}

func coordinatorOf(lp *store.LoadProgram) context.Context {
	return app.WithActor(context.Background(), &app.Actor{AccountID: 1, InstitutionID: lp.InstitutionID,
		Grants: []app.Grant{{Role: app.RoleCoordinator, InstitutionID: lp.InstitutionID, ProgramID: lp.ID}}})
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The report's figures, worked out by hand from the scenario:
//
//	A1: expected 3, present 2 (s1, s2), excused 1 (s3): 2/(3−1) = 100 %
//	B1: expected 2 (s6 not yet in B), present 1: 50 %
//	A2: expected 3, present 1: 1/3
//	B2: expected 3, present 2: 2/3
//	Plenum: expected 6, present 2: 1/3
//
// A3 (cancelled) and A4 (future) are not held. Present at least once: s1,
// s2, s4, s5 (the plenary), s6 — 5 of 6; BIO 2 of 3, KJEM 3 of 3; 2026H 4
// of 5, 2025H 1 of 1. With 60 % required: s2 (1 of 2), s3 (0 of 1
// unexcused) and s5 (0 of 2) are at risk.
func TestAttendanceReport(t *testing.T) {
	t.Parallel()
	db := testutil.MustOpenDB(t)
	lp, now := scenario(t, db)
	svc := attendanceService(db, lp, now)
	coord := coordinatorOf(lp)
	share := 0.6
	if err := svc.SetRequirement(coord, lp.ID, &share); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Report(coord, lp.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		title                      string
		expected, present, excused int
		rate                       float64
	}
	want := []row{{"A1", 3, 2, 1, 1}, {"B1", 2, 1, 0, 0.5}, {"A2", 3, 1, 0, 1.0 / 3}, {"B2", 3, 2, 0, 2.0 / 3}, {"Plenum", 6, 2, 0, 1.0 / 3}}
	if len(r.Sessions) != len(want) {
		t.Fatalf("%d held sessions, want %d: %+v", len(r.Sessions), len(want), r.Sessions)
	}
	for i, w := range want {
		g := r.Sessions[i]
		if g.Session.Title != w.title || g.Expected != w.expected || g.Present != w.present || g.Excused != w.excused || !near(g.Rate, w.rate) {
			t.Errorf("session %d: %s %d/%d/%d %.3f, want %+v", i, g.Session.Title, g.Expected, g.Present, g.Excused, g.Rate, w)
		}
	}
	if r.Students != 6 || r.Attended != 5 || !near(r.Share, 5.0/6) {
		t.Errorf("attended at least once: %d of %d (%.3f), want 5 of 6", r.Attended, r.Students, r.Share)
	}
	parts := func(ps []sessions.Participation) string {
		s := ""
		for _, p := range ps {
			s += fmt.Sprintf("%s:%d/%d ", p.Key, p.Attended, p.Students)
		}
		return s
	}
	if got := parts(r.ByProgramme); got != "BIO:2/3 KJEM:3/3 " {
		t.Errorf("by programme %q", got)
	}
	if got := parts(r.ByCohort); got != "2025H:1/1 2026H:4/5 " {
		t.Errorf("by cohort %q", got)
	}
	if !r.HasRequirement || !near(r.Requirement, 0.6) {
		t.Errorf("requirement %v %v", r.Requirement, r.HasRequirement)
	}
	var risk []string
	for _, f := range r.AtRisk {
		risk = append(risk, f.StudentNumber)
	}
	if !slices.Equal(risk, []string{"s2", "s3", "s5"}) {
		t.Errorf("at risk %v, want s2 s3 s5", risk)
	}
	if len(r.Standings) != 6 {
		t.Errorf("%d standings", len(r.Standings))
	}

	// One group: its sessions and students only.
	ra, err := svc.Report(coord, lp.ID, lp.GroupIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(ra.Sessions) != 2 || ra.Sessions[0].Session.Title != "A1" || ra.Sessions[1].Session.Title != "A2" {
		t.Errorf("group A's sessions: %+v", ra.Sessions)
	}
	if ra.Students != 3 || ra.Attended != 2 || len(ra.AtRisk) != 2 {
		t.Errorf("group A: %d of %d, %d at risk", ra.Attended, ra.Students, len(ra.AtRisk))
	}

	// s3 comes to the plenary: the program counts her as attending at
	// least once, group A (its own sessions only) still does not.
	if _, _, err := store.NewSessions(db).SaveCheckin(context.Background(), sessions.Checkin{SessionID: lp.Sessions[6].ID,
		ParticipantID: lp.Students[2].ID, Status: sessions.Present, Method: sessions.ByRoster}); err != nil {
		t.Fatal(err)
	}
	if r, err := svc.Report(coord, lp.ID, 0); err != nil || r.Attended != 6 {
		t.Errorf("the program after s3 came to the plenary: %d attended (%v), want 6", r.Attended, err)
	}
	if ra, err := svc.Report(coord, lp.ID, lp.GroupIDs[0]); err != nil || ra.Attended != 2 || ra.Students != 3 {
		t.Errorf("group A after s3 came to the plenary: %d of %d (%v), want 2 of 3", ra.Attended, ra.Students, err)
	}
	if _, _, err := store.NewSessions(db).SaveCheckin(context.Background(), sessions.Checkin{SessionID: lp.Sessions[6].ID,
		ParticipantID: lp.Students[2].ID, Status: sessions.Absent, Method: sessions.ByRoster}); err != nil {
		t.Fatal(err)
	}

	// The institution-wide view from the rollup: 5 held sessions, 17
	// expected, 8 present.
	all, err := svc.Institution(context.Background(), lp.InstitutionID, lp.Year)
	if err != nil {
		t.Fatal(err)
	}
	if pa := all[lp.ID]; pa.Held != 5 || pa.Expected != 17 || pa.Present != 8 || pa.Students != 6 || !near(pa.Rate, 8.0/17) {
		t.Errorf("institution view %+v", pa)
	}
}

// A mentor reads their own group's report only; a student none.
func TestAttendanceReportAccess(t *testing.T) {
	t.Parallel()
	db := testutil.MustOpenDB(t)
	lp, now := scenario(t, db)
	svc := attendanceService(db, lp, now)
	as := func(person int64) context.Context {
		return app.WithActor(context.Background(), &app.Actor{AccountID: person, PersonID: person, InstitutionID: lp.InstitutionID})
	}
	mentor := as(lp.Mentors[0].Person)
	r, err := svc.Report(mentor, lp.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.GroupID != lp.GroupIDs[0] || len(r.Groups) != 1 || len(r.Sessions) != 2 {
		t.Errorf("mentor's report: group %d, %d groups, %d sessions", r.GroupID, len(r.Groups), len(r.Sessions))
	}
	if _, err := svc.Report(mentor, lp.ID, lp.GroupIDs[1]); app.ErrorCode(err) != app.CodeForbidden {
		t.Errorf("mentor reading another group's report: %v, want forbidden", err)
	}
	if _, err := svc.Report(as(lp.Students[0].Person), lp.ID, 0); app.ErrorCode(err) != app.CodeForbidden {
		t.Errorf("student reading the report: %v, want forbidden", err)
	}
	if _, err := svc.Report(as(lp.Students[0].Person), lp.ID, lp.GroupIDs[0]); app.ErrorCode(err) != app.CodeForbidden {
		t.Errorf("student reading their group's report: %v, want forbidden", err)
	}
}

// benchProgram is a program year of 5,000 students in 250 groups of 20,
// each group with 20 held sessions a fortnight apart and a check-in row
// for every student at every session: 100,000 rows. Attendance follows
// the pilot's curve: high at the start, lower through the term, up
// again before the exams.
func benchProgram(code string, inst int64, seed uint64) *store.LoadProgram {
	const groups, per, sessionsPer = 250, 20, 20
	r := rand.New(rand.NewPCG(seed, 12))
	t0 := time.Date(2025, 8, 18, 12, 0, 0, 0, time.UTC)
	lp := &store.LoadProgram{InstitutionID: inst, Code: code, Year: 2025}
	for g := range groups {
		lp.Groups = append(lp.Groups, fmt.Sprintf("Gruppe %03d", g))
		lp.Mentors = append(lp.Mentors, store.LoadMentor{Number: fmt.Sprintf("%s-m%03d", code, g), Group: g})
		for i := range per {
			lp.Students = append(lp.Students, store.LoadStudent{Number: fmt.Sprintf("%s-%03d-%02d", code, g, i),
				Programme: fmt.Sprintf("P%d", g%9), Cohort: []string{"2025H", "2024H"}[i%2], Group: g, From: t0.Add(-time.Hour)})
		}
	}
	for k := range sessionsPer {
		curve := 0.9 - 0.5*math.Sin(math.Pi*float64(k)/float64(sessionsPer-1))
		for g := range groups {
			se := store.LoadSession{Group: g, Title: fmt.Sprintf("Møte %d", k+1), StartsAt: t0.Add(time.Duration(k*14)*24*time.Hour + time.Duration(g%5)*time.Hour),
				Checkins: map[int]string{}}
			for i := range per {
				st := "absent"
				switch x := r.Float64(); {
				case x < curve:
					st = "present"
				case x < curve+0.05:
					st = "excused"
				}
				se.Checkins[g*per+i] = st
			}
			lp.Sessions = append(lp.Sessions, se)
		}
	}
	return lp
}

var benchNow = time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)

// cpuTime is the CPU time this process has used, user and system: on a
// shared machine a steadier measure than the wall clock (SQLite runs in
// the process; PostgreSQL's server does not, so its share is not in it).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs f b.N times and reports the process's CPU milliseconds per call.
func loop(b *testing.B, f func()) {
	start := cpuTime()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(max(n, 1)), "cpu-ms/op")
}

func loadBench(b *testing.B, db *store.DB, lp *store.LoadProgram) {
	start := time.Now()
	if err := db.LoadAttendance(context.Background(), lp); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %s: %d sessions, %d students in %v", lp.Code, len(lp.Sessions), len(lp.Students), time.Since(start).Round(time.Millisecond))
}

// analyze gives PostgreSQL's planner the statistics autovacuum gathers
// after a bulk load; SQLite runs without (the app never runs ANALYZE).
func analyze(b *testing.B, db *store.DB) {
	if db.Engine() != "postgres" {
		return
	}
	if _, err := db.SQL().Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAttendanceFollowUps: the follow-up list of a program of 5,000
// students and 100,000 check-ins (Standings under it).
func BenchmarkAttendanceFollowUps(b *testing.B) {
	db := testutil.MustOpenDB(b)
	lp := benchProgram("fu", 0, 1)
	loadBench(b, db, lp)
	analyze(b, db)
	svc := attendanceService(db, lp, benchNow)
	ctx := coordinatorOf(lp)
	share := 0.6
	if err := svc.SetRequirement(ctx, lp.ID, &share); err != nil {
		b.Fatal(err)
	}
	loop(b, func() {
		fs, _, err := svc.FollowUps(ctx, lp.ID)
		if err != nil || len(fs) == 0 {
			b.Fatal(len(fs), err)
		}
	})
}

// BenchmarkAttendanceReport: the attendance report of the same program.
func BenchmarkAttendanceReport(b *testing.B) {
	db := testutil.MustOpenDB(b)
	lp := benchProgram("rep", 0, 2)
	loadBench(b, db, lp)
	analyze(b, db)
	svc := attendanceService(db, lp, benchNow)
	ctx := coordinatorOf(lp)
	loop(b, func() {
		r, err := svc.Report(ctx, lp.ID, 0)
		if err != nil || len(r.Sessions) != 5000 || r.Students != 5000 {
			b.Fatal(len(r.Sessions), r.Students, err)
		}
	})
}

// BenchmarkAttendanceInstitution: the institution-wide view over ten such
// programs: 1,000,000 check-in rows, 50,000 sessions.
func BenchmarkAttendanceInstitution(b *testing.B) {
	db := testutil.MustOpenDB(b)
	var lps []*store.LoadProgram
	inst := int64(0)
	for i := range 10 {
		lp := benchProgram(fmt.Sprintf("inst%d", i), inst, uint64(10+i))
		loadBench(b, db, lp)
		inst = lp.InstitutionID
		lps = append(lps, lp)
	}
	analyze(b, db)
	svc := attendanceService(db, lps[0], benchNow)
	loop(b, func() {
		all, err := svc.Institution(context.Background(), inst, 2025)
		if err != nil || len(all) != 10 || all[lps[9].ID].Held != 5000 {
			b.Fatal(len(all), err)
		}
	})
}
