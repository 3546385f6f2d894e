// Package jobs is mentorhub's job queue: the job kinds, their workers, and
// a River client (github.com/riverqueue/river) over the app's own
// database. Jobs are rows, not goroutines: they survive restarts, a failed
// one is retried with backoff and then kept for the admin page, and the
// periodic kinds (session and login-throttle cleanup, forgotten uploads)
// are scheduled by River's elected leader, so with several app processes
// on one PostgreSQL database each period's job is inserted, and run, once.
//
// It is responsible for: River's migrations (Migrate, CheckSchema), the
// client's life (New, Start, Stop), enqueueing inside a unit of work
// (Enqueue), running a kind once (RunOnce, for `mentorhub job run`),
// listing and retrying jobs (List, Retry, for the admin page) and
// progress reports (Progress).
//
// # How River sits on the store
//
// A job is enqueued inside the unit of work that causes it: Enqueue hands
// River the unit's *sql.Tx (store.Tx.SQLTx), so the job row commits or
// rolls back with the unit. That fixes the driver family: River's
// database/sql drivers, whose InsertTx takes a *sql.Tx.
//
// SQLite: riversqlite. Inserts go through the unit's transaction on the
// store's one writer connection, so they join its group commit (and a
// unit that fails rolls its job back with its savepoint). River's own
// work — fetching, completing, electing a leader, cleaning old rows — runs
// in short transactions of its own on a separate one-connection pool on
// the same file (store.DB.OpenSQLiteSide), opened like the app's (WAL,
// synchronous FULL, busy timeout, BEGIN IMMEDIATE). SQLite has one write
// lock per file, so those transactions queue behind the writer's batch (and
// it behind them) through the busy timeout; one connection caps River at
// one such transaction at a time, and River does not take the writer
// connection (which would make the writer wait for job bookkeeping inside
// its own batches) nor a reader's. Idle, River writes a few times a second
// at most (a fetch per second, a leader heartbeat); the measured cost to
// the app's writes is in docs/jobs.md. riversqlite has no LISTEN, so new
// jobs are picked up at the next poll (one second).
//
// PostgreSQL: riverdatabasesql on the app's own pool (pgx's database/sql
// driver), so InsertTx takes the unit's *sql.Tx and River needs no pool
// of its own, plus riverpgxv5 as its listener over a one-connection pgx
// pool (riverdatabasesql.NewWithPgxListener), so a committed job and a
// leader's resignation are heard at once rather than at the next poll.
// riverpgxv5 as the main driver was set aside: its InsertTx wants a
// pgx.Tx, which a database/sql transaction cannot give.
package jobs
