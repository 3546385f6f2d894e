package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

func openSQLite(t *testing.T) *DB {
	t.Helper()
	db, err := OpenAndMigrate(context.Background(), Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func auditRow(tx *Tx, target string) error {
	_, err := tx.exec(qCreateAuditEntry, P{"now": tx.Now, "institution_id": nil, "account_id": nil,
		"action": "test", "target": target, "outcome": "ok", "details": ""})
	return err
}

func auditTargets(t *testing.T, db *DB) map[string]bool {
	t.Helper()
	rows, err := db.sql.Query(`SELECT target FROM audit_log WHERE action = 'test'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out[s] = true
	}
	return out
}

// Units that wait while the writer is busy run together in one
// transaction; one that fails (or panics) after writing rolls back to its
// savepoint and takes nothing of the others with it.
func TestWriteBatchFailureRollsBackOnlyThatUnit(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	started, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.Write(ctx, func(tx *Tx) error {
			close(started)
			<-release
			return auditRow(tx, "first")
		})
	}()
	<-started
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = db.Write(ctx, func(tx *Tx) error {
				if err := auditRow(tx, fmt.Sprintf("u%d", i)); err != nil {
					return err
				}
				switch i % 4 {
				case 1:
					return app.Invalid("test.refused", fmt.Sprintf("unit %d refuses", i))
				case 2:
					panic(fmt.Sprintf("unit %d panics", i))
				}
				return nil
			})
		})
	}
	// All twelve wait in the writer's queue before it is let go, so they
	// are taken as one batch.
	for len(db.w.units.ch) < n {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	got := auditTargets(t, db)
	for i := range n {
		want := i%4 != 1 && i%4 != 2
		if got[fmt.Sprintf("u%d", i)] != want {
			t.Errorf("unit %d: row kept %v, want %v (err %v)", i, !want, want, errs[i])
		}
		if (errs[i] == nil) != want {
			t.Errorf("unit %d: err %v", i, errs[i])
		}
		if i%4 == 2 && (errs[i] == nil || !strings.Contains(errs[i].Error(), "panic")) {
			t.Errorf("unit %d: a panic should come back as an error, got %v", i, errs[i])
		}
	}
	if !got["first"] {
		t.Error("the first unit's row is missing")
	}
}

// A unit whose caller gave up before the writer reached it does not run;
// Write after Close refuses.
func TestWriteCancelledAndClosed(t *testing.T) {
	db := openSQLite(t)
	started, release := make(chan struct{}), make(chan struct{})
	go db.Write(context.Background(), func(tx *Tx) error {
		close(started)
		<-release
		return nil
	})
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	ran := false
	done := make(chan error, 1)
	go func() { done <- db.Write(ctx, func(tx *Tx) error { ran = true; return auditRow(tx, "late") }) }()
	for len(db.w.units.ch) < 1 {
		runtime.Gosched()
	}
	cancel()
	close(release)
	if err := <-done; !errors.Is(err, context.Canceled) || ran {
		t.Errorf("err %v, ran %v", err, ran)
	}
	db.Close()
	if err := db.Write(context.Background(), func(*Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}
