package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
)

// CreateAccountInput is what an admin (or the CLI) gives to create an account.
type CreateAccountInput struct {
	InstitutionID int64
	Email         string
	GivenName     string
	FamilyName    string
	Password      string // empty: the person logs in with Feide only
	Locale        string
	National      bool
	Grants        []app.Grant
	// StudentNumber links the account to the person the student system
	// knows by this number (an identifier the institution controls), so a
	// student sees the programs they were imported into.
	StudentNumber string
}

// SplitName splits "Given Family Names" at the first space.
func SplitName(full string) (given, family string) {
	full = strings.Join(strings.Fields(full), " ")
	given, family, _ = strings.Cut(full, " ")
	return given, family
}

// CreateAccount creates a person with an account and its role grants.
// Admins create accounts in their institution; only national admins and the
// system create national admins.
func (s *Service) CreateAccount(ctx context.Context, in CreateAccountInput) (Account, error) {
	actor := app.ActorFrom(ctx)
	if !actor.IsAdminOf(in.InstitutionID) || (in.National && !actor.National) {
		s.Audit(ctx, "account.create", in.Email, "denied", "")
		return Account{}, app.Forbidden()
	}
	email, err := NormalizeEmail(in.Email)
	if err != nil {
		return Account{}, err
	}
	if strings.TrimSpace(in.GivenName) == "" {
		return Account{}, app.Invalid("error.name_required", "a name is required")
	}
	var hash string
	if in.Password != "" {
		if len([]rune(in.Password)) < MinPasswordLength {
			return Account{}, app.Invalid("error.password_short", fmt.Sprintf("the password must have at least %d characters", MinPasswordLength)).WithArgs("Min", MinPasswordLength)
		}
		if hash, err = HashPassword(in.Password); err != nil {
			return Account{}, app.Internal(err)
		}
	}
	for i := range in.Grants {
		in.Grants[i].InstitutionID = in.InstitutionID
		if err := s.checkGrant(ctx, in.Grants[i]); err != nil {
			return Account{}, err
		}
	}
	var acct Account
	err = s.auditedWrite(ctx, func(ctx context.Context) (err error) {
		acct, err = s.store.CreateAccount(ctx, NewAccount{
			Person: NewPerson{InstitutionID: in.InstitutionID, GivenName: strings.TrimSpace(in.GivenName),
				FamilyName: strings.TrimSpace(in.FamilyName), Email: email, StudentNumber: strings.TrimSpace(in.StudentNumber)},
			Email: email, PasswordHash: hash, Locale: in.Locale, National: in.National, Grants: in.Grants,
		})
		return err
	}, "account.create", email, "ok", rolesText(in.Grants, in.National))
	if app.ErrorCode(err) == app.CodeConflict {
		return Account{}, &app.Error{Code: app.CodeConflict, Key: "error.account_exists", Message: "an account with this e-mail address already exists"}
	}
	if err != nil {
		return Account{}, err
	}
	return acct, nil
}

