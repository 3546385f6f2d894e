package people_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

var t0 = time.Date(2026, 8, 10, 9, 0, 0, 0, time.UTC)

type fx struct {
	db    *store.DB
	repos store.Repos
	org   *org.Service
	clock *app.FakeClock
	auth  *auth.Service
	progs *program.Service
	svc   *people.Service
	sys   context.Context
	inst  org.Institution
	prog  program.Program
	coord context.Context
}

func setup(t testing.TB, mutate func(*program.Program)) *fx {
	t.Helper()
	clock := app.NewFakeClock(t0)
	s := testutil.ServicesWithClock(t, clock)
	f := &fx{db: s.DB, repos: s.Repos, clock: clock, sys: app.WithActor(context.Background(), app.SystemActor)}
	f.auth, f.org, f.progs, f.svc = s.Auth, s.Org, s.Programs, s.People
	o := f.org
	var err error
	if f.inst, err = o.CreateInstitution(f.sys, org.Institution{Slug: "uib", Name: "University of Bergen"}); err != nil {
		t.Fatal(err)
	}
	p := program.Program{InstitutionID: f.inst.ID, Code: "uib-test", Name: "Mentor groups", Level: "faculty",
		Transition: "first_year", Model: "fixed_group_voluntary", MentorKinds: []string{"senior_student"},
		Enrolment: "opt_out", Started: 2026, Status: "active", Public: true}
	if mutate != nil {
		mutate(&p)
	}
	if f.prog, err = f.progs.Create(f.sys, p); err != nil {
		t.Fatal(err)
	}
	f.coord = f.login(t, "coord@uib.no", "", app.Grant{Role: app.RoleCoordinator, ProgramID: f.prog.ID})
	return f
}

// login creates an account with its grants (and a student number) and returns its context.
func (f *fx) login(t testing.TB, email, number string, g app.Grant, more ...app.Grant) context.Context {
	t.Helper()
	grants := append([]app.Grant{g}, more...)
	for i := range grants {
		grants[i].InstitutionID = f.inst.ID
	}
	if _, err := f.auth.CreateAccount(f.sys, auth.CreateAccountInput{InstitutionID: f.inst.ID, Email: email, GivenName: "T",
		FamilyName: "U", Password: "a long password!", Grants: grants, StudentNumber: number}); err != nil {
		t.Fatal(err)
	}
	_, a, err := f.auth.Login(context.Background(), email, "a long password!", "x")
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), a)
}

// testParams leave room in the groups and mentors to spare.
var testParams = people.AllocationParams{GroupMin: 8, GroupMax: 15, MentorsPerGroup: 1, Seed: 5}

var studentHeader = []string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort",
	"gender", "international", "slots", "with", "avoid", "opt_out"}

func studentsCSV(ss []allocate.Student) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(studentHeader)
	for i, s := range ss {
		w.Write([]string{s.Number, "Given" + strconv.Itoa(i), "Family", "s" + strconv.Itoa(i) + "@example.no", s.Programme,
			s.Cohort, s.Gender, strconv.FormatBool(s.International), strings.Join(s.Slots, "|"), s.With, s.Avoid, strconv.FormatBool(s.OptOut)})
	}
	w.Flush()
	return buf.Bytes()
}

func mentorsCSV(ms []allocate.Mentor) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups", "slots"})
	for i, m := range ms {
		w.Write([]string{m.ID, "Mentor" + strconv.Itoa(i), "M", "m" + strconv.Itoa(i) + "@example.no", m.Programme, m.Cohort,
			m.Kind, strconv.Itoa(m.MaxGroups), strings.Join(m.Slots, "|")})
	}
	w.Flush()
	return buf.Bytes()
}

