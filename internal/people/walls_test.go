package people_test

import (
	"context"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

const (
	rosterA = "student_number,given_name,family_name,email,programme_code,cohort\n" +
		"S1,Ada,Lovelace,ada@a.example,BIO,2026H\nS2,Alan,Turing,alan@a.example,BIO,2026H\n"
	rosterB = "student_number,given_name,family_name,email,programme_code,cohort\n" +
		"S1,Mallory,Evil,mallory@evil.example,BIO,2026H\nS3,New,Person,new@b.example,BIO,2026H\n"
	mentorsA = "mentor_id,given_name,family_name,email,programme_code,cohort,kind,max_groups\n" +
		"M1,Mona,Mentor,mona@a.example,BIO,2026H,senior_student,1\n"
)

// personRow reads the shared person record of a student number.
func personRow(t *testing.T, f *fx, number string) (name, email string) {
	t.Helper()
	var given, family string
	err := f.db.SQL().QueryRowContext(context.Background(), `SELECT given_name, family_name, COALESCE(email, '')
		FROM persons WHERE student_number = '`+number+`'`).Scan(&given, &family, &email)
	if err != nil {
		t.Fatal(err)
	}
	return given + " " + family, email
}

func viewOf(t *testing.T, f *fx, ctx context.Context, programID int64, number string) (name, email string) {
	t.Helper()
	xs, err := f.svc.Participants(ctx, programID, people.Student)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range xs {
		if x.ExternalID == number {
			return x.Name(), x.Email
		}
	}
	t.Fatalf("program %d has no student %s", programID, number)
	return "", ""
}

// A coordinator's import changes only their own program's view of a
// person: another program's lists, groups and its mentor's page, the
// person record and the person's account keep what they were.
func TestImportByAnotherProgramsCoordinatorChangesOnlyThatProgram(t *testing.T) {
	f := setup(t, nil)
	ctx := context.Background()
	// S1 has an account (their own name); the mentor M1 too.
	studentCtx := f.login(t, "s1@uib.no", "S1", app.Grant{Role: app.RoleStudent})
	mentorCtx := f.login(t, "m1@uib.no", "M1", app.Grant{Role: app.RoleMentor})
	if _, err := f.svc.Import(f.coord, f.prog.ID, "students", []byte(rosterA), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Import(f.coord, f.prog.ID, "mentors", []byte(mentorsA), nil); err != nil {
		t.Fatal(err)
	}
	students, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student)
	mentors, _ := f.svc.Participants(f.coord, f.prog.ID, people.Mentor)
	var members []people.Member
	for _, x := range students {
		members = append(members, people.Member{ParticipantID: x.ID, ID: x.ExternalID})
	}
	if _, err := f.repos.People.SaveGroups(ctx, people.AllocationRecord{ProgramID: f.prog.ID, Year: f.year(), Mode: "full", Params: "{}", Result: "{}"},
		[]people.Group{{Code: "G1", Programme: "BIO", Cohort: "2026H", Students: members,
			Mentors: []people.Member{{ParticipantID: mentors[0].ID, ID: "M1"}}}}); err != nil {
		t.Fatal(err)
	}

	// Program B, created and coordinated by someone else of the institution.
	progB, err := f.progs.Create(f.sys, program.Program{InstitutionID: f.inst.ID, Code: "uib-other", Name: "Other",
		Level: "faculty", Transition: "first_year", Model: "fixed_group_voluntary", MentorKinds: []string{"senior_student"},
		Enrolment: "opt_out", Started: 2026, Status: "active"})
	if err != nil {
		t.Fatal(err)
	}
	coordB := f.login(t, "coordb@uib.no", "", app.Grant{Role: app.RoleCoordinator, ProgramID: progB.ID})
	pl, err := f.svc.Import(coordB, progB.ID, "students", []byte(rosterB), nil)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Trusted || len(pl.Added) != 2 {
		t.Fatalf("B's import: trusted %v, %d added", pl.Trusted, len(pl.Added))
	}

	if n, e := viewOf(t, f, f.coord, f.prog.ID, "S1"); n != "Ada Lovelace" || e != "ada@a.example" {
		t.Errorf("A's list shows %q <%s> after B's import, want A's Ada Lovelace <ada@a.example>", n, e)
	}
	if n, e := viewOf(t, f, coordB, progB.ID, "S1"); n != "Mallory Evil" || e != "mallory@evil.example" {
		t.Errorf("B's list shows %q <%s>, want B's own values", n, e)
	}
	gs, err := f.svc.Groups(f.coord, f.prog.ID)
	if err != nil || len(gs) != 1 {
		t.Fatalf("A's groups: %v %v", gs, err)
	}
	for _, m := range gs[0].Students {
		if m.ID == "S1" && (m.Name() != "Ada Lovelace" || m.Email != "ada@a.example") {
			t.Errorf("A's group shows %q <%s>", m.Name(), m.Email)
		}
	}
	mine, err := f.svc.MyMentorGroups(mentorCtx)
	if err != nil || len(mine) != 1 {
		t.Fatalf("mentor's groups: %v %v", mine, err)
	}
	for _, m := range mine[0].Group.Students {
		if m.ID == "S1" && (m.Name() != "Ada Lovelace" || m.Email != "ada@a.example") {
			t.Errorf("the mentor's page shows %q <%s>", m.Name(), m.Email)
		}
	}
	// The person with an account keeps their own record (neither A's
	// coordinator nor B's changed it); a new person gets the file's values.
	if n, _ := personRow(t, f, "S1"); n != "T U" {
		t.Errorf("S1's person record is %q, want the account's own name", n)
	}
	if n, e := personRow(t, f, "S3"); n != "New Person" || e != "new@b.example" {
		t.Errorf("a new person is %q <%s>, want the file's values", n, e)
	}
	if a := app.ActorFrom(studentCtx); a.Name != "T U" {
		t.Errorf("the account's name was %q", a.Name)
	}

	// Each program's preview of its own file is unchanged; of the other's, changed.
	for _, c := range []struct {
		ctx  context.Context
		id   int64
		data string
		want int
	}{{f.coord, f.prog.ID, rosterA, 2}, {coordB, progB.ID, rosterB, 2}} {
		pl, err := f.svc.Preview(c.ctx, c.id, "students", []byte(c.data), nil)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Unchanged != c.want || len(pl.Changed)+len(pl.Added)+len(pl.Removed) != 0 {
			t.Errorf("program %d re-preview: %d unchanged, %d changed, %d added, %d removed", c.id, pl.Unchanged,
				len(pl.Changed), len(pl.Added), len(pl.Removed))
		}
	}
}

// An institution admin's import is a source the institution trusts: it
// updates the person record (also of a person with an account; the
// account's login e-mail is the account's own and stays), while other
// programs keep the values they imported.
func TestImportByAdminUpdatesThePersonRecord(t *testing.T) {
	f := setup(t, nil)
	f.login(t, "s1@uib.no", "S1", app.Grant{Role: app.RoleStudent})
	if _, err := f.svc.Import(f.coord, f.prog.ID, "students", []byte(rosterA), nil); err != nil {
		t.Fatal(err)
	}
	progB, err := f.progs.Create(f.sys, program.Program{InstitutionID: f.inst.ID, Code: "uib-other", Name: "Other",
		Level: "faculty", Transition: "first_year", Model: "fixed_group_voluntary", MentorKinds: []string{"senior_student"},
		Enrolment: "opt_out", Started: 2026, Status: "active"})
	if err != nil {
		t.Fatal(err)
	}
	admin := f.login(t, "admin@uib.no", "", app.Grant{Role: app.RoleAdmin})
	pl, err := f.svc.Import(admin, progB.ID, "students", []byte(rosterB), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !pl.Trusted {
		t.Fatal("an admin's import is not trusted")
	}
	if n, e := personRow(t, f, "S1"); n != "Mallory Evil" || e != "mallory@evil.example" {
		t.Errorf("after the admin's import S1's person record is %q <%s>", n, e)
	}
	if n, e := viewOf(t, f, f.coord, f.prog.ID, "S1"); n != "Ada Lovelace" || e != "ada@a.example" {
		t.Errorf("A's list shows %q <%s> after the admin's import into B", n, e)
	}
	a, err := f.repos.Auth.FindAccountByEmail(context.Background(), "s1@uib.no")
	if err != nil || a.GivenName != "Mallory" {
		t.Errorf("the account shows %q (%v), want the person record's name", a.GivenName, err)
	}
}
