package program

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
)

// Org is what programs need to know of the organisation tree.
type Org interface {
	FindInstitutionByID(ctx context.Context, id int64) (org.Institution, error)
	FindUnits(ctx context.Context, institutionID int64) ([]org.Unit, error)
	FindProgrammes(ctx context.Context, institutionID int64) ([]org.Programme, error)
	FindCohorts(ctx context.Context, institutionID int64) ([]org.Cohort, error)
}

// Granter gives a coordinator the program they created.
type Granter interface {
	AddGrant(ctx context.Context, accountID int64, g app.Grant) (int64, error)
}

// Service holds the rules of programs.
type Service struct {
	store   Store
	org     Org
	granter Granter
	audit   func(ctx context.Context, action, target, outcome, details string)
	// changes composes a change's writes and its audit entry into one
	// unit of work (see UseUnits).
	changes app.Auditor
}

// NewService returns a Service.
func NewService(store Store, o Org, g Granter, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	s := &Service{store: store, org: o, granter: g, audit: audit}
	s.changes = app.AuditOnly(audit)
	return s
}

// UseUnits makes the service's changes units of work (see app.Auditor):
// without it each write commits alone.
func (s *Service) UseUnits(a app.Auditor) { s.changes = a }

// unitCache holds an institution's units once loaded. A unit-scoped grant
// belongs to the actor's own institution, so one cache serves a whole list.
type unitCache struct {
	loaded bool
	units  []org.Unit
}

// canSee decides whether the actor may read program p (beyond its public
// catalogue page): admins, researchers and institution-wide leaders see every
// program of their institution; a unit leader or researcher those of the
// unit's subtree; coordinators and mentors theirs. units caches the
// institution's units across calls (List asks once per program).
func (s *Service) canSee(ctx context.Context, a *app.Actor, p Program, units *unitCache) (bool, error) {
	if a == nil {
		return false, nil
	}
	if a.System || a.National {
		return true, nil
	}
	if a.InstitutionID != p.InstitutionID {
		return false, nil
	}
	if units == nil {
		units = &unitCache{}
	}
	for _, g := range a.Grants {
		if g.InstitutionID != p.InstitutionID {
			continue
		}
		switch g.Role {
		case app.RoleAdmin:
			return true, nil
		case app.RoleLeader, app.RoleResearcher:
			if g.UnitID == 0 {
				return true, nil
			}
			if !units.loaded {
				us, err := s.org.FindUnits(ctx, p.InstitutionID)
				if err != nil {
					return false, err
				}
				units.units, units.loaded = us, true
			}
			if org.Descendants(units.units, g.UnitID)[p.UnitID] {
				return true, nil
			}
		case app.RoleCoordinator, app.RoleMentor:
			if g.ProgramID == p.ID {
				return true, nil
			}
		}
	}
	return false, nil
}

// CanEdit reports whether the actor may change program p: admins of its
// institution and its coordinators.
func CanEdit(a *app.Actor, p Program) bool {
	if a.IsAdminOf(p.InstitutionID) {
		return true
	}
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == app.RoleCoordinator && g.ProgramID == p.ID && g.InstitutionID == p.InstitutionID {
			return true
		}
	}
	return false
}