func TestImportIsIdempotentAndShowsWhatChanges(t *testing.T) {
	f := setup(t, nil)
	students, _ := allocate.Generate(120, 3)
	data := studentsCSV(students)
	pl, err := f.svc.Import(f.coord, f.prog.ID, "students", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Added) != 120 || pl.Imported() != 120 || pl.Unchanged != 0 {
		t.Fatalf("first import: %d added, %d imported, %d unchanged", len(pl.Added), pl.Imported(), pl.Unchanged)
	}
	again, err := f.svc.Import(f.coord, f.prog.ID, "students", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Imported() != 0 || again.Unchanged != 120 || len(again.Removed) != 0 {
		t.Fatalf("same file again: %d imported, %d unchanged, %d removed", again.Imported(), again.Unchanged, len(again.Removed))
	}
	// One student changes cohort, one leaves, one arrives: the preview
	// says so and changes nothing.
	changed := slices.Clone(students[:119])
	changed[5].Cohort = "2026H"
	changed = append(changed[:10], changed[11:]...)
	changed = append(changed, allocate.Student{Number: "late1", Programme: students[0].Programme, Cohort: students[0].Cohort})
	pv, err := f.svc.Preview(f.coord, f.prog.ID, "students", studentsCSV(changed), nil)
	if err != nil {
		t.Fatal(err)
	}
	// studentsCSV numbers the names by position, so shifted rows change names too.
	if len(pv.Added) != 1 || pv.Added[0].New.ExternalID != "late1" {
		t.Errorf("added = %v", pv.Added)
	}
	removed := map[string]bool{}
	for _, c := range pv.Removed {
		removed[c.Old.ExternalID] = true
	}
	if len(pv.Removed) != 2 || !removed[students[10].Number] || !removed[students[119].Number] {
		t.Errorf("removed = %v", removed)
	}
	var cohortChange bool
	for _, c := range pv.Changed {
		if c.New.ExternalID == students[5].Number && slices.Contains(c.Fields, "cohort") {
			cohortChange = true
		}
	}
	if !cohortChange {
		t.Errorf("the cohort change of %s is not in the preview", students[5].Number)
	}
	list, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student)
	if len(list) != 120 {
		t.Fatalf("the preview changed the roster: %d participants", len(list))
	}
	if _, err := f.svc.Import(f.coord, f.prog.ID, "students", studentsCSV(changed), nil); err != nil {
		t.Fatal(err)
	}
	list, _ = f.svc.Participants(f.coord, f.prog.ID, people.Student)
	in := 0
	for _, x := range list {
		if x.InRoster {
			in++
		}
	}
	if len(list) != 121 || in != 119 {
		t.Errorf("after the import: %d participants, %d in the roster; want 121 and 119", len(list), in)
	}
}

func TestImportOfABadFileNamesEveryLineAndChangesNothing(t *testing.T) {
	f := setup(t, nil)
	bad := "student_number,given_name,family_name,email,programme_code,cohort\n" +
		"s1,Ola,Nordmann,ola@example.no,BIO,2026H\n" +
		"s2,Kari,,kari@example.no,BIO,2026H\n" +
		"s3,Per,Hansen,not-an-address,BIO,autumn\n"
	_, err := f.svc.Import(f.coord, f.prog.ID, "students", []byte(bad), nil)
	e := app.AsError(err)
	if e.Code != app.CodeInvalid {
		t.Fatalf("err = %v", err)
	}
	lines := map[int]bool{}
	for _, d := range e.Details {
		lines[d.Line] = true
	}
	if !lines[3] || !lines[4] || lines[2] {
		t.Errorf("bad lines named: %v (details %v)", lines, e.Details)
	}
	if list, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student); len(list) != 0 {
		t.Errorf("%d participants after a failed import", len(list))
	}
}

