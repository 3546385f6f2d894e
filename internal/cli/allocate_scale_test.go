package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// TestAllocateReadsMoreRowsThanAnUpload guards the national scale: a student
// file beyond the 50,000-row upload default must still be read and allocated.
func TestAllocateReadsMoreRowsThanAnUpload(t *testing.T) {
	dir := t.TempDir()
	students, mentors := allocate.Generate(60000, 3)
	write := func(name string, header []string, rows [][]string) string {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write(header)
		w.WriteAll(rows)
		p := filepath.Join(dir, name)
		os.WriteFile(p, b.Bytes(), 0o600)
		return p
	}
	var rows [][]string
	for _, s := range students {
		rows = append(rows, []string{s.Number, "G", "F", s.Number + "@example.no", s.Programme, s.Cohort, s.Gender,
			strconv.FormatBool(s.International), strings.Join(s.Slots, "|"), s.With, s.Avoid, strconv.FormatBool(s.OptOut)})
	}
	sf := write("students.csv", []string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort", "gender",
		"international", "slots", "with", "avoid", "opt_out"}, rows)
	rows = nil
	for _, m := range mentors {
		rows = append(rows, []string{m.ID, "M", "N", m.ID + "@example.no", m.Programme, m.Cohort, m.Kind, strconv.Itoa(m.MaxGroups), strings.Join(m.Slots, "|")})
	}
	mf := write("mentors.csv", []string{"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups", "slots"}, rows)
	code, out, errs := run(t, "", "", "allocate", "--students", sf, "--mentors", mf, "--group-min", "10", "--group-max", "25", "--mentors-per-group", "2", "--seed", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res allocate.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Stats.Students < 55000 || res.Stats.Placed < res.Stats.Students*9/10 {
		t.Fatalf("stats %+v", res.Stats)
	}
}
