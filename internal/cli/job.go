package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/server"
)

const jobSynopsis = "job run KIND [--data DIR | --database-url URL] [--timeout 10m] | job list"

// runJob runs one job kind once (the periodic ones too, between their
// runs), or lists the kinds.
func runJob(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "run":
			return runJobRun(ctx, env, args[1:])
		case "list":
			return runJobList(env, args[1:])
		case "-h", "--help":
			fmt.Fprintln(env.Stdout, "Usage: mentorhub "+jobSynopsis)
			return exitOK
		}
	}
	fmt.Fprintln(env.Stderr, "Usage: mentorhub "+jobSynopsis)
	return exitUsage
}

func runJobList(env Env, args []string) int {
	fs := newFlags(env, "job list", "job list")
	if done, code := parse(fs, env, args); done {
		return code
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tEVERY\tWHAT")
	for _, k := range jobs.Kinds() {
		every := "-"
		if k.Every > 0 {
			every = k.Every.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", k.Name, every, k.About)
	}
	tw.Flush()
	return exitOK
}

// runJobRun inserts one job of the kind and works it in this process (or
// lets a running server's queue take it), waiting until it has finished.
// The run is an ordinary job row, so the admin page lists it.
func runJobRun(ctx context.Context, env Env, args []string) int {
	var kind string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		kind, args = args[0], args[1:]
	}
	fs := newFlags(env, "job run", "job run KIND [--data DIR | --database-url URL] [--timeout 10m]")
	flags := config.Register(fs, "data", "database_url", "log_level")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up waiting for the job after this long")
	if done, code := parse(fs, env, args); done {
		return code
	}
	if kind == "" {
		fmt.Fprintln(env.Stderr, "mentorhub job run: give a job kind (see `mentorhub job list`)")
		return exitUsage
	}
	return withServices(ctx, env, flags, func(ctx context.Context, c config.Config, svc *server.Services) error {
		q, err := jobs.New(ctx, svc.DB, jobs.Deps{Auth: svc.Auth, People: svc.People, Sessions: svc.Sessions, Recruit: svc.Recruit, Training: svc.Training}, jobs.Options{Logger: newLogger(env.Stderr, c)})
		if err != nil {
			return err
		}
		rctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		job, runErr := q.RunOnce(rctx, kind)
		sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer scancel()
		if err := q.Close(sctx); err != nil && runErr == nil {
			runErr = err
		}
		if runErr == nil {
			fmt.Fprintf(env.Stdout, "job %d %s: %s%s\n", job.ID, job.Kind, job.State, countsText(job.Counts))
		}
		return runErr
	})
}

// countsText is " (name n, …)" for a job's counts, "" without any.
func countsText(c jobs.Counts) string {
	if len(c) == 0 {
		return ""
	}
	names := make([]string, 0, len(c))
	for n := range c {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, c[n])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
