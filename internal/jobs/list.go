package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Group is how the admin page groups River's job states.
type Group string

// The groups, in the page's order.
const (
	Queued   Group = "queued"   // waiting to run: available, scheduled, pending
	Running  Group = "running"  // being worked now
	Failed   Group = "failed"   // failed at least once: waiting to retry, discarded, cancelled
	Finished Group = "finished" // completed
)

// Groups lists the groups in the page's order.
var Groups = []Group{Queued, Running, Failed, Finished}

var groupStates = map[Group][]rivertype.JobState{
	Queued:   {rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStatePending},
	Running:  {rivertype.JobStateRunning},
	Failed:   {rivertype.JobStateRetryable, rivertype.JobStateDiscarded, rivertype.JobStateCancelled},
	Finished: {rivertype.JobStateCompleted},
}

// Job is one job as the admin page and the CLI show it.
type Job struct {
	ID          int64
	Kind        string
	State       string // River's state: available, running, retryable, discarded …
	Attempt     int
	MaxAttempts int
	CreatedAt   time.Time
	ScheduledAt time.Time
	FinalizedAt *time.Time
	LastError   string // the last attempt's error, "" if none
	// Done and Total are the last progress reported (Total 0: none).
	Done, Total int64
	Counts      Counts
}

// Retryable reports whether Retry makes sense for the job: it failed or
// was cancelled, or it finished and may be run again.
func (j Job) Retryable() bool {
	switch rivertype.JobState(j.State) {
	case rivertype.JobStateRetryable, rivertype.JobStateDiscarded, rivertype.JobStateCancelled, rivertype.JobStateCompleted:
		return true
	}
	return false
}

func jobOf(r *rivertype.JobRow) Job {
	j := Job{ID: r.ID, Kind: r.Kind, State: string(r.State), Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
		CreatedAt: r.CreatedAt, ScheduledAt: r.ScheduledAt, FinalizedAt: r.FinalizedAt}
	if n := len(r.Errors); n > 0 {
		j.LastError = r.Errors[n-1].Error
	}
	if p := progressOf(r); p != nil {
		j.Done, j.Total, j.Counts = p.Done, p.Total, p.Counts
	}
	return j
}

// List returns the newest jobs of group g, at most limit.
func (j *Jobs) List(ctx context.Context, g Group, limit int) ([]Job, error) {
	states, ok := groupStates[g]
	if !ok {
		return nil, app.Invalid("error.invalid", "unknown job group")
	}
	res, err := j.client.JobList(ctx, river.NewJobListParams().States(states...).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(limit))
	if err != nil {
		return nil, app.Internal(fmt.Errorf("list jobs: %w", err))
	}
	out := make([]Job, 0, len(res.Jobs))
	for _, r := range res.Jobs {
		out = append(out, jobOf(r))
	}
	return out, nil
}

// Get returns one job.
func (j *Jobs) Get(ctx context.Context, id int64) (Job, error) {
	r, err := j.client.JobGet(ctx, id)
	if err != nil {
		return Job{}, notFound(err)
	}
	return jobOf(r), nil
}

// Retry makes a job available to run again at once (River's JobRetry): a
// failed, cancelled or finished job runs again; a running one is left be.
func (j *Jobs) Retry(ctx context.Context, id int64) (Job, error) {
	r, err := j.client.JobRetry(ctx, id)
	if err != nil {
		return Job{}, notFound(err)
	}
	return jobOf(r), nil
}

func notFound(err error) error {
	if errors.Is(err, rivertype.ErrNotFound) {
		return app.NotFound("job")
	}
	return app.Internal(err)
}
