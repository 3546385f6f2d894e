package sessions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/mail"
)

// Message kinds.
const (
	MailWelcome  = "welcome"
	MailReminder = "reminder"
	MailMissed   = "missed"
	MailChanged  = "session_changed"
)

// Message states: queued until the job runs; sent (the mail server took
// it), deferred (a temporary failure; the job tries again), bounced (a
// permanent failure), skipped (opted out, or no mail server configured).
const (
	StateQueued   = "queued"
	StateSent     = "sent"
	StateDeferred = "deferred"
	StateBounced  = "bounced"
	StateSkipped  = "skipped"
)

// MessageRecord is a message the program sends, as recorded.
type MessageRecord struct {
	ID            int64
	Kind          string
	Recipient     string
	Lang          string
	State         string
	ProgramID     int64
	Year          int
	ParticipantID int64
	SessionID     int64
	Attempts      int
	CreatedAt     time.Time
}

// MailContext is what a message to a participant says about them.
type MailContext struct {
	Name, Program, About, Contact string
	OptedOut                      bool
	GroupID                       int64
	Group                         string
	Mentors, MentorEmails         []string
}

// MailStore keeps the messages the program sends.
type MailStore interface {
	QueueWelcome(ctx context.Context, programID int64, year int, resend bool) ([]int64, error)
	QueueReminders(ctx context.Context, from, to time.Time) ([]int64, error)
	QueueMessage(ctx context.Context, kind string, participantID, sessionID int64) (int64, error)
	FindMessage(ctx context.Context, id int64) (MessageRecord, error)
	SaveMessageOutcome(ctx context.Context, id int64, state, errText, messageID string) error
	CountMessages(ctx context.Context, programID int64, year int) (map[string]map[string]int, error)
	FindMailContext(ctx context.Context, participantID int64) (MailContext, error)
	FindNextSession(ctx context.Context, programID int64, year int, groupID int64, after time.Time) (Session, error)
	FindGroupMentorIDs(ctx context.Context, groupID int64) ([]int64, error)
	LastMessageAt(ctx context.Context, participantID int64, kind string) (time.Time, error)
}

// missedEvery bounds "we missed you": one a week to a student at most,
// however many mentors press the button.
const missedEvery = 7 * 24 * time.Hour

// Queue runs a message's sending as a job of the unit of work that
// records it (the job exists only if the unit commits).
type Queue interface {
	EnqueueMail(ctx context.Context, ids []int64) error
}

// Mailing is how the service sends: the queue of jobs, the mail server
// (nil: none configured, messages are skipped) and the public URL for
// links.
type Mailing struct {
	Queue   Queue
	Sender  mail.Sender
	BaseURL string
}

// UseMail sets how the service sends messages.
func (s *Service) UseMail(m Mailing) { s.mailing = m }

// queue records and enqueues in the unit of ctx.
func (s *Service) enqueue(ctx context.Context, ids []int64) error {
	if len(ids) == 0 || s.mailing.Queue == nil {
		return nil
	}
	return s.mailing.Queue.EnqueueMail(ctx, ids)
}

// SendWelcome queues the welcome to every student of the current year
// who has not had it (and, with resend, again to those it did not reach):
// coordinators. It answers how many were queued.
func (s *Service) SendWelcome(ctx context.Context, programID int64, resend bool) (int, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return 0, err
	}
	if err := s.need(ctx, p, Manager, "mail.welcome"); err != nil {
		return 0, err
	}
	var n int
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		ids, err := s.mail.QueueWelcome(ctx, programID, p.Year, resend)
		if err != nil {
			return err
		}
		n = len(ids)
		return s.enqueue(ctx, ids)
	}, "mail.welcome", p.Program.Code, "ok", "")
	return n, err
}

