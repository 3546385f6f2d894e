package jobs_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// What River costs the app's writes: 64 concurrent writers of small
// durable units (as in store's write-units benchmark), with and without
// River beside them. On SQLite River's own transactions take the file's
// one write lock, so they queue with the writer's batches; these figures
// are in docs/jobs.md. ns/op is per unit.
//
//	go test -run '^$' -bench WriteUnitsBesideRiver -benchtime 2s ./internal/jobs/
//
// audit: each unit writes an audit row; River not running, or running
// idle (polling, electing a leader). enqueue: each unit inserts a job;
// River not working them (insert cost only), or working them as they come
// (every unit then costs River a fetch and a completion of its own).
func BenchmarkWriteUnitsBesideRiver(b *testing.B) {
	audit := func(db *store.DB, _ *jobs.Jobs) error {
		return store.NewAuth(db).Audit(context.Background(), auth.AuditEntry{Action: "bench", Target: "unit", Outcome: "ok"})
	}
	enqueue := func(db *store.DB, j *jobs.Jobs) error {
		return db.Write(context.Background(), func(tx *store.Tx) error { return j.Enqueue(tx, jobs.UploadCleanupArgs{}) })
	}
	for _, c := range []struct {
		name  string
		start bool
		unit  func(*store.DB, *jobs.Jobs) error
	}{
		{"audit/river-stopped", false, audit},
		{"audit/river-idle", true, audit},
		{"enqueue/river-stopped", false, enqueue},
		{"enqueue/river-working", true, enqueue},
	} {
		b.Run(c.name, func(b *testing.B) {
			db := testutil.MustOpenDB(b)
			svc := serverServices(db)
			j, err := jobs.New(context.Background(), db, jobs.Deps{Auth: svc.Auth, People: svc.People, Sessions: svc.Sessions, Recruit: svc.Recruit, Training: svc.Training}, jobs.Options{Logger: discard, PollInterval: time.Second})
			if err != nil {
				b.Fatal(err)
			}
			defer j.Close(context.Background())
			if c.start {
				if err := j.Start(context.Background()); err != nil {
					b.Fatal(err)
				}
				time.Sleep(200 * time.Millisecond) // let it elect itself
			}
			b.SetParallelism(64 / max(1, runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := c.unit(db, j); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