func TestOnlyTheProgramsCoordinatorsAndAdminsManageItsPeople(t *testing.T) {
	f := setup(t, nil)
	other := f.login(t, "leader@uib.no", "", app.Grant{Role: app.RoleLeader})
	student := f.login(t, "stud@uib.no", "s1", app.Grant{Role: app.RoleStudent})
	admin := f.login(t, "admin@uib.no", "", app.Grant{Role: app.RoleAdmin})
	data := []byte("student_number,given_name,family_name,email,programme_code,cohort\ns1,Ola,N,ola@example.no,BIO,2026H\n")
	for name, ctx := range map[string]context.Context{"other coordinator": other, "student": student} {
		if _, err := f.svc.Import(ctx, f.prog.ID, "students", data, nil); app.ErrorCode(err) != app.CodeNotFound && app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("%s: import err = %v, want 403/404", name, err)
		}
		if _, err := f.svc.Groups(ctx, f.prog.ID); err == nil {
			t.Errorf("%s could read the groups", name)
		}
	}
	if _, err := f.svc.Import(admin, f.prog.ID, "students", data, nil); err != nil {
		t.Errorf("admin: %v", err)
	}
}

// allocated imports a generated intake and stores an allocation.
func allocated(t *testing.T, f *fx, n int) ([]allocate.Student, []allocate.Mentor, *people.AllocationPreview) {
	t.Helper()
	students, mentors := allocate.Generate(n, 7)
	if _, err := f.svc.Import(f.coord, f.prog.ID, "students", studentsCSV(students), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Import(f.coord, f.prog.ID, "mentors", mentorsCSV(mentors), nil); err != nil {
		t.Fatal(err)
	}
	params := testParams
	plan, err := f.svc.PlanAllocation(f.coord, f.prog.ID, params)
	if err != nil {
		t.Fatal(err)
	}
	if gs, _ := f.svc.Groups(f.coord, f.prog.ID); len(gs) != 0 {
		t.Fatalf("the preview stored %d groups", len(gs))
	}
	pv, err := f.svc.Allocate(f.coord, f.prog.ID, params, plan.Fingerprint)
	if err != nil {
		t.Fatal(err)
	}
	return students, mentors, pv
}

func TestAllocationIsTheEnginesAndIsStored(t *testing.T) {
	f := setup(t, nil)
	students, mentors, pv := allocated(t, f, 639)
	opt := allocate.Options{GroupMin: testParams.GroupMin, GroupMax: testParams.GroupMax, MentorsPerGroup: testParams.MentorsPerGroup, Seed: testParams.Seed}
	want, err := allocate.Allocate(students, mentors, opt)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(want.Stats) != fmt.Sprint(pv.Result.Stats) || len(want.Groups) != len(pv.Result.Groups) {
		t.Errorf("stored allocation %v differs from the engine's %v on the same file", pv.Result.Stats, want.Stats)
	}
	if v := allocate.Check(students, mentors, opt, pv.Result); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
	groups, err := f.svc.Groups(f.coord, f.prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != len(want.Groups) {
		t.Fatalf("%d groups stored, want %d", len(groups), len(want.Groups))
	}
	for i, g := range groups {
		w := want.Groups[i]
		var got []string
		for _, m := range g.Students {
			got = append(got, m.ID)
		}
		if !slices.Equal(got, w.Students) || g.Code != w.ID || g.MeetingSlot != w.MeetingSlot || g.Name == "" {
			t.Fatalf("group %d: stored %s %v slot %s, engine %s %v slot %s", i, g.Code, got, g.MeetingSlot, w.ID, w.Students, w.MeetingSlot)
		}
	}
}

func TestAStaleAllocationPreviewIsRefused(t *testing.T) {
	f := setup(t, nil)
	students, mentors := allocate.Generate(60, 1)
	f.svc.Import(f.coord, f.prog.ID, "students", studentsCSV(students), nil)
	f.svc.Import(f.coord, f.prog.ID, "mentors", mentorsCSV(mentors), nil)
	params := people.AllocationParams{GroupMin: 5, GroupMax: 10, MentorsPerGroup: 1, Seed: 1}
	plan, err := f.svc.PlanAllocation(f.coord, f.prog.ID, params)
	if err != nil {
		t.Fatal(err)
	}
	f.svc.Import(f.coord, f.prog.ID, "students", studentsCSV(students[:50]), nil)
	if _, err := f.svc.Allocate(f.coord, f.prog.ID, params, plan.Fingerprint); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("accepting a stale preview: err = %v, want a conflict", err)
	}
	if gs, _ := f.svc.Groups(f.coord, f.prog.ID); len(gs) != 0 {
		t.Errorf("%d groups stored from a stale preview", len(gs))
	}
}

func TestLateStudentsGoIntoExistingGroupsAndNobodyIsMoved(t *testing.T) {
	f := setup(t, nil)
	students, _, _ := allocated(t, f, 300)
	before, _ := f.svc.Groups(f.coord, f.prog.ID)
	where := map[string]string{}
	for _, g := range before {
		for _, m := range g.Students {
			where[m.ID] = g.Code
		}
	}
	// Two late students in the first group's programme and cohort, and one
	// student leaves.
	g0 := before[0]
	for _, g := range before {
		if len(g.Students) < testParams.GroupMax-2 {
			g0 = g
			break
		}
	}
	late := []allocate.Student{
		{Number: "late1", Programme: g0.Programme, Cohort: g0.Cohort, Slots: []string{g0.MeetingSlot}},
		{Number: "late2", Programme: g0.Programme, Cohort: g0.Cohort},
	}
	leaver := g0.Students[0].ID
	var g0after people.Group
	next := slices.DeleteFunc(slices.Clone(students), func(s allocate.Student) bool { return s.Number == leaver })
	next = append(next, late...)
	if _, err := f.svc.Import(f.coord, f.prog.ID, "students", studentsCSV(next), nil); err != nil {
		t.Fatal(err)
	}
	after, _ := f.svc.Groups(f.coord, f.prog.ID)
	for _, g := range after {
		if g.ID == g0.ID {
			g0after = g
		}
	}
	for _, m := range g0after.Students {
		if m.ID == leaver {
			t.Fatal("the student who left is still in their group")
		}
	}
	pv, err := f.svc.Allocate(f.coord, f.prog.ID, testParams, "")
	if err != nil {
		t.Fatal(err)
	}
	if pv.Mode != "extend" {
		t.Fatalf("mode = %s, want extend", pv.Mode)
	}
	after, _ = f.svc.Groups(f.coord, f.prog.ID)
	now := map[string]string{}
	for _, g := range after {
		for _, m := range g.Students {
			now[m.ID] = g.Code
		}
	}
	for id, code := range where {
		if id != leaver && now[id] != code {
			t.Errorf("student %s moved from %s to %s", id, code, now[id])
		}
	}
	for _, s := range late {
		code, ok := now[s.Number]
		if !ok {
			t.Errorf("late student %s not placed: %v", s.Number, pv.Result.UnassignedStudents)
			continue
		}
		if !slices.ContainsFunc(before, func(g people.Group) bool { return g.Code == code }) {
			t.Logf("unassigned: %v", pv.Result.UnassignedStudents)
			t.Errorf("late student %s went to a new group %s although existing ones had room", s.Number, code)
		}
	}
}

func TestAMoveThatBreaksARuleWaitsForConfirmation(t *testing.T) {
	f := setup(t, nil)
	allocated(t, f, 300)
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	// Find two groups of different programme or cohort.
	var from, to people.Group
	for _, g := range groups[1:] {
		if g.Programme != groups[0].Programme || g.Cohort != groups[0].Cohort {
			from, to = groups[0], g
			break
		}
	}
	if to.ID == 0 {
		t.Fatal("the intake has one programme+cohort only")
	}
	st := from.Students[0]
	res, err := f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Student: st.ParticipantID, ToGroup: to.ID})
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied || len(res.Warnings) == 0 || !strings.Contains(strings.Join(res.Warnings, " "), "rule 2") {
		t.Fatalf("move across programmes: applied=%v warnings=%v", res.Applied, res.Warnings)
	}
	gs, _ := f.svc.Groups(f.coord, f.prog.ID)
	if gs[0].Students[0].ID != st.ID {
		t.Fatal("an unconfirmed move was applied")
	}
	res, err = f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Student: st.ParticipantID, ToGroup: to.ID, Force: true})
	if err != nil || !res.Applied {
		t.Fatalf("forced move: %v %v", res, err)
	}
	gs, _ = f.svc.Groups(f.coord, f.prog.ID)
	for _, g := range gs {
		for _, m := range g.Students {
			if m.ID == st.ID && g.ID != to.ID {
				t.Errorf("student in %s after the move, want %s", g.Code, to.Code)
			}
		}
	}
	// A move within the programme and cohort that keeps sizes is quiet.
	var a, b people.Group
	for i, g := range gs {
		for _, h := range gs[i+1:] {
			if g.Programme == h.Programme && g.Cohort == h.Cohort && len(g.Students) > len(h.Students) && a.ID == 0 {
				a, b = g, h
			}
		}
	}
	if a.ID != 0 {
		x := a.Students[len(a.Students)-1]
		res, err = f.svc.ApplyMove(f.coord, f.prog.ID, people.Move{Student: x.ParticipantID, ToGroup: b.ID})
		if err != nil {
			t.Fatal(err)
		}
		_ = res // may warn about an avoid request or a minority; applied only if quiet
		if len(res.Warnings) == 0 && !res.Applied {
			t.Error("a move breaking no rule was not applied")
		}
	}
}

