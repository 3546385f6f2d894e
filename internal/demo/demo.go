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
	"github.com/mentorhub/mentorhub/internal/training"
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
// departments and programmes, named as the university names them.
var faculties = []faculty{
	{"HF", "Det humanistiske fakultet", [][2]string{{"HF-LLE", "Institutt for lingvistiske, litterære og estetiske studier"}, {"HF-AHKR", "Institutt for arkeologi, historie, kultur- og religionsvitenskap"}},
		[][3]string{{"BAHF-NORD", "Bachelorprogram i nordisk språk og litteratur", "HF-LLE"}, {"BAHF-HIS", "Bachelorprogram i historie", "HF-AHKR"}}, []int{60, 80}},
	{"JUS", "Det juridiske fakultet", nil,
		[][3]string{{"MAJUR", "Masterprogram i rettsvitenskap (integrert)", ""}}, []int{150}},
	{"KMD", "Fakultet for kunst, musikk og design", [][2]string{{"KMD-GRIEG", "Griegakademiet – Institutt for musikk"}},
		[][3]string{{"BAKMD-MUS", "Bachelorprogram i utøvende musikk", "KMD-GRIEG"}, {"BAKMD-DES", "Bachelorprogram i design", ""}}, []int{30, 45}},
	{"MED", "Det medisinske fakultet", [][2]string{{"MED-K1", "Klinisk institutt 1"}},
		[][3]string{{"PRMED", "Profesjonsstudiet i medisin", "MED-K1"}, {"BAMED-ERN", "Bachelorprogram i human ernæring", ""}}, []int{130, 40}},
	{"MN", "Det matematisk-naturvitenskapelige fakultet", [][2]string{{"MN-BIO", "Institutt for biovitenskap"}, {"MN-MATH", "Matematisk institutt"}, {"MN-INF", "Institutt for informatikk"}, {"MN-CHEM", "Kjemisk institutt"}},
		[][3]string{{"BAMN-BIO", "Bachelorprogram i biologi", "MN-BIO"}, {"BAMN-MOL", "Bachelorprogram i molekylærbiologi", "MN-BIO"}, {"BAMN-MAT", "Bachelorprogram i matematikk", "MN-MATH"},
			{"BAMN-INF", "Bachelorprogram i informatikk", "MN-INF"}, {"BAMN-KJEM", "Bachelorprogram i kjemi", "MN-CHEM"}}, []int{110, 55, 60, 120, 50}},
	{"PSY", "Det psykologiske fakultet", [][2]string{{"PSY-IPS", "Institutt for samfunnspsykologi"}},
		[][3]string{{"PRPSY", "Profesjonsstudiet i psykologi", ""}, {"BAPSY", "Bachelorprogram i psykologi", "PSY-IPS"}}, []int{140, 100}},
	{"SV", "Det samfunnsvitenskapelige fakultet", [][2]string{{"SV-ECON", "Institutt for økonomi"}, {"SV-GEO", "Institutt for geografi"}},
		[][3]string{{"BASV-ECON", "Bachelorprogram i samfunnsøkonomi", "SV-ECON"}, {"BASV-GEO", "Bachelorprogram i geografi", "SV-GEO"}}, []int{120, 70}},
}

// cohorts are the start terms with populations; older cohorts have shrunk.
var cohorts = []struct {
	term  string
	share float64
}{{"2023H", 0.78}, {"2024H", 0.88}, {"2025H", 1.0}, {"2026H", 1.0}}

// Seed creates the demo data in an empty database. It is deterministic:
// the same data every time (ids depend only on insertion order).
func Seed(ctx context.Context, a *auth.Service, o *org.Service, p *program.Service, pe *people.Service, tr *training.Service) (*Result, error) {
	ctx = app.WithActor(ctx, app.SystemActor)
	res := &Result{Programs: map[string]program.Program{}}
	var err error
	res.Institution, err = o.CreateInstitution(ctx, org.Institution{Slug: "uib", Name: "Universitetet i Bergen", FeideRealm: "uib.no"})
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
	res.Other, err = o.CreateInstitution(ctx, org.Institution{Slug: "hvl", Name: "Høgskulen på Vestlandet", FeideRealm: "hvl.no"})
	if err != nil {
		return nil, err
	}
	fhs, err := o.CreateUnit(ctx, org.Unit{InstitutionID: res.Other.ID, Kind: org.KindFaculty, Code: "FHS", Name: "Fakultet for helse- og sosialvitskap"})
	if err != nil {
		return nil, err
	}
	if _, err := o.CreateProgramme(ctx, org.Programme{InstitutionID: res.Other.ID, UnitID: fhs.ID, Code: "SYKEPLEIE", Name: "Bachelor i sjukepleie"}); err != nil {
		return nil, err
	}
	if err := o.SetCohort(ctx, res.Other.ID, "SYKEPLEIE", "2026H", 220); err != nil {
		return nil, err
	}
	nurse := program.Program{InstitutionID: res.Other.ID, UnitID: fhs.ID, Code: "hvl-nurse-mentor", Name: "Mentorgrupper for sjukepleiestudentar", Language: "nn",
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
	// Programs for international students are written in English, HVL's
	// in nynorsk; the rest in bokmål.
	published, err := p.Catalogue(ctx, program.Filter{})
	if err != nil {
		return nil, err
	}
	for _, pr := range published {
		lang, ok := nationalLanguages[pr.Code]
		if !ok {
			continue
		}
		if _, err := p.Update(ctx, pr.ID, pr.Version, func(x *program.Program) { x.Language = lang }); err != nil {
			return nil, fmt.Errorf("demo national mapping: %s: %w", pr.Code, err)
		}
	}
	if err := seedTraining(ctx, tr, pe, res); err != nil {
		return nil, fmt.Errorf("demo training: %w", err)
	}
	return res, nil
}

// nationalLanguages are the national mapping's programs not written in
// bokmål: those for international students (in English) and HVL's (in
// nynorsk).
var nationalLanguages = map[string]string{"ntnu-intl-mentor": "en", "hivolda-intl-mentor": "en",
	"hvl-engineering-worklife": "nn", "hvl-practicum-mentor": "nn", "hvl-corona-mentor": "nn", "hvl-nav-mentor": "nn"}
