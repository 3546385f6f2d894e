package auth_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
)

func (f *fixture) as(t *testing.T, email string) context.Context {
	t.Helper()
	_, actor, err := f.svc.Login(context.Background(), email, pw, "x")
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return app.WithActor(context.Background(), actor)
}

func (f *fixture) audited(t *testing.T, inst int64, action, outcome string) []auth.AuditEntry {
	t.Helper()
	es, err := f.repos.Auth.FindAudit(context.Background(), auth.AuditFilter{InstitutionID: inst, Action: action, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var out []auth.AuditEntry
	for _, e := range es {
		if e.Outcome == outcome {
			out = append(out, e)
		}
	}
	return out
}

func TestTokensExpireAndCanBeRevoked(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "admin@uib.no", app.RoleAdmin)
	u := f.account(t, f.inst, "leif@uib.no", app.RoleLeader)
	short, st, err := f.svc.IssueTokenFor(f.ctx, auth.TokenRequest{Email: "leif@uib.no", Name: "report script", Lifetime: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if !st.ExpiresAt.Equal(f.clock.Now().Add(30 * 24 * time.Hour)) {
		t.Fatalf("expires %v", st.ExpiresAt)
	}
	long, err := f.svc.IssueToken(f.ctx, "leif@uib.no")
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{short, long} {
		if _, err := f.svc.AuthenticateToken(context.Background(), tok); err != nil {
			t.Fatalf("a fresh token: %v", err)
		}
	}
	admin := f.as(t, "admin@uib.no")
	list, err := f.svc.Tokens(admin, u.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("the admin lists %d tokens (%v), want 2", len(list), err)
	}
	for _, tk := range list {
		if tk.LastUsed.IsZero() || tk.Prefix == "" || tk.Revoked() {
			t.Fatalf("listed token %+v: want a prefix, a last use and not revoked", tk)
		}
		if tk.ID != st.ID && !tk.ExpiresAt.Equal(tk.CreatedAt.Add(auth.DefaultTokenLifetime)) {
			t.Fatalf("the default lifetime gave %v", tk.ExpiresAt.Sub(tk.CreatedAt))
		}
	}
	f.clock.Advance(30*24*time.Hour + time.Second)
	if _, err := f.svc.AuthenticateToken(context.Background(), short); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("an expired token: %v", err)
	}
	if _, err := f.svc.AuthenticateToken(context.Background(), long); err != nil {
		t.Fatalf("the 90-day token after 30 days: %v", err)
	}
	admin = f.as(t, "admin@uib.no")
	var longID int64
	for _, tk := range list {
		if tk.ID != st.ID {
			longID = tk.ID
		}
	}
	if _, err := f.svc.RevokeToken(admin, longID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AuthenticateToken(context.Background(), long); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("a revoked token: %v", err)
	}
	if es := f.audited(t, f.inst, "token.revoke", "ok"); len(es) != 1 || es[0].Target != "leif@uib.no" || es[0].AccountEmail != "admin@uib.no" {
		t.Fatalf("revocation audit: %+v", es)
	}
	if _, _, err := f.svc.IssueTokenFor(f.ctx, auth.TokenRequest{Email: "leif@uib.no", Lifetime: 5 * 365 * 24 * time.Hour}); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("a five-year token: %v", err)
	}
}

func TestADisabledAccountCannotLogInLosesItsSessionsAndTokens(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "admin@uib.no", app.RoleAdmin)
	u := f.account(t, f.inst, "leif@uib.no", app.RoleLeader)
	sess, _, err := f.svc.Login(context.Background(), "leif@uib.no", pw, "x")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := f.svc.IssueToken(f.ctx, "leif@uib.no")
	if err != nil {
		t.Fatal(err)
	}
	admin := f.as(t, "admin@uib.no")
	if _, err := f.svc.SetDisabled(admin, u.ID, true); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := f.db.SQL().QueryRow(`SELECT count(*) FROM web_sessions WHERE account_id = ` + strconv.FormatInt(u.ID, 10)).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d sessions left after disabling (%v)", n, err)
	}
	if _, _, err := f.svc.Authenticate(context.Background(), sess.ID); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("the session of a disabled account: %v", err)
	}
	if _, err := f.svc.AuthenticateToken(context.Background(), tok); app.ErrorCode(err) != app.CodeUnauthorized {
		t.Fatalf("the token of a disabled account: %v", err)
	}
	_, _, err = f.svc.Login(context.Background(), "leif@uib.no", pw, "x")
	if e := app.AsError(err); err == nil || e.Key != "login.disabled" {
		t.Fatalf("login of a disabled account: %v", err)
	}
	if _, err := f.svc.SetDisabled(admin, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Login(context.Background(), "leif@uib.no", pw, "x"); err != nil {
		t.Fatalf("login after enabling: %v", err)
	}
	if _, err := f.svc.AuthenticateToken(context.Background(), tok); err != nil {
		t.Fatalf("the token after enabling: %v", err)
	}
	for _, action := range []string{"account.disable", "account.enable"} {
		if es := f.audited(t, f.inst, action, "ok"); len(es) != 1 || es[0].Target != "leif@uib.no" || es[0].AccountEmail != "admin@uib.no" {
			t.Fatalf("%s audit: %+v", action, es)
		}
	}
}