func TestStudentsOptOutAndBackIn(t *testing.T) {
	f := setup(t, nil)
	_, _, _ = allocated(t, f, 120)
	groups, _ := f.svc.Groups(f.coord, f.prog.ID)
	g := groups[0]
	for _, x := range groups {
		if len(x.Students) < testParams.GroupMax {
			g = x
			break
		}
	}
	number := g.Students[0].ID
	student := f.login(t, "ola@student.uib.no", number, app.Grant{Role: app.RoleStudent})
	mine, err := f.svc.MyEnrolments(student, nil)
	if err != nil || len(mine) != 1 || mine[0].Group == nil || mine[0].Group.ID != g.ID {
		t.Fatalf("the student's page: %+v, %v", mine, err)
	}
	pid := mine[0].Participant.ID
	if err := f.svc.OptOut(student, pid, "  I have a job on Wednesdays "); err != nil {
		t.Fatal(err)
	}
	x, _ := f.repos.People.FindParticipant(f.sys, pid)
	if x.State != people.OptedOut || x.Reason != "I have a job on Wednesdays" || len(x.GroupIDs) != 0 {
		t.Errorf("after opting out: state %s, reason %q, groups %v", x.State, x.Reason, x.GroupIDs)
	}
	// Someone else cannot act for them.
	other := f.login(t, "kari@student.uib.no", "zz", app.Grant{Role: app.RoleStudent})
	if err := f.svc.OptIn(other, pid); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("another student opting them in: %v", err)
	}
	// A re-import keeps the student's own choice.
	sts, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student)
	var all []allocate.Student
	for _, s := range sts {
		all = append(all, allocate.Student{Number: s.ExternalID, Programme: s.Programme, Cohort: s.Cohort, OptOut: s.FileOptOut})
	}
	f.svc.Import(f.coord, f.prog.ID, "students", studentsCSV(all), nil)
	if x, _ := f.repos.People.FindParticipant(f.sys, pid); x.State != people.OptedOut {
		t.Errorf("a re-import undid the opt-out: %s", x.State)
	}
	if err := f.svc.OptIn(student, pid); err != nil {
		t.Fatal(err)
	}
	pv, err := f.svc.PlanAllocation(f.coord, f.prog.ID, testParams)
	if err != nil {
		t.Fatal(err)
	}
	placed := false
	for _, g := range pv.Result.Groups {
		if slices.Contains(g.Students, number) {
			placed = true
		}
	}
	if !placed {
		t.Errorf("the student back in is not placed by the next allocation: %v", pv.Result.UnassignedStudents)
	}
}

