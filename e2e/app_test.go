package e2e

import (
	"context"
	"log/slog"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// testApp is a running mentorhub with the demo data and Feide login
// through a local OpenID Connect provider.
type testApp struct {
	URL  string // http://127.0.0.1:port, no trailing slash
	App  *server.App
	DB   *store.DB
	OIDC *testutil.OIDCProvider
	Demo *demo.Result
}

// demoDB is the demo data, seeded once for the package's tests (on the
// real clock, as the tests run) and copied for each.
var demoDB = &testutil.Template[*demo.Result]{
	Clock: app.SystemClock{},
	Seed: func(ctx context.Context, s *server.Services) (*demo.Result, error) {
		return demo.Seed(ctx, s.Auth, s.Org, s.Programs, s.People, s.Training)
	},
}

func TestMain(m *testing.M) {
	code := m.Run()
	demoDB.Close()
	os.Exit(code)
}

// startApp boots the whole app for one test and stops it when the test ends.
//
// The database runs on the real clock: the fake clock of testutil.MustOpenDB
// is stopped in the past, so the session cookies it dates would already
// have expired for a real client.
func startApp(t *testing.T) *testApp {
	t.Helper()
	svc, res := demoDB.Open(t, app.SystemClock{})
	provider := testutil.StartOIDC(t)
	// The base URL (and with it the OIDC redirect URL) must be known before
	// the app listens: take a free port, free it and let the app bind it.
	addr := freeAddr(t)
	base := "http://" + addr
	ctx, cancel := context.WithCancel(context.Background())
	a, err := server.New(ctx, svc, server.Config{
		Addr:    addr,
		BaseURL: base,
		OIDC: &auth.OIDCConfig{
			Issuer:       provider.Issuer,
			ClientID:     provider.ClientID,
			ClientSecret: provider.ClientSecret,
			RedirectURL:  base + "/auth/oidc/callback",
		},
		Logger: testLogger(t),
	})
	if err != nil {
		cancel()
		t.Fatalf("start app: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("app stopped with: %v", err)
		}
	})
	if a.URL() != base {
		t.Fatalf("app listens on %s, want %s", a.URL(), base)
	}
	return &testApp{URL: base, App: a, DB: svc.DB, OIDC: provider, Demo: res}
}

// freeAddr returns a 127.0.0.1 address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// testLogger sends the app's warnings and errors to the test log (the
// request log at info level would drown the test output).
func testLogger(t *testing.T) *slog.Logger {
	w := &testLogWriter{t: t}
	t.Cleanup(w.close)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// testLogWriter writes to t.Log until the test ends (a goroutine of the app
// that logs later must not make the test panic).
type testLogWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *testLogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log("app: " + strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *testLogWriter) close() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
}

// accountByEmail returns the account with that e-mail address.
func (a *testApp) accountByEmail(t *testing.T, email string) auth.Account {
	t.Helper()
	acct, err := a.App.Repos.Auth.FindAccountByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("find account %s: %v", email, err)
	}
	return acct
}

// ---- assertions on the database -------------------------------------------

func (a *testApp) wantNoAccount(t *testing.T, email string) {
	t.Helper()
	if acct, err := a.App.Repos.Auth.FindAccountByEmail(context.Background(), email); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("account %s: %+v, %v; want none", email, acct, err)
	}
}

func (a *testApp) accountCount(t *testing.T) int {
	t.Helper()
	n := 0
	for _, inst := range []int64{a.Demo.Institution.ID, a.Demo.Other.ID} {
		accts, err := a.App.Repos.Auth.FindAccounts(context.Background(), inst)
		if err != nil {
			t.Fatalf("list accounts: %v", err)
		}
		n += len(accts)
	}
	return n
}

func (a *testApp) wantIdentity(t *testing.T, subject string, accountID int64) {
	t.Helper()
	id, err := a.App.Repos.Auth.FindOIDCIdentity(context.Background(), a.OIDC.Issuer, subject)
	if err != nil || id != accountID {
		t.Errorf("OIDC subject %s is linked to account %d (%v), want %d", subject, id, err, accountID)
	}
}

func (a *testApp) wantNoIdentity(t *testing.T, subject string) {
	t.Helper()
	if id, err := a.App.Repos.Auth.FindOIDCIdentity(context.Background(), a.OIDC.Issuer, subject); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("OIDC subject %s is linked to account %d (%v), want no link", subject, id, err)
	}
}

func wantGrants(t *testing.T, acct auth.Account, want ...app.Grant) {
	t.Helper()
	var got []app.Grant
	for _, g := range acct.Grants {
		g.ID = 0
		got = append(got, g)
	}
	if !slices.Equal(got, want) {
		t.Errorf("grants of %s = %+v, want %+v", acct.Email, got, want)
	}
}

// countAudit counts audit entries matching the non-zero fields of want.
func (a *testApp) countAudit(t *testing.T, want auth.AuditEntry) int {
	t.Helper()
	entries, err := a.App.Repos.Auth.FindAudit(context.Background(), auth.AuditFilter{Action: want.Action, Limit: 1000})
	if err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	n := 0
	for _, e := range entries {
		if (want.AccountID == 0 || e.AccountID == want.AccountID) && (want.Target == "" || e.Target == want.Target) &&
			(want.Outcome == "" || e.Outcome == want.Outcome) && (want.Details == "" || e.Details == want.Details) {
			n++
		}
	}
	return n
}

func (a *testApp) wantAudit(t *testing.T, want auth.AuditEntry) {
	t.Helper()
	if a.countAudit(t, want) == 0 {
		entries, _ := a.App.Repos.Auth.FindAudit(context.Background(), auth.AuditFilter{Limit: 50})
		t.Errorf("audit log has no entry like %+v; newest entries:\n%s", want, formatAudit(entries))
	}
}

func formatAudit(entries []auth.AuditEntry) string {
	var b strings.Builder
	for _, e := range entries {
		b.WriteString("  " + e.At.Format("15:04:05") + " " + e.Action + " account=" + strconv.FormatInt(e.AccountID, 10) + " target=" + e.Target +
			" outcome=" + e.Outcome + " details=" + e.Details + "\n")
	}
	return b.String()
}
