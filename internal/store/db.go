package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"golang.org/x/sync/errgroup"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL engine under a DB.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database with its prepared queries.
type DB struct {
	sql     *sql.DB
	Dialect Dialect
	// clock dates every unit of work (Tx.Now); the composition root gives
	// the same clock to the services, so both agree on "now".
	clock   app.Clock
	queries map[string]*query
	w       *writer            // SQLite's single writer; nil on PostgreSQL
	b       *lane[*presentReq] // PostgreSQL's check-in batcher (checkin_batch.go); nil on SQLite
	// gen counts unit-of-work boundaries; caches keep facts read at one
	// (cache.go).
	gen    atomic.Uint64
	caches caches
	// DSN is a description for logs, without credentials.
	DSN string
	url string // PostgreSQL: the URL it was opened with, for River's listener
}

// Options selects and tunes the database.
type Options struct {
	DataDir     string // SQLite: the folder holding mentorhub.db
	DatabaseURL string // PostgreSQL: postgres://… ; wins over DataDir
	Clock       app.Clock
}

// Open opens (creating if needed) the database, but does not migrate it or
// prepare queries: call Migrate and then Prepare, or use OpenAndMigrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	db := &DB{clock: o.Clock}
	db.caches = newCaches(db)
	if db.clock == nil {
		db.clock = app.SystemClock{}
	}
	var err error
	if o.DatabaseURL != "" {
		if !strings.HasPrefix(o.DatabaseURL, "postgres://") && !strings.HasPrefix(o.DatabaseURL, "postgresql://") {
			return nil, fmt.Errorf("database URL must start with postgres:// (got %q)", redactURL(o.DatabaseURL))
		}
		db.Dialect = Postgres
		db.DSN = redactURL(o.DatabaseURL)
		db.url = o.DatabaseURL
		db.sql, err = sql.Open("pgx", o.DatabaseURL)
		if err != nil {
			return nil, err
		}
		db.sql.SetMaxOpenConns(16)
		db.sql.SetMaxIdleConns(16)
		db.sql.SetConnMaxIdleTime(5 * time.Minute)
	} else {
		dir := o.DataDir
		if dir == "" {
			dir = "data"
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
		path := filepath.Join(dir, "mentorhub.db")
		db.Dialect = SQLite
		db.DSN = path
		db.sql, err = sql.Open("sqlite", sqliteDSN(path))
		if err != nil {
			return nil, err
		}
		db.sql.SetMaxOpenConns(8)
		db.sql.SetMaxIdleConns(8)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.sql.PingContext(pingCtx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("connect to %s database %s: %w", db.Dialect, db.DSN, err)
	}
	if db.Dialect == SQLite {
		if err := db.startWriter(pingCtx); err != nil {
			db.sql.Close()
			return nil, err
		}
	} else {
		db.startBatcher()
	}
	return db, nil
}

// OpenAndMigrate opens the database, applies pending migrations and prepares
// every query.
func OpenAndMigrate(ctx context.Context, o Options) (*DB, error) {
	db, err := Open(ctx, o)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Prepare(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.stopWriter()
	db.stopBatcher()
	for _, q := range db.queries {
		if q.stmt != nil {
			q.stmt.Close()
		}
	}
	return db.sql.Close()
}

// SQL exposes the pool for health checks and metrics.
func (db *DB) SQL() *sql.DB { return db.sql }

// Engine names the SQL engine ("sqlite" or "postgres"), for metrics labels.
func (db *DB) Engine() string { return string(db.Dialect) }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// sqliteDSN is how every connection to the SQLite file at path is opened:
// WAL for concurrent readers, FULL sync so an acknowledged write survives a
// crash, immediate transactions so two writers never deadlock on a lock
// upgrade, and a busy timeout instead of errors.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_txlock=immediate"
}

func redactURL(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j > 0 && j < i {
			return u[:j+3] + "…" + u[i:]
		}
	}
	return u
}