func TestOptInSignUpHonoursDeadlineAndCapacity(t *testing.T) {
	f := setup(t, func(p *program.Program) { p.Enrolment = "opt_in" })
	deadline := t0.Add(48 * time.Hour)
	capacity := 2
	if err := f.svc.SetSignup(f.coord, f.prog.ID, &deadline, &capacity); err != nil {
		t.Fatal(err)
	}
	f.enrolIn(t, allocate.Student{Number: "a1", Programme: "BIO", Cohort: "2026H"}, allocate.Student{Number: "b1", Programme: "BIO", Cohort: "2026H"},
		allocate.Student{Number: "c1", Programme: "BIO", Cohort: "2026H"})
	a := f.login(t, "a@student.uib.no", "a1", app.Grant{Role: app.RoleStudent})
	b := f.login(t, "b@student.uib.no", "b1", app.Grant{Role: app.RoleStudent})
	c := f.login(t, "c@student.uib.no", "c1", app.Grant{Role: app.RoleStudent})
	if mine := offered(t, f, a); len(mine) != 1 || !mine[0].CanSignUp {
		t.Fatalf("the program is not offered for sign-up: %+v", mine)
	}
	if _, err := f.svc.SignUp(a, f.prog.ID, "BIO", "2026h"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SignUp(a, f.prog.ID, "BIO", "2026H"); err != nil {
		t.Fatalf("signing up twice: %v", err)
	}
	if _, err := f.svc.SignUp(b, f.prog.ID, "BIO", "spring"); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("a bad cohort: %v", err)
	}
	if _, err := f.svc.SignUp(b, f.prog.ID, "BIO", "2026H"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SignUp(c, f.prog.ID, "BIO", "2026H"); app.AsError(err).Key != "enrolment.full" {
		t.Errorf("over capacity: %v", err)
	}
	list, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student)
	if len(list) != 2 || list[0].ExternalID != "a1" || list[0].Source != people.FromSignup {
		t.Errorf("participants: %+v", list)
	}
	capacity = 10
	f.svc.SetSignup(f.coord, f.prog.ID, &deadline, &capacity)
	f.clock.Advance(49 * time.Hour)
	if _, err := f.svc.SignUp(c, f.prog.ID, "BIO", "2026H"); app.AsError(err).Key != "enrolment.closed" {
		t.Errorf("after the deadline: %v", err)
	}
}

