package app

import "context"

// Role is what a grant lets an account do.
type Role string

// The roles of mentorhub (see DOMAIN.md "Roles").
const (
	RoleNationalAdmin Role = "national_admin" // every institution
	RoleAdmin         Role = "admin"          // one institution
	RoleLeader        Role = "leader"         // read-only overview of an institution or one unit
	RoleCoordinator   Role = "coordinator"    // the programs of the grant
	RoleMentor        Role = "mentor"
	RoleStudent       Role = "student"
	RoleResearcher    Role = "researcher" // pseudonymised data only
)

// Roles lists the roles an institution grants, in display order.
var Roles = []Role{RoleAdmin, RoleLeader, RoleCoordinator, RoleMentor, RoleStudent, RoleResearcher}

// ValidRole reports whether r is a role an institution can grant.
func ValidRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Grant is one role of an account, scoped to an institution and optionally to
// one organisation unit (leader) or one program (coordinator).
type Grant struct {
	ID            int64
	Role          Role
	InstitutionID int64
	UnitID        int64 // 0 = whole institution
	ProgramID     int64 // 0 = not program-scoped
}

// Actor is who is acting: an account with its person and grants, or the
// system itself (CLI, jobs, demo).
type Actor struct {
	AccountID     int64
	PersonID      int64
	InstitutionID int64
	Name          string
	Email         string
	Locale        string
	National      bool
	System        bool
	Grants        []Grant
	ViaToken      bool
}

// SystemActor acts with every right; only trusted code paths use it.
var SystemActor = &Actor{System: true, National: true, Name: "system"}

// Has reports whether the actor holds role in institution inst (any scope).
func (a *Actor) Has(role Role, inst int64) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == role && g.InstitutionID == inst {
			return true
		}
	}
	return false
}

// IsAdminOf reports whether the actor administers institution inst.
func (a *Actor) IsAdminOf(inst int64) bool {
	return a != nil && (a.System || a.National || a.Has(RoleAdmin, inst))
}

// RoleSet returns the distinct roles of the actor, national admin first.
func (a *Actor) RoleSet() []Role {
	if a == nil {
		return nil
	}
	var out []Role
	seen := map[Role]bool{}
	if a.National {
		out = append(out, RoleNationalAdmin)
		seen[RoleNationalAdmin] = true
	}
	for _, r := range Roles {
		for _, g := range a.Grants {
			if g.Role == r && !seen[r] {
				out = append(out, r)
				seen[r] = true
			}
		}
	}
	return out
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, or nil for an anonymous request.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}
