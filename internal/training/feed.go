package training

import (
	"context"
	"slices"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Kinds of a calendar feed's training entry.
const (
	FeedMeeting = "meeting" // a mentors' meeting the person is expected at
	FeedEvent   = "event"   // a training event the person signed up for
)

// FeedEntry is a mentors' meeting or a training event in a person's
// calendar feed: no names of others, no marks.
type FeedEntry struct {
	Kind      string
	ID        int64
	Title     string // the meeting's title; the event's module name
	Program   string // the meeting's program; "" for an event
	Place     string
	StartsAt  time.Time
	EndsAt    time.Time
	Cancelled bool
	Updated   time.Time
}

// FeedStore is what the calendar feed needs of the database.
type FeedStore interface {
	// FindFeedPerson returns the person a calendar secret belongs to.
	FindFeedPerson(ctx context.Context, secret string) (int64, error)
	// FindPersonFeed lists the mentors' meetings of every program year
	// the person is an active mentor in (a chief mentors' meeting only
	// where they are a chief mentor) and the training events they signed
	// up for.
	FindPersonFeed(ctx context.Context, personID int64) ([]FeedEntry, error)
}

// Feed returns the mentors' meetings and training events of the person
// whose calendar secret it is, in time order; an unknown secret is not
// found.
func (s *Service) Feed(ctx context.Context, secret string) ([]FeedEntry, error) {
	if len(secret) != 43 {
		return nil, app.NotFound("calendar")
	}
	id, err := s.feed.FindFeedPerson(ctx, secret)
	if err != nil {
		return nil, err
	}
	out, err := s.feed.FindPersonFeed(ctx, id)
	slices.SortStableFunc(out, func(a, b FeedEntry) int { return a.StartsAt.Compare(b.StartsAt) })
	return out, err
}
