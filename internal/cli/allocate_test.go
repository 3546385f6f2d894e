package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// allocateRun runs `mentorhub allocate args…` with no environment at all,
// so that no database could be found even if the command looked for one.
func allocateRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"mentorhub", "allocate"}, args...)
	code := Run(context.Background(), full, strings.NewReader(""), &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}

// rosterFiles writes the sample students and mentors files (transformed by
// conv) into a fresh folder and returns their paths.
func rosterFiles(t *testing.T, conv func([]byte) []byte) (students, mentors string) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"students.csv", "mentors.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "roster", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if conv != nil {
			b = conv(b)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "students.csv"), filepath.Join(dir, "mentors.csv")
}

func sizes(s, m string, more ...string) []string {
	return append([]string{"--students", s, "--mentors", m, "--group-min", "6", "--group-max", "10", "--mentors-per-group", "2"}, more...)
}

func TestAllocateSample(t *testing.T) {
	s, m := rosterFiles(t, nil)
	code, out, errs := allocateRun(t, sizes(s, m, "--seed", "7")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasSuffix(out, "}\n") || !strings.Contains(out, "\n  \"groups\": [") {
		t.Errorf("not indented JSON with a final newline: %.200q", out)
	}
	var res struct {
		Groups []struct {
			ID           string   `json:"id"`
			Programme    string   `json:"programme_code"`
			Cohort       string   `json:"cohort"`
			Students     []string `json:"students"`
			Mentors      []string `json:"mentors"`
			MeetingSlot  *string  `json:"meeting_slot"`
			SlotCoverage *float64 `json:"slot_coverage"`
			Undersized   *bool    `json:"undersized"`
		} `json:"groups"`
		UnassignedStudents []struct {
			StudentNumber string `json:"student_number"`
			Reason        string `json:"reason"`
		} `json:"unassigned_students"`
		UnassignedMentors []string `json:"unassigned_mentors"`
		Stats             *struct {
			Students, Placed, Groups int
		} `json:"stats"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&res); err != nil {
		t.Fatal(err)
	}
	if res.Stats == nil || res.Stats.Students == 0 || res.Stats.Groups != len(res.Groups) || len(res.Groups) == 0 ||
		res.UnassignedStudents == nil || res.UnassignedMentors == nil {
		t.Fatalf("bad result: %+v", res)
	}
	placed := 0
	for _, g := range res.Groups {
		if g.ID == "" || g.Programme == "" || g.Cohort == "" || len(g.Students) == 0 || g.Mentors == nil ||
			g.MeetingSlot == nil || g.SlotCoverage == nil || g.Undersized == nil {
			t.Errorf("bad group %+v", g)
		}
		placed += len(g.Students)
	}
	if placed != res.Stats.Placed || placed+len(res.UnassignedStudents) != res.Stats.Students {
		t.Errorf("placed %d + unassigned %d, stats %+v", placed, len(res.UnassignedStudents), *res.Stats)
	}
	if !strings.Contains(errs, "allocated ") || strings.Contains(out, "allocated ") {
		t.Errorf("counts belong on stderr: %q", errs)
	}
	// The same seed gives byte-identical output; another seed may differ.
	code, again, _ := allocateRun(t, sizes(s, m, "--seed", "7")...)
	if code != 0 || again != out {
		t.Error("two runs with the same seed differ")
	}
	code, other, _ := allocateRun(t, sizes(s, m, "--seed", "8")...)
	if code != 0 || !json.Valid([]byte(other)) {
		t.Fatalf("seed 8: exit %d", code)
	}
	t.Logf("another seed gives different output: %v", other != out)
	// Semicolons, a BOM, CRLF and upper-case headers give the same result.
	s2, m2 := rosterFiles(t, func(b []byte) []byte {
		first, rest, _ := strings.Cut(strings.ReplaceAll(string(b), ",", ";"), "\n")
		return []byte("\uFEFF" + strings.ToUpper(first) + "\r\n" + strings.ReplaceAll(rest, "\n", "\r\n"))
	})
	if code, semi, errs := allocateRun(t, sizes(s2, m2, "--seed", "7")...); code != 0 || semi != out {
		t.Errorf("semicolon + BOM files: exit %d, same output %v; %s", code, semi == out, errs)
	}
	// The text table names every group.
	code, text, _ := allocateRun(t, sizes(s, m, "--seed", "7", "--format", "text")...)
	if code != 0 || !strings.HasPrefix(text, "GROUP ") || !strings.Contains(text, "\n"+res.Groups[0].ID+" ") ||
		!strings.Contains(text, "Unassigned students: ") {
		t.Errorf("text: exit %d\n%s", code, text)
	}
}

func TestAllocateNoGroups(t *testing.T) {
	dir := t.TempDir()
	s, m := filepath.Join(dir, "s.csv"), filepath.Join(dir, "m.csv")
	_ = os.WriteFile(s, []byte("student_number,given_name,family_name,email,programme_code,cohort,opt_out\ns1,A,B,a@x.no,P,2025H,ja\n"), 0o600)
	_ = os.WriteFile(m, []byte("mentor_id,given_name,family_name,email,programme_code,kind\n"), 0o600)
	code, out, errs := allocateRun(t, "--students", s, "--mentors", m, "--group-min", "2", "--group-max", "3", "--mentors-per-group", "0")
	if code != 0 || !strings.Contains(out, `"groups": []`) || !strings.Contains(out, `"unassigned_students": []`) ||
		!strings.Contains(out, `"unassigned_mentors": []`) {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
}

func TestAllocateBadFiles(t *testing.T) {
	s, m := rosterFiles(t, func(b []byte) []byte {
		lines := strings.Split(string(b), "\n")
		if strings.HasPrefix(lines[0], "student_number") {
			lines[3] = strings.Replace(lines[3], "@", " at ", 1)           // line 4: email
			lines[9] = strings.Replace(lines[9], ",2025H,", ",2025Q,", 1)  // line 10: cohort
			lines[9] = strings.Replace(lines[9], ",true,", ",kanskje,", 1) // line 10: international
		} else {
			lines[1] = strings.Replace(lines[1], "senior_student", "professor", 1) // line 2: kind
			lines[5] = strings.Replace(lines[5], ",1,", ",0,", 1)                  // line 6: max_groups
		}
		return []byte(strings.Join(lines, "\n"))
	})
	code, out, errs := allocateRun(t, sizes(s, m)...)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		s + ": line 4: column email: ",
		s + ": line 10: column cohort: ",
		s + ": line 10: column international: ",
		m + ": line 2: column kind: ",
		m + ": line 6: column max_groups: ",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	// A missing file is reported, and the other file is still checked.
	code, _, errs = allocateRun(t, sizes(s+".nope", m)...)
	if code != 1 || !strings.Contains(errs, "nope") || !strings.Contains(errs, m+": line 2: column kind: ") {
		t.Errorf("missing file: exit %d\n%s", code, errs)
	}
}

func TestAllocateFlags(t *testing.T) {
	s, m := rosterFiles(t, nil)
	for name, args := range map[string][]string{
		"no flags":              nil,
		"no students":           {"--mentors", m, "--group-min", "6", "--group-max", "10", "--mentors-per-group", "2"},
		"no mentors-per-group":  {"--students", s, "--mentors", m, "--group-min", "6", "--group-max", "10"},
		"non-integer group-min": sizes(s, m, "--group-min", "six"),
		"non-integer seed":      sizes(s, m, "--seed", "1.5"),
		"group-min 0":           sizes(s, m, "--group-min", "0"),
		"group-max < group-min": sizes(s, m, "--group-max", "5"),
		"mentors-per-group < 0": sizes(s, m, "--mentors-per-group", "-1"),
		"unknown format":        sizes(s, m, "--format", "yaml"),
		"unknown flag":          sizes(s, m, "--database-url", "x"),
		"stray argument":        sizes(s, m, "extra"),
	} {
		code, out, errs := allocateRun(t, args...)
		if code != 2 || out != "" || !strings.Contains(errs, "Usage: mentorhub allocate") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, out, errs)
		}
	}
	code, out, _ := allocateRun(t, "--help")
	if code != 0 || !strings.Contains(out, "Usage: mentorhub allocate") || !strings.Contains(out, "-mentors-per-group") {
		t.Errorf("--help: exit %d %q", code, out)
	}
}
