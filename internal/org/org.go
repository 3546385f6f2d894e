package org

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Institution is a university or university college.
type Institution struct {
	ID         int64     `json:"id"`
	Slug       string    `json:"slug"`
	Name       string    `json:"name"`
	FeideRealm string    `json:"feide_realm,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Unit kinds.
const (
	KindFaculty    = "faculty"
	KindDepartment = "department"
	KindSection    = "section"
)

// Unit is a faculty, department or section of an institution.
type Unit struct {
	ID            int64  `json:"id"`
	InstitutionID int64  `json:"institution_id"`
	ParentID      int64  `json:"parent_id,omitempty"`
	Kind          string `json:"kind"`
	Code          string `json:"code"`
	Name          string `json:"name"`
}

// Programme is a study programme ("studieprogram").
type Programme struct {
	ID            int64  `json:"id"`
	InstitutionID int64  `json:"institution_id"`
	UnitID        int64  `json:"unit_id,omitempty"`
	Code          string `json:"code"`
	Name          string `json:"name"`
	Students      int    `json:"students"` // over all cohorts
}

// Cohort is a programme's intake of one start term ("kull").
type Cohort struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	Term        string `json:"term"`
	Students    int    `json:"students"`
}

// Store is what org needs from the database.
type Store interface {
	CreateInstitution(ctx context.Context, in Institution) (int64, error)
	FindInstitutionByID(ctx context.Context, id int64) (Institution, error)
	FindInstitutionBySlug(ctx context.Context, slug string) (Institution, error)
	FindInstitutions(ctx context.Context) ([]Institution, error)
	CreateUnit(ctx context.Context, u Unit) (int64, error)
	FindUnitByID(ctx context.Context, id int64) (Unit, error)
	FindUnitByCode(ctx context.Context, institutionID int64, code string) (Unit, error)
	FindUnits(ctx context.Context, institutionID int64) ([]Unit, error)
	CreateProgramme(ctx context.Context, p Programme) (int64, error)
	FindProgrammeByCode(ctx context.Context, institutionID int64, code string) (Programme, error)
	FindProgrammes(ctx context.Context, institutionID int64) ([]Programme, error)
	UpsertCohort(ctx context.Context, c Cohort) error
	FindCohorts(ctx context.Context, institutionID int64) ([]Cohort, error)
}

// Service holds the rules of the organisation tree.
type Service struct {
	store Store
	audit func(ctx context.Context, action, target, outcome, details string)
	// changes composes a change's writes and its audit entry into one
	// unit of work (see UseUnits).
	changes app.Auditor
}

// NewService returns a Service; audit records changes and denials.
func NewService(store Store, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	s := &Service{store: store, audit: audit}
	s.changes = app.AuditOnly(audit)
	return s
}

// UseUnits makes the service's changes units of work (see app.Auditor):
// without it each write commits alone.
func (s *Service) UseUnits(a app.Auditor) { s.changes = a }

var (
	slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,40}$`)
	codeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)
	termRE = regexp.MustCompile(`^(19|20)\d\d[HV]$`)
)

// ValidTerm reports whether s is a start term such as 2025H or 2026V.
func ValidTerm(s string) bool { return termRE.MatchString(s) }

// CanSee reports whether the actor may read institution inst's data at all.
func CanSee(a *app.Actor, inst int64) bool {
	return a != nil && (a.System || a.National || a.InstitutionID == inst)
}

// CreateInstitution adds an institution (national admins only).
func (s *Service) CreateInstitution(ctx context.Context, in Institution) (Institution, error) {
	a := app.ActorFrom(ctx)
	if a == nil || !a.National {
		s.audit(ctx, "institution.create", in.Slug, "denied", "")
		return Institution{}, app.Forbidden()
	}
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	in.Name = strings.TrimSpace(in.Name)
	in.FeideRealm = strings.ToLower(strings.TrimSpace(in.FeideRealm))
	if !slugRE.MatchString(in.Slug) {
		return Institution{}, app.Invalid("error.slug_invalid", "the short name may hold lower-case letters, digits and hyphens")
	}
	if in.Name == "" {
		return Institution{}, app.Invalid("error.name_required", "a name is required")
	}
	var id int64
	err := s.changes.AuditedChange(ctx, func(ctx context.Context) (err error) {
		id, err = s.store.CreateInstitution(ctx, in)
		return err
	}, "institution.create", in.Slug, "ok", "")
	if err != nil {
		return Institution{}, err
	}
	return s.store.FindInstitutionByID(ctx, id)
}

