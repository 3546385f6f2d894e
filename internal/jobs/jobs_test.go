package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

var discard = slog.New(slog.DiscardHandler)

// serverServices builds the app's services over a test database, on a
// fake clock at the test epoch as testutil's databases are.
func serverServices(db *store.DB) *server.Services {
	return server.NewServices(db, app.NewFakeClock(testutil.Epoch))
}

// newJobs builds a queue over db with the app's services, stopped when the
// test ends.
func newJobs(t *testing.T, db *store.DB, o jobs.Options) *jobs.Jobs {
	t.Helper()
	svc := serverServices(db)
	o.Logger = discard
	if o.PollInterval == 0 {
		o.PollInterval = 50 * time.Millisecond
	}
	j, err := jobs.New(context.Background(), db, jobs.Deps{Auth: svc.Auth, People: svc.People, Sessions: svc.Sessions, Recruit: svc.Recruit, Training: svc.Training}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		j.Close(ctx)
	})
	return j
}

// all lists every job of every group.
func all(t *testing.T, j *jobs.Jobs) []jobs.Job {
	t.Helper()
	var out []jobs.Job
	for _, g := range jobs.Groups {
		list, err := j.List(context.Background(), g, 1000)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, list...)
	}
	return out
}

// waitFor polls until cond holds, or fails the test after d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: still waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func countKind(list []jobs.Job, kind string, state string) int {
	n := 0
	for _, j := range list {
		if j.Kind == kind && (state == "" || j.State == state) {
			n++
		}
	}
	return n
}

func TestAJobEnqueuedInAUnitThatRollsBackNeverRuns(t *testing.T) {
	db := testutil.MustOpenDB(t)
	j := newJobs(t, db, jobs.Options{})
	ctx := context.Background()
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("the unit fails after enqueueing")
	err := db.Write(ctx, func(tx *store.Tx) error {
		if err := j.Enqueue(tx, jobs.AuthCleanupArgs{}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v, want the unit's error", err)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error { return j.Enqueue(tx, jobs.UploadCleanupArgs{}) }); err != nil {
		t.Fatal(err)
	}
	// The committed unit's job runs; by then the queue has polled past
	// the rolled-back one, had it existed.
	waitFor(t, 20*time.Second, "the committed unit's job to finish", func() bool {
		return countKind(all(t, j), jobs.KindUploadCleanup, "completed") == 1
	})
	time.Sleep(200 * time.Millisecond)
	list := all(t, j)
	if n := countKind(list, jobs.KindAuthCleanup, ""); n != 0 {
		t.Errorf("the rolled-back unit's job exists (%d rows): %+v", n, list)
	}
	if len(list) != 1 {
		t.Errorf("jobs = %+v, want only the committed unit's", list)
	}
}

func TestEnqueueOutsideAUnitIsRefused(t *testing.T) {
	db := testutil.MustOpenDB(t)
	j := newJobs(t, db, jobs.Options{})
	tx := &store.Tx{}
	if err := j.Enqueue(tx, jobs.AuthCleanupArgs{}); err == nil {
		t.Fatal("Enqueue without a transaction succeeded")
	}
}

// Two app processes on one database (two River clients, each over its own
// store.DB): River elects one leader, and only the leader inserts the
// periodic jobs, so each periodic kind runs once, not once per process.
// On PostgreSQL this is the deployment with several servers; on SQLite two
// processes on one file elect a leader through the same river_leader table.
func TestAPeriodicJobRunsOnceAcrossTwoProcesses(t *testing.T) {
	clock := app.NewFakeClock(testutil.Epoch)
	db1 := testutil.MustOpenDBWithClock(t, clock)
	opts := store.Options{Clock: clock}
	if testutil.IsPostgres() {
		opts.DatabaseURL = db1.PostgresURL()
	} else {
		opts.DataDir = filepath.Dir(db1.DSN)
	}
	db2, err := store.OpenAndMigrate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	j1 := newJobs(t, db1, jobs.Options{Periodic: true, ID: "app-1"})
	j2 := newJobs(t, db2, jobs.Options{Periodic: true, ID: "app-2"})
	ctx := context.Background()
	for _, j := range []*jobs.Jobs{j1, j2} {
		if err := j.Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	kinds := jobs.Kinds()
	waitFor(t, 30*time.Second, "every periodic kind to run", func() bool {
		list := all(t, j1)
		for _, k := range kinds {
			if k.Every > 0 && countKind(list, k.Name, "completed") == 0 {
				return false
			}
		}
		return true
	})
	// Give a second scheduler, were there one, time to insert its own.
	time.Sleep(2 * time.Second)
	list := all(t, j2)
	for _, k := range kinds {
		if n := countKind(list, k.Name, ""); k.Every > 0 && n != 1 {
			t.Errorf("%s: %d jobs, want 1: %+v", k.Name, n, list)
		}
	}
	for _, job := range list {
		if job.Attempt != 1 {
			t.Errorf("job %d (%s) was attempted %d times, want once", job.ID, job.Kind, job.Attempt)
		}
	}
}

func TestAJobReportsItsProgressAndCanBeRetried(t *testing.T) {
	db := testutil.MustOpenDB(t)
	j := newJobs(t, db, jobs.Options{})
	ctx := context.Background()
	job, err := j.RunOnce(ctx, jobs.KindAuthCleanup)
	if err != nil {
		t.Fatal(err)
	}
	if job.State != "completed" || job.Done != 1 || job.Total != 1 {
		t.Fatalf("job = %+v, want completed with progress 1 of 1", job)
	}
	if _, ok := job.Counts["sessions_removed"]; !ok {
		t.Errorf("counts = %v, want sessions_removed", job.Counts)
	}
	if _, err := j.Retry(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "the retried job to run again", func() bool {
		got, err := j.Get(ctx, job.ID)
		return err == nil && got.State == "completed" && got.Attempt == 2
	})
	if _, err := j.Retry(ctx, job.ID+1000); err == nil {
		t.Error("Retry of a job that does not exist succeeded")
	}
}

func TestRunOnceRefusesAnUnknownKind(t *testing.T) {
	db := testutil.MustOpenDB(t)
	j := newJobs(t, db, jobs.Options{})
	if _, err := j.RunOnce(context.Background(), "no_such_kind"); err == nil {
		t.Fatal("RunOnce of an unknown kind succeeded")
	}
}
