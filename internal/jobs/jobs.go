package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/training"
)

// Deps are the services the job kinds call.
type Deps struct {
	Auth     *auth.Service
	People   *people.Service
	Sessions *sessions.Service
	Recruit  *recruit.Service
	Training *training.Service
}

// Options tune the queue.
type Options struct {
	// Periodic schedules the periodic kinds (the server sets it; the CLI
	// and most tests do not, so they run only what they insert).
	Periodic bool
	// PollInterval is how often a worker looks for new jobs when it is not
	// told of them (always on SQLite); 0 is River's default, one second.
	PollInterval time.Duration
	// ID names this client among the app's processes (River's client ID);
	// "" lets River choose.
	ID     string
	Logger *slog.Logger
}

// Jobs is the job queue of one app process: a River client over the app's
// database. New builds it; Start works jobs until Stop.
type Jobs struct {
	client   *river.Client[*sql.Tx]
	db       *store.DB
	side     *sql.DB       // SQLite: River's own pool on the database file
	listener *pgxpool.Pool // PostgreSQL: the connection River LISTENs on
	logger   *slog.Logger
}

// sidePoolSize is River's own SQLite pool: one connection, as the
// riversqlite driver advises (SQLite runs one write at a time, and River's
// internal work runs in parallel).
const sidePoolSize = 1

// New builds the queue over db with every kind registered. It does not
// touch the database: Start does.
func New(ctx context.Context, db *store.DB, d Deps, o Options) (*Jobs, error) {
	j := &Jobs{db: db, logger: o.Logger}
	if j.logger == nil {
		j.logger = slog.Default()
	}
	workers := river.NewWorkers()
	kinds := registry(d)
	for _, k := range kinds {
		k.add(workers)
	}
	cfg := &river.Config{
		ID:                o.ID,
		Logger:            j.logger,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:           workers,
		FetchPollInterval: o.PollInterval,
		// A failed job is tried again four times with backoff, then kept
		// as discarded for the admin page (retention: a week).
		MaxAttempts:                 5,
		DiscardedJobRetentionPeriod: 7 * 24 * time.Hour,
	}
	if o.PollInterval > 0 && o.PollInterval < 100*time.Millisecond {
		cfg.FetchCooldown = o.PollInterval
	}
	if o.Periodic {
		for _, k := range kinds {
			if k.every > 0 {
				cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(k.every),
					k.periodicArgs, &river.PeriodicJobOpts{ID: k.name, RunOnStart: true}))
			}
		}
	}
	var driver riverdriver.Driver[*sql.Tx]
	var err error
	switch db.Dialect {
	case store.SQLite:
		if j.side, err = db.OpenSQLiteSide(sidePoolSize); err != nil {
			return nil, err
		}
		driver = riversqlite.New(j.side)
	case store.Postgres:
		driver, err = j.postgresDriver(ctx, db)
		if err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("jobs: unknown dialect %q", db.Dialect)
	}
	if j.client, err = river.NewClient(driver, cfg); err != nil {
		j.closePools()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return j, nil
}

// postgresDriver is River on the app's own pool (so InsertTx takes the
// unit's *sql.Tx), with a one-connection pgx pool of its own for LISTEN,
// so a new job or a leader's resignation is heard at once, not at the
// next poll.
func (j *Jobs) postgresDriver(ctx context.Context, db *store.DB) (riverdriver.Driver[*sql.Tx], error) {
	cfg, err := pgxpool.ParseConfig(db.PostgresURL())
	if err != nil {
		return nil, fmt.Errorf("jobs: listener: %w", err)
	}
	cfg.MinConns, cfg.MaxConns = 0, 1
	if j.listener, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("jobs: listener: %w", err)
	}
	return riverdatabasesql.NewWithPgxListener(db.SQL(), j.listener), nil
}

// Start works jobs (and, with Options.Periodic, schedules the periodic
// kinds when this process is the leader) until Stop or ctx ends.
func (j *Jobs) Start(ctx context.Context) error {
	return j.client.Start(ctx)
}

// Stop stops working jobs, letting running ones finish (until ctx ends).
// List, Get, Retry and Enqueue still work; Close releases the rest. It is
// safe to call without Start.
func (j *Jobs) Stop(ctx context.Context) error {
	return j.client.Stop(ctx)
}

// Close stops working jobs and releases River's own connections; call it
// before closing the store.
func (j *Jobs) Close(ctx context.Context) error {
	err := j.Stop(ctx)
	j.closePools()
	return err
}

func (j *Jobs) closePools() {
	if j.side != nil {
		j.side.Close()
		j.side = nil
	}
	if j.listener != nil {
		j.listener.Close()
		j.listener = nil
	}
}

// Enqueue inserts a job inside tx, the unit of work that causes it: the
// job exists, and runs, only if the unit commits. It must be called from
// a store.Write function.
func (j *Jobs) Enqueue(tx *store.Tx, args river.JobArgs) error {
	stx := tx.SQLTx()
	if stx == nil {
		return errors.New("jobs: Enqueue outside a unit of work")
	}
	_, err := j.client.InsertTx(tx.Context(), stx, args, nil)
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// EnqueueMail makes a send job of each recorded message, in the unit of
// work of ctx (sessions.Queue): the jobs exist only if the unit commits.
func (j *Jobs) EnqueueMail(ctx context.Context, ids []int64) error {
	return j.db.Write(ctx, func(tx *store.Tx) error {
		stx := tx.SQLTx()
		if stx == nil {
			return errors.New("jobs: EnqueueMail outside a unit of work")
		}
		for len(ids) > 0 {
			n := min(len(ids), 500)
			params := make([]river.InsertManyParams, n)
			for i, id := range ids[:n] {
				params[i] = river.InsertManyParams{Args: MailSendArgs{Message: id}}
			}
			if _, err := j.client.InsertManyTx(tx.Context(), stx, params); err != nil {
				return fmt.Errorf("enqueue mail: %w", err)
			}
			ids = ids[n:]
		}
		return nil
	})
}

// EnqueueOffer makes the job that mails an offered applicant their link,
// in the unit of work of ctx (recruit.Service.Decide).
func (j *Jobs) EnqueueOffer(ctx context.Context, applicationID int64) error {
	return j.db.Write(ctx, func(tx *store.Tx) error {
		return j.Enqueue(tx, RecruitOfferArgs{Application: applicationID})
	})
}

// EnqueueEventCancelled makes a job per person that tells them a training
// event is cancelled, in the unit of work of ctx
// (training.Service.CancelEvent).
func (j *Jobs) EnqueueEventCancelled(ctx context.Context, eventID int64, persons []int64) error {
	return j.db.Write(ctx, func(tx *store.Tx) error {
		stx := tx.SQLTx()
		if stx == nil {
			return errors.New("jobs: EnqueueEventCancelled outside a unit of work")
		}
		for len(persons) > 0 {
			n := min(len(persons), 500)
			params := make([]river.InsertManyParams, n)
			for i, p := range persons[:n] {
				params[i] = river.InsertManyParams{Args: TrainingCancelledArgs{Event: eventID, Person: p}}
			}
			if _, err := j.client.InsertManyTx(tx.Context(), stx, params); err != nil {
				return fmt.Errorf("enqueue cancellations: %w", err)
			}
			persons = persons[n:]
		}
		return nil
	})
}