// QueueReminders queues a reminder for each student expected at a
// session in the next day who has none for it, and the welcome to every
// student placed in a group of a program year whose sessions begin within
// two weeks who has not had it (a periodic job): nobody is missed, late
// arrivals included.
func (s *Service) QueueReminders(ctx context.Context) (int, error) {
	now := s.clock.Now()
	var n int
	err := s.units.Unit(ctx, func(ctx context.Context) error {
		ids, err := s.mail.QueueReminders(ctx, now, now.Add(24*time.Hour))
		if err != nil {
			return err
		}
		n = len(ids)
		return s.enqueue(ctx, ids)
	})
	return n, err
}

// SendMissedYou queues a "we missed you" message to a student the actor
// follows up, with their next session, and records it as done.
func (s *Service) SendMissedYou(ctx context.Context, programID int64, studentNumber string) error {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return err
	}
	if err := s.need(ctx, p, Mentor, "followups.record"); err != nil {
		return err
	}
	who, err := s.followed(ctx, p, studentNumber)
	if err != nil {
		return err
	}
	last, err := s.mail.LastMessageAt(ctx, who.ParticipantID, MailMissed)
	if err != nil {
		return err
	}
	if !last.IsZero() && s.clock.Now().Sub(last) < missedEvery {
		return &app.Error{Code: app.CodeConflict, Key: "mail.missed_recently", Message: "the student was sent 'we missed you' less than a week ago",
			Args: map[string]any{"Date": last}}
	}
	accountID := accountOf(ctx)
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		id, err := s.mail.QueueMessage(ctx, MailMissed, who.ParticipantID, 0)
		if err != nil {
			return err
		}
		if id == 0 {
			return invalid("mail.no_address", "student_number", "the student has no e-mail address")
		}
		if _, err := s.store.CreateAction(ctx, programID, p.Year, who.ParticipantID, "message_sent", 0, accountID); err != nil {
			return err
		}
		return s.enqueue(ctx, []int64{id})
	}, "mail.missed", p.Program.Code, "ok", "")
}

// tellChanged queues a message about a moved or cancelled session to the
// students expected at it and the group's mentors, if it has not begun.
func (s *Service) tellChanged(ctx context.Context, se Session) error {
	if !se.StartsAt.After(s.clock.Now()) {
		return nil
	}
	exp, err := s.store.FindExpected(ctx, se)
	if err != nil {
		return err
	}
	who := make([]int64, 0, len(exp)+2)
	for _, a := range exp {
		who = append(who, a.ParticipantID)
	}
	if se.GroupID != 0 {
		ms, err := s.mail.FindGroupMentorIDs(ctx, se.GroupID)
		if err != nil {
			return err
		}
		who = append(who, ms...)
	}
	var ids []int64
	for _, pid := range who {
		id, err := s.mail.QueueMessage(ctx, MailChanged, pid, se.ID)
		if err != nil {
			return err
		}
		if id != 0 {
			ids = append(ids, id)
		}
	}
	return s.enqueue(ctx, ids)
}

// MailCounts counts the current year's messages by kind and state
// (coordinators).
func (s *Service) MailCounts(ctx context.Context, programID int64) (map[string]map[string]int, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, err
	}
	if err := s.need(ctx, p, Manager, "mail.read"); err != nil {
		return nil, err
	}
	return s.mail.CountMessages(ctx, programID, p.Year)
}

// errNoServer is why a message is skipped without a mail server.
const errNoServer = "no mail server is configured (MENTORHUB_SMTP_URL)"