// Tx is a transaction carrying the time its work happens at.
type Tx struct {
	tx  *sql.Tx
	db  *DB
	ctx context.Context
	Now time.Time
	// joined counts the units that joined this one (see Unit), for their
	// savepoints' names.
	joined int
}

// P holds the named parameters of a query.
type P map[string]any

func (tx *Tx) exec(r *queryRef, p P) (sql.Result, error) {
	q, args, err := tx.db.bind(r, p)
	if err != nil {
		return nil, err
	}
	res, err := tx.stmt(q).ExecContext(tx.ctx, args...)
	return res, wrapErr(r.name, err)
}

func (tx *Tx) query(r *queryRef, p P) (*sql.Rows, error) {
	q, args, err := tx.db.bind(r, p)
	if err != nil {
		return nil, err
	}
	rows, err := tx.stmt(q).QueryContext(tx.ctx, args...)
	return rows, wrapErr(r.name, err)
}

// get scans the single row of a query; no row is a not-found error for what.
func (tx *Tx) get(r *queryRef, p P, what string, dest ...any) error {
	q, args, err := tx.db.bind(r, p)
	if err != nil {
		return err
	}
	err = tx.stmt(q).QueryRowContext(tx.ctx, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return app.NotFound(what)
	}
	return wrapErr(r.name, err)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insert(r *queryRef, p P) (int64, error) {
	var id int64
	err := tx.get(r, p, r.name, &id)
	return id, err
}

// read runs fn outside a transaction: each statement sees committed data and
// no write lock is taken (SQLite transactions here are IMMEDIATE).
func (db *DB) read(ctx context.Context, fn func(*Tx) error) error {
	if tx := db.joining(ctx); tx != nil {
		// Inside a unit: read what it has written so far.
		return fn(tx)
	}
	return fn(&Tx{db: db, ctx: ctx, Now: db.clock.Now().UTC()})
}

func (tx *Tx) stmt(q *query) *sql.Stmt {
	if tx.tx == nil {
		return q.stmt
	}
	return tx.tx.StmtContext(tx.ctx, q.stmt)
}

func wrapErr(name string, err error) error {
	if err == nil {
		return nil
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		return err
	}
	if isUniqueViolation(err) {
		return &app.Error{Code: app.CodeConflict, Key: "error.conflict", Message: "already exists", Err: err}
	}
	if isForeignKeyViolation(err) {
		return &app.Error{Code: app.CodeInvalid, Key: "error.reference", Message: "refers to a record that does not exist", Err: err}
	}
	return app.Internal(fmt.Errorf("query %s: %w", name, err))
}

func isUniqueViolation(err error) bool {
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

func isForeignKeyViolation(err error) bool {
	s := err.Error()
	return strings.Contains(s, "FOREIGN KEY constraint failed") || strings.Contains(s, "SQLSTATE 23503")
}

// Together runs independent reads at once, each on a connection of its
// own (a report's few queries: its wall time is the slowest one's, not
// their sum), and returns the first error. On SQLite the reads are this
// process's own work, which two cores share; on PostgreSQL they are the
// server's, and running them at once measured slower than one after the
// other (docs/PERFORMANCE.md, "Attendance and follow-up"): there, and
// inside a unit of work (one transaction), they run in turn.
func (db *DB) Together(ctx context.Context, fns ...func(ctx context.Context) error) error {
	if db.joining(ctx) != nil || db.Dialect == Postgres {
		for _, fn := range fns {
			if err := fn(ctx); err != nil {
				return err
			}
		}
		return nil
	}
	g, gctx := errgroup.WithContext(ctx)
	for _, fn := range fns {
		g.Go(func() (err error) {
			// A panic here would end the process, not just the request.
			defer func() {
				if p := recover(); p != nil {
					err = app.Internal(fmt.Errorf("panic in a read: %v\n%s", p, debug.Stack()))
				}
			}()
			return fn(gctx)
		})
	}
	return g.Wait()
}
