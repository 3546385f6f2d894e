package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
)

// These tests log in with Feide the way a browser does, over HTTP with a
// cookie jar: from the login page's link to the provider, back to the
// callback and on to the dashboard.

func TestFeideFirstLoginCreatesStudent(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	a.OIDC.QueueUser("sub-new-student", "Nina Ny", "nina.ny@uib.no", "feide:newstudent@uib.no")

	c := newWebClient(t)
	pg := c.feideLogin(a)
	pg.wantDashboard(t, a, "Nina Ny")
	pg.wantContains(t, `id="sec-student"`, "Din mentorordning")
	pg.wantNotContains(t, `id="sec-admin"`, `id="sec-coord"`)

	// A new person and account in the institution of the realm uib.no,
	// with the student role only, tied to the provider's subject.
	acct := a.accountByEmail(t, "nina.ny@uib.no")
	if acct.InstitutionID != a.Demo.Institution.ID {
		t.Errorf("account in institution %d, want %d (uib)", acct.InstitutionID, a.Demo.Institution.ID)
	}
	if acct.GivenName != "Nina" || acct.FamilyName != "Ny" {
		t.Errorf("name = %q %q, want Nina Ny", acct.GivenName, acct.FamilyName)
	}
	if acct.PasswordHash != "" {
		t.Error("an account created by Feide login has a password")
	}
	wantGrants(t, acct, app.Grant{Role: app.RoleStudent, InstitutionID: a.Demo.Institution.ID})
	a.wantIdentity(t, "sub-new-student", acct.ID)
	persons, err := a.App.Repos.Auth.FindPersonsByFeideID(ctx, "feide:newstudent@uib.no")
	if err != nil || len(persons) != 1 || persons[0] != [2]int64{acct.PersonID, a.Demo.Institution.ID} {
		t.Errorf("persons with feide:newstudent@uib.no = %v (%v), want [[%d %d]]", persons, err, acct.PersonID, a.Demo.Institution.ID)
	}
	a.wantAudit(t, auth.AuditEntry{Action: "account.create", AccountID: acct.ID, Target: "nina.ny@uib.no", Outcome: "ok", Details: "oidc first login: student"})
	a.wantAudit(t, auth.AuditEntry{Action: "login", AccountID: acct.ID, Outcome: "ok", Details: "oidc"})

	// The session holds: the dashboard is there on the next request.
	c.get(a.URL+"/").wantDashboard(t, a, "Nina Ny")

	// A later login by the same subject is the same account, not a new one.
	before := a.accountCount(t)
	a.OIDC.QueueUser("sub-new-student", "Nina Ny", "nina.ny@uib.no", "feide:newstudent@uib.no")
	newWebClient(t).feideLogin(a).wantDashboard(t, a, "Nina Ny")
	if n := a.accountCount(t); n != before {
		t.Errorf("second login: %d accounts, want %d", n, before)
	}
	if n := a.countAudit(t, auth.AuditEntry{Action: "login", AccountID: acct.ID, Outcome: "ok", Details: "oidc"}); n != 2 {
		t.Errorf("%d successful OIDC logins of the account in the audit log, want 2", n)
	}
}

func TestFeideLoginLinksPreregisteredPerson(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	inst := a.Demo.Institution.ID
	pilot := a.Demo.Programs["uib-mn-pilot"]
	// The institution registered Kari with her Feide id before she ever
	// logged in; her account has another e-mail address than Feide sends.
	kari, err := a.App.Repos.Auth.CreateAccount(ctx, auth.NewAccount{
		Person: auth.NewPerson{InstitutionID: inst, GivenName: "Kari", FamilyName: "Nordmann",
			Email: "kari.nordmann@uib.no", FeideID: "feide:kari@uib.no"},
		Email:  "kari.nordmann@uib.no",
		Grants: []app.Grant{{Role: app.RoleCoordinator, InstitutionID: inst, ProgramID: pilot.ID}},
	})
	if err != nil {
		t.Fatalf("create pre-registered account: %v", err)
	}
	before := a.accountCount(t)

	a.OIDC.QueueUser("sub-kari", "Kari Feide-Nordmann", "kari@student.uib.no", "feide:kari@uib.no")
	pg := newWebClient(t).feideLogin(a)
	pg.wantDashboard(t, a, "Kari Nordmann")
	pg.wantContains(t, `id="sec-coord"`, pilot.Name)
	pg.wantNotContains(t, `id="sec-student"`)

	if n := a.accountCount(t); n != before {
		t.Errorf("%d accounts after the login, want %d: the login made a new account", n, before)
	}
	a.wantNoAccount(t, "kari@student.uib.no")
	a.wantIdentity(t, "sub-kari", kari.ID)
	a.wantAudit(t, auth.AuditEntry{Action: "oidc.link", AccountID: kari.ID, Target: "feide:kari@uib.no", Outcome: "ok", Details: "userid_sec"})
	a.wantAudit(t, auth.AuditEntry{Action: "login", AccountID: kari.ID, Outcome: "ok", Details: "oidc"})
}

