package training

import (
	"context"
	"fmt"

	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/mail"
)

// CancelQueue makes, in the unit of work that cancels an event, one job
// per person signed up that tells them (the jobs exist only if the unit
// commits).
type CancelQueue interface {
	EnqueueEventCancelled(ctx context.Context, eventID int64, persons []int64) error
}

// ContactStore finds whom to write to.
type ContactStore interface {
	// FindContact returns a person's e-mail address ("" for none), given
	// name and language ("" for none known).
	FindContact(ctx context.Context, personID int64) (email, name, lang string, err error)
}

// Mailing is how the service tells people of cancelled events: the queue
// of jobs and the mail server (nil: none, nothing is sent; the calendar
// feeds still show the cancellation).
type Mailing struct {
	Queue  CancelQueue
	Sender mail.Sender
}

// UseMail sets how the service mails.
func (s *Service) UseMail(m Mailing) { s.mailing = m }

// tellCancelled queues a message to each person signed up for a
// cancelled event (in the unit of work that cancels it).
func (s *Service) tellCancelled(ctx context.Context, id int64) error {
	if s.mailing.Queue == nil || s.mailing.Sender == nil {
		return nil
	}
	ss, err := s.events.FindSignups(ctx, id)
	if err != nil || len(ss) == 0 {
		return err
	}
	persons := make([]int64, 0, len(ss))
	for _, x := range ss {
		persons = append(persons, x.PersonID)
	}
	return s.mailing.Queue.EnqueueEventCancelled(ctx, id, persons)
}

// SendCancelled mails one person signed up for a cancelled event that it
// is cancelled, in their language (the job's work). It does nothing for an event not
// cancelled, a person without an e-mail address or without a mail
// server; a temporary failure returns an error, so the job tries again.
func (s *Service) SendCancelled(ctx context.Context, eventID, personID int64) error {
	if eventID <= 0 || personID <= 0 || s.mailing.Sender == nil {
		return nil // a run without an event (the CLI's): nothing to send
	}
	e, err := s.events.FindEvent(ctx, eventID)
	if err != nil || e.CancelledAt == nil {
		return err
	}
	to, name, lang, err := s.contacts.FindContact(ctx, personID)
	if err != nil || to == "" {
		return err
	}
	// In the person's language where the student system gave one we
	// write in, else bokmål.
	if !i18n.Supported(lang) {
		lang = "nb"
	}
	subject, text := mail.TrainingCancelled{Lang: lang, Name: name, Module: e.ModuleName, Place: e.Place, StartsAt: e.StartsAt}.Render()
	_, err = s.mailing.Sender.Send(ctx, mail.Message{To: to, ToName: name, Subject: subject, Text: text, Lang: lang})
	switch mail.Classify(err) {
	case mail.Sent, mail.Bounced:
		return nil
	}
	return fmt.Errorf("cancellation of event %d deferred: %w", eventID, err)
}
