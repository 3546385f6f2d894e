package e2e

import (
	"context"
	"log/slog"
	"net"
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

// startApp boots the whole app for one test and stops it when the test ends.
//
// The database runs on the real clock: the fake clock of testutil.MustOpenDB
// is stopped in the past, so the session cookies it dates would already
// have expired for a real client.
func startApp(t *testing.T) *testApp {
	t.Helper()
	db := testutil.MustOpenDBWithClock(t, app.SystemClock{})
	provider := testutil.StartOIDC(t)
	// The base URL (and with it the OIDC redirect URL) must be known before
	// the app listens: take a free port, free it and let the app bind it.
	addr := freeAddr(t)
	base := "http://" + addr
	ctx, cancel := context.WithCancel(context.Background())
	a, err := server.New(ctx, db, server.Config{
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
	res, err := demo.Seed(ctx, a.Auth, a.Org, a.Programs)
	if err != nil {
		cancel()
		t.Fatalf("seed demo data: %v", err)
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
	return &testApp{URL: base, App: a, DB: db, OIDC: provider, Demo: res}
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
	acct, err := a.DB.FindAccountByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("find account %s: %v", email, err)
	}
	return acct
}
