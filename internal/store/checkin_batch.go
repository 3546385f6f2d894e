package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mentorhub/mentorhub/internal/sessions"
)

// On PostgreSQL a student's first "present" check-in is not a unit of
// work of its own: every such check-in waiting when the batcher is free
// (up to maxBatch) goes into one statement (InsertCheckinsPresent), one
// transaction and one flush of the log for all of them, and each caller
// is answered once it has returned — durable, as a commit is. PostgreSQL
// shares a flush between concurrent commits, but each still costs a
// transaction, a round trip and its share of lock waits; with the
// session's present count taken along, students of one session also
// waited for each other's commits on that row. SQLite's writer batches
// every unit already (write.go).

// presentReq is one first "present" check-in waiting for the batcher.
type presentReq struct {
	c    sessions.Checkin
	done chan presentDone // buffered: the batcher never waits for a caller
}

type presentDone struct {
	created bool      // the check-in was recorded now
	present bool      // the student was checked in as present already
	at      time.Time // when, either way
	err     error
}

func (db *DB) startBatcher() {
	db.b = newLane[*presentReq]()
	go db.b.loop(db.insertBatch)
}

// stopBatcher ends the loop after the batch in hand; check-ins still
// queued, and any sent later, get ErrClosed.
func (db *DB) stopBatcher() {
	if db.b != nil {
		db.b.close(func(r *presentReq) { r.done <- presentDone{err: ErrClosed} })
	}
}

// insertPresent records a first "present" check-in through the
// batcher. created: recorded now; present: the student was checked in
// as present already (nothing written). Neither: the caller must see
// to it in a unit (another status, or a check-in made meanwhile).
func (db *DB) insertPresent(ctx context.Context, c sessions.Checkin) (created, present bool, at time.Time, err error) {
	r := &presentReq{c: c, done: make(chan presentDone, 1)}
	if err := db.b.send(ctx, r); err != nil {
		return false, false, time.Time{}, err
	}
	// Once taken, the outcome is waited for even if ctx ends: the caller
	// must not be told "cancelled" about a check-in that was recorded.
	d := <-r.done
	return d.created, d.present, d.at, d.err
}

// insertBatch runs one statement for the batch and answers each caller.
func (db *DB) insertBatch(batch []*presentReq) {
	type pair struct{ session, participant int64 }
	n := len(batch)
	sids, pids, accts := make([]int64, n), make([]int64, n), make([]int64, n)
	methods := make([]string, n)
	for i, r := range batch {
		sids[i], pids[i], methods[i], accts[i] = r.c.SessionID, r.c.ParticipantID, r.c.Method, r.c.AccountID
	}
	now := db.clock.Now().UTC()
	type found struct {
		inserted, present bool
		at                time.Time
	}
	got := make(map[pair]found, n)
	// No one caller's cancellation may fail the others; a statement that
	// hangs is given up after a minute (and its callers told so).
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qInsertCheckinsPresent, P{"session_ids": sids, "participant_ids": pids, "methods": methods,
			"account_ids": accts, "now": now})
		return each(rows, err, func(r *sql.Rows) error {
			var p pair
			var f found
			var status string
			err := r.Scan(&p.session, &p.participant, &f.inserted, &status, &f.at)
			f.present, f.at = status == sessions.Present, utc(f.at)
			got[p] = f
			return err
		})
	})
	for _, r := range batch {
		p := pair{r.c.SessionID, r.c.ParticipantID}
		d := presentDone{err: err}
		if f, ok := got[p]; ok && err == nil {
			d.at = f.at
			if f.inserted {
				// A pair that came twice in the batch is inserted once:
				// the first caller created it, the others find it there.
				d.created = true
				got[p] = found{present: true, at: f.at}
			} else {
				d.present = f.present
			}
		}
		r.done <- d
	}
}
