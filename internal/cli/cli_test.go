package cli

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"os/signal"

	"github.com/mentorhub/mentorhub/internal/testutil"
)

// run runs the CLI with the given stdin and the test's database settings.
func run(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "MENTORHUB_DATABASE_URL" {
			return os.Getenv("MENTORHUB_CLI_TEST_URL")
		}
		return ""
	}
	full := append([]string{"mentorhub"}, args...)
	if os.Getenv("MENTORHUB_CLI_TEST_URL") == "" && dir != "" {
		full = append(full, "--data", dir)
	}
	code := Run(context.Background(), full, strings.NewReader(stdin), &out, &errb, getenv)
	return code, out.String(), errb.String()
}

// dataDir returns a fresh SQLite folder, or, on PostgreSQL, sets up a fresh
// schema for the CLI through MENTORHUB_DATABASE_URL.
func dataDir(t *testing.T) string {
	if testutil.IsPostgres() {
		db := testutil.MustOpenUnmigrated(t)
		_ = db
		t.Setenv("MENTORHUB_CLI_TEST_URL", testutil.LastSchemaURL())
		return ""
	}
	return t.TempDir()
}

func TestUserAddAndTokenIssue(t *testing.T) {
	dir := dataDir(t)
	code, out, errs := run(t, dir, "a very long password\n", "user", "add", "--email", "Admin@Example.no", "--name", "Ada Admin", "--role", "admin", "--password-stdin")
	if code != 0 || !strings.Contains(out, "admin@example.no") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, dir, "", "token", "issue", "--email", "admin@example.no")
	tok := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(tok, "mh_") || strings.Count(out, "\n") != 1 {
		t.Fatalf("token issue: %d %q %q", code, out, errs)
	}
	// The same e-mail twice is a clear error, exit 1.
	code, _, errs = run(t, dir, "a very long password\n", "user", "add", "--email", "admin@example.no", "--name", "X", "--role", "admin", "--password-stdin")
	if code != 1 || !strings.Contains(errs, "already exists") {
		t.Fatalf("duplicate: %d %q", code, errs)
	}
	// A short password, an unknown role and a coordinator without a program.
	if code, _, errs = run(t, dir, "short\n", "user", "add", "--email", "b@example.no", "--name", "B", "--role", "leader", "--password-stdin"); code != 1 || !strings.Contains(errs, "12") {
		t.Fatalf("short password: %d %q", code, errs)
	}
	if code, _, _ = run(t, dir, "", "user", "add", "--email", "b@example.no", "--name", "B", "--role", "king"); code != 2 {
		t.Fatalf("unknown role: exit %d, want 2", code)
	}
	if code, _, errs = run(t, dir, "", "user", "add", "--email", "c@example.no", "--name", "C", "--role", "coordinator"); code != 1 || !strings.Contains(errs, "program") {
		t.Fatalf("coordinator without program: %d %q", code, errs)
	}
	if code, _, errs = run(t, dir, "", "user", "add", "--email", "c@example.no", "--name", "C", "--role", "coordinator", "--program", "nope"); code != 1 || !strings.Contains(errs, "nope") {
		t.Fatalf("unknown program: %d %q", code, errs)
	}
	if code, _, errs = run(t, dir, "", "token", "issue", "--email", "nobody@example.no"); code != 1 || !strings.Contains(errs, "not found") {
		t.Fatalf("token for unknown account: %d %q", code, errs)
	}
}

func TestHelpAndBadFlags(t *testing.T) {
	for _, cmd := range [][]string{{"serve"}, {"demo"}, {"migrate"}, {"user", "add"}, {"token", "issue"}, {"version"}, {"institution", "add"}} {
		code, out, _ := run(t, "", "", append(cmd, "--help")...)
		if code != 0 || !strings.Contains(out, "Usage: mentorhub") {
			t.Errorf("%v --help: %d %q", cmd, code, out)
		}
		if code, _, _ := run(t, "", "", append(cmd, "--no-such-flag")...); code != 2 {
			t.Errorf("%v with a bad flag: exit %d, want 2", cmd, code)
		}
	}
	if code, _, _ := run(t, "", "", "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

func TestMigrateReportsVersion(t *testing.T) {
	dir := dataDir(t)
	code, out, errs := run(t, dir, "", "migrate")
	if code != 0 || !strings.Contains(out, "schema is at version") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	code, out, _ = run(t, dir, "", "migrate")
	if code != 0 || !strings.Contains(out, "applied 0 migration") {
		t.Fatalf("second migrate: %d %q", code, out)
	}
}

// TestServeAnswersAndStopsOnSIGTERM runs `serve`, checks the operational
// endpoints, sends the process a real SIGTERM and expects exit status 0.
func TestServeAnswersAndStopsOnSIGTERM(t *testing.T) {
	dir := dataDir(t)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	addr := testutil.FreeAddr(t)
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	getenv := func(k string) string {
		if k == "MENTORHUB_DATABASE_URL" {
			return os.Getenv("MENTORHUB_CLI_TEST_URL")
		}
		return ""
	}
	args := []string{"mentorhub", "serve", "--addr", addr}
	if dir != "" {
		args = append(args, "--data", dir)
	}
	go func() { done <- Run(ctx, args, strings.NewReader(""), &out, &errb, getenv) }()
	base := "http://" + addr
	var err error
	for i := 0; i < 100; i++ {
		var r *http.Response
		if r, err = http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("serve did not answer: %v\n%s", err, errb.String())
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/": 200, "/api/v1/openapi.json": 200, "/metrics": 200, "/api/v1/programs": 401, "/api/v1/me": 401} {
		r, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, r.StatusCode, want)
		}
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d after SIGTERM: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 s of SIGTERM")
	}
	if !strings.Contains(errb.String(), "mentorhub stopped") {
		t.Errorf("no clean-stop log line: %s", errb.String())
	}
	if strings.Contains(errb.String(), "@") {
		t.Errorf("the log holds something like an e-mail address: %s", errb.String())
	}
}