func TestFeideLoginNeverLinksByEmail(t *testing.T) {
	a := startApp(t)
	admin := a.accountByEmail(t, "admin@demo.mentorhub.no")

	t.Run("no userid_sec", func(t *testing.T) {
		// The provider vouches for the admin's address but for no Feide id.
		a.OIDC.QueueUser("sub-mallory-1", "Astrid Admin", "admin@demo.mentorhub.no")
		c := newWebClient(t)
		pg := c.feideLogin(a)
		pg.wantStatus(t, http.StatusForbidden)
		pg.wantLoginError(t)
		a.wantNoIdentity(t, "sub-mallory-1")
		c.wantLoggedOut(t, a)
	})

	t.Run("another Feide id", func(t *testing.T) {
		// A uib.no user whose provider sends the admin's address: whatever
		// happens, the login must not end up as the admin.
		a.OIDC.QueueUser("sub-mallory-2", "Mallory", "admin@demo.mentorhub.no", "feide:mallory@uib.no")
		c := newWebClient(t)
		pg := c.feideLogin(a)
		t.Logf("the login answered %d with %q", pg.Status, loginErrorText(pg))
		pg.wantNotContains(t, "Astrid Admin", `id="sec-admin"`)
		if id, err := a.App.Repos.Auth.FindOIDCIdentity(context.Background(), a.OIDC.Issuer, "sub-mallory-2"); err == nil && id == admin.ID {
			t.Fatal("the Feide identity was linked to the admin's account by e-mail")
		}
		persons, err := a.App.Repos.Auth.FindPersonsByFeideID(context.Background(), "feide:mallory@uib.no")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range persons {
			if p[0] == admin.PersonID {
				t.Error("the admin's person got Mallory's Feide id")
			}
		}
		if h := c.get(a.URL + "/").heading(); strings.Contains(h, "Astrid") {
			t.Errorf("after the login the dashboard greets %q", h)
		}
	})

	if n := a.countAudit(t, auth.AuditEntry{Action: "login", AccountID: admin.ID, Outcome: "ok"}); n != 0 {
		t.Errorf("%d successful logins of the admin in the audit log, want 0", n)
	}
}

func TestFeideCallbackRefusesTamperedAndReplayedState(t *testing.T) {
	a := startApp(t)
	a.OIDC.QueueUser("sub-replay", "Rita Replay", "rita@uib.no", "feide:rita@uib.no")
	c := newWebClient(t)
	callback := c.feideCallbackURL(a)

	t.Run("tampered state", func(t *testing.T) {
		u := withQuery(t, callback, "state", queryOf(t, callback, "state")+"x")
		pg := newWebClient(t).get(u)
		pg.wantStatus(t, http.StatusUnauthorized)
		pg.wantLoginError(t)
	})
	t.Run("missing state", func(t *testing.T) {
		newWebClient(t).get(withQuery(t, callback, "state", "")).wantStatus(t, http.StatusUnauthorized)
	})
	t.Run("provider error", func(t *testing.T) {
		// In a login attempt of its own, so that how the app treats the
		// state of a refused attempt does not matter here.
		a.OIDC.QueueUser("sub-refused", "Rolf Refused", "rolf@uib.no", "feide:rolf@uib.no")
		other := newWebClient(t)
		state := queryOf(t, other.feideCallbackURL(a), "state")
		pg := other.get(a.URL + "/auth/oidc/callback?error=access_denied&state=" + url.QueryEscape(state))
		pg.wantStatus(t, http.StatusUnauthorized)
		pg.wantLoginError(t)
		other.wantLoggedOut(t, a)
		a.wantNoAccount(t, "rolf@uib.no")
	})

	// The genuine callback still works once ...
	c.get(callback).wantDashboard(t, a, "Rita Replay")
	rita := a.accountByEmail(t, "rita@uib.no")

	// ... and never again: not in the same browser, nor in another one.
	t.Run("replayed in the same browser", func(t *testing.T) {
		pg := c.get(callback)
		pg.wantStatus(t, http.StatusUnauthorized)
		pg.wantLoginError(t)
	})
	t.Run("replayed elsewhere", func(t *testing.T) {
		other := newWebClient(t)
		pg := other.get(callback)
		pg.wantStatus(t, http.StatusUnauthorized)
		pg.wantLoginError(t)
		other.wantLoggedOut(t, a)
	})

	if n := a.countAudit(t, auth.AuditEntry{Action: "login", AccountID: rita.ID, Outcome: "ok", Details: "oidc"}); n != 1 {
		t.Errorf("%d successful logins in the audit log, want 1", n)
	}
	// Unknown state: the tampered one and the two replays (the provider's
	// error is answered before the state is looked at).
	if n := a.countAudit(t, auth.AuditEntry{Action: "login", Outcome: "failed", Details: "oidc: unknown or expired login attempt"}); n != 3 {
		t.Errorf("%d failed logins for an unknown state in the audit log, want 3", n)
	}
	if n := a.countAudit(t, auth.AuditEntry{Action: "login", Outcome: "failed", Details: "oidc: missing state or code"}); n != 1 {
		t.Errorf("%d failed logins for a missing state in the audit log, want 1", n)
	}
}

func TestFeideLoginIgnoresForeignNext(t *testing.T) {
	a := startApp(t)
	a.OIDC.QueueUser("sub-next", "Nils Neste", "nils@uib.no", "feide:nils@uib.no")
	c := newWebClient(t)
	pg := c.get(a.URL + "/auth/oidc/login?next=" + url.QueryEscape("//evil.example/"))
	pg.wantDashboard(t, a, "Nils Neste")
}

func TestFeideLoginUnknownRealm(t *testing.T) {
	a := startApp(t)
	before := a.accountCount(t)
	a.OIDC.QueueUser("sub-ntnu", "Nora Ntnu", "nora@ntnu.no", "feide:nora@ntnu.no")
	c := newWebClient(t)
	pg := c.feideLogin(a)
	pg.wantStatus(t, http.StatusForbidden)
	pg.wantLoginError(t)
	c.wantLoggedOut(t, a)
	a.wantNoIdentity(t, "sub-ntnu")
	if n := a.accountCount(t); n != before {
		t.Errorf("%d accounts after a login from an unknown realm, want %d", n, before)
	}
}