func TestColumnMappingIsRememberedForTheSameHeaders(t *testing.T) {
	f := setup(t, nil)
	fs := "\uFEFFStudentnr;Fornavn;Etternavn;E-post;Studieprogramkode;Kull\r\n" +
		"100001;Ola;Nordmann;ola@student.uib.no;BAMN-BIO;høst 2026\r\n" +
		"100002;Kari;Nordmann;kari@student.uib.no;BAMN-BIO;2026H\r\n"
	mp, err := f.svc.MappingFor(f.coord, f.prog.ID, "students", []byte(fs))
	if err != nil {
		t.Fatal(err)
	}
	if !mp.Needed || mp.Remembered || mp.Suggested["student_number"] != "Studentnr" || mp.Suggested["cohort"] != "Kull" {
		t.Fatalf("mapping step: %+v", mp)
	}
	if _, err := f.svc.Import(f.coord, f.prog.ID, "students", []byte(fs), nil); err == nil {
		t.Fatal("an FS export imported without a mapping")
	}
	m := mp.Suggested
	m["given_name"] = "Fornavn" // as the coordinator chose
	pl, err := f.svc.Import(f.coord, f.prog.ID, "students", []byte(fs), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Added) != 2 || pl.Added[0].New.Cohort != "2026H" || pl.Added[0].New.GivenName != "Ola" {
		t.Fatalf("mapped import: %+v", pl.Added)
	}
	again, err := f.svc.MappingFor(f.coord, f.prog.ID, "students", []byte(fs))
	if err != nil || !again.Remembered || again.Suggested["given_name"] != "Fornavn" {
		t.Errorf("the mapping was not remembered: %+v %v", again, err)
	}
}