func rolesText(gs []app.Grant, national bool) string {
	var parts []string
	if national {
		parts = append(parts, string(app.RoleNationalAdmin))
	}
	for _, g := range gs {
		p := string(g.Role)
		if g.UnitID != 0 {
			p += fmt.Sprintf("@unit:%d", g.UnitID)
		}
		if g.ProgramID != 0 {
			p += fmt.Sprintf("@program:%d", g.ProgramID)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ",")
}

// checkGrant validates a grant's role and scope.
func (s *Service) checkGrant(ctx context.Context, g app.Grant) error {
	if !app.ValidRole(g.Role) {
		return app.Invalid("error.role_invalid", fmt.Sprintf("unknown role %q", g.Role)).WithArgs("Role", string(g.Role))
	}
	if g.Role == app.RoleCoordinator && g.ProgramID == 0 {
		return app.Invalid("error.coordinator_needs_program", "a coordinator must be given the programs they coordinate")
	}
	if g.UnitID != 0 && g.Role != app.RoleLeader && g.Role != app.RoleResearcher {
		return app.Invalid("error.unit_scope_role", "only leaders and researchers are scoped to a unit")
	}
	if g.ProgramID != 0 && g.Role != app.RoleCoordinator && g.Role != app.RoleMentor {
		return app.Invalid("error.program_scope_role", "only coordinators and mentors are scoped to a program")
	}
	if g.UnitID != 0 {
		inst, err := s.scopes.UnitInstitution(ctx, g.UnitID)
		if err != nil || inst != g.InstitutionID {
			return app.Invalid("error.unit_unknown", "no such unit in this institution")
		}
	}
	if g.ProgramID != 0 {
		inst, err := s.scopes.ProgramInstitution(ctx, g.ProgramID)
		if err != nil || inst != g.InstitutionID {
			return app.Invalid("error.program_unknown", "no such program in this institution")
		}
	}
	return nil
}

// Accounts lists the accounts of an institution, with their grants (admins).
func (s *Service) Accounts(ctx context.Context, institutionID int64) ([]Account, error) {
	if !app.ActorFrom(ctx).IsAdminOf(institutionID) {
		s.Audit(ctx, "account.list", fmt.Sprint(institutionID), "denied", "")
		return nil, app.Forbidden()
	}
	return s.store.FindAccounts(ctx, institutionID)
}

// Account returns one account with its grants (admins of its institution, or itself).
func (s *Service) Account(ctx context.Context, id int64) (Account, error) {
	a := app.ActorFrom(ctx)
	acct, err := s.store.FindAccountByID(ctx, id)
	if err != nil {
		return Account{}, err
	}
	if a == nil || (a.AccountID != id && !a.IsAdminOf(acct.InstitutionID)) {
		return Account{}, app.NotFound("account")
	}
	return acct, nil
}

// GrantRole adds a role to an account (admins of its institution).
func (s *Service) GrantRole(ctx context.Context, accountID int64, g app.Grant) error {
	acct, err := s.Account(ctx, accountID)
	if err != nil {
		return err
	}
	if !app.ActorFrom(ctx).IsAdminOf(acct.InstitutionID) {
		s.Audit(ctx, "role.grant", acct.Email, "denied", "")
		return app.Forbidden()
	}
	g.InstitutionID = acct.InstitutionID
	if err := s.checkGrant(ctx, g); err != nil {
		return err
	}
	err = s.auditedWrite(ctx, func(ctx context.Context) error {
		_, err := s.store.AddGrant(ctx, accountID, g)
		return err
	}, "role.grant", acct.Email, "ok", rolesText([]app.Grant{g}, false))
	if app.ErrorCode(err) == app.CodeConflict {
		return &app.Error{Code: app.CodeConflict, Key: "error.grant_exists", Message: "the account already has this role"}
	}
	return err
}

// RevokeRole removes one grant from an account (admins of its institution).
// An admin cannot remove their own last admin grant, so an institution is
// never locked out by accident.
func (s *Service) RevokeRole(ctx context.Context, accountID, grantID int64) error {
	actor := app.ActorFrom(ctx)
	acct, err := s.Account(ctx, accountID)
	if err != nil {
		return err
	}
	if !actor.IsAdminOf(acct.InstitutionID) {
		s.Audit(ctx, "role.revoke", acct.Email, "denied", "")
		return app.Forbidden()
	}
	var g app.Grant
	admins := 0
	for _, x := range acct.Grants {
		if x.ID == grantID {
			g = x
		}
		if x.Role == app.RoleAdmin {
			admins++
		}
	}
	if g.ID == 0 {
		return app.NotFound("role")
	}
	if g.Role == app.RoleAdmin && accountID == actor.AccountID && admins == 1 && !actor.National {
		return app.Invalid("error.last_admin", "you cannot remove your own admin role")
	}
	return s.auditedWrite(ctx, func(ctx context.Context) error {
		return s.store.RemoveGrant(ctx, accountID, grantID)
	}, "role.revoke", acct.Email, "ok", rolesText([]app.Grant{g}, false))
}

// FindAudit returns audit entries (admins of the institution; national admins all).
func (s *Service) FindAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	a := app.ActorFrom(ctx)
	if f.InstitutionID == 0 && (a == nil || !a.National) {
		return nil, app.Forbidden()
	}
	if !a.IsAdminOf(f.InstitutionID) {
		s.Audit(ctx, "audit.read", "", "denied", "")
		return nil, app.Forbidden()
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	return s.store.FindAudit(ctx, f)
}

// SetDisabled disables or enables an account (admins of its institution,
// national admins, the system). A disabled account cannot log in, its
// sessions end at once and its API tokens stop working; enabling it again
// brings back its unexpired, unrevoked tokens. To other actors the account
// does not exist. Only national admins may disable a national admin, and
// nobody their own account.
func (s *Service) SetDisabled(ctx context.Context, accountID int64, disabled bool) (Account, error) {
	actor := app.ActorFrom(ctx)
	action := "account.enable"
	if disabled {
		action = "account.disable"
	}
	acct, err := s.store.FindAccountByID(ctx, accountID)
	if err != nil {
		return Account{}, err
	}
	if !actor.IsAdminOf(acct.InstitutionID) {
		s.Audit(ctx, action, fmt.Sprintf("account %d", accountID), "denied", "")
		return Account{}, app.NotFound("account")
	}
	if acct.National && !actor.National {
		s.Audit(ctx, action, acct.Email, "denied", "national admin")
		return Account{}, app.Forbidden()
	}
	if acct.ID == actor.AccountID {
		return Account{}, app.Invalid("error.disable_self", "you cannot disable your own account")
	}
	err = s.auditedWriteFor(ctx, func(ctx context.Context) error {
		return s.store.SetAccountDisabled(ctx, accountID, disabled)
	}, actorAccount(actor), acct.InstitutionID, action, acct.Email, "ok", "")
	if err != nil {
		return Account{}, err
	}
	acct.Disabled = disabled
	return acct, nil
}

// AccountByEmail returns the account with that address (as Account).
func (s *Service) AccountByEmail(ctx context.Context, email string) (Account, error) {
	norm, err := NormalizeEmail(email)
	if err != nil {
		return Account{}, err
	}
	acct, err := s.store.FindAccountByEmail(ctx, norm)
	if err != nil {
		return Account{}, err
	}
	return s.Account(ctx, acct.ID)
}
