package program

import (
	"context"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
)

// Program is a mentor program of an institution.
type Program struct {
	ID            int64     `json:"id"`
	InstitutionID int64     `json:"institution_id"`
	UnitID        int64     `json:"unit_id,omitempty"`
	Code          string    `json:"program_id"`
	Name          string    `json:"name"`
	CreatedAt     time.Time `json:"created_at"`
}

// Store is what program needs from the database.
type Store interface {
	CreateProgram(ctx context.Context, p Program) (int64, error)
	FindProgramByID(ctx context.Context, id int64) (Program, error)
	FindProgramByCode(ctx context.Context, institutionID int64, code string) (Program, error)
	FindPrograms(ctx context.Context, institutionID int64) ([]Program, error) // 0 = all
}

// Units gives the organisation tree needed for unit-scoped access.
type Units interface {
	FindUnits(ctx context.Context, institutionID int64) ([]org.Unit, error)
}

// Service holds the rules of programs.
type Service struct {
	store Store
	units Units
	audit func(ctx context.Context, action, target, outcome, details string)
}

// NewService returns a Service.
func NewService(store Store, units Units, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	return &Service{store: store, units: units, audit: audit}
}

// canSee decides whether the actor may read program p: admins, researchers
// and institution-wide leaders see every program of their institution; a
// unit leader those of the unit's subtree; coordinators and mentors theirs.
func (s *Service) canSee(ctx context.Context, a *app.Actor, p Program) (bool, error) {
	if a == nil {
		return false, nil
	}
	if a.System || a.National {
		return true, nil
	}
	if a.InstitutionID != p.InstitutionID {
		return false, nil
	}
	var units []org.Unit
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
			if units == nil {
				var err error
				if units, err = s.units.FindUnits(ctx, p.InstitutionID); err != nil {
					return false, err
				}
			}
			if org.Descendants(units, g.UnitID)[p.UnitID] {
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

// CanEdit reports whether the actor may change program p.
func CanEdit(a *app.Actor, p Program) bool {
	if a.IsAdminOf(p.InstitutionID) {
		return true
	}
	for _, g := range a.Grants {
		if g.Role == app.RoleCoordinator && g.ProgramID == p.ID && g.InstitutionID == p.InstitutionID {
			return true
		}
	}
	return false
}

// Create adds a program (admins of the institution).
func (s *Service) Create(ctx context.Context, p Program) (Program, error) {
	if !app.ActorFrom(ctx).IsAdminOf(p.InstitutionID) {
		s.audit(ctx, "program.create", p.Code, "denied", "")
		return Program{}, app.Forbidden()
	}
	p.Code, p.Name = strings.TrimSpace(p.Code), strings.TrimSpace(p.Name)
	if p.Code == "" || p.Name == "" {
		return Program{}, app.Invalid("error.name_required", "a program needs an id and a name")
	}
	id, err := s.store.CreateProgram(ctx, p)
	if err != nil {
		return Program{}, err
	}
	s.audit(ctx, "program.create", p.Code, "ok", "")
	return s.store.FindProgramByID(ctx, id)
}

// Get returns a program the actor may see; others are "not found".
func (s *Service) Get(ctx context.Context, id int64) (Program, error) {
	p, err := s.store.FindProgramByID(ctx, id)
	if err != nil {
		return Program{}, err
	}
	ok, err := s.canSee(ctx, app.ActorFrom(ctx), p)
	if err != nil {
		return Program{}, err
	}
	if !ok {
		s.audit(ctx, "program.read", p.Code, "denied", "")
		return Program{}, app.NotFound("program")
	}
	return p, nil
}

// ByCode returns a program of an institution by its program_id (trusted callers and scoped reads).
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
	for _, p := range all {
		ok, err := s.canSee(ctx, a, p)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, p)
		}
	}
	return out, nil
}
