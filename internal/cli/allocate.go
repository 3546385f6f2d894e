package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/roster"
)

// allocateMemoryLimit is runAllocate's soft heap limit.
const allocateMemoryLimit = 200 << 20

const allocateSynopsis = "allocate --students FILE --mentors FILE --group-min N --group-max N --mentors-per-group N [--mentor-mix KIND+KIND…] [--seed N] [--format json|text]"

// runAllocate forms mentor groups from a students and a mentors file
// (CSV or XLSX) and prints them on stdout; it opens no database. Both files
// are read and checked before anything is allocated, and every bad row of
// both is reported. Only the allocation goes to stdout, so the same input
// and seed give byte-identical output; counts and timings go to stderr.
func runAllocate(_ context.Context, env Env, args []string) int {
	fs := newFlags(env, "allocate", allocateSynopsis)
	studentsFile := fs.String("students", "", "students `FILE` (students.csv columns, CSV or XLSX)")
	mentorsFile := fs.String("mentors", "", "mentors `FILE` (mentors.csv columns, CSV or XLSX)")
	groupMin := fs.Int("group-min", 0, "smallest group size, `N` ≥ 1")
	groupMax := fs.Int("group-max", 0, "largest group size, `N` ≥ group-min")
	perGroup := fs.Int("mentors-per-group", 0, "mentors in each group, `N` ≥ 0")
	mix := fs.String("mentor-mix", "", "one mentor of each listed kind per group, `KIND+KIND…` (as many kinds as --mentors-per-group), e.g. external+senior_student")
	seed := fs.Int64("seed", 0, "random seed `N`: the same input and seed give the same allocation")
	format := fs.String("format", "json", "output format: `json` or text")
	if done, code := parse(fs, env, args); done {
		if code == exitUsage && fs.Parsed() && fs.NArg() > 0 {
			fs.Usage() // the flag package showed it for bad flags, not for a stray argument
		}
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var missing []string
	for _, name := range []string{"students", "mentors", "group-min", "group-max", "mentors-per-group"} {
		if !set[name] {
			missing = append(missing, "--"+name)
		}
	}
	mixKinds, mixErr := allocate.ParseMentorMix(*mix, *perGroup)
	var problem string
	switch {
	case len(missing) > 0:
		problem = "missing " + strings.Join(missing, ", ")
	case *studentsFile == "" || *mentorsFile == "":
		problem = "--students and --mentors must name files"
	case *groupMin < 1:
		problem = fmt.Sprintf("--group-min must be at least 1, not %d", *groupMin)
	case *groupMax < *groupMin:
		problem = fmt.Sprintf("--group-max must be at least --group-min (%d), not %d", *groupMin, *groupMax)
	case *perGroup < 0:
		problem = fmt.Sprintf("--mentors-per-group must be 0 or more, not %d", *perGroup)
	case mixErr != nil:
		problem = "--" + mixErr.Error()
	case *format != "json" && *format != "text":
		problem = fmt.Sprintf("--format must be json or text, not %q", *format)
	}
	if problem != "" {
		fmt.Fprintf(env.Stderr, "mentorhub allocate: %s\n", problem)
		fs.Usage()
		return exitUsage
	}

	// A soft heap limit keeps a national intake (160,000 students) within
	// 300 MB of memory: the garbage collector works a little harder near
	// it instead of letting the heap double (GOMEMLIMIT overrides it).
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(allocateMemoryLimit))
	}
	start := time.Now()
	// The two files are read side by side; each writes its warnings and bad
	// lines to its own buffer, printed in file order so stderr is stable.
	var sOut, mOut bytes.Buffer
	var students []allocate.Student
	var mentors []allocate.Mentor
	var sErr, mErr bool
	var wg sync.WaitGroup
	wg.Go(func() { students, sErr = readRoster(Env{Stderr: &sOut}, *studentsFile, roster.ParseStudents) })
	mentors, mErr = readRoster(Env{Stderr: &mOut}, *mentorsFile, roster.ParseMentors)
	wg.Wait()
	env.Stderr.Write(sOut.Bytes())
	env.Stderr.Write(mOut.Bytes())
	if sErr || mErr {
		fmt.Fprintln(env.Stderr, "mentorhub: nothing was allocated")
		return exitFail
	}
	res, err := allocate.Allocate(students, mentors, allocate.Options{
		GroupMin: *groupMin, GroupMax: *groupMax, MentorsPerGroup: *perGroup, MentorMix: mixKinds, Seed: *seed,
	})
	if err != nil {
		return fail(env, err)
	}
	res = nonNil(res)
	if *format == "text" {
		err = writeAllocationText(env.Stdout, res)
	} else {
		err = writeAllocationJSON(env.Stdout, res)
	}
	if err != nil {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stderr, "mentorhub: allocated %d of %d students into %d groups in %s\n",
		res.Stats.Placed, res.Stats.Students, res.Stats.Groups, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// readRoster opens and parses one roster file, printing its warnings and
// every bad row (prefixed by the file name) on stderr; bad is true when
// the file could not be used.
func readRoster[T any](env Env, name string, parse func(io.Reader) ([]T, []string, error)) (rows []T, bad bool) {
	f, err := os.Open(name)
	if err != nil {
		fmt.Fprintf(env.Stderr, "mentorhub: %v\n", err)
		return nil, true
	}
	defer f.Close()
	rows, warnings, err := parse(f)
	for _, w := range warnings {
		fmt.Fprintf(env.Stderr, "mentorhub: warning: %s: %s\n", name, w)
	}
	if err == nil {
		return rows, false
	}
	e := app.AsError(err)
	if e.Code != app.CodeInvalid || len(e.Details) == 0 {
		fmt.Fprintf(env.Stderr, "mentorhub: %s: %s\n", name, strings.TrimPrefix(err.Error(), "invalid: "))
		return nil, true
	}
	fmt.Fprintf(env.Stderr, "mentorhub: %s: %s:\n", name, e.Message)
	for _, line := range strings.Split(catalogue.FormatDetails(e.Details), "\n") {
		fmt.Fprintf(env.Stderr, "%s: %s\n", name, line)
	}
	return nil, true
}

// nonNil makes the lists of res print as [] rather than null.
func nonNil(res allocate.Result) allocate.Result {
	if res.Groups == nil {
		res.Groups = []allocate.Group{}
	}
	for i := range res.Groups {
		if res.Groups[i].Students == nil {
			res.Groups[i].Students = []string{}
		}
		if res.Groups[i].Mentors == nil {
			res.Groups[i].Mentors = []string{}
		}
	}
	if res.UnassignedStudents == nil {
		res.UnassignedStudents = []allocate.Unassigned{}
	}
	if res.UnassignedMentors == nil {
		res.UnassignedMentors = []string{}
	}
	return res
}

// writeAllocationJSON writes res as indented JSON and a newline.
func writeAllocationJSON(w io.Writer, res allocate.Result) error {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeAllocationText writes res as a table of groups, then the students
// and mentors left out, then the totals.
func writeAllocationText(w io.Writer, res allocate.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "GROUP\tPROGRAMME\tCOHORT\tSIZE\tSLOT\tCOVERAGE\tMENTORS\tSTUDENTS\n")
	for _, g := range res.Groups {
		size := fmt.Sprint(len(g.Students))
		if g.Undersized {
			size += " (undersized)"
		}
		slot := g.MeetingSlot
		if slot == "" {
			slot = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.0f%%\t%s\t%s\n", g.ID, g.Programme, g.Cohort, size, slot,
			g.SlotCoverage*100, listOrDash(g.Mentors), listOrDash(g.Students))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nUnassigned students: %d\n", len(res.UnassignedStudents))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, u := range res.UnassignedStudents {
		fmt.Fprintf(tw, "  %s\t%s\n", u.StudentNumber, u.Reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nUnassigned mentors: %d\n", len(res.UnassignedMentors))
	if len(res.UnassignedMentors) > 0 {
		fmt.Fprintf(w, "  %s\n", strings.Join(res.UnassignedMentors, ", "))
	}
	_, err := fmt.Fprintf(w, "\nStudents: %d, placed: %d, groups: %d\n", res.Stats.Students, res.Stats.Placed, res.Stats.Groups)
	return err
}

// listOrDash joins ids with ", ", or is "-" for none.
func listOrDash(ids []string) string {
	if len(ids) == 0 {
		return "-"
	}
	return strings.Join(ids, ", ")
}
