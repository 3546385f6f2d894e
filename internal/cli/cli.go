package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/store"
)

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// Exit codes: 0 ok, 1 failure (bad input, runtime error), 2 bad usage.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env Env, args []string) int
}

func commands() []command {
	return []command{
		{"serve", "serve the web UI and the API", runServe},
		{"demo", "start a demo institution on a fresh temporary database", runDemo},
		{"migrate", "apply pending database migrations", runMigrate},
		{"job", "run a job kind once, or list the kinds (job run KIND, job list)", runJob},
		{"user", "manage accounts (user add, disable, enable)", runUser},
		{"token", "manage API tokens (token issue, list, revoke)", runToken},
		{"institution", "manage institutions (institution add)", runInstitution},
		{"catalogue", "load a catalogue.csv of programs (catalogue import FILE)", runCatalogue},
		{"populations", "load study-programme populations (populations import FILE)", runPopulations},
		{"allocate", "form mentor groups from student and mentor files (no database)", runAllocate},
		{"version", "print the version", runVersion},
	}
}

// Run runs the mentorhub command line and returns the exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	env := Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv}
	if len(args) < 2 || args[1] == "-h" || args[1] == "--help" || args[1] == "help" {
		usage(stdout)
		if len(args) < 2 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[1] {
			return c.run(ctx, env, args[2:])
		}
	}
	fmt.Fprintf(stderr, "mentorhub: unknown command %q\n\n", args[1])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "mentorhub runs student mentor programs end to end.")
	fmt.Fprintln(w, "\nUsage: mentorhub COMMAND [flags]   (mentorhub COMMAND --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
}

// newFlags returns a flag set that prints usage to stdout on --help.
func newFlags(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("mentorhub "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: mentorhub %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns (done, code): done when the caller should
// return code (help shown or bad flags).
func parse(fs *flag.FlagSet, env Env, args []string) (bool, int) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(env.Stdout)
		fs.Usage()
		return true, exitOK
	}
	if err != nil {
		return true, exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "mentorhub: unexpected argument %q\n", fs.Arg(0))
		return true, exitUsage
	}
	return false, 0
}

func newLogger(w io.Writer, c config.Config) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if c.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// openServices opens and migrates the configured database and builds the
// services over it, on the system clock.
func openServices(ctx context.Context, c config.Config) (*server.Services, error) {
	return server.OpenServices(ctx, store.Options{DataDir: c.Data, DatabaseURL: c.DatabaseURL})
}

// withServices loads the configuration, opens the configured database and
// runs fn with the services and a context acting as the system; an error
// is printed the way every command does.
func withServices(ctx context.Context, env Env, flags *config.Flags, fn func(ctx context.Context, c config.Config, svc *server.Services) error) int {
	c, err := flags.Load(env.Getenv)
	if err != nil {
		return fail(env, err)
	}
	svc, err := openServices(ctx, c)
	if err != nil {
		return fail(env, err)
	}
	defer svc.Close()
	if err := fn(app.WithActor(ctx, app.SystemActor), c, svc); err != nil {
		return fail(env, err)
	}
	return exitOK
}

// fail prints an error the way every command does and returns exitFail.
func fail(env Env, err error) int {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "invalid: ")
	fmt.Fprintf(env.Stderr, "mentorhub: %s\n", msg)
	return exitFail
}
