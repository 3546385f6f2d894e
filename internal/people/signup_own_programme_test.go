package people_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

// enrolIn records students in their study programmes the way the
// institution does: a roster import of another (opt-out) program.
func (f *fx) enrolIn(t *testing.T, ss ...allocate.Student) {
	t.Helper()
	roster, err := f.progs.Create(f.sys, program.Program{InstitutionID: f.inst.ID, Code: "uib-roster-" + ss[0].Number,
		Name: "Fadderordning", Level: "faculty", Transition: "first_year", Model: "fixed_group_mandatory",
		MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2026, Status: "active"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Import(f.sys, roster.ID, "students", studentsCSV(ss), nil); err != nil {
		t.Fatal(err)
	}
}

// A student signs up only in a study programme she is enrolled in: naming
// another faculty's programme the opt-in program serves is refused, and
// the coordinator's list never shows a programme she is not in.
func TestSignUpTakesOnlyTheStudentsOwnProgramme(t *testing.T) {
	f := setup(t, nil)
	o := f.org
	for _, code := range []string{"BIO", "MED", "HIST"} {
		if _, err := o.CreateProgramme(f.sys, org.Programme{InstitutionID: f.inst.ID, Code: code, Name: code}); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if f.prog, err = f.progs.Create(f.sys, program.Program{InstitutionID: f.inst.ID, Code: "uib-optin", Name: "Mentorgrupper",
		Level: "faculty", Transition: "first_year", Model: "fixed_group_voluntary", MentorKinds: []string{"senior_student"},
		Enrolment: "opt_in", Started: 2026, Status: "active", Public: true,
		Served: []program.Served{{ProgrammeCode: "BIO"}, {ProgrammeCode: "MED"}}}); err != nil {
		t.Fatal(err)
	}
	f.coord = f.sys
	deadline := t0.Add(48 * time.Hour)
	capacity := 10
	if err := f.svc.SetSignup(f.coord, f.prog.ID, &deadline, &capacity); err != nil {
		t.Fatal(err)
	}
	f.enrolIn(t, allocate.Student{Number: "h1", Programme: "HIST", Cohort: "2026H"},
		allocate.Student{Number: "b1", Programme: "BIO", Cohort: "2025H"})
	hist := f.login(t, "h@student.uib.no", "h1", app.Grant{Role: app.RoleStudent})
	bio := f.login(t, "b@student.uib.no", "b1", app.Grant{Role: app.RoleStudent})
	nobody := f.login(t, "n@student.uib.no", "n1", app.Grant{Role: app.RoleStudent})

	// A history student picks a programme the program serves but she is not in.
	if _, err := f.svc.SignUp(hist, f.prog.ID, "MED", "2026H"); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("a HIST student's sign-up as MED: %v, want invalid", err)
	}
	if mine := offered(t, f, hist); len(mine) != 0 {
		t.Errorf("a program for BIO and MED is offered to a HIST student: %+v", mine)
	}
	// A student whose programme nobody has recorded cannot make one up.
	if _, err := f.svc.SignUp(nobody, f.prog.ID, "BIO", "2026H"); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("a sign-up with no known programme: %v, want invalid", err)
	}
	// A BIO student naming MED, or her own programme in another cohort, is refused too.
	if _, err := f.svc.SignUp(bio, f.prog.ID, "MED", "2025H"); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("a BIO student's sign-up as MED: %v, want invalid", err)
	}
	if _, err := f.svc.SignUp(bio, f.prog.ID, "BIO", "2026H"); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("a BIO 2025H student's sign-up as 2026H: %v, want invalid", err)
	}
	if list, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student); len(list) != 0 {
		t.Fatalf("refused sign-ups left participants: %+v", list)
	}
	// Her own programme is offered and taken, with no choice needed.
	mine := offered(t, f, bio)
	if len(mine) != 1 || len(mine[0].Rights) != 1 || mine[0].Rights[0] != (people.StudyRight{Programme: "BIO", Cohort: "2025H"}) {
		t.Fatalf("the BIO student's offer: %+v", mine)
	}
	if _, err := f.svc.SignUp(bio, f.prog.ID, "", ""); err != nil {
		t.Fatalf("the BIO student's own sign-up: %v", err)
	}
	list, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student)
	if len(list) != 1 || list[0].Programme != "BIO" || list[0].Cohort != "2025H" {
		t.Errorf("the coordinator's list: %+v", list)
	}
}

// offered lists the student's enrolments in the opt-in program under test.
func offered(t *testing.T, f *fx, ctx context.Context) []people.Enrolment {
	t.Helper()
	all, err := f.svc.MyEnrolments(ctx, people.OpenPrograms(app.ActorFrom(ctx), []program.Program{f.prog}))
	if err != nil {
		t.Fatal(err)
	}
	var out []people.Enrolment
	for _, e := range all {
		if e.Program.ID == f.prog.ID {
			out = append(out, e)
		}
	}
	return out
}
