package program_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/program"
)

// TestOnlyItsCoordinatorsAndAdminsUpdateAProgram: Update checks who edits
// before it changes anything. Those who may read the program but not edit
// it (a leader, a researcher, its mentor) get forbidden; those who may not
// even read it get forbidden or not found; in every case the program, its
// version and its history stay as they were.
func TestOnlyItsCoordinatorsAndAdminsUpdateAProgram(t *testing.T) {
	f := setup(t)
	p := base(f.inst.ID, "uib-target")
	p.UnitID = f.bio.ID
	target, err := f.svc.Create(f.sys, p)
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.svc.Create(f.sys, base(f.inst.ID, "uib-neighbour"))
	if err != nil {
		t.Fatal(err)
	}
	hf, err := f.org.CreateUnit(f.sys, org.Unit{InstitutionID: f.inst.ID, Kind: "faculty", Code: "HF", Name: "Faculty of Humanities"})
	if err != nil {
		t.Fatal(err)
	}
	hvl, err := f.org.CreateInstitution(f.sys, org.Institution{Slug: "hvl", Name: "Western Norway University"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.auth.CreateAccount(f.sys, auth.CreateAccountInput{InstitutionID: hvl.ID, Email: "admin@hvl.no", GivenName: "H",
		FamilyName: "V", Password: "a long password!", Grants: []app.Grant{{Role: app.RoleAdmin, InstitutionID: hvl.ID}}}); err != nil {
		t.Fatal(err)
	}
	_, hvlAdmin, err := f.auth.Login(context.Background(), "admin@hvl.no", "a long password!", "x")
	if err != nil {
		t.Fatal(err)
	}
	denied := map[string]context.Context{
		"leader of the institution":  f.actor(t, "leader@uib.no", app.Grant{Role: app.RoleLeader}),
		"leader of the unit":         f.actor(t, "dean.mn@uib.no", app.Grant{Role: app.RoleLeader, UnitID: f.mn.ID}),
		"leader of another unit":     f.actor(t, "dean.hf@uib.no", app.Grant{Role: app.RoleLeader, UnitID: hf.ID}),
		"researcher":                 f.actor(t, "researcher@uib.no", app.Grant{Role: app.RoleResearcher}),
		"mentor of the program":      f.actor(t, "mentor@uib.no", app.Grant{Role: app.RoleMentor, ProgramID: target.ID}),
		"coordinator of another one": f.actor(t, "coord.other@uib.no", app.Grant{Role: app.RoleCoordinator, ProgramID: other.ID}),
		"student":                    f.actor(t, "student@uib.no", app.Grant{Role: app.RoleStudent}),
		"admin of another instn":     app.WithActor(context.Background(), hvlAdmin),
	}
	for who, ctx := range denied {
		before, err := f.svc.Get(f.sys, target.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Update(ctx, target.ID, before.Version, func(p *program.Program) {
			p.Name = "Taken over by " + who
			p.Public = !p.Public
			p.Status = "closed"
		})
		if c := app.ErrorCode(err); c != app.CodeForbidden && c != app.CodeNotFound {
			t.Errorf("%s updated the program: err %v, want forbidden or not found", who, err)
		}
		after, _ := f.svc.Get(f.sys, target.ID)
		if !reflect.DeepEqual(after, before) {
			t.Errorf("%s changed the program:\nbefore %+v\nafter  %+v", who, before, after)
		}
		if h, _ := f.svc.History(f.sys, target.ID); len(h) != 0 {
			t.Errorf("%s left history: %+v", who, h)
		}
	}

	// Its coordinator and the institution's admin may: the refusals above
	// are about who asks, not what they asked.
	for who, ctx := range map[string]context.Context{
		"coordinator": f.actor(t, "coord@uib.no", app.Grant{Role: app.RoleCoordinator, ProgramID: target.ID}),
		"admin":       f.actor(t, "admin@uib.no", app.Grant{Role: app.RoleAdmin}),
	} {
		if _, err := f.svc.Update(ctx, target.ID, 0, func(p *program.Program) { p.Name = "Edited by " + who }); err != nil {
			t.Errorf("%s: %v", who, err)
		}
	}
	if got, _ := f.svc.Get(f.sys, target.ID); got.Name != "Edited by admin" && got.Name != "Edited by coordinator" {
		t.Errorf("name after the allowed edits: %q", got.Name)
	}
}
