// Command gencohort writes a generated intake as students.csv and
// mentors.csv (spec/INTERCHANGE.md), for timing `mentorhub allocate` on
// cohorts of any size: go run ./internal/tools/gencohort -n 160000 -out DIR
// [-semicolon] [-bom].
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

func main() {
	n := flag.Int("n", 639, "number of students")
	seed := flag.Int64("seed", 1, "generator seed")
	out := flag.String("out", ".", "output `folder`")
	semi := flag.Bool("semicolon", false, "separate with semicolons, as Norwegian Excel does")
	bom := flag.Bool("bom", false, "start each file with a UTF-8 byte-order mark")
	flag.Parse()
	students, mentors := allocate.Generate(*n, *seed)
	write := func(name string, header []string, rows [][]string) {
		f, err := os.Create(filepath.Join(*out, name))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		if *bom {
			f.WriteString("\ufeff")
		}
		w := csv.NewWriter(f)
		if *semi {
			w.Comma = ';'
		}
		w.Write(header)
		w.WriteAll(rows)
		if err := w.Error(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	var rows [][]string
	for _, s := range students {
		rows = append(rows, []string{s.Number, "Given" + s.Number, "Family", s.Number + "@student.example.no", s.Programme, s.Cohort,
			"Bergen", "nb", s.Gender, strconv.FormatBool(s.International), strings.Join(s.Slots, "|"), s.With, s.Avoid, strconv.FormatBool(s.OptOut)})
	}
	write("students.csv", []string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort", "campus", "language",
		"gender", "international", "slots", "with", "avoid", "opt_out"}, rows)
	rows = nil
	for _, m := range mentors {
		rows = append(rows, []string{m.ID, "Mentor", m.ID, m.ID + "@uib.example.no", m.Programme, m.Cohort, m.Kind, strconv.Itoa(m.MaxGroups), strings.Join(m.Slots, "|")})
	}
	write("mentors.csv", []string{"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups", "slots"}, rows)
	fmt.Fprintf(os.Stderr, "wrote %d students and %d mentors to %s\n", len(students), len(mentors), *out)
}
