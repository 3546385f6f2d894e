package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/server"
)

func runDemo(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "demo", "demo [--addr HOST:PORT]")
	flags := config.Register(fs, "addr", "base_url", "log_level")
	if done, code := parse(fs, env, args); done {
		return code
	}
	c, err := flags.Load(env.Getenv)
	if err != nil {
		return fail(env, err)
	}
	dir, err := os.MkdirTemp("", "mentorhub-demo-")
	if err != nil {
		return fail(env, err)
	}
	defer os.RemoveAll(dir)
	c.Data, c.DatabaseURL = dir, ""
	if c.LogLevel == "info" {
		c.LogLevel = "warn" // the demo's console is for the login details
	}
	log := newLogger(env.Stderr, c)
	svc, err := openServices(ctx, c)
	if err != nil {
		return fail(env, err)
	}
	a, err := server.New(ctx, svc, serverConfig(c, log))
	if err != nil {
		svc.Close()
		return fail(env, err)
	}
	defer a.Close()
	res, err := demo.Seed(ctx, a.Auth, a.Org, a.Programs, a.People, a.Training)
	if err != nil {
		return fail(env, fmt.Errorf("demo data: %w", err))
	}
	if err := demo.SeedYear(ctx, a.Sessions, a.DB, res, svc.Clock.Now()); err != nil {
		return fail(env, fmt.Errorf("demo year: %w", err))
	}
	if err := demo.SeedDesks(ctx, a.Desks, a.People, res, svc.Clock.Now()); err != nil {
		return fail(env, fmt.Errorf("demo desks: %w", err))
	}
	if err := demo.SeedPay(ctx, a.Training, a.Payroll, a.People, res, svc.Clock.Now()); err != nil {
		return fail(env, fmt.Errorf("demo pay: %w", err))
	}
	if err := demo.SeedRecruit(ctx, a.Recruit, a.Auth, a.People, res, svc.Clock.Now()); err != nil {
		return fail(env, fmt.Errorf("demo recruiting: %w", err))
	}
	base := a.URL()
	if c.BaseURL != "" {
		base = strings.TrimSuffix(c.BaseURL, "/")
	}
	w := env.Stdout
	fmt.Fprintf(w, "mentorhub demo: %s is running at %s\n", res.Institution.Name, base)
	fmt.Fprintf(w, "Log in at %s/login with any of these accounts (password %q):\n", base, demo.Password)
	for _, acct := range res.Accounts {
		fmt.Fprintf(w, "  %-34s %-16s %s\n", acct.Email, acct.Role, acct.What)
	}
	fmt.Fprintf(w, "The data lives in a temporary folder and is gone when you stop the demo (Ctrl-C).\n")
	if f, ok := w.(*os.File); ok {
		f.Sync()
	}
	if err := a.Run(ctx); err != nil {
		return fail(env, err)
	}
	return exitOK
}
