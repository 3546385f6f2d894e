package cli

import (
	"context"
	"fmt"

	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/store"
)

func runMigrate(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "migrate", "migrate [--data DIR | --database-url URL]")
	flags := config.Register(fs, "data", "database_url")
	if done, code := parse(fs, env, args); done {
		return code
	}
	c, err := flags.Load(env.Getenv)
	if err != nil {
		return fail(env, err)
	}
	db, err := store.Open(ctx, store.Options{DataDir: c.Data, DatabaseURL: c.DatabaseURL})
	if err != nil {
		return fail(env, err)
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return fail(env, err)
	}
	v, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return fail(env, err)
	}
	nj, err := jobs.Migrate(ctx, db)
	if err != nil {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stdout, "applied %d migration(s); %s schema is at version %d\n", n, db.Dialect, v)
	fmt.Fprintf(env.Stdout, "applied %d job queue (River) migration(s)\n", nj)
	return exitOK
}