// Institutions lists the institutions the actor may see.
func (s *Service) Institutions(ctx context.Context) ([]Institution, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return nil, app.Unauthorized()
	}
	if a.National || a.System {
		return s.store.FindInstitutions(ctx)
	}
	in, err := s.store.FindInstitutionByID(ctx, a.InstitutionID)
	if err != nil {
		return nil, err
	}
	return []Institution{in}, nil
}

// Institution returns one institution; another institution is "not found".
func (s *Service) Institution(ctx context.Context, id int64) (Institution, error) {
	if !CanSee(app.ActorFrom(ctx), id) {
		return Institution{}, app.NotFound("institution")
	}
	return s.store.FindInstitutionByID(ctx, id)
}

// InstitutionBySlug returns an institution by its short name (trusted callers).
func (s *Service) InstitutionBySlug(ctx context.Context, slug string) (Institution, error) {
	in, err := s.store.FindInstitutionBySlug(ctx, slug)
	if err != nil {
		return Institution{}, err
	}
	if !CanSee(app.ActorFrom(ctx), in.ID) {
		return Institution{}, app.NotFound("institution")
	}
	return in, nil
}

// CreateUnit adds a faculty, department or section (admins).
func (s *Service) CreateUnit(ctx context.Context, u Unit) (Unit, error) {
	if !app.ActorFrom(ctx).IsAdminOf(u.InstitutionID) {
		s.audit(ctx, "unit.create", u.Code, "denied", "")
		return Unit{}, app.Forbidden()
	}
	u.Code, u.Name = strings.TrimSpace(u.Code), strings.TrimSpace(u.Name)
	if !codeRE.MatchString(u.Code) {
		return Unit{}, app.Invalid("error.code_invalid", "the code may hold letters, digits, '-', '_' and '.'")
	}
	if u.Name == "" {
		return Unit{}, app.Invalid("error.name_required", "a name is required")
	}
	switch u.Kind {
	case KindFaculty, KindDepartment, KindSection:
	default:
		return Unit{}, app.Invalid("error.unit_kind", "unknown unit kind")
	}
	if u.ParentID != 0 {
		p, err := s.store.FindUnitByID(ctx, u.ParentID)
		if err != nil || p.InstitutionID != u.InstitutionID {
			return Unit{}, app.Invalid("error.unit_unknown", "no such unit in this institution")
		}
	}
	err := s.changes.AuditedChange(ctx, func(ctx context.Context) (err error) {
		u.ID, err = s.store.CreateUnit(ctx, u)
		return err
	}, "unit.create", u.Code, "ok", "")
	if err != nil {
		return Unit{}, err
	}
	return u, nil
}

// Units lists an institution's units.
func (s *Service) Units(ctx context.Context, inst int64) ([]Unit, error) {
	if !CanSee(app.ActorFrom(ctx), inst) {
		return nil, app.NotFound("institution")
	}
	return s.store.FindUnits(ctx, inst)
}

// UnitByCode finds a unit of an institution by its code.
func (s *Service) UnitByCode(ctx context.Context, inst int64, code string) (Unit, error) {
	if !CanSee(app.ActorFrom(ctx), inst) {
		return Unit{}, app.NotFound("unit")
	}
	return s.store.FindUnitByCode(ctx, inst, code)
}

