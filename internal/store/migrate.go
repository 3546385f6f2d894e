package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// Migration is one numbered schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the dialect's migrations in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		n := e.Name()
		num, rest, ok := strings.Cut(strings.TrimSuffix(n, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", n)
		}
		src, err := migrationFiles.ReadFile(dir + "/" + n)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: rest, SQL: string(src)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations of %s: expected version %d, found %d", d, i+1, m.Version)
		}
	}
	return out, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
)`

// SchemaVersion returns the applied version and the version this binary knows.
func (db *DB) SchemaVersion(ctx context.Context) (applied, latest int, err error) {
	ms, err := Migrations(db.Dialect)
	if err != nil {
		return 0, 0, err
	}
	latest = len(ms)
	var exists bool
	if db.Dialect == Postgres {
		err = db.sql.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists)
	} else {
		var n int
		err = db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).Scan(&n)
		exists = n > 0
	}
	if err != nil || !exists {
		return 0, latest, err
	}
	err = db.sql.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&applied)
	return applied, latest, err
}

// CheckSchema fails unless the schema is exactly at this binary's version.
func (db *DB) CheckSchema(ctx context.Context) error {
	applied, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	switch {
	case applied < latest:
		return fmt.Errorf("database schema is at version %d but this mentorhub needs %d: run `mentorhub migrate`", applied, latest)
	case applied > latest:
		return fmt.Errorf("database schema is at version %d, newer than this mentorhub (%d): upgrade mentorhub", applied, latest)
	}
	return nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns how many it applied. On PostgreSQL an advisory lock keeps two
// starting servers from migrating at once.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := Migrations(db.Dialect)
	if err != nil {
		return 0, err
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if db.Dialect == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7316001)`); err != nil {
			return 0, fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7316001)`)
	}
	ddl := createMigrationsTable
	if db.Dialect == Postgres {
		ddl = strings.Replace(ddl, "TIMESTAMP", "TIMESTAMPTZ", 1)
	}
	if _, err := conn.ExecContext(ctx, ddl); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	var applied int
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&applied); err != nil {
		return 0, err
	}
	if applied > len(ms) {
		return 0, fmt.Errorf("database schema is at version %d, newer than this mentorhub (%d): upgrade mentorhub", applied, len(ms))
	}
	if db.Dialect == SQLite && applied < len(ms) {
		// SQLite rebuilds a table to change its constraints (new table,
		// copy, drop, rename); with foreign keys on, dropping the old
		// table would cascade into the rows referencing it. The pragma is
		// a no-op inside a transaction, so it is set on this connection
		// around the migrations, and each checks its keys before commit.
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return 0, err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	}
	n := 0
	for _, m := range ms[applied:] {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return n, err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return n, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if err := checkForeignKeys(ctx, tx, db.Dialect); err != nil {
			tx.Rollback()
			return n, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		ph := "?, ?, ?"
		if db.Dialect == Postgres {
			ph = "$1, $2, $3"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (`+ph+`)`,
			m.Version, m.Name, db.clock.Now().UTC()); err != nil {
			tx.Rollback()
			return n, err
		}
		if err := tx.Commit(); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// checkForeignKeys fails when a SQLite migration (run with foreign keys
// off) left a row whose key points nowhere.
func checkForeignKeys(ctx context.Context, tx *sql.Tx, d Dialect) error {
	if d != SQLite {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT "table", rowid, parent FROM pragma_foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		if err := rows.Scan(&table, &rowid, &parent); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: %s row %d points to a missing %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}
