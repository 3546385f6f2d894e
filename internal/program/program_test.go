package program_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

type fx struct {
	db    *store.DB
	repos store.Repos
	auth  *auth.Service
	org   *org.Service
	svc   *program.Service
	sys   context.Context
	inst  org.Institution
	mn    org.Unit
	bio   org.Unit
}

func setup(t *testing.T) *fx {
	t.Helper()
	s := testutil.Services(t)
	f := &fx{db: s.DB, repos: s.Repos, sys: app.WithActor(context.Background(), app.SystemActor)}
	f.auth, f.org, f.svc = s.Auth, s.Org, s.Programs
	var err error
	if f.inst, err = f.org.CreateInstitution(f.sys, org.Institution{Slug: "uib", Name: "University of Bergen"}); err != nil {
		t.Fatal(err)
	}
	f.mn, _ = f.org.CreateUnit(f.sys, org.Unit{InstitutionID: f.inst.ID, Kind: "faculty", Code: "MN", Name: "Faculty of Mathematics and Natural Sciences"})
	f.bio, _ = f.org.CreateUnit(f.sys, org.Unit{InstitutionID: f.inst.ID, ParentID: f.mn.ID, Kind: "department", Code: "MN-BIO", Name: "Department of Biological Sciences"})
	return f
}

func base(inst int64, code string) program.Program {
	return program.Program{InstitutionID: inst, Code: code, Name: "Mentor groups " + code, Level: "faculty", Transition: "first_year",
		Model: "fixed_group_voluntary", MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2020, Status: "active"}
}

// actor logs in a fresh account with the given grant and returns its context.
func (f *fx) actor(t *testing.T, email string, g app.Grant) context.Context {
	t.Helper()
	g.InstitutionID = f.inst.ID
	if _, err := f.auth.CreateAccount(f.sys, auth.CreateAccountInput{InstitutionID: f.inst.ID, Email: email, GivenName: "T", FamilyName: "U",
		Password: "a long password!", Grants: []app.Grant{g}}); err != nil {
		t.Fatal(err)
	}
	_, a, err := f.auth.Login(context.Background(), email, "a long password!", "x")
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), a)
}

func TestValidateNamesEveryProblem(t *testing.T) {
	p := base(1, "Bad Code")
	p.Model, p.Level, p.GroupSize, p.URL = "circle", "", "12-10", "javascript:alert(1)"
	ended := 2018
	p.Ended = &ended
	p.MentorKinds = []string{"wizard"}
	got := map[string]bool{}
	for _, d := range program.Validate(p) {
		got[d.Column] = true
	}
	for _, col := range []string{"program_id", "model", "level", "group_size", "url", "ended", "mentor_kinds"} {
		if !got[col] {
			t.Errorf("no problem reported for %s (got %v)", col, got)
		}
	}
	if ds := program.Validate(base(1, "uib-ok")); len(ds) != 0 {
		t.Errorf("a valid program has problems: %v", ds)
	}
}

// TestExampleLinksAreWebAddresses refuses a link a page would run or that
// shows the attacker's content (javascript:, data:, vbscript:, hidden by
// case, white space or control characters) and keeps http(s) and mailto:.
func TestExampleLinksAreWebAddresses(t *testing.T) {
	for _, link := range []string{"javascript:alert(1)", " JavaScript:alert(document.cookie)", "java\tscript:alert(1)",
		"data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x", "https://", "mailto:", "ftp://x.example/f"} {
		p := base(1, "uib-ok")
		p.Example.Links = link
		ds := program.Validate(p)
		if len(ds) != 1 || ds[0].Column != "example_links" || ds[0].Key != "program.link_invalid" {
			t.Errorf("%q: %+v", link, ds)
		}
	}
	for _, link := range []string{"", "https://biorakel.w.uib.no", "http://example.no/a?b=c#d", "mailto:mentor@uib.no"} {
		p := base(1, "uib-ok")
		p.Example.Links = link
		if ds := program.Validate(p); len(ds) != 0 {
			t.Errorf("%q: %+v", link, ds)
		}
	}
}