func TestOneToOneApplicationSelectionAndMatching(t *testing.T) {
	f := setup(t, func(p *program.Program) { p.Model = "work_life_one_to_one"; p.Enrolment = "opt_in" })
	mentors := "mentor_id,given_name,family_name,email,programme_code,kind,max_groups,field,sector\n" +
		"a1,Anne,Alumna,anne@example.no,ALUMNI,alumni,1,biology,public\n" +
		"a2,Bjørn,Alumnus,bjorn@example.no,ALUMNI,alumni,1,economics,private\n"
	if _, err := f.svc.Import(f.coord, f.prog.ID, "mentors", []byte(mentors), nil); err != nil {
		t.Fatal(err)
	}
	capacity := 2
	f.svc.SetSignup(f.coord, f.prog.ID, nil, &capacity)
	var ids []int64
	for i, in := range []people.Application{
		{Programme: "BAMN-BIO", Field: "biology", Ranking: []string{"a1"}},
		{Programme: "BASV-ECON", Field: "economics", Sector: "private"},
		{Programme: "BAHF-HIS", Field: "history"},
	} {
		ctx := f.login(t, fmt.Sprintf("m%d@student.uib.no", i), fmt.Sprintf("n%d", i), app.Grant{Role: app.RoleStudent})
		id, err := f.svc.Apply(ctx, f.prog.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := f.svc.Select(f.coord, f.prog.ID, ids, true); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("selecting 3 for 2 places: %v", err)
	}
	if err := f.svc.Select(f.coord, f.prog.ID, ids[:2], true); err != nil {
		t.Fatal(err)
	}
	pv, err := f.svc.AcceptMatch(f.coord, f.prog.ID)
	if err != nil {
		t.Fatal(err)
	}
	pairs := map[string]string{}
	for _, p := range pv.Result.Pairs {
		pairs[p.Mentee] = p.Mentor
		if len(p.Reasons) == 0 {
			t.Errorf("pair %v has no explanation", p)
		}
	}
	if pairs["n0"] != "a1" || pairs["n1"] != "a2" || len(pairs) != 2 {
		t.Errorf("pairs = %v", pairs)
	}
	gs, _ := f.svc.Groups(f.coord, f.prog.ID)
	if len(gs) != 2 || gs[0].Reasons == "" || len(gs[0].Students) != 1 || len(gs[0].Mentors) != 1 {
		t.Errorf("stored pairs: %+v", gs)
	}
	declined, _ := f.repos.People.FindParticipant(f.sys, ids[2])
	if declined.State != people.Declined {
		t.Errorf("the third application is %s, want declined", declined.State)
	}
}

func TestUnconfirmedUploadsAreForgottenAfterADay(t *testing.T) {
	f := setup(t, nil)
	data := []byte("student_number,given_name,family_name,email,programme_code,cohort\ns1,Ola,N,ola@example.no,BIO,2026H\n")
	id, err := f.svc.SaveDraft(f.coord, f.prog.ID, "students", "a.csv", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(23 * time.Hour)
	f.svc.ForgetOldDrafts(f.sys)
	if _, _, err := f.svc.Draft(f.coord, f.prog.ID, id); err != nil {
		t.Fatalf("a 23-hour-old upload is gone: %v", err)
	}
	// Another coordinator's session cannot use it.
	admin := f.login(t, "admin@uib.no", "", app.Grant{Role: app.RoleAdmin})
	if _, _, err := f.svc.Draft(admin, f.prog.ID, id); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("another account read the upload: %v", err)
	}
	f.clock.Advance(2 * time.Hour)
	f.svc.ForgetOldDrafts(f.sys)
	if _, _, err := f.svc.Draft(f.coord, f.prog.ID, id); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("a 25-hour-old upload is still there: %v", err)
	}
}
