package jobs

import (
	"context"
	"sort"
	"time"

	"github.com/riverqueue/river"

	"github.com/mentorhub/mentorhub/internal/app"
)

// The kinds' names are stored in the job rows: never rename one.
const (
	KindAuthCleanup       = "auth_cleanup"
	KindUploadCleanup     = "upload_cleanup"
	KindMailSend          = "mail_send"
	KindReminders         = "session_reminders"
	KindRecruitOffer      = "recruit_offer"
	KindTrainingCancelled = "training_cancelled"
)

// TrainingCancelledArgs mails one person signed up for a training event
// that it is cancelled (training.Service.SendCancelled); a temporary
// failure is tried again with backoff.
type TrainingCancelledArgs struct {
	Event  int64 `json:"event"`
	Person int64 `json:"person"`
}

// Kind names the job kind.
func (TrainingCancelledArgs) Kind() string { return KindTrainingCancelled }

// RecruitOfferArgs mails an offered applicant the link to answer the
// offer by (recruit.Service.SendOffer); a temporary failure is tried
// again with backoff.
type RecruitOfferArgs struct {
	Application int64 `json:"application"`
}

// Kind names the job kind.
func (RecruitOfferArgs) Kind() string { return KindRecruitOffer }

// MailSendArgs sends one recorded message (sessions.Service.Deliver); a
// temporary failure is tried again with backoff.
type MailSendArgs struct {
	Message int64 `json:"message"`
}

// Kind names the job kind.
func (MailSendArgs) Kind() string { return KindMailSend }

// RemindersArgs queues reminders for the sessions of the next day
// (sessions.Service.QueueReminders). It runs every fifteen minutes.
type RemindersArgs struct{}

// Kind names the job kind.
func (RemindersArgs) Kind() string { return KindReminders }

// AuthCleanupArgs removes expired login sessions and the login throttling
// state they carry (auth.Service.Cleanup). It runs every ten minutes.
type AuthCleanupArgs struct{}

// Kind names the job kind.
func (AuthCleanupArgs) Kind() string { return KindAuthCleanup }

// UploadCleanupArgs forgets roster uploads that were never confirmed or
// discarded (people.Service.ForgetOldDrafts). It runs every ten minutes.
type UploadCleanupArgs struct{}

// Kind names the job kind.
func (UploadCleanupArgs) Kind() string { return KindUploadCleanup }

// Kind describes one job kind, for `mentorhub job list` and the admin page.
type Kind struct {
	Name  string
	Every time.Duration // 0: not periodic
	About string
}

// kind is a registered kind: how to add its worker and make its args.
type kind struct {
	name, about string
	every       time.Duration
	args        func() river.JobArgs
	add         func(*river.Workers)
}

func (k kind) periodicArgs() (river.JobArgs, *river.InsertOpts) { return k.args(), nil }

// registry lists every kind with its worker over d. A kind added here is
// runnable from the CLI, listed on the admin page and tested by
// TestJobRunWorksForEveryKind.
func registry(d Deps) []kind {
	return []kind{
		{
			name: KindAuthCleanup, every: 10 * time.Minute,
			about: "remove expired login sessions and stale login throttling",
			args:  func() river.JobArgs { return AuthCleanupArgs{} },
			add: func(w *river.Workers) {
				river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[AuthCleanupArgs]) error {
					n, err := d.Auth.Cleanup(system(ctx))
					if err != nil {
						return err
					}
					return Progress(ctx, job.ID, 1, 1, Counts{"sessions_removed": n})
				}))
			},
		},
		{
			name: KindUploadCleanup, every: 10 * time.Minute,
			about: "forget roster uploads never confirmed or discarded",
			args:  func() river.JobArgs { return UploadCleanupArgs{} },
			add: func(w *river.Workers) {
				river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[UploadCleanupArgs]) error {
					if err := d.People.ForgetOldDrafts(system(ctx)); err != nil {
						return err
					}
					return Progress(ctx, job.ID, 1, 1, nil)
				}))
			},
		},
		{
			name:  KindMailSend,
			about: "send one message to a student (welcome, reminder, we missed you, a session moved or cancelled)",
			args:  func() river.JobArgs { return MailSendArgs{} },
			add: func(w *river.Workers) {
				river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[MailSendArgs]) error {
					return d.Sessions.Deliver(system(ctx), job.Args.Message)
				}))
			},
		},
		{
			name:  KindRecruitOffer,
			about: "mail an applicant offered a mentor position the link to accept or decline it",
			args:  func() river.JobArgs { return RecruitOfferArgs{} },
			add: func(w *river.Workers) {
				river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[RecruitOfferArgs]) error {
					return d.Recruit.SendOffer(system(ctx), job.Args.Application)
				}))
			},
		},
		{
			name:  KindTrainingCancelled,
			about: "tell a person signed up for a training event that it is cancelled",
			args:  func() river.JobArgs { return TrainingCancelledArgs{} },
			add: func(w *river.Workers) {
				river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[TrainingCancelledArgs]) error {
					return d.Training.SendCancelled(system(ctx), job.Args.Event, job.Args.Person)
				}))
			},
		},
		{
			name: KindReminders, every: 15 * time.Minute,
			about: "queue a reminder to every student expected at a session in the next day",
			args:  func() river.JobArgs { return RemindersArgs{} },
			add: func(w *river.Workers) {
				river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[RemindersArgs]) error {
					n, err := d.Sessions.QueueReminders(system(ctx))
					if err != nil {
						return err
					}
					return Progress(ctx, job.ID, 1, 1, Counts{"reminders_queued": int64(n)})
				}))
			},
		},
	}
}

// system runs a job as the system actor: jobs act for nobody logged in.
func system(ctx context.Context) context.Context { return app.WithActor(ctx, app.SystemActor) }

// Kinds lists every job kind, by name.
func Kinds() []Kind {
	var out []Kind
	for _, k := range registry(Deps{}) {
		out = append(out, Kind{Name: k.name, Every: k.every, About: k.about})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// argsFor returns the arguments of a run of the named kind.
func argsFor(name string) (river.JobArgs, bool) {
	for _, k := range registry(Deps{}) {
		if k.name == name {
			return k.args(), true
		}
	}
	return nil, false
}
