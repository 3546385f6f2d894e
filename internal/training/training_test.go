package training_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/testutil"
	"github.com/mentorhub/mentorhub/internal/training"
)

var demoDB = &testutil.Template[*demo.Result]{
	Seed: func(ctx context.Context, s *server.Services) (*demo.Result, error) {
		return demo.Seed(ctx, s.Auth, s.Org, s.Programs, s.People, s.Training)
	},
}

func TestMain(m *testing.M) {
	code := m.Run()
	demoDB.Close()
	os.Exit(code)
}

type fixture struct {
	svc        *server.Services
	tr         *training.Service
	pilot, med int64
	inst       int64
	coord      context.Context // the pilot's coordinator
	admin      context.Context // the institution's admin
	sys        context.Context
	mentor     people.Participant // a new mentor of the pilot, untrained
	medMentor  people.Participant // a mentor of the medical program only
	student    people.Participant // a pilot student
}

func login(t *testing.T, svc *server.Services, email string) context.Context {
	t.Helper()
	_, a, err := svc.Auth.Login(context.Background(), email, demo.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), a)
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	svc, res := demoDB.Open(t, app.NewFakeClock(testutil.Epoch))
	f := &fixture{svc: svc, tr: svc.Training, pilot: res.Programs["uib-mn-pilot"].ID, med: res.Programs["uib-med-mentor"].ID,
		inst: res.Institution.ID, sys: app.WithActor(context.Background(), app.SystemActor)}
	f.coord = login(t, svc, "coordinator@demo.mentorhub.no")
	f.admin = login(t, svc, "admin@demo.mentorhub.no")
	find := func(prog int64, role string, pick func(people.Participant) bool) people.Participant {
		ps, err := svc.People.Participants(f.sys, prog, role)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if pick(p) {
				return p
			}
		}
		t.Fatalf("no %s in program %d", role, prog)
		return people.Participant{}
	}
	f.student = find(f.pilot, people.Student, func(p people.Participant) bool { return true })
	f.medMentor = find(f.med, people.Mentor, func(p people.Participant) bool { return true })
	// A mentor hired this year, before any training (the demo's mentors
	// are trained).
	acct, err := svc.Auth.CreateAccount(f.sys, auth.CreateAccountInput{InstitutionID: f.inst, Email: "ny.mentor@test.example",
		GivenName: "Ny", FamilyName: "Mentor", StudentNumber: "99990001"})
	if err != nil {
		t.Fatal(err)
	}
	f.mentor = f.hire(t, f.pilot, acct.PersonID, "99990001")
	return f
}

// hire makes a person a mentor of the program's current year.
func (f *fixture) hire(t *testing.T, prog, person int64, ref string) people.Participant {
	t.Helper()
	year, err := f.svc.People.Year(f.sys, prog)
	if err != nil {
		t.Fatal(err)
	}
	// Like a mentor the program has (programme, cohort, slots), with room
	// for two groups.
	like, err := f.svc.People.Participants(f.sys, prog, people.Mentor)
	if err != nil || len(like) == 0 {
		t.Fatalf("mentors of %d: %v", prog, err)
	}
	x := like[0]
	x.ID, x.Year, x.PersonID, x.ExternalID, x.MaxGroups, x.GivenName, x.FamilyName, x.Email = 0, year, person, ref, 2, "Ny", "Mentor", ""
	if x.ID, err = f.svc.Repos.People.CreateParticipant(f.sys, x); err != nil {
		t.Fatal(err)
	}
	return x
}

// as acts as the person of participant p (no grants: a mentor or student).
func (f *fixture) as(p people.Participant) context.Context {
	return app.WithActor(context.Background(), &app.Actor{PersonID: p.PersonID, InstitutionID: f.inst, Name: p.ExternalID})
}