func TestCoordinatorCreatesEditsAndHistoryIsKept(t *testing.T) {
	f := setup(t)
	seed, err := f.svc.Create(f.sys, base(f.inst.ID, "uib-seed"))
	if err != nil {
		t.Fatal(err)
	}
	coord := f.actor(t, "kari@uib.no", app.Grant{Role: app.RoleCoordinator, ProgramID: seed.ID})
	p := base(f.inst.ID, "")
	p.Name = "Thematic groups for new biology students"
	created, err := f.svc.Create(coord, p)
	if err != nil {
		t.Fatal(err)
	}
	if created.Code != "uib-thematic-groups-for-new-biology-students" || created.Public {
		t.Fatalf("created %q public=%v", created.Code, created.Public)
	}
	// The creator coordinates the new program and can edit it.
	updated, err := f.svc.Update(coord, created.ID, created.Version, func(p *program.Program) {
		p.Criteria[0] = program.Criterion{Met: true, Evidence: "The aim is written in the program plan."}
		p.Public = true
	})
	if err != nil {
		t.Fatal(err)
	}
	if !updated.Public || !updated.Criteria[0].Met || updated.Version != created.Version+1 {
		t.Fatalf("update: %+v", updated)
	}
	// A stale version is refused; an edit of someone else's program too.
	if _, err := f.svc.Update(coord, created.ID, created.Version, func(p *program.Program) { p.Name = "x" }); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("stale edit: %v", err)
	}
	other, _ := f.svc.Create(f.sys, base(f.inst.ID, "uib-other"))
	if _, err := f.svc.Update(coord, other.ID, 0, func(p *program.Program) { p.Name = "mine now" }); app.ErrorCode(err) == "" {
		t.Fatal("a coordinator edited another program")
	}
	h, err := f.svc.History(coord, created.ID)
	if err != nil || len(h) != 1 {
		t.Fatalf("history: %v %v", h, err)
	}
	if got := h[0].Changes["public"]; got != [2]string{"false", "true"} {
		t.Errorf("history of public: %v", got)
	}
	if got := h[0].Changes["criterion_1_evidence"]; got[1] != "The aim is written in the program plan." {
		t.Errorf("history of evidence: %v", got)
	}
	// Invalid edits name their fields and change nothing.
	_, err = f.svc.Update(coord, created.ID, 0, func(p *program.Program) { p.Status = "paused"; p.GroupSize = "many" })
	e := app.AsError(err)
	if e.Code != app.CodeInvalid || len(e.Details) != 2 {
		t.Fatalf("invalid edit: %v %+v", err, e.Details)
	}
	// A student cannot create programs.
	student := f.actor(t, "sara@uib.no", app.Grant{Role: app.RoleStudent})
	if _, err := f.svc.Create(student, base(f.inst.ID, "uib-student")); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("student created a program: %v", err)
	}
}

func TestCatalogueShowsOnlyPublishedProgramsAndFilters(t *testing.T) {
	f := setup(t)
	a := base(f.inst.ID, "uib-a")
	a.Public, a.Model, a.Purpose = true, "open_dropin", "Waffles and help with lab reports"
	b := base(f.inst.ID, "uib-b")
	b.Public, b.MentorKinds, b.Mandatory = true, []string{"alumni"}, true
	c := base(f.inst.ID, "uib-c") // not published
	for _, p := range []program.Program{a, b, c} {
		if _, err := f.svc.Create(f.sys, p); err != nil {
			t.Fatal(err)
		}
	}
	all, _ := f.svc.Catalogue(context.Background(), program.Filter{})
	if len(all) != 2 {
		t.Fatalf("catalogue has %d programs, want the 2 published", len(all))
	}
	for f2, want := range map[program.Filter]string{
		{Q: "WAFFLES lab"}: "uib-a", {Model: "open_dropin"}: "uib-a", {MentorKind: "alumni"}: "uib-b", {Mandatory: "true"}: "uib-b",
	} {
		got, _ := f.svc.Catalogue(context.Background(), f2)
		if len(got) != 1 || got[0].Code != want {
			t.Errorf("filter %+v: %v", f2, got)
		}
	}
	if _, err := f.svc.Public(context.Background(), "uib-c"); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("an unpublished program is public: %v", err)
	}
}

