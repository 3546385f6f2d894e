package jobs

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Counts are a job's named figures so far (rows removed, mails sent …).
type Counts map[string]int64

// progress is what a job reports while it runs, kept as River's job
// output (in the job row's metadata) and shown on the admin page.
type progress struct {
	Done   int64  `json:"done"`
	Total  int64  `json:"total"`
	Counts Counts `json:"counts,omitempty"`
}

// Progress records that the running job id has done done of total steps,
// with its counts so far, and writes it to the job row at once, so the
// admin page shows it while the job still runs. Call it from the job's
// worker only.
func Progress(ctx context.Context, id, done, total int64, c Counts) error {
	if err := river.RecordOutput(ctx, progress{Done: done, Total: total, Counts: c}); err != nil {
		return err
	}
	// JobUpdate with no params stores the output just recorded.
	client := river.ClientFromContext[*sql.Tx](ctx)
	_, err := client.JobUpdate(ctx, id, nil)
	return err
}

// progressOf reads a job row's last reported progress (nil if none).
func progressOf(row *rivertype.JobRow) *progress {
	raw := row.Output()
	if len(raw) == 0 {
		return nil
	}
	var p progress
	if json.Unmarshal(raw, &p) != nil {
		return nil
	}
	return &p
}