// Deliver sends a recorded message (the job's work): renders it in the
// recipient's language from what is true now, sends it and records the
// outcome. A deferred send returns an error, so the job tries again.
func (s *Service) Deliver(ctx context.Context, id int64) error {
	m, err := s.mail.FindMessage(ctx, id)
	if app.ErrorCode(err) == app.CodeNotFound {
		return nil // erased with its person: nothing to send
	}
	if err != nil {
		return err
	}
	if m.State == StateSent || m.State == StateBounced || m.State == StateSkipped {
		return nil // done already (a job run twice)
	}
	c, err := s.mail.FindMailContext(ctx, m.ParticipantID)
	if err != nil {
		return err
	}
	if c.OptedOut && m.Kind != MailWelcome {
		return s.mail.SaveMessageOutcome(ctx, id, StateSkipped, "the student has opted out of e-mail", "")
	}
	if s.mailing.Sender == nil {
		return s.mail.SaveMessageOutcome(ctx, id, StateSkipped, errNoServer, "")
	}
	msg, ok, err := s.render(ctx, m, c)
	if err != nil {
		return err
	}
	if !ok {
		return s.mail.SaveMessageOutcome(ctx, id, StateSkipped, "nothing to say: the session is gone", "")
	}
	mid, err := s.mailing.Sender.Send(ctx, msg)
	switch mail.Classify(err) {
	case mail.Sent:
		return s.mail.SaveMessageOutcome(ctx, id, StateSent, "", mid)
	case mail.Bounced:
		return s.mail.SaveMessageOutcome(ctx, id, StateBounced, errText(err), "")
	default:
		if serr := s.mail.SaveMessageOutcome(ctx, id, StateDeferred, errText(err), ""); serr != nil {
			return serr
		}
		return fmt.Errorf("message %d deferred: %w", id, err)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	t := err.Error()
	if len(t) > 300 {
		t = t[:300]
	}
	return t
}

// render writes a recorded message as it is to be sent.
func (s *Service) render(ctx context.Context, m MessageRecord, c MailContext) (mail.Message, bool, error) {
	base := strings.TrimSuffix(s.mailing.BaseURL, "/")
	page, optOut := base+"/me/program", base+"/me/program#mail"
	now := s.clock.Now()
	var subject, text string
	switch m.Kind {
	case MailWelcome:
		w := mail.Welcome{Lang: m.Lang, StudentName: c.Name, Program: c.Program, ProgramAbout: c.About, Group: c.Group,
			Mentors: c.Mentors, OptOutURL: optOut, PageURL: page, Contact: c.Contact}
		if next, err := s.mail.FindNextSession(ctx, m.ProgramID, m.Year, c.GroupID, now); err == nil {
			w.FirstMeeting, w.Place = next.StartsAt, next.Location
		} else if app.ErrorCode(err) != app.CodeNotFound {
			return mail.Message{}, false, err
		}
		subject, text = w.Render()
	case MailReminder, MailChanged:
		se, err := s.store.FindSession(ctx, m.SessionID)
		if app.ErrorCode(err) == app.CodeNotFound {
			return mail.Message{}, false, nil
		}
		if err != nil {
			return mail.Message{}, false, err
		}
		if m.Kind == MailReminder && (se.Cancelled() || se.StartsAt.Before(now)) {
			return mail.Message{}, false, nil
		}
		if m.Kind == MailReminder {
			subject, text = mail.Reminder{Lang: m.Lang, Name: c.Name, Program: c.Program, Group: se.GroupName, Title: se.Title,
				Topic: se.Topic, Starts: se.StartsAt, Place: se.Location, PageURL: page, OptOutURL: optOut}.Render()
		} else {
			subject, text = mail.Changed{Lang: m.Lang, Name: c.Name, Program: c.Program, Group: se.GroupName, Title: se.Title,
				Starts: se.StartsAt, Place: se.Location, Cancelled: se.Cancelled(), PageURL: page, OptOutURL: optOut}.Render()
		}
	case MailMissed:
		mv := mail.MissedYou{Lang: m.Lang, Name: c.Name, Program: c.Program, Group: c.Group, PageURL: page, OptOutURL: optOut}
		if len(c.Mentors) > 0 {
			mv.MentorName = c.Mentors[0]
		}
		if next, err := s.mail.FindNextSession(ctx, m.ProgramID, m.Year, c.GroupID, now); err == nil {
			mv.NextTitle, mv.NextTopic, mv.NextStarts, mv.NextPlace = next.Title, next.Topic, next.StartsAt, next.Location
		} else if app.ErrorCode(err) != app.CodeNotFound {
			return mail.Message{}, false, err
		}
		subject, text = mv.Render()
	default:
		return mail.Message{}, false, nil
	}
	return mail.Message{To: m.Recipient, ToName: c.Name, Subject: subject, Text: text, Lang: m.Lang, Unsubscribe: optOut}, true, nil
}
