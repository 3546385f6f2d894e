package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/mentorhub/mentorhub/internal/app"
)

// A unit of work is every write of one workflow (and its audit row): it
// commits whole or not at all. On SQLite one writer connection runs them:
// it takes every unit waiting when it is free — up to maxBatch — into one
// transaction, a savepoint around each, commits once and only then answers
// their callers. A unit that fails rolls back to its savepoint and takes
// nothing of the others with it. One fsync then makes a whole batch
// durable, where one commit per request pays one each (group commit;
// ../shared/PERFORMANCE-FACTS.md measured 4.8× the durable writes per
// second on this machine kind). On PostgreSQL, which flushes concurrent
// commits together itself, each unit is one transaction on the pool.

// maxBatch bounds the units one SQLite transaction carries, so a flood of
// writers still sees commits at a steady pace.
const maxBatch = 256

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("store: database closed")

// unit is one caller's work waiting for the writer.
type unit struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan error // buffered: the writer never waits for a caller
	// keeps: the unit changes no fact a cache keeps (cache.go), so it
	// does not bump the generation.
	keeps bool
}

// writer is the SQLite writer: one connection of the pool, reserved,
// and the units waiting for it.
type writer struct {
	conn  *sql.Conn
	units *lane[*unit]
}

// lane is a queue that one loop drains a batch at a time (batches) and
// that closes once: nothing is taken after it closed, and what still
// waited then is refused (the writer's units, the check-in batcher's).
type lane[T any] struct {
	ch   chan T
	stop chan struct{}
	done chan struct{}
	// mu guards closed: send holds the read lock, so once close has set
	// closed nothing can slip in behind the drain.
	mu     sync.RWMutex
	closed bool
}

func newLane[T any]() *lane[T] {
	return &lane[T]{ch: make(chan T, maxBatch), stop: make(chan struct{}), done: make(chan struct{})}
}

// send queues v: ErrClosed once the lane is closed, ctx's error if it ends
// first.
func (l *lane[T]) send(ctx context.Context, v T) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return ErrClosed
	}
	select {
	case l.ch <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// loop runs batches of what is sent until the lane closes.
func (l *lane[T]) loop(run func([]T)) {
	defer close(l.done)
	batches(l.ch, l.stop, run)
}

// close ends the loop after the batch in hand and gives refuse what still
// waits; false when it was closed already (closing twice is closing once).
func (l *lane[T]) close(refuse func(T)) bool {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return false
	}
	l.closed = true
	l.mu.Unlock()
	close(l.stop)
	<-l.done
	for {
		select {
		case v := <-l.ch:
			refuse(v)
		default:
			return true
		}
	}
}

// startWriter reserves the writer connection and starts its loop.
func (db *DB) startWriter(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("reserve the writer connection: %w", err)
	}
	db.w = &writer{conn: conn, units: newLane[*unit]()}
	go db.w.units.loop(db.runBatch)
	return nil
}

// stopWriter ends the loop after the batch in hand and frees the
// connection; units still queued, and any sent later, get ErrClosed.
func (db *DB) stopWriter() {
	if w := db.w; w != nil && w.units.close(func(u *unit) { u.done <- ErrClosed }) {
		w.conn.Close()
	}
}

// Write runs fn as one unit of work: every write in it commits together
// or none does, and Write returns only after the commit (or the error).
// Called with the ctx of a Unit, it joins that unit instead. fn must not
// call Write itself with another ctx (on SQLite the writer is busy
// running fn)
// and should do nothing slow that is not the database: units wait for
// each other. A panic in fn is turned into an internal error.
func (db *DB) Write(ctx context.Context, fn func(*Tx) error) error {
	return db.write(ctx, fn, false)
}

// writeKeeping is Write for a unit that changes no fact a cache keeps
// (cache.go): a check-in, an audit entry, a "last used" stamp. Joining
// an outer unit it changes nothing: that unit bumps the generation.
func (db *DB) writeKeeping(ctx context.Context, fn func(*Tx) error) error {
	return db.write(ctx, fn, true)
}

func (db *DB) write(ctx context.Context, fn func(*Tx) error, keeps bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if tx := db.joining(ctx); tx != nil {
		return tx.join(fn)
	}
	if db.w == nil {
		return db.writeAlone(ctx, fn, keeps)
	}
	u := &unit{ctx: ctx, fn: fn, done: make(chan error, 1), keeps: keeps}
	if err := db.w.units.send(ctx, u); err != nil {
		return err
	}
	// Once taken, the unit's outcome is waited for even if ctx ends: the
	// caller must not be told "cancelled" about a write that committed.
	return <-u.done
}

// Unit runs fn as one unit of work that services compose: every write a
// repository makes with the ctx fn is given (and every read, which sees
// those writes) joins this unit instead of committing on its own, so
// the writes of one workflow and its audit entry commit together or not
// at all.
func (db *DB) Unit(ctx context.Context, fn func(ctx context.Context) error) error {
	return db.Write(ctx, func(tx *Tx) error {
		return fn(context.WithValue(ctx, unitKey{}, tx))
	})
}

type unitKey struct{}