func TestOnlyAdminsOfTheInstitutionRevokeAndDisable(t *testing.T) {
	f := setup(t)
	f.account(t, f.inst, "admin@uib.no", app.RoleAdmin)
	u := f.account(t, f.inst, "leif@uib.no", app.RoleLeader)
	m := f.account(t, f.inst, "mentor@uib.no", app.RoleStudent)
	f.account(t, f.other, "admin@hvl.no", app.RoleAdmin)
	_, tk, err := f.svc.IssueTokenFor(f.ctx, auth.TokenRequest{Email: "leif@uib.no"})
	if err != nil {
		t.Fatal(err)
	}
	// Not even the system revokes leif's token as another account's.
	if _, err := f.svc.RevokeAccountToken(f.ctx, m.ID, tk.ID); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("revoking leif's token as the mentor's: %v, want not found", err)
	}
	for _, who := range []string{"admin@hvl.no", "mentor@uib.no"} {
		ctx := f.as(t, who)
		if _, err := f.svc.SetDisabled(ctx, u.ID, true); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("%s disabling leif: %v, want not found", who, err)
		}
		if _, err := f.svc.RevokeToken(ctx, tk.ID); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("%s revoking leif's token: %v, want not found", who, err)
		}
		if _, err := f.svc.Tokens(ctx, u.ID); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("%s listing leif's tokens: %v, want not found", who, err)
		}
		if a, ts, err := f.svc.TokensByEmail(ctx, "leif@uib.no"); app.ErrorCode(err) != app.CodeNotFound || a.ID != 0 || ts != nil {
			t.Errorf("%s listing leif's tokens by address: %v %+v %v, want not found and nothing", who, err, a, ts)
		}
	}
	if _, err := f.svc.AuthenticateToken(context.Background(), "x"); err == nil {
		t.Fatal("nonsense token accepted")
	}
	if a, _ := f.repos.Auth.FindAccountByID(context.Background(), u.ID); a.Disabled {
		t.Fatal("leif was disabled")
	}
	if got, _ := f.repos.Auth.FindTokenByID(context.Background(), tk.ID); got.Revoked() {
		t.Fatal("leif's token was revoked")
	}
	if es := f.audited(t, f.other, "account.disable", "denied"); len(es) != 1 {
		t.Fatalf("HVL's denied attempt is not in HVL's audit log: %+v", es)
	}
	// An admin cannot disable themself, nor an institution admin a national admin.
	admin := f.as(t, "admin@uib.no")
	self, _ := f.repos.Auth.FindAccountByEmail(context.Background(), "admin@uib.no")
	if _, err := f.svc.SetDisabled(admin, self.ID, true); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("disabling oneself: %v", err)
	}
	nat, err := f.svc.CreateAccount(f.ctx, auth.CreateAccountInput{InstitutionID: f.inst, Email: "nat@uib.no", GivenName: "N", Password: pw, National: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetDisabled(admin, nat.ID, true); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("an institution admin disabling a national admin: %v", err)
	}
}
