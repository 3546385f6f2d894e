package training

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// PairMentor is an active mentor of a program year and how many earlier
// years (of any program) they have mentored in.
type PairMentor struct {
	ParticipantID int64
	Ref           string
	Name          string
	Programme     string
	EarlierYears  int
}

// Experienced tells whether the mentor has mentored before.
func (m PairMentor) Experienced() bool { return m.EarlierYears > 0 }

// Pair is an open "mentor for mentors" pair.
type Pair struct {
	ID          int64
	Experienced PairMentor
	Newcomer    PairMentor
	Since       time.Time
}

// Pairs is a program year's pairs, the newcomers without one, and for
// each of those a suggested experienced mentor.
type Pairs struct {
	Pairs     []Pair
	Unpaired  []PairMentor
	Suggested map[int64]PairMentor // newcomer participant → experienced
	Mentors   []PairMentor
}

// PairStore is what pairs need of the database.
type PairStore interface {
	FindPairMentors(ctx context.Context, programID int64, year int) ([]PairMentor, error)
	FindPairs(ctx context.Context, programID int64, year int) (ids []int64, experienced, newcomer []int64, since []time.Time, err error)
	CreatePair(ctx context.Context, programID int64, year int, experienced, newcomer, accountID int64) error
	EndPair(ctx context.Context, programID, id int64) error
}

// MentorPairs lists the program year's "mentor for mentors" pairs with
// suggestions for the newcomers without one: an experienced mentor of the
// same study programme if there is one, the one with the fewest
// newcomers first (coordinators).
func (s *Service) MentorPairs(ctx context.Context, programID int64) (Pairs, error) {
	p, year, err := s.manage(ctx, programID, false)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "training.read", fmt.Sprint(programID), "denied", "pairs")
	}
	if err != nil {
		return Pairs{}, err
	}
	ms, err := s.pairs.FindPairMentors(ctx, p.ID, year)
	if err != nil {
		return Pairs{}, err
	}
	ids, exp, nc, since, err := s.pairs.FindPairs(ctx, p.ID, year)
	if err != nil {
		return Pairs{}, err
	}
	byID := map[int64]PairMentor{}
	for _, m := range ms {
		byID[m.ParticipantID] = m
	}
	out := Pairs{Suggested: map[int64]PairMentor{}, Mentors: ms}
	load := map[int64]int{}
	paired := map[int64]bool{}
	for i := range ids {
		e, okE := byID[exp[i]]
		n, okN := byID[nc[i]]
		if !okE || !okN {
			continue // one of them is no longer an active mentor
		}
		out.Pairs = append(out.Pairs, Pair{ID: ids[i], Experienced: e, Newcomer: n, Since: since[i]})
		load[e.ParticipantID]++
		paired[n.ParticipantID] = true
	}
	var experienced []PairMentor
	for _, m := range ms {
		if m.Experienced() {
			experienced = append(experienced, m)
		} else if !paired[m.ParticipantID] {
			out.Unpaired = append(out.Unpaired, m)
		}
	}
	out.Suggested = suggest(out.Unpaired, experienced, load)
	return out, nil
}

// PairUp pairs a newcomer with an experienced mentor of the program's
// current year (coordinators); a newcomer paired already is a conflict.
func (s *Service) PairUp(ctx context.Context, programID, experienced, newcomer int64) error {
	p, year, err := s.manage(ctx, programID, true)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "training.pair", fmt.Sprint(programID), "denied", "")
	}
	if err != nil {
		return err
	}
	ms, err := s.pairs.FindPairMentors(ctx, p.ID, year)
	if err != nil {
		return err
	}
	find := func(id int64) (PairMentor, bool) {
		i := slices.IndexFunc(ms, func(m PairMentor) bool { return m.ParticipantID == id })
		if i < 0 {
			return PairMentor{}, false
		}
		return ms[i], true
	}
	e, okE := find(experienced)
	n, okN := find(newcomer)
	switch {
	case !okE || !okN:
		return app.NotFound("mentor")
	case !e.Experienced() || n.Experienced() || e.ParticipantID == n.ParticipantID:
		return &app.Error{Code: app.CodeInvalid, Key: "training.pair_roles", Message: "a pair is an experienced mentor and a new one"}
	}
	a := app.ActorFrom(ctx)
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.pairs.CreatePair(ctx, p.ID, year, e.ParticipantID, n.ParticipantID, a.AccountID)
	}, "training.pair", n.Ref, "ok", e.Ref)
}

// Unpair ends a pair (coordinators); it is kept with the day it ended.
func (s *Service) Unpair(ctx context.Context, programID, pairID int64) error {
	p, _, err := s.manage(ctx, programID, true)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "training.pair", fmt.Sprint(programID), "denied", "end")
	}
	if err != nil {
		return err
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.pairs.EndPair(ctx, p.ID, pairID)
	}, "training.pair", fmt.Sprint(pairID), "ended", "")
}

// suggest picks an experienced mentor for each newcomer in turn: one of
// the newcomer's study programme if there is one, among those the one
// with the fewest newcomers (load, counted on as it suggests), the first
// listed on a tie.
func suggest(newcomers, experienced []PairMentor, load map[int64]int) map[int64]PairMentor {
	out := map[int64]PairMentor{}
	for _, n := range newcomers {
		best := -1
		for i, e := range experienced {
			if best < 0 {
				best = i
				continue
			}
			b := experienced[best]
			same, bsame := e.Programme == n.Programme, b.Programme == n.Programme
			if (same && !bsame) || (same == bsame && load[e.ParticipantID] < load[b.ParticipantID]) {
				best = i
			}
		}
		if best >= 0 {
			out[n.ParticipantID] = experienced[best]
			load[experienced[best].ParticipantID]++
		}
	}
	return out
}
