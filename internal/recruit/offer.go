package recruit

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/mail"
)

// The applicant's own answer to an offer: when an application is offered,
// a job mails the applicant a link, /recruit/offer/{token}, whose secret
// (256 random bits) is kept only as its SHA-256. The link shows the offer
// and takes one answer, accept or decline, without login, while the
// application is offered and the contract has not begun.

// OfferStore keeps the secrets of offer links, as hashes.
type OfferStore interface {
	// SaveOfferToken stores the hash of an application's offer secret,
	// replacing an earlier one (a mail that was never sent).
	SaveOfferToken(ctx context.Context, applicationID int64, hash string) error
	// MarkOfferMailed records that the mail with the link has gone.
	MarkOfferMailed(ctx context.Context, applicationID int64) error
	// OfferMailed tells whether the application's link has been mailed.
	OfferMailed(ctx context.Context, applicationID int64) (bool, error)
	// FindOfferToken returns the application of a secret's hash and the
	// hash stored; not found for none.
	FindOfferToken(ctx context.Context, hash string) (applicationID int64, stored string, err error)
}

// OfferQueue runs the mailing of an offer as a job of the unit of work
// that offers (the job exists only if the unit commits).
type OfferQueue interface {
	EnqueueOffer(ctx context.Context, applicationID int64) error
}

// Mailing is how the service tells applicants of offers: the queue of
// jobs, the mail server (nil: none, no mail is sent and the coordinator
// records the answer) and the public URL for the link.
type Mailing struct {
	Queue   OfferQueue
	Sender  mail.Sender
	BaseURL string
}

// UseMail sets how the service mails offers.
func (s *Service) UseMail(m Mailing) { s.mailing = m }

// newToken is a fresh offer secret: 256 random bits, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is the hex SHA-256 of a secret, as stored.
func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// SendOffer mails an offered applicant the link to answer by (the job's
// work). It does nothing for an application no longer offered, one
// mailed already, a contract begun, or without a mail server; a
// temporary failure returns an error, so the job tries again (with a new
// secret: the one not sent is replaced).
func (s *Service) SendOffer(ctx context.Context, applicationID int64) error {
	if applicationID <= 0 {
		return nil // a run without an application (the CLI's): nothing to send
	}
	as, err := s.store.FindApplications(ctx, 0, applicationID)
	if err != nil || len(as) == 0 || as[0].State != Offered || s.mailing.Sender == nil {
		return err
	}
	a := as[0]
	if mailed, err := s.store.OfferMailed(ctx, a.ID); err != nil || mailed {
		return err
	}
	p, err := s.store.FindPosting(ctx, a.PostingID)
	if err != nil {
		return err
	}
	if !s.clock.Now().Before(p.StartsOn) {
		return nil
	}
	token := newToken()
	if err := s.store.SaveOfferToken(ctx, a.ID, hashToken(token)); err != nil {
		return err
	}
	link := strings.TrimSuffix(s.mailing.BaseURL, "/") + "/recruit/offer/" + token
	subject, text := mail.Offer{Lang: p.Lang, Name: a.GivenName, Program: p.ProgramName, Title: p.Title, StartsOn: p.StartsOn,
		EndsOn: p.EndsOn, Hourly: p.Hourly.Kroner(), Programme: a.Programme, URL: link}.Render()
	_, err = s.mailing.Sender.Send(ctx, mail.Message{To: a.Email, ToName: a.GivenName + " " + a.FamilyName, Subject: subject, Text: text, Lang: p.Lang})
	switch mail.Classify(err) {
	case mail.Sent:
		return s.store.MarkOfferMailed(ctx, a.ID)
	case mail.Bounced:
		return nil // the coordinator hears the answer some other way
	}
	return fmt.Errorf("offer to application %d deferred: %w", a.ID, err)
}

// Offer is an offer as its link shows it.
type Offer struct {
	Posting     Posting
	Application int64
	Programme   string // the applicant's study programme
	State       string
	found       bool // found by its link's secret (offer)
}

// Open tells whether the offer still takes an answer.
func (o Offer) Open() bool { return o.State == Offered }

// offer finds the offer of a secret: not found for an unknown secret, one
// of an application rejected or withdrawn, or a contract begun.
func (s *Service) offer(ctx context.Context, token string) (Offer, error) {
	if len(token) < 20 || len(token) > 100 {
		return Offer{}, app.NotFound("offer")
	}
	hash := hashToken(token)
	id, stored, err := s.store.FindOfferToken(ctx, hash)
	if err != nil {
		return Offer{}, err
	}
	if subtle.ConstantTimeCompare([]byte(stored), []byte(hash)) != 1 {
		return Offer{}, app.NotFound("offer")
	}
	as, err := s.store.FindApplications(ctx, 0, id)
	if err != nil {
		return Offer{}, err
	}
	if len(as) == 0 {
		return Offer{}, app.NotFound("offer")
	}
	p, err := s.store.FindPosting(ctx, as[0].PostingID)
	if err != nil {
		return Offer{}, err
	}
	o := Offer{Posting: p, Application: id, Programme: as[0].Programme, State: as[0].State, found: true}
	// A withdrawn offer, or one whose contract has begun, is not there
	// any more — said as such to the holder of the secret, who is the
	// applicant.
	closed := &app.Error{Code: app.CodeNotFound, Key: "recruit.offer_closed", Message: "the offer is no longer open"}
	switch {
	case o.State == Rejected || o.State == Submitted:
		return Offer{}, closed
	case o.State == Offered && !s.clock.Now().Before(p.StartsOn):
		return Offer{}, closed
	}
	return o, nil
}

// FindOffer is the offer of a link's secret, for anyone holding it: an
// open one, or one answered (State says which).
func (s *Service) FindOffer(ctx context.Context, token string) (Offer, error) {
	return s.offer(ctx, token)
}

// AnswerOffer records the applicant's own answer (accept: accepted, else
// declined) through the link's secret. A second answer is a conflict.
func (s *Service) AnswerOffer(ctx context.Context, token string, accept bool) (Offer, error) {
	o, err := s.offer(ctx, token)
	if err != nil {
		return Offer{}, err
	}
	return s.Answer(ctx, o, accept)
}

// Answer records the applicant's answer to an offer found by its link's
// secret (FindOffer), without looking it up again: the change is made
// only while the application is still offered, so an offer answered or
// withdrawn meanwhile is a conflict or not found as with AnswerOffer.
func (s *Service) Answer(ctx context.Context, o Offer, accept bool) (Offer, error) {
	if !o.found {
		// Only an offer FindOffer found by its secret is answered.
		return Offer{}, app.NotFound("offer")
	}
	if !o.Open() {
		return o, answered()
	}
	to := Declined
	if accept {
		to = Accepted
	}
	err := s.changes.AuditedChange(anonymousIn(ctx, o.Posting.InstitutionID), func(ctx context.Context) error {
		return s.store.SetState(ctx, o.Application, Offered, to)
	}, "recruit.answer", fmt.Sprint(o.Posting.ID), to, fmt.Sprint(o.Application))
	if app.ErrorCode(err) == app.CodeConflict {
		return o, answered()
	}
	if err != nil {
		return Offer{}, err
	}
	o.State = to
	return o, nil
}

func answered() error {
	return &app.Error{Code: app.CodeConflict, Key: "recruit.offer_answered", Message: "the offer has been answered already"}
}
