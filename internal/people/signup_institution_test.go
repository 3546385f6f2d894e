package people_test

import (
	"context"
	"github.com/mentorhub/mentorhub/internal/allocate"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

// A student of another institution may not sign up to an opt-in program,
// not even one published in the (national) catalogue; a student of the
// program's own institution, with the same grant and the same choice, may.
func TestSignUpIsForStudentsOfTheProgramsInstitution(t *testing.T) {
	f := setup(t, func(p *program.Program) { p.Enrolment = "opt_in" })
	deadline := t0.Add(48 * time.Hour)
	capacity := 10
	if err := f.svc.SetSignup(f.coord, f.prog.ID, &deadline, &capacity); err != nil {
		t.Fatal(err)
	}
	hvl, err := f.org.CreateInstitution(f.sys, org.Institution{Slug: "hvl", Name: "Western Norway University"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.auth.CreateAccount(f.sys, auth.CreateAccountInput{InstitutionID: hvl.ID, Email: "h@student.hvl.no", GivenName: "H",
		FamilyName: "V", Password: "a long password!", StudentNumber: "h1",
		Grants: []app.Grant{{Role: app.RoleStudent, InstitutionID: hvl.ID}}}); err != nil {
		t.Fatal(err)
	}
	_, actor, err := f.auth.Login(context.Background(), "h@student.hvl.no", "a long password!", "x")
	if err != nil {
		t.Fatal(err)
	}
	if actor.PersonID == 0 || actor.InstitutionID != hvl.ID {
		t.Fatalf("the HVL student's actor: %+v", actor)
	}
	foreign := app.WithActor(context.Background(), actor)

	if open := people.OpenPrograms(actor, []program.Program{f.prog}); len(open) != 0 {
		t.Errorf("a UiB program is offered for sign-up to an HVL student: %v", open)
	}
	if id, err := f.svc.SignUp(foreign, f.prog.ID, "BIO", "2026H"); err == nil {
		t.Errorf("an HVL student signed up to a UiB program (participation %d)", id)
	} else if c := app.ErrorCode(err); c != app.CodeNotFound && c != app.CodeForbidden {
		t.Errorf("an HVL student's sign-up: %v, want not found or forbidden", err)
	}
	if list, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student); len(list) != 0 {
		t.Errorf("the refused sign-up left participants: %+v", list)
	}

	// The same sign-up by a student of the program's institution is taken:
	// the refusal above is the institution's, not the form's.
	f.enrolIn(t, allocate.Student{Number: "u1", Programme: "BIO", Cohort: "2026H"})
	own := f.login(t, "u@student.uib.no", "u1", app.Grant{Role: app.RoleStudent})
	if _, err := f.svc.SignUp(own, f.prog.ID, "BIO", "2026H"); err != nil {
		t.Fatalf("a UiB student's sign-up: %v", err)
	}
	if list, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student); len(list) != 1 || list[0].ExternalID != "u1" {
		t.Errorf("participants: %+v", list)
	}
}

// Sign-up is for students (mentee applications too: the route table): an account of the
// same institution that holds only a staff, mentor or admin role is not
// enrolled as a student by a click, and nothing is stored.
func TestSignUpIsForStudentsOnly(t *testing.T) {
	f := setup(t, func(p *program.Program) { p.Enrolment = "opt_in" })
	deadline := t0.Add(48 * time.Hour)
	capacity := 10
	if err := f.svc.SetSignup(f.coord, f.prog.ID, &deadline, &capacity); err != nil {
		t.Fatal(err)
	}
	mentor := f.login(t, "m@uib.no", "m1", app.Grant{Role: app.RoleMentor})
	if id, err := f.svc.SignUp(mentor, f.prog.ID, "BIO", "2026H"); err == nil {
		t.Errorf("a mentor account signed up as a student (participation %d)", id)
	} else if c := app.ErrorCode(err); c != app.CodeNotFound && c != app.CodeForbidden {
		t.Errorf("a mentor account's sign-up: %v, want not found or forbidden", err)
	}
	if open := people.OpenPrograms(app.ActorFrom(mentor), []program.Program{f.prog}); len(open) != 0 {
		t.Errorf("sign-up is offered to a mentor account: %v", open)
	}
	if list, _ := f.svc.Participants(f.coord, f.prog.ID, people.Student); len(list) != 0 {
		t.Errorf("the refused sign-up left participants: %+v", list)
	}
	// The same account with the student role as well (a senior student who
	// mentors) may.
	f.enrolIn(t, allocate.Student{Number: "s1", Programme: "BIO", Cohort: "2026H"})
	both := f.login(t, "s@uib.no", "s1", app.Grant{Role: app.RoleMentor}, app.Grant{Role: app.RoleStudent})
	if _, err := f.svc.SignUp(both, f.prog.ID, "BIO", "2026H"); err != nil {
		t.Fatalf("a student who also mentors: %v", err)
	}
}
