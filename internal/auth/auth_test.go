package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

const pw = "correct horse battery"

type fixture struct {
	db    *store.DB
	repos store.Repos
	clock *app.FakeClock
	svc   *auth.Service
	ctx   context.Context // as the system
	inst  int64
	other int64
}

func setup(t *testing.T) *fixture {
	t.Helper()
	clock := app.NewFakeClock(testutil.Epoch)
	s := testutil.ServicesWithClock(t, clock)
	f := &fixture{db: s.DB, repos: s.Repos, clock: clock, svc: s.Auth, ctx: app.WithActor(context.Background(), app.SystemActor)}
	o := s.Org
	a, err := o.CreateInstitution(f.ctx, org.Institution{Slug: "uib", Name: "UiB", FeideRealm: "uib.no"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := o.CreateInstitution(f.ctx, org.Institution{Slug: "hvl", Name: "HVL"})
	if err != nil {
		t.Fatal(err)
	}
	f.inst, f.other = a.ID, b.ID
	return f
}

func (f *fixture) account(t *testing.T, inst int64, email string, roles ...app.Role) auth.Account {
	t.Helper()
	in := auth.CreateAccountInput{InstitutionID: inst, Email: email, GivenName: "Test", FamilyName: "Person", Password: pw}
	for _, r := range roles {
		in.Grants = append(in.Grants, app.Grant{Role: r})
	}
	a, err := f.svc.CreateAccount(f.ctx, in)
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return a
}

func TestPasswordHashIsArgon2idAndChecks(t *testing.T) {
	h, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id with the OWASP parameters", h)
	}
	if !auth.CheckPassword(h, pw) || auth.CheckPassword(h, pw+"x") || auth.CheckPassword("garbage", pw) {
		t.Fatal("CheckPassword gave a wrong answer")
	}
	h2, _ := auth.HashPassword(pw)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
}

func TestLoginOpensSessionAndWrongPasswordDoesNot(t *testing.T) {
	f := setup(t)
	acct := f.account(t, f.inst, "Kari@UiB.no", app.RoleMentor)
	if acct.Email != "kari@uib.no" {
		t.Fatalf("e-mail stored as %q, want lower-case", acct.Email)
	}
	_, _, err := f.svc.Login(context.Background(), "kari@uib.no", "wrong password!", "10.0.0.1")
	if app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("wrong password: %v", err)
	}
	_, _, errUnknown := f.svc.Login(context.Background(), "nobody@uib.no", pw, "10.0.0.1")
	if app.AsError(errUnknown).Message != app.AsError(err).Message {
		t.Fatal("an unknown address is told apart from a wrong password")
	}
	sess, actor, err := f.svc.Login(context.Background(), " KARI@uib.no ", pw, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if actor.AccountID != acct.ID || !actor.Has(app.RoleMentor, f.inst) || sess.ID == "" || sess.CSRFToken == "" {
		t.Fatalf("login gave %+v / %+v", actor, sess)
	}
	sess2, _, _ := f.svc.Login(context.Background(), "kari@uib.no", pw, "10.0.0.1")
	if sess2.ID == sess.ID {
		t.Fatal("two logins got the same session id")
	}
	got, a2, err := f.svc.Authenticate(context.Background(), sess.ID)
	if err != nil || a2.AccountID != acct.ID || got.CSRFToken != sess.CSRFToken {
		t.Fatalf("authenticate: %v", err)
	}
	entries, err := f.repos.Auth.FindAudit(context.Background(), auth.AuditFilter{InstitutionID: f.inst, Action: "login", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed int
	for _, e := range entries {
		switch e.Outcome {
		case "ok":
			ok++
		case "failed":
			failed++
		}
	}
	if ok != 2 || failed != 1 {
		t.Fatalf("audit has %d ok and %d failed logins, want 2 and 1", ok, failed)
	}
}

func TestSessionsExpireWhenIdleOrOldAndLogoutEndsThem(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "kari@uib.no", app.RoleStudent)
	p := f.svc.Policy
	sess, _, err := f.svc.Login(context.Background(), "kari@uib.no", pw, "x")
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(p.IdleTimeout - time.Minute)
	if _, _, err := f.svc.Authenticate(context.Background(), sess.ID); err != nil {
		t.Fatalf("within idle timeout: %v", err)
	}
	f.clock.Advance(p.IdleTimeout + time.Minute)
	if _, _, err := f.svc.Authenticate(context.Background(), sess.ID); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("idle session still valid: %v", err)
	}
	// Absolute timeout: used every hour, still ends.
	sess, _, _ = f.svc.Login(context.Background(), "kari@uib.no", pw, "x")
	for used := time.Duration(0); used < p.AbsoluteTimeout-time.Hour; used += time.Hour {
		f.clock.Advance(time.Hour)
		if _, _, err := f.svc.Authenticate(context.Background(), sess.ID); err != nil {
			t.Fatalf("after %v of use: %v", used+time.Hour, err)
		}
	}
	f.clock.Advance(2 * time.Hour)
	if _, _, err := f.svc.Authenticate(context.Background(), sess.ID); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("session older than the absolute timeout still valid: %v", err)
	}
	sess, actor, _ := f.svc.Login(context.Background(), "kari@uib.no", pw, "x")
	if err := f.svc.Logout(app.WithActor(context.Background(), actor), sess.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Authenticate(context.Background(), sess.ID); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("session valid after logout: %v", err)
	}
}

