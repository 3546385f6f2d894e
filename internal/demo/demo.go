// Package demo creates the deterministic demo institution used by
// `mentorhub demo` and by tests: a university with its seven faculties,
// departments, study programmes and cohorts, a second institution, mentor
// programs, and one demo account per role. Later areas add their data here.
package demo

import (
	"bytes"
	"context"
	"fmt"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

// Password is every demo account's password.
const Password = "mentorhub-demo"

// Account is a demo login.
type Account struct {
	Email, Name string
	Role        app.Role
	What        string // what to look at as this user
}

// Result says what the demo created.
type Result struct {
	Institution org.Institution
	Other       org.Institution
	Accounts    []Account
	Programs    map[string]program.Program // the demo university's, by program_id
	National    program.ImportResult       // the national mapping of other institutions
}

type faculty struct {
	code, name  string
	departments [][2]string // code, name
	programmes  [][3]string // code, name, department code ("" = faculty)
	sizes       []int       // students per cohort, per programme
}

// The University of Bergen's seven faculties, with a selection of their
// departments and programmes (names as the seeds use them).
var faculties = []faculty{
	{"HF", "Faculty of Humanities", [][2]string{{"HF-LLE", "Department of Linguistic, Literary and Aesthetic Studies"}, {"HF-AHKR", "Department of Archaeology, History, Cultural Studies and Religion"}},
		[][3]string{{"BAHF-NORD", "Bachelor in Nordic Language and Literature", "HF-LLE"}, {"BAHF-HIS", "Bachelor in History", "HF-AHKR"}}, []int{60, 80}},
	{"JUS", "Faculty of Law", nil,
		[][3]string{{"MAJUR", "Master of Laws (integrated)", ""}}, []int{150}},
	{"KMD", "Faculty of Fine Art, Music and Design", [][2]string{{"KMD-GRIEG", "The Grieg Academy – Department of Music"}},
		[][3]string{{"BAKMD-MUS", "Bachelor in Music Performance", "KMD-GRIEG"}, {"BAKMD-DES", "Bachelor in Design", ""}}, []int{30, 45}},
	{"MED", "Faculty of Medicine", [][2]string{{"MED-K1", "Department of Clinical Medicine"}},
		[][3]string{{"PRMED", "Medicine, professional study", "MED-K1"}, {"BAMED-ERN", "Bachelor in Human Nutrition", ""}}, []int{130, 40}},
	{"MN", "Faculty of Mathematics and Natural Sciences", [][2]string{{"MN-BIO", "Department of Biological Sciences"}, {"MN-MATH", "Department of Mathematics"}, {"MN-INF", "Department of Informatics"}, {"MN-CHEM", "Department of Chemistry"}},
		[][3]string{{"BAMN-BIO", "Bachelor in Biology", "MN-BIO"}, {"BAMN-MOL", "Bachelor in Molecular Biology", "MN-BIO"}, {"BAMN-MAT", "Bachelor in Mathematics", "MN-MATH"},
			{"BAMN-INF", "Bachelor in Informatics", "MN-INF"}, {"BAMN-KJEM", "Bachelor in Chemistry", "MN-CHEM"}}, []int{110, 55, 60, 120, 50}},
	{"PSY", "Faculty of Psychology", [][2]string{{"PSY-IPS", "Department of Psychosocial Science"}},
		[][3]string{{"PRPSY", "Psychology, professional study", ""}, {"BAPSY", "Bachelor in Psychology", "PSY-IPS"}}, []int{140, 100}},
	{"SV", "Faculty of Social Sciences", [][2]string{{"SV-ECON", "Department of Economics"}, {"SV-GEO", "Department of Geography"}},
		[][3]string{{"BASV-ECON", "Bachelor in Economics", "SV-ECON"}, {"BASV-GEO", "Bachelor in Geography", "SV-GEO"}}, []int{120, 70}},
}

// cohorts are the start terms with populations; older cohorts have shrunk.
var cohorts = []struct {
	term  string
	share float64
}{{"2023H", 0.78}, {"2024H", 0.88}, {"2025H", 1.0}, {"2026H", 1.0}}

// Seed creates the demo data in an empty database. It is deterministic:
// the same data every time (ids depend only on insertion order).
func Seed(ctx context.Context, a *auth.Service, o *org.Service, p *program.Service, pe *people.Service) (*Result, error) {
	ctx = app.WithActor(ctx, app.SystemActor)
	res := &Result{Programs: map[string]program.Program{}}
	var err error
	res.Institution, err = o.CreateInstitution(ctx, org.Institution{Slug: "uib", Name: "University of Bergen", FeideRealm: "uib.no"})
	if err != nil {
		return nil, fmt.Errorf("demo institution: %w", err)
	}
	inst := res.Institution.ID
	units := map[string]int64{}
	sizes := map[string]int{}
	for _, f := range faculties {
		u, err := o.CreateUnit(ctx, org.Unit{InstitutionID: inst, Kind: org.KindFaculty, Code: f.code, Name: f.name})
		if err != nil {
			return nil, err
		}
		units[f.code] = u.ID
		for _, d := range f.departments {
			du, err := o.CreateUnit(ctx, org.Unit{InstitutionID: inst, ParentID: u.ID, Kind: org.KindDepartment, Code: d[0], Name: d[1]})
			if err != nil {
				return nil, err
			}
			units[d[0]] = du.ID
		}
		for i, pr := range f.programmes {
			sizes[pr[0]] = f.sizes[i]
			unit := units[f.code]
			if pr[2] != "" {
				unit = units[pr[2]]
			}
			if _, err := o.CreateProgramme(ctx, org.Programme{InstitutionID: inst, UnitID: unit, Code: pr[0], Name: pr[1]}); err != nil {
				return nil, err
			}
			for _, c := range cohorts {
				n := int(float64(f.sizes[i])*c.share + 0.5)
				if err := o.SetCohort(ctx, inst, pr[0], c.term, n); err != nil {
					return nil, err
				}
			}
		}
	}
	// Mentor programs modelled on the seeds, one per model, with full records.
	if err := seedPrograms(ctx, p, inst, units, res); err != nil {
		return nil, fmt.Errorf("demo programs: %w", err)
	}
	pilot := res.Programs["uib-mn-pilot"].ID
	if err := seedPeople(ctx, pe, res, sizes); err != nil {
		return nil, fmt.Errorf("demo people: %w", err)
	}
	accounts := []struct {
		acct  Account
		grant app.Grant
		nat   bool
	}{
		{Account{"national@demo.mentorhub.no", "Nora Nasjonal", app.RoleNationalAdmin, "every institution"}, app.Grant{}, true},
		{Account{"admin@demo.mentorhub.no", "Astrid Admin", app.RoleAdmin, "the organisation tree, users and roles"}, app.Grant{Role: app.RoleAdmin}, false},
		{Account{"leader@demo.mentorhub.no", "Leif Leder", app.RoleLeader, "the institution's overview"}, app.Grant{Role: app.RoleLeader}, false},
		{Account{"dean.mn@demo.mentorhub.no", "Marit Dekan", app.RoleLeader, "the overview of one faculty (MN)"}, app.Grant{Role: app.RoleLeader, UnitID: units["MN"]}, false},
		{Account{"coordinator@demo.mentorhub.no", "Kari Koordinator", app.RoleCoordinator, "the MatNat mentor pilot"}, app.Grant{Role: app.RoleCoordinator, ProgramID: pilot}, false},
		{Account{"mentor@demo.mentorhub.no", "Magnus Mentor", app.RoleMentor, "a mentor's page"}, app.Grant{Role: app.RoleMentor, ProgramID: pilot}, false},
		{Account{"student@demo.mentorhub.no", "Sara Student", app.RoleStudent, "a first-year student's page (in a MatNat group)"}, app.Grant{Role: app.RoleStudent}, false},
		{Account{"researcher@demo.mentorhub.no", "Rolf Forsker", app.RoleResearcher, "pseudonymised data"}, app.Grant{Role: app.RoleResearcher}, false},
	}
	for _, x := range accounts {
		given, family := auth.SplitName(x.acct.Name)
		in := auth.CreateAccountInput{InstitutionID: inst, Email: x.acct.Email, GivenName: given, FamilyName: family,
			Password: Password, National: x.nat}
		if !x.nat {
			in.Grants = []app.Grant{x.grant}
		}
		switch x.grant.Role {
		case app.RoleStudent:
			in.StudentNumber = "100001" // the pilot's first student
		case app.RoleMentor:
			in.StudentNumber = "90001" // the pilot's first mentor (a master's student)
		}
		if _, err := a.CreateAccount(ctx, in); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", x.acct.Email, err)
		}
		res.Accounts = append(res.Accounts, x.acct)
	}
	// A second institution, so that a national service and the walls
	// between institutions can be seen.
	res.Other, err = o.CreateInstitution(ctx, org.Institution{Slug: "hvl", Name: "Western Norway University of Applied Sciences", FeideRealm: "hvl.no"})
	if err != nil {
		return nil, err
	}
	fhs, err := o.CreateUnit(ctx, org.Unit{InstitutionID: res.Other.ID, Kind: org.KindFaculty, Code: "FHS", Name: "Faculty of Health and Social Sciences"})
	if err != nil {
		return nil, err
	}
	if _, err := o.CreateProgramme(ctx, org.Programme{InstitutionID: res.Other.ID, UnitID: fhs.ID, Code: "SYKEPLEIE", Name: "Bachelor in Nursing"}); err != nil {
		return nil, err
	}
	if err := o.SetCohort(ctx, res.Other.ID, "SYKEPLEIE", "2026H", 220); err != nil {
		return nil, err
	}
	nurse := program.Program{InstitutionID: res.Other.ID, UnitID: fhs.ID, Code: "hvl-nurse-mentor", Name: "Mentor groups for nursing students",
		Level: "programme", Transition: "first_year", Model: "fixed_group_voluntary", MentorKinds: []string{"senior_student"},
		Enrolment: "opt_out", Paid: true, GroupSize: "8-10", Started: 2020, Status: "active", Public: true,
		Served: []program.Served{{ProgrammeCode: "SYKEPLEIE"}}}
	if _, err := p.Create(ctx, nurse); err != nil {
		return nil, err
	}
	if _, err := a.CreateAccount(ctx, auth.CreateAccountInput{InstitutionID: res.Other.ID, Email: "admin@hvl.demo.mentorhub.no",
		GivenName: "Hanne", FamilyName: "Vestland", Password: Password, Grants: []app.Grant{{Role: app.RoleAdmin}}}); err != nil {
		return nil, err
	}
	res.Accounts = append(res.Accounts, Account{"admin@hvl.demo.mentorhub.no", "Hanne Vestland", app.RoleAdmin, "the second institution (HVL)"})
	// A national mapping of other institutions' programs, some closed with reasons.
	rows, _, err := catalogue.Parse(bytes.NewReader(nationalCSV))
	if err != nil {
		return nil, fmt.Errorf("demo national mapping: %w", err)
	}
	if res.National, err = p.Import(ctx, rows); err != nil {
		return nil, fmt.Errorf("demo national mapping: %w", err)
	}
	return res, nil
}
