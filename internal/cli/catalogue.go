package cli

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// printDetails writes every bad line as "line N: column X: message".
func printDetails(env Env, err error) int {
	e := app.AsError(err)
	if e.Code != app.CodeInvalid || len(e.Details) == 0 {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stderr, "mentorhub: %s; nothing was imported:\n", e.Message)
	fmt.Fprint(env.Stderr, catalogue.FormatDetails(e.Details))
	return exitFail
}

func runCatalogue(ctx context.Context, env Env, args []string) int {
	f, c, code, ok := importCommand(env, "catalogue", "catalogue import FILE [--data DIR | --database-url URL]", args, nil)
	if !ok {
		return code
	}
	defer f.Close()
	rows, warnings, err := catalogue.Parse(f)
	warn(env, tabular.WarningText(warnings))
	if err != nil {
		return printDetails(env, err)
	}
	svc, err := openServices(ctx, c)
	if err != nil {
		return fail(env, err)
	}
	defer svc.Close()
	res, err := svc.Programs.Import(app.WithActor(ctx, app.SystemActor), rows)
	if err != nil {
		return printDetails(env, err)
	}
	fmt.Fprintf(env.Stdout, "imported %d program(s): %d created, %d updated, %d unchanged; %d institution(s) created\n",
		len(rows), res.Created, res.Updated, res.Unchanged, res.Institutions)
	return exitOK
}

// importCommand is the shared start of `catalogue import` and `populations
// import`: it checks the "import" verb, parses flags and the FILE argument,
// loads the configuration and opens the file. more adds command flags.
func importCommand(env Env, noun, syn string, args []string, more func(*flag.FlagSet)) (f *os.File, c config.Config, code int, ok bool) {
	if len(args) == 0 || args[0] != "import" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.Stdout, "Usage: mentorhub "+syn)
			return nil, c, exitOK, false
		}
		fmt.Fprintln(env.Stderr, "Usage: mentorhub "+syn)
		return nil, c, exitUsage, false
	}
	fs := newFlags(env, noun+" import", syn)
	flags := config.Register(fs, "data", "database_url")
	if more != nil {
		more(fs)
	}
	file, rest, code, done := fileArg(fs, env, args[1:])
	if done {
		return nil, c, code, false
	}
	if done, code := parse(fs, env, rest); done {
		return nil, c, code, false
	}
	c, err := flags.Load(env.Getenv)
	if err != nil {
		return nil, c, fail(env, err), false
	}
	if f, err = os.Open(file); err != nil {
		return nil, c, fail(env, err), false
	}
	return f, c, 0, true
}

// warn prints a reader's warnings (e.g. unknown columns).
func warn(env Env, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(env.Stderr, "mentorhub: warning: %s\n", w)
	}
}

// fileArg takes the FILE argument, which may stand before or after the flags.
func fileArg(fs interface{ Parse([]string) error }, env Env, args []string) (file string, rest []string, code int, done bool) {
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		return args[0], args[1:], 0, false
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return "", args, 0, false
	}
	// FILE after the flags: the last argument.
	if len(args) > 0 && args[len(args)-1] != "" && args[len(args)-1][0] != '-' {
		return args[len(args)-1], args[:len(args)-1], 0, false
	}
	fmt.Fprintln(env.Stderr, "mentorhub: name the file to import")
	return "", nil, exitUsage, true
}

func runPopulations(ctx context.Context, env Env, args []string) int {
	var instSlug *string
	f, c, code, ok := importCommand(env, "populations", "populations import FILE [--institution SLUG] [--data DIR | --database-url URL]", args,
		func(fs *flag.FlagSet) {
			instSlug = fs.String("institution", "", "institution `slug` (needed when the database holds several)")
		})
	if !ok {
		return code
	}
	defer f.Close()
	pops, warnings, err := catalogue.ParsePopulations(f)
	warn(env, tabular.WarningText(warnings))
	if err != nil {
		return printDetails(env, err)
	}
	svc, err := openServices(ctx, c)
	if err != nil {
		return fail(env, err)
	}
	defer svc.Close()
	ctx = app.WithActor(ctx, app.SystemActor)
	inst, err := institutionFor(ctx, svc.Org, *instSlug, "")
	if err != nil {
		return fail(env, err)
	}
	rows := make([]org.PopulationRow, 0, len(pops))
	for _, p := range pops {
		rows = append(rows, org.PopulationRow{Line: p.Line, ProgrammeCode: p.ProgrammeCode, ProgrammeName: p.ProgrammeName, Unit: p.Unit, Cohort: p.Cohort, Students: p.Students})
	}
	res, err := svc.Org.ImportPopulations(ctx, inst.ID, rows)
	if err != nil {
		return printDetails(env, err)
	}
	fmt.Fprintf(env.Stdout, "imported %d cohort(s) into %s; %d study programme(s) created\n", res.Cohorts, inst.Name, res.ProgrammesCreated)
	return exitOK
}