// joining is the unit ctx belongs to, if any (of this database).
func (db *DB) joining(ctx context.Context) *Tx {
	if tx, ok := ctx.Value(unitKey{}).(*Tx); ok && tx.db == db {
		return tx
	}
	return nil
}

// join runs fn inside the unit, in a savepoint of its own: a failure
// rolls back fn's writes only, and the unit's fn decides what follows.
func (tx *Tx) join(fn func(*Tx) error) error {
	tx.joined++
	sp := "j" + strconv.Itoa(tx.joined)
	if _, err := tx.tx.ExecContext(tx.ctx, "SAVEPOINT "+sp); err != nil {
		return app.Internal(fmt.Errorf("savepoint: %w", err))
	}
	err := run(fn, tx)
	if err != nil {
		if _, rerr := tx.tx.ExecContext(tx.ctx, "ROLLBACK TO "+sp); rerr != nil {
			return app.Internal(fmt.Errorf("roll back to savepoint: %w", rerr))
		}
	}
	if _, rerr := tx.tx.ExecContext(tx.ctx, "RELEASE "+sp); rerr != nil && err == nil {
		return app.Internal(fmt.Errorf("release savepoint: %w", rerr))
	}
	return err
}

// WithTx is Write, under its old name; the repositories call Write.
func (db *DB) WithTx(ctx context.Context, fn func(*Tx) error) error { return db.Write(ctx, fn) }

// writeAlone is one unit in a transaction of its own (PostgreSQL).
func (db *DB) writeAlone(ctx context.Context, fn func(*Tx) error, keeps bool) (err error) {
	if !keeps {
		db.bump()
		defer db.bump()
	}
	stx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return app.Internal(fmt.Errorf("begin: %w", err))
	}
	tx := &Tx{tx: stx, db: db, ctx: ctx, Now: db.clock.Now().UTC()}
	if err = run(fn, tx); err != nil {
		stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return app.Internal(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// batches waits for the first of a batch on ch, gathers what else waits
// there, runs the batch, and again, until stop is closed.
func batches[T any](ch <-chan T, stop <-chan struct{}, run func([]T)) {
	batch := make([]T, 0, maxBatch)
	for {
		select {
		case x := <-ch:
			batch = append(batch[:0], x)
		case <-stop:
			return
		}
		run(gather(ch, batch))
		clear(batch[:cap(batch)])
	}
}

// runBatch runs the units in one transaction, a savepoint each, commits
// and answers every caller.
func (db *DB) runBatch(batch []*unit) {
	errs := make([]error, len(batch))
	// A unit that may change kept facts bumps the generation before it
	// runs (a check-in behind it in this batch sees the change), and the
	// batch bumps it again once the outcome is settled, before anyone
	// hears of it (cache.go).
	bumped := false
	answer := func() {
		if bumped {
			db.bump()
		}
		for i, u := range batch {
			u.done <- errs[i]
		}
	}
	fail := func(err error) {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		answer()
	}
	// The transaction outlives any one caller's context: a caller that
	// gives up must not roll back the others.
	bg := context.WithoutCancel(batch[0].ctx)
	stx, err := db.w.conn.BeginTx(bg, nil)
	if err != nil {
		fail(app.Internal(fmt.Errorf("begin: %w", err)))
		return
	}
	now := db.clock.Now().UTC()
	committed := 0
	for i, u := range batch {
		if err := u.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if !u.keeps {
			db.bump()
			bumped = true
		}
		sp := "u" + strconv.Itoa(i)
		if _, err := stx.ExecContext(bg, "SAVEPOINT "+sp); err != nil {
			stx.Rollback()
			fail(app.Internal(fmt.Errorf("savepoint: %w", err)))
			return
		}
		errs[i] = run(u.fn, &Tx{tx: stx, db: db, ctx: u.ctx, Now: now})
		if errs[i] != nil {
			if _, err := stx.ExecContext(bg, "ROLLBACK TO "+sp); err != nil {
				// The transaction cannot be trusted any more.
				stx.Rollback()
				fail(app.Internal(fmt.Errorf("roll back to savepoint: %w", err)))
				return
			}
		} else {
			committed++
		}
		if _, err := stx.ExecContext(bg, "RELEASE "+sp); err != nil {
			stx.Rollback()
			fail(app.Internal(fmt.Errorf("release savepoint: %w", err)))
			return
		}
	}
	if committed == 0 {
		stx.Rollback()
		answer()
		return
	}
	if err := stx.Commit(); err != nil {
		fail(app.Internal(fmt.Errorf("commit: %w", err)))
		return
	}
	answer()
}

// gather appends to batch whatever waits on ch, up to maxBatch in all,
// without waiting.
func gather[T any](ch <-chan T, batch []T) []T {
	for len(batch) < maxBatch {
		select {
		case x := <-ch:
			batch = append(batch, x)
		default:
			return batch
		}
	}
	return batch
}

// run calls fn, turning a panic into an internal error with its stack.
func run(fn func(*Tx) error, tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = app.Internal(fmt.Errorf("panic in a unit of work: %v\n%s", p, debug.Stack()))
		}
	}()
	return fn(tx)
}
