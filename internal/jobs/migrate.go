package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/mentorhub/mentorhub/internal/store"
)

// River keeps its own tables (river_job, river_leader, river_queue …) and
// its own record of applied versions (river_migration), beside the app's
// schema_migrations: its SQL is River's, per engine, and upgrading River
// brings its new versions with it.

func migrator(db *store.DB) (*rivermigrate.Migrator[*sql.Tx], error) {
	var driver riverdriver.Driver[*sql.Tx]
	switch db.Dialect {
	case store.SQLite:
		driver = riversqlite.New(db.SQL())
	case store.Postgres:
		driver = riverdatabasesql.New(db.SQL())
	default:
		return nil, fmt.Errorf("jobs: unknown dialect %q", db.Dialect)
	}
	return rivermigrate.New(driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
}

// Migrate applies River's pending migrations and returns how many it
// applied. `mentorhub migrate` and every command that migrates at start
// call it after the app's own migrations.
func Migrate(ctx context.Context, db *store.DB) (int, error) {
	m, err := migrator(db)
	if err != nil {
		return 0, err
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("river migrations: %w", err)
	}
	return len(res.Versions), nil
}

// CheckSchema fails unless every River migration this binary knows is
// applied (serve refuses a schema that is behind).
func CheckSchema(ctx context.Context, db *store.DB) error {
	m, err := migrator(db)
	if err != nil {
		return err
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	if !res.OK {
		return fmt.Errorf("the job queue's tables are behind (%s): run `mentorhub migrate`", strings.Join(res.Messages, "; "))
	}
	return nil
}