func numberOf(t *testing.T, f *fixture, p people.Participant) string {
	t.Helper()
	ps, err := f.svc.Repos.Training.FindPeople(f.sys, f.inst, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ps {
		if x.ID == p.PersonID {
			return x.StudentNumber + x.EmployeeID
		}
	}
	t.Fatalf("no person %d", p.PersonID)
	return ""
}

func missing(t *testing.T, rec training.Record, prog int64) []string {
	t.Helper()
	for _, n := range rec.Needs {
		if n.ProgramID == prog {
			return n.Missing
		}
	}
	t.Fatalf("no need of program %d in %+v", prog, rec.Needs)
	return nil
}

// The records belong to the person: a mentor of two programs who
// completes the minimum for one is not asked again by the other, and a
// module only one program chose is missing only there.
func TestTrainingFollowsThePerson(t *testing.T) {
	f := newFixture(t)
	// The new mentor mentors in the medical program too.
	f.hire(t, f.med, f.mentor.PersonID, "m-99990001")
	num := numberOf(t, f, f.mentor)
	rec, err := f.tr.Person(f.as(f.mentor), num)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Needs) != 2 {
		t.Fatalf("needs of a mentor of two programs: %+v", rec.Needs)
	}
	if got := missing(t, rec, f.med); !slices.Equal(got, []string{"e-laering", "rolleforstaelse"}) {
		t.Fatalf("the medical program asks for %v before any training, want the minimum", got)
	}
	// The demo's pilot chose its five modules.
	if got := missing(t, rec, f.pilot); !slices.Equal(got, []string{"e-laering", "rolleforstaelse", "mottak", "gruppeledelse", "i-praksis"}) {
		t.Fatalf("the pilot asks for %v before any training, want its five modules", got)
	}
	// The pilot asks for the minimum and group leadership.
	if _, err := f.tr.SetRequirement(f.coord, f.pilot, []string{"e-laering", "rolleforstaelse", "gruppeledelse"}); err != nil {
		t.Fatal(err)
	}
	res, err := f.tr.ImportCompletions(f.coord, 0, []byte("person_id,module_id,completed_on\n"+num+",e-laering,2026-08-08\n"+num+",rolleforstaelse,09.08.2026\n"))
	if err != nil {
		t.Fatal(err)
	}
	if res != (training.Result{Imported: 2}) {
		t.Fatalf("first import: %+v", res)
	}
	rec, err = f.tr.Person(f.coord, num)
	if err != nil {
		t.Fatal(err)
	}
	if got := missing(t, rec, f.med); len(got) != 0 {
		t.Fatalf("the medical program asks again for %v", got)
	}
	if got := missing(t, rec, f.pilot); !slices.Equal(got, []string{"gruppeledelse"}) {
		t.Fatalf("the pilot asks for %v, want gruppeledelse", got)
	}
	// The same file again changes nothing; a later completion of the
	// same module is kept beside the first.
	res, err = f.tr.ImportCompletions(f.coord, 0, []byte("person_id,module_id,completed_on\n"+num+",e-laering,2026-08-08\n"+num+",e-laering,2026-08-10\n"))
	if err != nil {
		t.Fatal(err)
	}
	if res != (training.Result{Imported: 1, Unchanged: 1}) {
		t.Fatalf("second import: %+v", res)
	}
	rec, err = f.tr.Person(f.as(f.mentor), num)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Completions) != 3 || rec.Completions[0].CompletedOn.Format("2006-01-02") != "2026-08-10" {
		t.Fatalf("completions: %+v", rec.Completions)
	}
	// Back to the minimum.
	if _, err := f.tr.SetRequirement(f.coord, f.pilot, []string{}); err != nil {
		t.Fatal(err)
	}
	rec, _ = f.tr.Person(f.coord, num)
	if got := missing(t, rec, f.pilot); len(got) != 0 {
		t.Fatalf("after the return to the minimum the pilot asks for %v", got)
	}
}

// A bad file records nothing and names every bad line; coordinators name
// only the people of their programs.
func TestImportCompletionsAllOrNothing(t *testing.T) {
	f := newFixture(t)
	num := numberOf(t, f, f.mentor)
	medNum := numberOf(t, f, f.medMentor)
	file := strings.Join([]string{
		"person_id,module_id,completed_on",
		num + ",e-laering,2026-08-08",        // 2: fine
		"nobody,e-laering,2026-08-08",        // 3: unknown (to a coordinator: not theirs)
		num + ",astrologi,2026-08-08",        // 4: unknown module
		num + ",mottak,2026-13-40",           // 5: no day
		num + ",mottak,2027-01-01",           // 6: after today (10 August 2026)
		num + ",E-LAERING,2026-08-08",        // 7: line 2 again
		medNum + ",e-laering,2026-08-08",     // 8: not in the coordinator's programs
		",zz,",                               // 9: two missing, one unknown
		num + ",mottak,2026-08-09,surplus,x", // 10: wider than the header
	}, "\n")
	_, err := f.tr.ImportCompletions(f.coord, 0, []byte(file))
	var e *app.Error
	if !errors.As(err, &e) || e.Code != app.CodeInvalid {
		t.Fatalf("bad file: %v", err)
	}
	lines := map[int][]string{}
	for _, d := range e.Details {
		lines[d.Line] = append(lines[d.Line], d.Key)
	}
	want := map[int]string{3: "training.msg.person_not_yours", 4: "training.msg.module_unknown", 5: "training.msg.day_bad",
		6: "training.msg.day_future", 7: "import.msg.also_on_line", 8: "training.msg.person_not_yours", 9: "import.msg.required",
		10: "import.msg.row_wider"}
	for line, key := range want {
		if !slices.Contains(lines[line], key) {
			t.Errorf("line %d: %v, want %s", line, lines[line], key)
		}
	}
	if len(lines[9]) != 3 || !slices.Contains(lines[9], "training.msg.module_unknown") {
		t.Errorf("line 9 names %v, want each of the three columns", lines[9])
	}
	if _, bad := lines[2]; bad && !slices.Contains(lines[2], "import.msg.also_on_line") {
		t.Errorf("line 2: %v", lines[2])
	}
	rec, err := f.tr.Person(f.coord, num)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Completions) != 0 {
		t.Fatalf("a refused file recorded %+v", rec.Completions)
	}
	// The institution's admin may name the medical program's mentor, and
	// hears of persons unknown in the institution.
	res, err := f.tr.ImportCompletions(f.admin, 0, []byte("person_id,module_id,completed_on\n"+medNum+",e-laering,2026-08-08\n"))
	if err != nil || res.Imported != 1 {
		t.Fatalf("admin import: %+v %v", res, err)
	}
	_, err = f.tr.ImportCompletions(f.admin, 0, []byte("person_id,module_id,completed_on\nnobody,e-laering,2026-08-08\n"))
	if !errors.As(err, &e) || len(e.Details) != 1 || e.Details[0].Key != "training.msg.person_unknown" {
		t.Fatalf("an unknown person, to an admin: %v", err)
	}
	// A mentor or student may not import, nor read another's record.
	if _, err := f.tr.ImportCompletions(f.as(f.mentor), 0, []byte(file)); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor's import: %v", err)
	}
	if _, err := f.tr.Person(f.as(f.student), num); app.ErrorCode(err) != app.CodeNotFound {
		t.Fatalf("a student reading a mentor's training: %v", err)
	}
	// The pilot's coordinator cannot read the medical mentor's record.
	if _, err := f.tr.Person(f.coord, medNum); app.ErrorCode(err) != app.CodeNotFound {
		t.Fatalf("the pilot's coordinator reading the medical program's mentor: %v", err)
	}
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{"2026-08-14": "2026-08-14", "14.08.2026": "2026-08-14", "4.8.2026": "2026-08-04"} {
		d, ok := training.ParseDay(in)
		if !ok || d.Format("2006-01-02") != want {
			t.Errorf("ParseDay(%q) = %v %v, want %s", in, d, ok, want)
		}
	}
	for _, in := range []string{"", "2026-02-30", "14/08/2026", "2026-8-14x", "31.04.2026"} {
		if _, ok := training.ParseDay(in); ok {
			t.Errorf("ParseDay(%q) accepted", in)
		}
	}
}