// CanCreate reports whether the actor may create programs in institution
// inst: its admins and anyone coordinating a program there.
func CanCreate(a *app.Actor, inst int64) bool {
	return a.IsAdminOf(inst) || a.Has(app.RoleCoordinator, inst)
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// newCode derives a program_id from the institution and the program name.
func newCode(inst org.Institution, name string) string {
	base := slugRE.ReplaceAllString(app.Fold(name), "-")
	base = strings.Trim(base, "-")
	if len(base) > 40 {
		base = base[:40]
		if i := strings.LastIndex(base, "-"); i > 10 {
			base = base[:i] // cut at a word boundary
		}
		base = strings.Trim(base, "-")
	}
	return inst.Slug + "-" + base
}

// Create adds a program. A coordinator who creates one becomes its
// coordinator. Without a program_id one is derived from the name.
func (s *Service) Create(ctx context.Context, p Program) (Program, error) {
	a := app.ActorFrom(ctx)
	if !CanCreate(a, p.InstitutionID) {
		s.audit(ctx, "program.create", p.Code, "denied", "")
		return Program{}, app.Forbidden()
	}
	inst, err := s.org.FindInstitutionByID(ctx, p.InstitutionID)
	if err != nil {
		return Program{}, err
	}
	p.InstitutionName = inst.Name
	if p.Code == "" {
		// A derived program_id gets a number when another program has it.
		base := newCode(inst, p.Name)
		p.Code = base
		for n := 2; n < 100; n++ {
			if _, err := s.store.FindProgramByAnyCode(ctx, p.Code); app.ErrorCode(err) == app.CodeNotFound {
				break
			} else if err != nil {
				return Program{}, err
			}
			p.Code = fmt.Sprintf("%s-%d", base, n)
		}
	}
	if p.Language == "" {
		p.Language = "nb" // the institutions' own language, unless told otherwise
	}
	if err := s.resolve(ctx, &p); err != nil {
		return Program{}, err
	}
	if ds := Validate(p); len(ds) > 0 {
		return Program{}, invalid(ds)
	}
	// The program, its creator's coordinator grant and the audit entry:
	// one unit of work.
	var id int64
	grant := a != nil && !a.System && !a.IsAdminOf(p.InstitutionID) && s.granter != nil
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) (err error) {
		id, err = s.store.CreateProgram(ctx, p)
		if err != nil || !grant {
			return err
		}
		_, err = s.granter.AddGrant(ctx, a.AccountID, app.Grant{Role: app.RoleCoordinator, InstitutionID: p.InstitutionID, ProgramID: id})
		return err
	}, "program.create", p.Code, "ok", "")
	if app.ErrorCode(err) == app.CodeConflict {
		return Program{}, &app.Error{Code: app.CodeConflict, Key: "program.code_taken", Message: fmt.Sprintf("program_id %q is taken", p.Code),
			Details: []app.Detail{{Column: "program_id", Message: "is taken by another program", Key: "program.err.code_taken"}}}
	}
	if err != nil {
		return Program{}, err
	}
	if grant {
		a.Grants = append(a.Grants, app.Grant{Role: app.RoleCoordinator, InstitutionID: p.InstitutionID, ProgramID: id})
	}
	return s.store.FindProgramByID(ctx, id)
}

// resolve fills the unit name and the served programmes' ids from codes,
// and checks they belong to the program's institution.
func (s *Service) resolve(ctx context.Context, p *Program) error {
	if p.UnitID != 0 {
		units, err := s.org.FindUnits(ctx, p.InstitutionID)
		if err != nil {
			return err
		}
		found := false
		for _, u := range units {
			if u.ID == p.UnitID {
				found = true
				p.UnitName = u.Name // the organisation tree is authoritative
			}
		}
		if !found {
			return invalid([]app.Detail{{Column: "unit_id", Message: "no such unit in this institution", Key: "program.err.no_unit"}})
		}
	}
	if len(p.Served) == 0 {
		return nil
	}
	progs, err := s.org.FindProgrammes(ctx, p.InstitutionID)
	if err != nil {
		return err
	}
	byCode, byID := map[string]int64{}, map[int64]string{}
	for _, pr := range progs {
		byCode[pr.Code], byID[pr.ID] = pr.ID, pr.Code
	}
	var ds []app.Detail
	for i, sv := range p.Served {
		switch {
		case sv.ProgrammeID != 0 && byID[sv.ProgrammeID] != "":
			p.Served[i].ProgrammeCode = byID[sv.ProgrammeID]
		case sv.ProgrammeCode != "" && byCode[sv.ProgrammeCode] != 0:
			p.Served[i].ProgrammeID = byCode[sv.ProgrammeCode]
		default:
			ds = append(ds, app.Detail{Column: "programmes", Message: fmt.Sprintf("no study programme %q in this institution", sv.ProgrammeCode),
				Key: "program.err.no_programme", Args: map[string]any{"Code": sv.ProgrammeCode}})
		}
		if sv.Cohort != "" && !org.ValidTerm(sv.Cohort) {
			ds = append(ds, app.Detail{Column: "programmes", Message: fmt.Sprintf("cohort %q must be a start term such as 2026H", sv.Cohort),
				Key: "program.err.cohort", Args: map[string]any{"Cohort": sv.Cohort}})
		}
	}
	if len(ds) > 0 {
		return invalid(ds)
	}
	return nil
}

