package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestTokenExpiresListsAndRevokesAndUserDisables(t *testing.T) {
	dir := dataDir(t)
	if code, out, errs := run(t, dir, "a very long password\n", "user", "add", "--email", "ada@example.no", "--name", "Ada Admin", "--role", "admin", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	code, out, errs := run(t, dir, "", "token", "issue", "--email", "ada@example.no", "--expires", "30d", "--name", "nightly report")
	if code != 0 || !strings.HasPrefix(out, "mh_") || strings.Count(out, "\n") != 1 {
		t.Fatalf("token issue: %d %q %q", code, out, errs)
	}
	m := regexp.MustCompile(`token (\d+) .* expires (\S+)`).FindStringSubmatch(errs)
	if m == nil {
		t.Fatalf("token issue does not say when the token expires: %q", errs)
	}
	exp, err := time.Parse(time.RFC3339, m[2])
	if want := time.Now().Add(30 * 24 * time.Hour); err != nil || exp.Sub(want).Abs() > time.Hour {
		t.Fatalf("the token expires %v (%v), want about %v", exp, err, want)
	}
	id := m[1]
	code, out, errs = run(t, dir, "", "token", "list", "--email", "ada@example.no")
	if code != 0 || !strings.Contains(out, "nightly report") || !strings.Contains(out, "active") || !strings.Contains(out, exp.Format(time.DateTime)) {
		t.Fatalf("token list: %d %q %q", code, out, errs)
	}
	if code, out, errs = run(t, dir, "", "token", "revoke", id); code != 0 || !strings.Contains(out, "revoked token "+id) {
		t.Fatalf("token revoke: %d %q %q", code, out, errs)
	}
	if code, out, _ = run(t, dir, "", "token", "list", "--email", "ada@example.no"); code != 0 || !strings.Contains(out, "revoked") || strings.Contains(out, "active") {
		t.Fatalf("token list after revoking: %d %q", code, out)
	}
	if code, _, errs = run(t, dir, "", "token", "revoke", "999"); code != 1 || !strings.Contains(errs, "not found") {
		t.Fatalf("revoking an unknown token: %d %q", code, errs)
	}
	for _, bad := range [][]string{{"token", "issue", "--email", "ada@example.no", "--expires", "soon"}, {"token", "revoke"}, {"token", "list"}, {"token", "frob"}} {
		if code, _, _ := run(t, dir, "", bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
	if code, _, errs = run(t, dir, "", "token", "issue", "--email", "ada@example.no", "--expires", "3650d"); code != 1 || !strings.Contains(errs, "366") {
		t.Fatalf("a ten-year token: %d %q", code, errs)
	}
	if code, out, errs = run(t, dir, "", "user", "disable", "--email", "ada@example.no"); code != 0 || !strings.Contains(out, "disabled account ada@example.no") {
		t.Fatalf("user disable: %d %q %q", code, out, errs)
	}
	if code, _, errs = run(t, dir, "", "token", "issue", "--email", "ada@example.no"); code != 1 || !strings.Contains(errs, "disabled") {
		t.Fatalf("a token for a disabled account: %d %q", code, errs)
	}
	if code, out, errs = run(t, dir, "", "user", "enable", "--email", "ada@example.no"); code != 0 || !strings.Contains(out, "enabled account") {
		t.Fatalf("user enable: %d %q %q", code, out, errs)
	}
	for _, cmd := range [][]string{{"token", "list"}, {"token", "revoke"}, {"user", "disable"}, {"user", "enable"}} {
		if code, out, _ := run(t, "", "", append(cmd, "--help")...); code != 0 || !strings.Contains(out, "Usage: mentorhub") {
			t.Errorf("%v --help: %d %q", cmd, code, out)
		}
	}
}