const mapping = `program_id,institution,unit,level,name,transition,model,mentor_kinds,mandatory,enrolment,credits,paid,group_size,mentors_per_group,students_offered,started,ended,end_reason,status,relevance,funding,url,min_standard
ntnu-a,NTNU,Faculty of Engineering,faculty,Mentor groups,first_year,fixed_group_voluntary,senior_student,false,opt_out,,true,8-12,2,400,2019,,,active,high,faculty,,1|2|3|4|5
oslomet-b,OsloMet,,institution,Work-life mentors,work_life,work_life_one_to_one,alumni,false,opt_in,false,false,,,60,2020,2022,funding ended,closed,high,corona money,https://www.oslomet.no/x,1|3
`

func parse(t *testing.T, s string) []catalogue.Row {
	t.Helper()
	rows, _, err := catalogue.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestImportIsIdempotentAndRoundTrips(t *testing.T) {
	f := setup(t)
	res, err := f.svc.Import(f.sys, parse(t, mapping))
	if err != nil || res.Created != 2 || res.Institutions != 2 {
		t.Fatalf("first import: %+v %v", res, err)
	}
	res, err = f.svc.Import(f.sys, parse(t, mapping))
	if err != nil || res.Unchanged != 2 || res.Created+res.Updated != 0 {
		t.Fatalf("second import: %+v %v", res, err)
	}
	res, err = f.svc.Import(f.sys, parse(t, strings.Replace(mapping, "400,2019", "450,2019", 1)))
	if err != nil || res.Updated != 1 || res.Unchanged != 1 {
		t.Fatalf("changed import: %+v %v", res, err)
	}
	got, _ := f.svc.Catalogue(context.Background(), program.Filter{})
	var b strings.Builder
	rows := []catalogue.Row{}
	for _, p := range got {
		rows = append(rows, p.Row())
	}
	if err := catalogue.WriteCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	// The export is the file again, with every data cell quoted (the
	// mapping's cells hold no comma or quote to escape).
	lines := strings.SplitAfter(strings.Replace(mapping, "400,2019", "450,2019", 1), "\n")
	for i := 1; i < len(lines)-1; i++ {
		lines[i] = `"` + strings.ReplaceAll(strings.TrimSuffix(lines[i], "\n"), ",", `","`) + "\"\n"
	}
	if want := strings.Join(lines, ""); b.String() != want {
		t.Fatalf("round trip:\n got %s\nwant %s", b.String(), want)
	}
	p, _ := f.svc.Public(context.Background(), "ntnu-a")
	h, _ := f.repos.Programs.FindProgramHistory(context.Background(), p.ID)
	if len(h) != 1 || h[0].Changes["students_offered"] != [2]string{"400", "450"} {
		t.Fatalf("import history: %+v", h)
	}
}

func TestAnAdminImportsOnlyTheirOwnInstitution(t *testing.T) {
	f := setup(t)
	admin := f.actor(t, "ada@uib.no", app.Grant{Role: app.RoleAdmin})
	_, err := f.svc.Import(admin, parse(t, mapping))
	e := app.AsError(err)
	if e.Code != app.CodeInvalid || len(e.Details) != 2 || e.Details[0].Line != 2 || e.Details[1].Line != 3 {
		t.Fatalf("foreign rows: %v %+v", err, e.Details)
	}
	if all, _ := f.svc.Catalogue(context.Background(), program.Filter{}); len(all) != 0 {
		t.Fatal("something was imported from a refused file")
	}
	own := strings.ReplaceAll(mapping, "NTNU", "University of Bergen")
	own = strings.ReplaceAll(own, "OsloMet", "University of Bergen")
	if _, err := f.svc.Import(admin, parse(t, own)); err != nil {
		t.Fatalf("own rows: %v", err)
	}
	p, _ := f.svc.Public(context.Background(), "ntnu-a")
	if p.InstitutionID != f.inst.ID {
		t.Fatalf("imported into institution %d", p.InstitutionID)
	}
	// A program_id of another institution cannot be taken over by a file.
	other := strings.ReplaceAll(mapping, "NTNU", "Nord University")
	_, err = f.svc.Import(f.sys, parse(t, other))
	if e := app.AsError(err); e.Code != app.CodeInvalid || !strings.Contains(e.Details[0].Message, "belongs to") {
		t.Fatalf("take-over: %v", err)
	}
}
