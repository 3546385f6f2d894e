package people_test

import (
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

func TestAnApplicationNamesEachMentorOnceAndCanBeChangedOrWithdrawnWhileOpen(t *testing.T) {
	f := setup(t, func(p *program.Program) { p.Model = "work_life_one_to_one"; p.Enrolment = "opt_in" })
	mentors := "mentor_id,given_name,family_name,email,programme_code,kind,max_groups,field,sector\n" +
		"a1,Anne,Alumna,anne@example.no,ALUMNI,alumni,1,biology,public\n" +
		"a2,Bjørn,Alumnus,bjorn@example.no,ALUMNI,alumni,1,economics,private\n"
	if _, err := f.svc.Import(f.coord, f.prog.ID, "mentors", []byte(mentors), nil); err != nil {
		t.Fatal(err)
	}
	deadline := f.clock.Now().Add(48 * time.Hour)
	capacity := 1
	if err := f.svc.SetSignup(f.coord, f.prog.ID, &deadline, &capacity); err != nil {
		t.Fatal(err)
	}
	ann := f.login(t, "ann@student.uib.no", "ann", app.Grant{Role: app.RoleStudent})
	ben := f.login(t, "ben@student.uib.no", "ben", app.Grant{Role: app.RoleStudent})

	// The same mentor as wishes 1 and 3: refused, naming wish 3.
	_, err := f.svc.Apply(ann, f.prog.ID, people.Application{Programme: "BAMN-BIO", Ranking: []string{"a1", "", "a1"}})
	if e := app.AsError(err); e.Code != app.CodeInvalid || e.Key != "apply.same_mentor" || e.Args["N"] != 3 || e.Args["First"] != 1 ||
		len(e.Details) != 1 || e.Details[0].Column != "rank3" {
		t.Fatalf("the same mentor twice: %v %+v", err, e)
	}
	annID, err := f.svc.Apply(ann, f.prog.ID, people.Application{Programme: "BAMN-BIO", Ranking: []string{"a1", "a2"}})
	if err != nil {
		t.Fatal(err)
	}
	benID, err := f.svc.Apply(ben, f.prog.ID, people.Application{Programme: "BASV-ECON"})
	if err != nil {
		t.Fatal(err)
	}
	// Ben is selected: the one place is taken. Ann may still change her
	// application (it is not a new one) but nobody new may apply.
	if err := f.svc.Select(f.coord, f.prog.ID, []int64{benID}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Apply(ann, f.prog.ID, people.Application{Programme: "BAMN-BIO", Ranking: []string{"a2"}}); err != nil {
		t.Errorf("changing an application when the program is full: %v", err)
	}
	if x, _ := f.repos.People.FindParticipant(f.sys, annID); len(x.Ranking) != 1 || x.Ranking[0] != "a2" {
		t.Errorf("the change was not stored: %v", x.Ranking)
	}
	cid := f.login(t, "cid@student.uib.no", "cid", app.Grant{Role: app.RoleStudent})
	if _, err := f.svc.Apply(cid, f.prog.ID, people.Application{Programme: "BAMN-BIO"}); app.AsError(err).Key != "enrolment.full" {
		t.Errorf("a new application to a full program: %v", err)
	}
	// A decided application is neither changed nor withdrawn.
	if err := f.svc.Withdraw(ben, f.prog.ID); app.AsError(err).Key != "onetoone.decided" {
		t.Errorf("withdrawing a selected application: %v", err)
	}
	// Someone without an application has nothing to withdraw.
	if err := f.svc.Withdraw(cid, f.prog.ID); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("withdrawing no application: %v", err)
	}
	// Ann withdraws: the application is gone, and she may apply again.
	if err := f.svc.Withdraw(ann, f.prog.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.repos.People.FindParticipant(f.sys, annID); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("the withdrawn application is still there: %v", err)
	}
	capacity = 5
	if err := f.svc.SetSignup(f.coord, f.prog.ID, &deadline, &capacity); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Apply(ann, f.prog.ID, people.Application{Programme: "BAMN-BIO"}); err != nil {
		t.Fatalf("applying again: %v", err)
	}
	// After the deadline the application stands as it is.
	f.clock.Advance(49 * time.Hour)
	if _, err := f.svc.Apply(ann, f.prog.ID, people.Application{Programme: "BAHF-HIS"}); app.AsError(err).Key != "enrolment.closed" {
		t.Errorf("changing after the deadline: %v", err)
	}
	if err := f.svc.Withdraw(ann, f.prog.ID); app.AsError(err).Key != "enrolment.closed" {
		t.Errorf("withdrawing after the deadline: %v", err)
	}
}

func TestOnlyStudentsApplyToAOneToOneProgram(t *testing.T) {
	f := setup(t, func(p *program.Program) { p.Model = "work_life_one_to_one"; p.Enrolment = "opt_in" })
	deadline := f.clock.Now().Add(48 * time.Hour)
	capacity := 5
	if err := f.svc.SetSignup(f.coord, f.prog.ID, &deadline, &capacity); err != nil {
		t.Fatal(err)
	}
	staff := f.login(t, "staff@uib.no", "staff", app.Grant{Role: app.RoleMentor})
	if id, err := f.svc.Apply(staff, f.prog.ID, people.Application{Programme: "BAMN-BIO"}); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("a mentor account applied as a mentee: %d %v, want not found", id, err)
	}
	if _, _, _, err := f.svc.OfferedMentors(staff, f.prog.ID); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("a mentor account is offered the program's mentors: %v, want not found", err)
	}
	both := f.login(t, "s@uib.no", "s1", app.Grant{Role: app.RoleMentor}, app.Grant{Role: app.RoleStudent})
	if _, err := f.svc.Apply(both, f.prog.ID, people.Application{Programme: "BAMN-BIO"}); err != nil {
		t.Fatalf("a student who also mentors: %v", err)
	}
}
