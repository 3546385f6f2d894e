package cli

import (
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/jobs"
)

func TestJobRunWorksForEveryKind(t *testing.T) {
	dir := dataDir(t)
	if code, out, errs := run(t, dir, "", "migrate"); code != 0 || !strings.Contains(out, "job queue (River) migration") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	kinds := jobs.Kinds()
	if len(kinds) < 2 {
		t.Fatalf("kinds = %v, want at least the two cleanups", kinds)
	}
	code, out, errs := run(t, "", "", "job", "list")
	if code != 0 {
		t.Fatalf("job list: %d %q", code, errs)
	}
	for _, k := range kinds {
		if !strings.Contains(out, k.Name) {
			t.Errorf("job list does not show %s: %q", k.Name, out)
		}
		code, got, errs := run(t, dir, "", "job", "run", k.Name)
		if code != 0 || !strings.Contains(got, " "+k.Name+": completed") {
			t.Errorf("job run %s: %d %q %q", k.Name, code, got, errs)
		}
	}
	// The runs are job rows like any other: a second run is a new job.
	if code, got, errs := run(t, dir, "", "job", "run", jobs.KindAuthCleanup); code != 0 || !strings.Contains(got, "sessions_removed 0") {
		t.Errorf("job run again: %d %q %q", code, got, errs)
	}
	if code, _, errs := run(t, dir, "", "job", "run", "no_such_kind"); code != 1 || !strings.Contains(errs, "unknown job kind") {
		t.Errorf("job run of an unknown kind: %d %q", code, errs)
	}
	for _, bad := range [][]string{{"job"}, {"job", "run"}, {"job", "frob"}} {
		if code, _, _ := run(t, dir, "", bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
	for _, cmd := range [][]string{{"job"}, {"job", "run"}, {"job", "list"}} {
		if code, out, _ := run(t, "", "", append(cmd, "--help")...); code != 0 || !strings.Contains(out, "Usage: mentorhub") {
			t.Errorf("%v --help: %d %q", cmd, code, out)
		}
	}
}
