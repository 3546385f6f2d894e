package cli

import (
	"context"
	"fmt"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/server"
)

func runToken(ctx context.Context, env Env, args []string) int {
	const syn = "token issue --email E"
	if len(args) == 0 || args[0] != "issue" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.Stdout, "Usage: mentorhub "+syn)
			return exitOK
		}
		fmt.Fprintln(env.Stderr, "Usage: mentorhub "+syn)
		return exitUsage
	}
	fs := newFlags(env, "token issue", syn+" [--data DIR | --database-url URL]")
	flags := config.Register(fs, "data", "database_url")
	email := fs.String("email", "", "e-mail `address` of the account (required)")
	if done, code := parse(fs, env, args[1:]); done {
		return code
	}
	if *email == "" {
		fmt.Fprintln(env.Stderr, "mentorhub token issue: --email is required")
		return exitUsage
	}
	c, err := flags.Load(env.Getenv)
	if err != nil {
		return fail(env, err)
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return fail(env, err)
	}
	defer db.Close()
	a, _, _, _ := server.Services(db)
	tok, err := a.IssueToken(app.WithActor(ctx, app.SystemActor), *email)
	if err != nil {
		return fail(env, err)
	}
	fmt.Fprintln(env.Stdout, tok)
	return exitOK
}