// Get returns a program the actor may see; others are "not found".
func (s *Service) Get(ctx context.Context, id int64) (Program, error) {
	p, err := s.store.FindProgramByID(ctx, id)
	if err != nil {
		return Program{}, err
	}
	ok, err := s.canSee(ctx, app.ActorFrom(ctx), p, nil)
	if err != nil {
		return Program{}, err
	}
	if !ok {
		s.audit(ctx, "program.read", p.Code, "denied", "")
		return Program{}, app.NotFound("program")
	}
	return p, nil
}

// ByCode returns a program by its program_id (any institution) if the actor may see it.
func (s *Service) ByCode(ctx context.Context, inst int64, code string) (Program, error) {
	p, err := s.store.FindProgramByCode(ctx, inst, code)
	if err != nil {
		return Program{}, err
	}
	return s.Get(ctx, p.ID)
}

// List returns the programs the actor may see.
func (s *Service) List(ctx context.Context) ([]Program, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return nil, app.Unauthorized()
	}
	inst := a.InstitutionID
	if a.National || a.System {
		inst = 0
	}
	all, err := s.store.FindPrograms(ctx, inst)
	if err != nil {
		return nil, err
	}
	out := []Program{}
	var units unitCache // one load for the whole list
	for _, p := range all {
		ok, err := s.canSee(ctx, a, p, &units)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// Update applies change to a copy of the program and saves it if the actor
// may edit it and the result is valid; the change is kept in the history.
// version must be the version the editor saw (0: no check).
func (s *Service) Update(ctx context.Context, id int64, version int, change func(*Program)) (Program, error) {
	a := app.ActorFrom(ctx)
	old, err := s.Get(ctx, id)
	if err != nil {
		return Program{}, err
	}
	if !CanEdit(a, old) {
		s.audit(ctx, "program.update", old.Code, "denied", "")
		return Program{}, app.Forbidden()
	}
	if version != 0 && version != old.Version {
		return Program{}, errStale()
	}
	p := old
	p.MentorKinds = append([]string(nil), old.MentorKinds...)
	p.Served = append([]Served(nil), old.Served...)
	change(&p)
	// A computed criterion 2 is not declared by an edit: the stored
	// declaration stays as it was.
	if t := old.Criteria[1].Trained; t != nil {
		p.Criteria[1] = Criterion{Met: t.Declared, Evidence: p.Criteria[1].Evidence}
	}
	// What may not change through an edit.
	p.ID, p.InstitutionID, p.InstitutionName, p.Code, p.CreatedAt, p.Version = old.ID, old.InstitutionID, old.InstitutionName, old.Code, old.CreatedAt, old.Version
	if p.Language == "" {
		p.Language = "nb" // the institutions' own language, unless told otherwise
	}
	if err := s.resolve(ctx, &p); err != nil {
		return Program{}, err
	}
	if ds := Validate(p); len(ds) > 0 {
		return Program{}, invalid(ds)
	}
	changes := diff(stored(old), p)
	if len(changes) == 0 {
		return old, nil
	}
	h := HistoryEntry{Actor: actorName(a), Changes: changes}
	var saved Program
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) (err error) {
		saved, err = s.store.SaveProgram(ctx, p, h, a.AccountID)
		return err
	}, "program.update", p.Code, "ok", strings.Join(keys(changes), ","))
	if err != nil {
		return Program{}, err
	}
	return saved, nil
}

func errStale() error {
	return &app.Error{Code: app.CodeConflict, Key: "program.stale", Message: "someone else changed this program meanwhile; reload it and make your change again"}
}

func actorName(a *app.Actor) string {
	if a == nil || a.System {
		return "system"
	}
	return a.Name
}

func keys(m map[string][2]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// History returns a program's change history, newest first.
func (s *Service) History(ctx context.Context, id int64) ([]HistoryEntry, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.store.FindProgramHistory(ctx, id)
}
