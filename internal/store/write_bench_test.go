package store_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// The write-units benchmarks: 64 concurrent writers, each unit one durable
// INSERT (an audit row). Units go through store.Write — on SQLite the
// single writer with group commit — or, for comparison, each commits its
// own transaction on the connection pool, as every write did before
// (SQLite: BEGIN IMMEDIATE on any of the pool's connections, waiting on
// the busy timeout). SQLite runs with synchronous=FULL, so every commit
// is an fsync. Compare the two in one run: ns/op is per unit.
//
//	go test -run '^$' -bench WriteUnits -benchtime 3s ./internal/store/
//	MENTORHUB_TEST_DATABASE_URL=postgres://… go test -run '^$' -bench WriteUnits ./internal/store/
const writers = 64

func BenchmarkWriteUnitsGroupCommit(b *testing.B) {
	db := testutil.MustOpenDB(b)
	ctx := context.Background()
	e := auth.AuditEntry{Action: "bench", Target: "unit", Outcome: "ok"}
	repo := store.NewAuth(db)
	b.SetParallelism(writers / max(1, testingProcs()))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := repo.Audit(ctx, e); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkWriteUnitsCommitEach(b *testing.B) {
	db := testutil.MustOpenDB(b)
	ctx := context.Background()
	insert := `INSERT INTO audit_log (at, action, target, outcome, details) VALUES (CURRENT_TIMESTAMP, 'bench', 'unit', 'ok', '')`
	b.SetParallelism(writers / max(1, testingProcs()))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			tx, err := db.SQL().BeginTx(ctx, nil)
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := tx.ExecContext(ctx, insert); err != nil {
				tx.Rollback()
				b.Error(err)
				return
			}
			if err := tx.Commit(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// testingProcs is GOMAXPROCS, by which RunParallel multiplies its
// parallelism.
func testingProcs() int { return runtime.GOMAXPROCS(0) }
