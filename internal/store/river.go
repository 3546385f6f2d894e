package store

import (
	"context"
	"database/sql"
	"errors"
)

// What the job queue (internal/jobs, on River) needs of the store, and
// nothing else should use: River runs its own SQL on the app's database.

// SQLTx returns the unit's database/sql transaction, for River's InsertTx
// only: a job inserted through it commits or rolls back with the unit (on
// SQLite, with the unit's savepoint). It is nil outside Write.
func (tx *Tx) SQLTx() *sql.Tx { return tx.tx }

// Context returns the context of the unit's caller, for River's InsertTx.
func (tx *Tx) Context() context.Context { return tx.ctx }

// OpenSQLiteSide opens a second pool of at most maxConns connections on
// this SQLite database file, with the same settings as the app's own
// (WAL, synchronous FULL, busy timeout, immediate transactions). River's
// own reads and writes (fetching, completing, electing a leader) run on it,
// so they never take the reserved writer connection or a reader's. The
// caller closes it, before Close.
func (db *DB) OpenSQLiteSide(maxConns int) (*sql.DB, error) {
	if db.Dialect != SQLite {
		return nil, errors.New("store: a side pool is for SQLite only")
	}
	side, err := sql.Open("sqlite", sqliteDSN(db.DSN))
	if err != nil {
		return nil, err
	}
	side.SetMaxOpenConns(maxConns)
	side.SetMaxIdleConns(maxConns)
	return side, nil
}

// PostgresURL returns the URL the PostgreSQL database was opened with
// (credentials included), so River's listener can open its own connection
// for LISTEN; "" on SQLite. Nothing else should need it.
func (db *DB) PostgresURL() string { return db.url }
