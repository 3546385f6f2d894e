package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// RunOnce inserts one job of the named kind, starts working jobs and
// waits until that job has finished, and returns it. The job is tried once
// (a failure is not retried: the caller sees it); it is recorded like any
// other, so the admin page lists it. Whichever process of the app picks it
// up runs it. The caller calls Stop or Close after.
func (j *Jobs) RunOnce(ctx context.Context, name string) (Job, error) {
	args, ok := argsFor(name)
	if !ok {
		return Job{}, fmt.Errorf("unknown job kind %q (mentorhub job list shows them)", name)
	}
	if err := j.client.Start(ctx); err != nil {
		return Job{}, err
	}
	res, err := j.client.Insert(ctx, args, &river.InsertOpts{MaxAttempts: 1})
	if err != nil {
		return Job{}, fmt.Errorf("insert %s: %w", name, err)
	}
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		row, err := j.client.JobGet(ctx, res.Job.ID)
		if err != nil {
			return Job{}, err
		}
		if row.FinalizedAt != nil {
			job := jobOf(row)
			if row.State != rivertype.JobStateCompleted {
				return job, errors.New(name + " failed: " + job.LastError)
			}
			return job, nil
		}
		select {
		case <-ctx.Done():
			return jobOf(row), ctx.Err()
		case <-t.C:
		}
	}
}