func TestTokensAreHashedAndResolveToTheirAccount(t *testing.T) {
	f := setup(t)
	acct := f.account(t, f.inst, "admin@uib.no", app.RoleAdmin)
	tok, err := f.svc.IssueToken(f.ctx, "admin@uib.no")
	if err != nil {
		t.Fatal(err)
	}
	var stored int
	if err := f.db.SQL().QueryRow(`SELECT count(*) FROM api_tokens WHERE token_hash = '` + strings.ReplaceAll(tok, "'", "") + `'`).Scan(&stored); err != nil || stored != 0 {
		t.Fatalf("the token is stored in clear (%d, %v)", stored, err)
	}
	a, err := f.svc.AuthenticateToken(context.Background(), tok)
	if err != nil || a.AccountID != acct.ID || !a.ViaToken {
		t.Fatalf("token resolves to %+v, %v", a, err)
	}
	if _, err := f.svc.AuthenticateToken(context.Background(), tok+"x"); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("a wrong token: %v", err)
	}
}

func TestAdminsActOnlyInTheirInstitution(t *testing.T) {
	f := setup(t)
	admin := f.account(t, f.inst, "admin@uib.no", app.RoleAdmin)
	f.account(t, f.other, "admin@hvl.no", app.RoleAdmin)
	_, actor, err := f.svc.Login(context.Background(), "admin@uib.no", pw, "x")
	if err != nil {
		t.Fatal(err)
	}
	ctx := app.WithActor(context.Background(), actor)
	_, err = f.svc.CreateAccount(ctx, auth.CreateAccountInput{InstitutionID: f.other, Email: "x@hvl.no", GivenName: "X", Password: pw,
		Grants: []app.Grant{{Role: app.RoleAdmin}}})
	if app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("admin of UiB created an account at HVL: %v", err)
	}
	if _, err := f.svc.IssueToken(ctx, "admin@hvl.no"); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("admin of UiB issued a token for HVL: %v", err)
	}
	if _, err := f.svc.Accounts(ctx, f.other); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("admin of UiB listed HVL's accounts: %v", err)
	}
	_, err = f.svc.CreateAccount(ctx, auth.CreateAccountInput{InstitutionID: f.inst, Email: "n@uib.no", GivenName: "N", National: true})
	if app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("an institution admin created a national admin: %v", err)
	}
	// Coordinators need a program; an unknown role is refused.
	_, err = f.svc.CreateAccount(ctx, auth.CreateAccountInput{InstitutionID: f.inst, Email: "c@uib.no", GivenName: "C", Grants: []app.Grant{{Role: app.RoleCoordinator}}})
	if app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("coordinator without program: %v", err)
	}
	_, err = f.svc.CreateAccount(ctx, auth.CreateAccountInput{InstitutionID: f.inst, Email: "c@uib.no", GivenName: "C", Grants: []app.Grant{{Role: "king"}}})
	if app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("unknown role: %v", err)
	}
	// An admin cannot remove their own last admin role.
	if err := f.svc.RevokeRole(ctx, admin.ID, admin.Grants[0].ID); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("removing own last admin grant: %v", err)
	}
	denied, err := f.repos.Auth.FindAudit(context.Background(), auth.AuditFilter{InstitutionID: f.inst, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range denied {
		if e.Outcome == "denied" {
			n++
		}
	}
	if n < 3 {
		t.Fatalf("%d denials in the audit log, want at least 3", n)
	}
}

func TestRoleChangesAreAudited(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "admin@uib.no", app.RoleAdmin)
	u := f.account(t, f.inst, "leif@uib.no", app.RoleStudent)
	_, actor, _ := f.svc.Login(context.Background(), "admin@uib.no", pw, "x")
	ctx := app.WithActor(context.Background(), actor)
	if err := f.svc.GrantRole(ctx, u.ID, app.Grant{Role: app.RoleLeader}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.GrantRole(ctx, u.ID, app.Grant{Role: app.RoleLeader}); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("granting a role twice: %v", err)
	}
	u, _ = f.repos.Auth.FindAccountByID(context.Background(), u.ID)
	if len(u.Grants) != 2 {
		t.Fatalf("grants: %+v", u.Grants)
	}
	if err := f.svc.RevokeRole(ctx, u.ID, u.Grants[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, action := range []string{"role.grant", "role.revoke"} {
		es, _ := f.repos.Auth.FindAudit(context.Background(), auth.AuditFilter{InstitutionID: f.inst, Action: action, Limit: 5})
		if len(es) == 0 || es[0].Target != "leif@uib.no" || es[0].AccountEmail != "admin@uib.no" {
			t.Fatalf("%s not audited: %+v", action, es)
		}
	}
}