// CreateProgramme adds a study programme (admins).
func (s *Service) CreateProgramme(ctx context.Context, p Programme) (Programme, error) {
	if !app.ActorFrom(ctx).IsAdminOf(p.InstitutionID) {
		s.audit(ctx, "programme.create", p.Code, "denied", "")
		return Programme{}, app.Forbidden()
	}
	p.Code, p.Name = strings.TrimSpace(p.Code), strings.TrimSpace(p.Name)
	if !codeRE.MatchString(p.Code) {
		return Programme{}, app.Invalid("error.code_invalid", "the code may hold letters, digits, '-', '_' and '.'")
	}
	if p.Name == "" {
		return Programme{}, app.Invalid("error.name_required", "a name is required")
	}
	if p.UnitID != 0 {
		u, err := s.store.FindUnitByID(ctx, p.UnitID)
		if err != nil || u.InstitutionID != p.InstitutionID {
			return Programme{}, app.Invalid("error.unit_unknown", "no such unit in this institution")
		}
	}
	err := s.changes.AuditedChange(ctx, func(ctx context.Context) (err error) {
		p.ID, err = s.store.CreateProgramme(ctx, p)
		return err
	}, "programme.create", p.Code, "ok", "")
	if err != nil {
		return Programme{}, err
	}
	return p, nil
}

// Programmes lists an institution's study programmes.
func (s *Service) Programmes(ctx context.Context, inst int64) ([]Programme, error) {
	if !CanSee(app.ActorFrom(ctx), inst) {
		return nil, app.NotFound("institution")
	}
	return s.store.FindProgrammes(ctx, inst)
}

// SetCohort records the population of a programme's cohort (admins).
func (s *Service) SetCohort(ctx context.Context, inst int64, programmeCode, term string, students int) error {
	if !app.ActorFrom(ctx).IsAdminOf(inst) {
		s.audit(ctx, "cohort.set", programmeCode, "denied", "")
		return app.Forbidden()
	}
	if !ValidTerm(term) {
		return app.Invalid("error.term_invalid", fmt.Sprintf("a cohort is a start term such as 2025H or 2026V, not %q", term))
	}
	if students < 0 {
		return app.Invalid("error.students_negative", "the number of students cannot be negative")
	}
	p, err := s.store.FindProgrammeByCode(ctx, inst, programmeCode)
	if err != nil {
		return err
	}
	return s.store.UpsertCohort(ctx, Cohort{ProgrammeID: p.ID, Term: term, Students: students})
}

// Cohorts lists the cohorts of an institution's programmes.
func (s *Service) Cohorts(ctx context.Context, inst int64) ([]Cohort, error) {
	if !CanSee(app.ActorFrom(ctx), inst) {
		return nil, app.NotFound("institution")
	}
	return s.store.FindCohorts(ctx, inst)
}

// TreeNode is a unit with its sub-units and programmes, for display.
type TreeNode struct {
	Unit       Unit
	Children   []*TreeNode
	Programmes []Programme
}

// Tree returns the institution's organisation tree; programmes without a
// unit come back in the second result.
func (s *Service) Tree(ctx context.Context, inst int64) ([]*TreeNode, []Programme, error) {
	units, err := s.Units(ctx, inst)
	if err != nil {
		return nil, nil, err
	}
	progs, err := s.store.FindProgrammes(ctx, inst)
	if err != nil {
		return nil, nil, err
	}
	nodes := map[int64]*TreeNode{}
	for _, u := range units {
		nodes[u.ID] = &TreeNode{Unit: u}
	}
	var roots []*TreeNode
	for _, u := range units {
		n := nodes[u.ID]
		if p, ok := nodes[u.ParentID]; ok {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	var loose []Programme
	for _, p := range progs {
		if n, ok := nodes[p.UnitID]; ok {
			n.Programmes = append(n.Programmes, p)
		} else {
			loose = append(loose, p)
		}
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i].Unit.Name < roots[j].Unit.Name })
	return roots, loose, nil
}

// Top returns the unit at the top of the branch unit id belongs to (its
// faculty), walking up through byID; false when id is not in byID.
func Top(byID map[int64]Unit, id int64) (Unit, bool) {
	u, ok := byID[id]
	for ok && u.ParentID != 0 {
		p, found := byID[u.ParentID]
		if !found {
			break
		}
		u = p
	}
	return u, ok
}

// Descendants returns unit id and the ids of every unit below it.
func Descendants(units []Unit, id int64) map[int64]bool {
	out := map[int64]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, u := range units {
			if out[u.ParentID] && !out[u.ID] {
				out[u.ID] = true
				changed = true
			}
		}
	}
	return out
}
