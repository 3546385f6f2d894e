package sessions

import (
	"context"
	"crypto/rand"
	"encoding/base64"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// newSecret is a calendar secret: 256 random bits, URL-safe.
func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// feedPerson resolves ref to a person whose feed the actor may manage:
// themself, or a person taking part in a program the actor coordinates
// (admins: of their institution). Others get not found.
func (s *Service) feedPerson(ctx context.Context, ref string) (int64, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return 0, app.Unauthorized()
	}
	id, err := s.store.FindPersonRef(ctx, a.InstitutionID, ref)
	if err != nil {
		return 0, err
	}
	if id == a.PersonID && id != 0 {
		return id, nil
	}
	progs, err := s.store.FindPersonPrograms(ctx, id)
	if err != nil {
		return 0, err
	}
	for _, pid := range progs {
		p, err := s.programs.Get(ctx, pid)
		if err == nil && program.CanEdit(a, p) {
			return id, nil
		}
	}
	s.audit(ctx, "calendar.read", "", "denied", "")
	return 0, app.NotFound("person")
}

// FeedSecret returns the secret of a person's calendar feed (made on
// first use).
func (s *Service) FeedSecret(ctx context.Context, ref string) (string, error) {
	id, err := s.feedPerson(ctx, ref)
	if err != nil {
		return "", err
	}
	return s.store.FindFeedSecret(ctx, id, newSecret())
}

// MySecret returns the actor's own calendar secret.
func (s *Service) MySecret(ctx context.Context) (string, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return "", app.Unauthorized()
	}
	return s.store.FindFeedSecret(ctx, a.PersonID, newSecret())
}

// RevokeFeed replaces a person's calendar secret: the old URL stops
// working at once.
func (s *Service) RevokeFeed(ctx context.Context, ref string) (string, error) {
	id, err := s.feedPerson(ctx, ref)
	if err != nil {
		return "", err
	}
	secret := newSecret()
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.NewFeedSecret(ctx, id, secret)
	}, "calendar.revoke", "", "ok", "")
	return secret, err
}

// Feed returns the sessions of the person whose secret it is: every
// session they are expected at, cancelled ones marked, in time order.
// An unknown secret is not found.
func (s *Service) Feed(ctx context.Context, secret string) ([]Session, error) {
	if len(secret) != 43 {
		return nil, app.NotFound("calendar")
	}
	id, err := s.store.FindFeedPerson(ctx, secret)
	if err != nil {
		return nil, err
	}
	out, err := s.store.FindPersonSessions(ctx, id)
	for i := range out {
		out[i].CheckinCode = ""
	}
	return out, err
}