// Minimum-standard criterion 2 is computed from the training records of
// the program year's mentors: a mentor hired without the required
// training takes it away, their completions give it back, and a module
// the program adds to its requirement takes it away again.
func TestCriterionTwoFollowsTheTraining(t *testing.T) {
	f := newFixture(t)
	crit := func() (bool, int, int) {
		t.Helper()
		p, err := f.svc.Programs.Get(f.sys, f.pilot)
		if err != nil {
			t.Fatal(err)
		}
		c := p.Criteria[1]
		if c.Trained == nil {
			t.Fatalf("criterion 2 of a program with mentors is not computed: %+v", c)
		}
		return c.Met, c.Trained.Mentors, c.Trained.Trained
	}
	mentors, err := f.svc.People.Participants(f.sys, f.pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture hired one untrained mentor beside the demo's trained ones.
	if met, n, trained := crit(); met || n != len(mentors) || trained != n-1 {
		t.Fatalf("with one untrained mentor: met %v, %d of %d trained (want %d of %d)", met, trained, n, len(mentors)-1, len(mentors))
	}
	num := numberOf(t, f, f.mentor)
	var file strings.Builder
	file.WriteString("person_id,module_id,completed_on\n")
	for _, m := range []string{"e-laering", "rolleforstaelse", "mottak", "gruppeledelse", "i-praksis"} {
		file.WriteString(num + "," + m + ",2026-08-03\n")
	}
	if _, err := f.tr.ImportCompletions(f.coord, 0, []byte(file.String())); err != nil {
		t.Fatal(err)
	}
	if met, n, trained := crit(); !met || trained != n {
		t.Fatalf("with every mentor trained: met %v, %d of %d", met, trained, n)
	}
	if _, err := f.tr.SetRequirement(f.coord, f.pilot, append(slices.Clone(pilotModules), "samarbeid")); err != nil {
		t.Fatal(err)
	}
	if met, _, trained := crit(); met || trained != 0 {
		t.Fatalf("with a module nobody took: met %v, %d trained", met, trained)
	}
	// An edit of the program keeps the declared criterion as it was.
	p, err := f.svc.Programs.Get(f.coord, f.pilot)
	if err != nil {
		t.Fatal(err)
	}
	declared := p.Criteria[1].Trained.Declared
	if _, err := f.svc.Programs.Update(f.coord, f.pilot, p.Version, func(x *program.Program) {
		x.Criteria[1] = program.Criterion{Met: !declared, Evidence: "Kurs i august."}
	}); err != nil {
		t.Fatal(err)
	}
	p, _ = f.svc.Programs.Get(f.coord, f.pilot)
	if p.Criteria[1].Trained.Declared != declared || p.Criteria[1].Met || p.Criteria[1].Evidence != "Kurs i august." {
		t.Fatalf("after an edit: %+v %+v", p.Criteria[1], *p.Criteria[1].Trained)
	}
}

// The demo's pilot mentor who took the e-learning course a year ago is
// not asked to take it again.
func TestDemoMentorTrainedEarlierIsNotAskedAgain(t *testing.T) {
	f := newFixture(t)
	mentors, err := f.svc.People.Participants(f.sys, f.pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range mentors {
		rec, err := f.tr.Person(f.coord, numberOf(t, f, m))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rec.Completions {
			if c.Module == "e-laering" && f.tr.Today().Sub(c.CompletedOn) > 300*24*time.Hour {
				found = true
				if got := missing(t, rec, f.pilot); len(got) != 0 {
					t.Fatalf("a mentor trained a year ago is asked for %v", got)
				}
			}
		}
	}
	if !found {
		t.Fatal("no pilot mentor took the e-learning course a year ago")
	}
}

var pilotModules = []string{"e-laering", "rolleforstaelse", "mottak", "gruppeledelse", "i-praksis"}

// With the gate on, a mentor without the required training is left out of
// the groups an allocation forms and cannot be swapped into one, until a
// coordinator lets them lead a group with a reason — which the audit log
// keeps; with the gate off nobody is left out.
func TestUntrainedMentorsLeadNoGroupWithoutAnOverride(t *testing.T) {
	f := newFixture(t)
	params := people.AllocationParams{GroupMin: 6, GroupMax: 25, MentorsPerGroup: 2, Seed: 1, Replace: true}
	led := func() (bool, []people.Untrained) {
		t.Helper()
		pv, err := f.svc.People.PlanAllocation(f.coord, f.pilot, params)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range pv.Result.Groups {
			if slices.Contains(g.Mentors, f.mentor.ExternalID) {
				return true, pv.Untrained
			}
		}
		return false, pv.Untrained
	}
	// The demo's pilot asks for training first; without that the new
	// mentor, with room for two groups, leads one.
	if err := f.tr.SetGate(f.coord, f.pilot, false); err != nil {
		t.Fatal(err)
	}
	if ok, un := led(); !ok || len(un) != 0 {
		t.Fatalf("gate off: the new mentor leads a group %v, left out %+v", ok, un)
	}
	if err := f.tr.SetGate(f.coord, f.pilot, true); err != nil {
		t.Fatal(err)
	}
	ok, un := led()
	if ok || len(un) != 1 || un[0].Ref != f.mentor.ExternalID || len(un[0].Missing) != 5 {
		t.Fatalf("gate on: the untrained mentor leads a group %v, left out %+v", ok, un)
	}
	// A swap into a stored group is refused with the reason.
	if _, err := f.svc.People.Allocate(f.coord, f.pilot, params, ""); err != nil {
		t.Fatal(err)
	}
	groups, err := f.svc.People.Groups(f.coord, f.pilot)
	if err != nil {
		t.Fatal(err)
	}
	g := groups[0]
	_, err = f.svc.People.ApplyMove(f.coord, f.pilot, people.Move{Group: g.ID, OldMentor: g.Mentors[0].ParticipantID, NewMentor: f.mentor.ID, Force: true})
	if e := app.AsError(err); e == nil || e.Key != "training.not_trained" {
		t.Fatalf("swapping in an untrained mentor: %v", err)
	}
	// A mentor may not override for themself; the coordinator may.
	if err := f.tr.Override(login(t, f.svc, "mentor@demo.mentorhub.no"), f.pilot, f.mentor.ID, "Tar kurset neste uke."); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor's override: %v", err)
	}
	if err := f.tr.Override(f.coord, f.pilot, f.mentor.ID, "Erfaren gruppeleder, tar e-læringen innen 1. september."); err != nil {
		t.Fatal(err)
	}
	if ok, un := led(); !ok || len(un) != 0 {
		t.Fatalf("after the override: leads a group %v, left out %+v", ok, un)
	}
	entries, err := f.svc.Auth.FindAudit(f.admin, auth.AuditFilter{InstitutionID: f.inst, Action: "training.override"})
	if err != nil {
		t.Fatal(err)
	}
	var oks, denied int
	for _, e := range entries {
		switch {
		case e.Outcome == "ok" && e.Target == f.mentor.ExternalID && e.AccountEmail == "coordinator@demo.mentorhub.no":
			oks++
		case e.Outcome == "denied" && e.AccountEmail == "mentor@demo.mentorhub.no":
			denied++
		default:
			t.Errorf("unexpected audit entry %+v", e)
		}
	}
	if oks != 1 || denied != 1 {
		t.Fatalf("audit log of the override: %+v", entries)
	}
	// Withdrawn, the gate keeps them out again.
	if err := f.tr.Override(f.coord, f.pilot, f.mentor.ID, ""); err != nil {
		t.Fatal(err)
	}
	if ok, _ := led(); ok {
		t.Fatal("after the override was withdrawn the untrained mentor leads a group")
	}
}

// A training event: the coordinator plans the teamwork module with two
// places; the new mentor and another sign up, a third finds it full;
// nobody signs up once it has begun; marked as attended, the new mentor
// has completed the module on the event's day, and marked absent the
// other has not.
func TestEventSignupAndAttendanceRecordCompletions(t *testing.T) {
	clock := app.NewFakeClock(testutil.Epoch)
	svc, res := demoDB.Open(t, clock)
	f := &fixture{svc: svc, tr: svc.Training, pilot: res.Programs["uib-mn-pilot"].ID, inst: res.Institution.ID,
		sys: app.WithActor(context.Background(), app.SystemActor)}
	f.coord = login(t, svc, "coordinator@demo.mentorhub.no")
	start := testutil.Epoch.Add(48 * time.Hour)
	if _, err := f.tr.CreateEvent(f.coord, training.EventDraft{Module: "samarbeid", StartsAt: start, EndsAt: start.Add(-time.Hour), Capacity: 0}); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("a bad event: %v", err)
	}
	if _, err := f.tr.CreateEvent(login(t, svc, "mentor@demo.mentorhub.no"), training.EventDraft{Module: "samarbeid", StartsAt: start, EndsAt: start.Add(time.Hour), Capacity: 2}); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor planning an event: %v", err)
	}
	ev, err := f.tr.CreateEvent(f.coord, training.EventDraft{Module: "samarbeid", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Realfagbygget 2143", Capacity: 2})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := svc.People.Participants(f.sys, f.pilot, people.Mentor)
	if err != nil || len(ms) < 3 {
		t.Fatal(err)
	}
	as := func(p people.Participant) context.Context {
		return app.WithActor(context.Background(), &app.Actor{PersonID: p.PersonID, InstitutionID: f.inst, Name: p.ExternalID})
	}
	for i, m := range ms[:2] {
		if err := f.tr.SignUp(as(m), ev.ID); err != nil {
			t.Fatalf("sign-up %d: %v", i, err)
		}
	}
	if err := f.tr.SignUp(as(ms[0]), ev.ID); err != nil {
		t.Fatalf("signing up twice: %v", err)
	}
	if err := f.tr.SignUp(as(ms[2]), ev.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("a third sign-up for two places: %v", err)
	}
	if err := f.tr.Mark(f.coord, ev.ID, ms[0].ExternalID, training.Attended); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("marking attendance before the event: %v", err)
	}
	clock.Advance(49 * time.Hour)
	if err := f.tr.SignUp(as(ms[2]), ev.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("a sign-up after the start: %v", err)
	}
	_, roster, err := f.tr.Roster(f.coord, ev.ID)
	if err != nil || len(roster) != 2 {
		t.Fatalf("roster: %+v %v", roster, err)
	}
	if err := f.tr.Mark(f.coord, ev.ID, roster[0].Ref, training.Attended); err != nil {
		t.Fatal(err)
	}
	if err := f.tr.Mark(f.coord, ev.ID, roster[1].Ref, training.Absent); err != nil {
		t.Fatal(err)
	}
	done := func(ref string) bool {
		rec, err := f.tr.Person(f.coord, ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rec.Completions {
			if c.Module == "samarbeid" && c.Source == training.FromEvent && c.CompletedOn.Format("2006-01-02") == "2026-08-12" {
				return true
			}
		}
		return false
	}
	if !done(roster[0].Ref) || done(roster[1].Ref) {
		t.Fatalf("completions after the roster: attended %v, absent %v", done(roster[0].Ref), done(roster[1].Ref))
	}
}

// Twelve mentors sign up at once for three places: exactly three get
// one, on either engine.
func TestConcurrentSignupsTakeNoMorePlacesThanThereAre(t *testing.T) {
	svc, res := demoDB.Open(t, app.NewFakeClock(testutil.Epoch))
	pilot := res.Programs["uib-mn-pilot"].ID
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	start := testutil.Epoch.Add(24 * time.Hour)
	ev, err := svc.Training.CreateEvent(coord, training.EventDraft{Module: "oppstart", StartsAt: start, EndsAt: start.Add(time.Hour), Capacity: 3})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := svc.People.Participants(app.WithActor(context.Background(), app.SystemActor), pilot, people.Mentor)
	if err != nil || len(ms) < 12 {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	got, full := 0, 0
	for _, m := range ms[:12] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := app.WithActor(context.Background(), &app.Actor{PersonID: m.PersonID, InstitutionID: res.Institution.ID, Name: m.ExternalID})
			err := svc.Training.SignUp(ctx, ev.ID)
			mu.Lock()
			defer mu.Unlock()
			switch app.ErrorCode(err) {
			case "":
				got++
			case app.CodeConflict:
				full++
			default:
				t.Errorf("sign-up: %v", err)
			}
		}()
	}
	wg.Wait()
	_, roster, err := svc.Training.Roster(coord, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != 3 || full != 9 || len(roster) != 3 {
		t.Fatalf("%d signed up, %d told it is full, %d on the roster; want 3, 9, 3", got, full, len(roster))
	}
}

// "Mentor for mentors": the new mentor of the fixture has no earlier year
// and is offered an experienced mentor of the same study programme; the
// coordinator pairs them (once: a second pair is a conflict; the roles
// cannot be swapped), and ends the pair again. A mentor can do none of it.
func TestMentorForMentorsPairs(t *testing.T) {
	f := newFixture(t)
	ps, err := f.tr.MentorPairs(f.coord, f.pilot)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ps.Unpaired, func(m training.PairMentor) bool { return m.ParticipantID == f.mentor.ID }) {
		t.Fatalf("the new mentor is not among the unpaired: %+v", ps.Unpaired)
	}
	sug, ok := ps.Suggested[f.mentor.ID]
	if !ok || !sug.Experienced() || sug.Programme != f.mentor.Programme {
		t.Fatalf("the suggestion for the new mentor: %+v %v", sug, ok)
	}
	if err := f.tr.PairUp(login(t, f.svc, "mentor@demo.mentorhub.no"), f.pilot, sug.ParticipantID, f.mentor.ID); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor pairing: %v", err)
	}
	if err := f.tr.PairUp(f.coord, f.pilot, f.mentor.ID, sug.ParticipantID); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("the roles swapped: %v", err)
	}
	if err := f.tr.PairUp(f.coord, f.pilot, sug.ParticipantID, f.mentor.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.tr.PairUp(f.coord, f.pilot, sug.ParticipantID, f.mentor.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("pairing the new mentor twice: %v", err)
	}
	ps, _ = f.tr.MentorPairs(f.coord, f.pilot)
	if len(ps.Pairs) != 1 || ps.Pairs[0].Newcomer.ParticipantID != f.mentor.ID || slices.ContainsFunc(ps.Unpaired, func(m training.PairMentor) bool { return m.ParticipantID == f.mentor.ID }) {
		t.Fatalf("after pairing: %+v", ps)
	}
	if err := f.tr.Unpair(f.coord, f.pilot, ps.Pairs[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := f.tr.Unpair(f.coord, f.pilot, ps.Pairs[0].ID); app.ErrorCode(err) != app.CodeNotFound {
		t.Fatalf("ending a pair twice: %v", err)
	}
	if ps, _ = f.tr.MentorPairs(f.coord, f.pilot); len(ps.Pairs) != 0 {
		t.Fatalf("after ending it: %+v", ps.Pairs)
	}
}

// Mentors' meetings: the chief mentors' meeting expects the mentors marked
// chief, the mentors' meeting every mentor; the coordinator marks who came
// (only those expected), a mentor sees the coming meetings they are
// expected at, and cannot plan one.
func TestMentorMeetings(t *testing.T) {
	f := newFixture(t)
	ms, err := f.svc.People.Participants(f.sys, f.pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	chief := ms[0]
	if err := f.svc.People.SetChief(f.coord, f.pilot, chief.ID, true); err != nil {
		t.Fatal(err)
	}
	start := testutil.Epoch.Add(24 * time.Hour)
	if _, err := f.tr.PlanMeeting(login(t, f.svc, "mentor@demo.mentorhub.no"), f.pilot, training.ChiefMeeting, "Sjefsmentormøte", start, start.Add(time.Hour), ""); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor planning: %v", err)
	}
	if _, err := f.tr.PlanMeeting(f.coord, f.pilot, "party", "", start, start, ""); app.ErrorCode(err) != app.CodeInvalid || len(app.AsError(err).Details) != 3 {
		t.Fatalf("a bad meeting: %v", err)
	}
	cm, err := f.tr.PlanMeeting(f.coord, f.pilot, training.ChiefMeeting, "Sjefsmentormøte uke 34", start, start.Add(time.Hour), "Realfagbygget")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.tr.PlanMeeting(f.coord, f.pilot, training.MentorsMeeting, "Mentormøte på tvers av kull", start.Add(48*time.Hour), start.Add(50*time.Hour), ""); err != nil {
		t.Fatal(err)
	}
	list, err := f.tr.Meetings(f.coord, f.pilot)
	if err != nil || len(list) != 2 {
		t.Fatalf("meetings: %+v %v", list, err)
	}
	chiefs := 0
	for _, m := range ms {
		if m.Chief || m.ID == chief.ID {
			chiefs++
		}
	}
	if len(list[0].Expected) != chiefs || len(list[1].Expected) != len(ms) {
		t.Fatalf("expected: %d at the chief mentors' meeting (want %d), %d at the mentors' (want %d)", len(list[0].Expected), chiefs, len(list[1].Expected), len(ms))
	}
	if err := f.tr.MarkMeeting(f.coord, f.pilot, cm.ID, chief.ID, "present"); err != nil {
		t.Fatal(err)
	}
	other := ms[len(ms)-1]
	if !other.Chief && other.ID != chief.ID {
		if err := f.tr.MarkMeeting(f.coord, f.pilot, cm.ID, other.ID, "present"); app.ErrorCode(err) != app.CodeNotFound {
			t.Fatalf("marking a mentor not expected: %v", err)
		}
	}
	list, _ = f.tr.Meetings(f.coord, f.pilot)
	if list[0].Present() != 1 {
		t.Fatalf("present at the chief mentors' meeting: %d", list[0].Present())
	}
	mine, err := f.tr.MyMeetings(app.WithActor(context.Background(), &app.Actor{PersonID: chief.PersonID, InstitutionID: f.inst}), f.pilot, chief.Year)
	if err != nil || len(mine) != 2 {
		t.Fatalf("the chief mentor's meetings: %+v %v", mine, err)
	}
	// A mentor who is no chief is expected only at the mentors' meeting.
	var plain *people.Participant
	for i := range ms {
		if !ms[i].Chief && ms[i].ID != chief.ID {
			plain = &ms[i]
		}
	}
	if plain == nil {
		t.Fatal("the pilot has no mentor who is not a chief mentor")
	}
	mine, err = f.tr.MyMeetings(app.WithActor(context.Background(), &app.Actor{PersonID: plain.PersonID, InstitutionID: f.inst}), f.pilot, plain.Year)
	if err != nil || len(mine) != 1 || mine[0].Kind != training.MentorsMeeting {
		t.Fatalf("a mentor's meetings: %+v %v", mine, err)
	}
}

// An institution's own module: its admin adds it (a taken code, a bad
// format and a third-of-an-hour are refused; a coordinator may not add
// one); it is in the institution's catalogue beside the national ones,
// a program may require it, and completions of it are imported.
func TestInstitutionModule(t *testing.T) {
	f := newFixture(t)
	if _, err := f.tr.AddModule(f.coord, 0, training.Module{Code: "skriving", Name: "Skriving", Format: training.Workshop}); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a coordinator adding a module: %v", err)
	}
	_, err := f.tr.AddModule(f.admin, 0, training.Module{Code: "E-laering", Name: "Kopi", Format: "lecture", Hours: 1.3})
	if e := app.AsError(err); e == nil || len(e.Details) != 3 {
		t.Fatalf("a bad module: %v", err)
	}
	m, err := f.tr.AddModule(f.admin, 0, training.Module{Code: "skriving", Name: "Veiledning i akademisk skriving", Provider: "Skrivesenteret",
		Format: training.Workshop, Hours: 2.5})
	if err != nil {
		t.Fatal(err)
	}
	mods, err := f.tr.Modules(f.coord, 0)
	if err != nil || !slices.ContainsFunc(mods, func(x training.Module) bool { return x.ID == m.ID && x.InstitutionID == f.inst }) || len(mods) != 8 {
		t.Fatalf("the catalogue: %+v %v", mods, err)
	}
	if _, err := f.tr.SetRequirement(f.coord, f.pilot, []string{"skriving"}); err != nil {
		t.Fatal(err)
	}
	num := numberOf(t, f, f.mentor)
	if _, err := f.tr.ImportCompletions(f.coord, 0, []byte("person_id,module_id,completed_on\n"+num+",skriving,2026-08-01\n")); err != nil {
		t.Fatal(err)
	}
	rec, err := f.tr.Person(f.coord, num)
	if err != nil {
		t.Fatal(err)
	}
	if got := missing(t, rec, f.pilot); len(got) != 0 {
		t.Fatalf("the pilot still asks for %v", got)
	}
}

// Check-in at an event with its code: only from half an hour before it
// begins until it ends, only in the event's institution, and the code is
// not given to those who do not run events.
func TestEventCheckInWindowAndWalls(t *testing.T) {
	t.Parallel()
	clock := app.NewFakeClock(testutil.Epoch)
	svc, res := demoDB.Open(t, clock)
	tr := svc.Training
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	inst := res.Institution.ID
	start := testutil.Epoch.Add(time.Hour)
	ev, err := tr.CreateEvent(coord, training.EventDraft{Module: "samarbeid", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.CheckinCode) != 6 {
		t.Fatalf("the event's code %q", ev.CheckinCode)
	}
	ps, err := svc.People.Participants(app.WithActor(context.Background(), app.SystemActor), res.Programs["uib-mn-pilot"].ID, people.Mentor)
	if err != nil || len(ps) == 0 {
		t.Fatal(err)
	}
	mentor := app.WithActor(context.Background(), &app.Actor{PersonID: ps[0].PersonID, InstitutionID: inst})
	es, err := tr.Events(mentor)
	if err != nil || len(es) == 0 {
		t.Fatalf("events: %v", err)
	}
	for _, e := range es {
		if e.CheckinCode != "" {
			t.Errorf("a mentor reads event %d's check-in code", e.ID)
		}
	}
	if es, _ := tr.Events(coord); len(es) == 0 || es[0].CheckinCode == "" {
		t.Error("the coordinator does not get the check-in code")
	}
	completions := func() int {
		rec, _, err := tr.Own(mentor)
		if err != nil {
			t.Fatal(err)
		}
		return len(rec.Completions)
	}
	before := completions()
	// 31 minutes before the start: closed; 30: open.
	clock.Advance(29 * time.Minute) // the clock was at the start less an hour
	if _, err := tr.CheckIn(mentor, ev.CheckinCode); app.ErrorCode(err) != app.CodeConflict {
		t.Errorf("checking in 31 minutes early: %v", err)
	}
	// A person of another institution with the right code finds nothing.
	other := app.WithActor(context.Background(), &app.Actor{PersonID: ps[0].PersonID, InstitutionID: inst + 1000})
	clock.Advance(time.Minute)
	if _, err := tr.CheckIn(other, ev.CheckinCode); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("another institution's person checking in: %v", err)
	}
	if completions() != before {
		t.Fatal("a refused check-in recorded a completion")
	}
	if _, err := tr.CheckIn(mentor, " "+strings.ToLower(ev.CheckinCode)+" "); err != nil {
		t.Fatalf("checking in 30 minutes early: %v", err)
	}
	if completions() != before+1 {
		t.Error("the check-in recorded no completion")
	}
	// Twice changes nothing; at the end it is closed.
	if _, err := tr.CheckIn(mentor, ev.CheckinCode); err != nil || completions() != before+1 {
		t.Errorf("checking in twice: %v", err)
	}
	clock.Advance(150 * time.Minute)
	if _, err := tr.CheckIn(mentor, ev.CheckinCode); app.ErrorCode(err) != app.CodeConflict {
		t.Errorf("checking in at the end: %v", err)
	}
}

// Cancelling an event: admins and coordinators, before it begins; once
// cancelled nobody signs up or checks in, and cancelling again changes
// nothing.
func TestCancelledEventsTakeNoSignupsOrCheckIns(t *testing.T) {
	t.Parallel()
	clock := app.NewFakeClock(testutil.Epoch)
	svc, res := demoDB.Open(t, clock)
	tr := svc.Training
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	start := testutil.Epoch.Add(time.Hour)
	mk := func() training.Event {
		t.Helper()
		ev, err := tr.CreateEvent(coord, training.EventDraft{Module: "samarbeid", StartsAt: start, EndsAt: start.Add(time.Hour), Capacity: 5})
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	ev, begun := mk(), mk()
	ps, err := svc.People.Participants(app.WithActor(context.Background(), app.SystemActor), res.Programs["uib-mn-pilot"].ID, people.Mentor)
	if err != nil || len(ps) == 0 {
		t.Fatal(err)
	}
	mentor := app.WithActor(context.Background(), &app.Actor{PersonID: ps[0].PersonID, InstitutionID: res.Institution.ID})
	if err := tr.CancelEvent(mentor, ev.ID); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor cancelling: %v", err)
	}
	if err := tr.CancelEvent(coord, ev.ID); err != nil {
		t.Fatal(err)
	}
	if err := tr.CancelEvent(coord, ev.ID); err != nil {
		t.Errorf("cancelling twice: %v", err)
	}
	if err := tr.SignUp(mentor, ev.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Errorf("signing up for a cancelled event: %v", err)
	}
	clock.Advance(time.Hour)
	if _, err := tr.CheckIn(mentor, ev.CheckinCode); app.ErrorCode(err) != app.CodeConflict {
		t.Errorf("checking in at a cancelled event: %v", err)
	}
	if err := tr.CancelEvent(coord, begun.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Errorf("cancelling an event that has begun: %v", err)
	}
	if _, err := tr.CheckIn(mentor, begun.CheckinCode); err != nil {
		t.Errorf("checking in at the event that stands: %v", err)
	}
}

// Withdrawing gives the place back: with one place, the second mentor
// finds the event full until the first withdraws; once the event has
// begun a sign-up stands.
func TestWithdrawingGivesThePlaceBack(t *testing.T) {
	t.Parallel()
	clock := app.NewFakeClock(testutil.Epoch)
	svc, res := demoDB.Open(t, clock)
	tr := svc.Training
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	start := testutil.Epoch.Add(time.Hour)
	ev, err := tr.CreateEvent(coord, training.EventDraft{Module: "samarbeid", StartsAt: start, EndsAt: start.Add(time.Hour), Capacity: 1})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := svc.People.Participants(app.WithActor(context.Background(), app.SystemActor), res.Programs["uib-mn-pilot"].ID, people.Mentor)
	if err != nil || len(ps) < 2 {
		t.Fatal(err)
	}
	as := func(p people.Participant) context.Context {
		return app.WithActor(context.Background(), &app.Actor{PersonID: p.PersonID, InstitutionID: res.Institution.ID})
	}
	first, second := as(ps[0]), as(ps[1])
	if err := tr.Withdraw(first, ev.ID); err != nil {
		t.Errorf("withdrawing without a sign-up: %v", err)
	}
	if err := tr.SignUp(first, ev.ID); err != nil {
		t.Fatal(err)
	}
	if err := tr.SignUp(second, ev.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("signing up for a full event: %v", err)
	}
	if err := tr.Withdraw(first, ev.ID); err != nil {
		t.Fatal(err)
	}
	if err := tr.SignUp(second, ev.ID); err != nil {
		t.Fatalf("signing up for the place given back: %v", err)
	}
	if mine, err := tr.MySignups(first); err != nil || len(mine) != 0 {
		t.Errorf("the first mentor's sign-ups after withdrawing: %v %v", mine, err)
	}
	clock.Advance(time.Hour)
	if err := tr.Withdraw(second, ev.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Errorf("withdrawing once the event has begun: %v", err)
	}
}
