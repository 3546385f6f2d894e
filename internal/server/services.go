package server

import (
	"context"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/desks"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/training"
)

// Services is the composition root: every area service wired over one
// database and one clock. serve, demo, the CLI commands and the tests all
// build it with NewServices (or OpenServices), so the wiring lives here
// only. Areas to come add their service as a field.
type Services struct {
	DB *store.DB
	// Clock is the clock the database was opened with: the services, the
	// web layer and every unit of work's Tx.Now agree on "now".
	Clock app.Clock
	// Repos are the area repositories the services are built over; tests
	// use them to look behind a service.
	Repos store.Repos

	Auth     *auth.Service
	Org      *org.Service
	Programs *program.Service
	People   *people.Service
	Sessions *sessions.Service
	Desks    *desks.Service
	Training *training.Service
	Payroll  *payroll.Service
	Recruit  *recruit.Service
}

// scopes answers auth's scope checks from the org and program repositories.
type scopes struct {
	*store.Org
	*store.Programs
}

// NewServices builds every area service over db. clock must be the clock
// db was opened with (store.Options.Clock), so services and units of work
// read the same time; OpenServices does both.
func NewServices(db *store.DB, clock app.Clock) *Services {
	if clock == nil {
		clock = app.SystemClock{}
	}
	r := store.NewRepos(db)
	s := &Services{DB: db, Clock: clock, Repos: r}
	s.Auth = auth.NewService(r.Auth, clock, scopes{r.Org, r.Programs})
	// Every change of the area services and its audit entry: one unit of
	// work, whose entry must be written for the change to stand.
	s.Auth.UseUnits(db)
	changes := app.Auditor{Units: db, WriteEntry: s.Auth.AuditChange}
	s.Org = org.NewService(r.Org, s.Auth.Audit)
	s.Org.UseUnits(changes)
	s.Programs = program.NewService(r.Programs, r.Org, r.Auth, s.Auth.Audit)
	s.Programs.UseUnits(changes)
	s.People = people.NewService(r.People, s.Programs, clock, s.Auth.Audit)
	s.People.UseUnits(changes)
	s.Sessions = sessions.NewService(r.Sessions, s.Programs, r.Programs, s.People, clock, s.Auth.Audit)
	s.Sessions.UseUnits(changes)
	s.Desks = desks.NewService(r.Desks, s.Sessions, s.People, clock, s.Auth.Audit)
	s.Desks.UseUnits(changes)
	s.Training = training.NewService(r.Training, s.Programs, s.People, clock, s.Auth.Audit)
	s.Training.UseUnits(changes)
	// Allocations and mentor swaps leave out mentors the training gate keeps out.
	s.People.UseTrainingGate(s.Training)
	s.Payroll = payroll.NewService(r.Payroll, s.Sessions, clock, s.Auth.Audit)
	s.Payroll.UseUnits(changes)
	s.Recruit = recruit.NewService(r.Recruit, s.Sessions, clock, s.Auth.Audit)
	s.Recruit.UseUnits(changes)
	return s
}

// OpenServices opens and migrates the database (the app's schema, then
// the job queue's) on o.Clock (the system
// clock when nil) and builds the services over it on the same clock.
func OpenServices(ctx context.Context, o store.Options) (*Services, error) {
	if o.Clock == nil {
		o.Clock = app.SystemClock{}
	}
	db, err := store.OpenAndMigrate(ctx, o)
	if err != nil {
		return nil, err
	}
	// The job queue's tables too, so every command that opens the
	// database finds them.
	if _, err := jobs.Migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return NewServices(db, o.Clock), nil
}

// Close closes the database under the services.
func (s *Services) Close() error { return s.DB.Close() }
