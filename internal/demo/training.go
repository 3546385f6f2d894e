package demo

import (
	"context"
	"slices"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/training"
)

// pilotModules are the pilot's required training: the e-learning course
// and its four modules (DOMAIN.md, "Mentor training": August 8–16).
var pilotModules = []string{"e-laering", "rolleforstaelse", "mottak", "gruppeledelse", "i-praksis"}

// seedTraining gives the demo's mentors their training records (the pilot
// requires its five modules before a mentor leads a group): the
// pilot's mentors the pilot's five modules over the two weeks before
// today — one of them took the e-learning course and the role training a
// year ago and was not asked again — and the other programs' mentors the
// minimum training. The records belong to the person, so a mentor of two
// programs has one set.
func seedTraining(ctx context.Context, tr *training.Service, pe *people.Service, res *Result) error {
	pilot := res.Programs["uib-mn-pilot"].ID
	if _, err := tr.SetRequirement(ctx, pilot, pilotModules); err != nil {
		return err
	}
	// The pilot's mentors lead groups once trained.
	if err := tr.SetGate(ctx, pilot, true); err != nil {
		return err
	}
	today := tr.Today()
	day := map[string]time.Time{
		"e-laering": today.AddDate(0, 0, -20), "rolleforstaelse": today.AddDate(0, 0, -14), "mottak": today.AddDate(0, 0, -13),
		"gruppeledelse": today.AddDate(0, 0, -9), "i-praksis": today.AddDate(0, 0, -6),
	}
	codes := slices.Sorted(func(yield func(string) bool) {
		for c := range res.Programs {
			if !yield(c) {
				return
			}
		}
	})
	var cs []training.Completion
	seen := map[int64]bool{}
	for _, code := range codes {
		ms, err := pe.Participants(ctx, res.Programs[code].ID, people.Mentor)
		if err != nil {
			return err
		}
		mods := []string{"e-laering", "rolleforstaelse"}
		if code == "uib-mn-pilot" {
			mods = pilotModules
		}
		for i, m := range ms {
			if seen[m.PersonID] {
				continue
			}
			seen[m.PersonID] = true
			for _, mod := range mods {
				on := day[mod]
				if code == "uib-mn-pilot" && i == 1 && (mod == "e-laering" || mod == "rolleforstaelse") {
					on = on.AddDate(-1, 0, 0) // trained a year ago, not asked again
				}
				cs = append(cs, training.Completion{PersonID: m.PersonID, Module: mod, CompletedOn: on, Source: training.FromImport})
			}
		}
	}
	_, err := tr.Record(ctx, res.Institution.ID, cs)
	return err
}

// seedEvents plans two coming training events of the institution, as the
// coordinators would: teamwork in mentor pairs next week, for which six of
// the pilot's mentors have signed up, and receiving new students the week
// after, for which two of biORAKEL's have.
func seedEvents(ctx context.Context, tr *training.Service, pe *people.Service, res *Result, now time.Time) error {
	inst := res.Institution.ID
	planner := app.WithActor(ctx, &app.Actor{System: true, InstitutionID: inst})
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return err
	}
	day := func(days, hour, minute int) time.Time {
		d := now.In(oslo).AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, oslo)
	}
	for _, ev := range []struct {
		module, place string
		days, places  int
		program       string
		signups       int
	}{
		{"samarbeid", "Realfagbygget, seminarrom 2143", 6, 24, "uib-mn-pilot", 6},
		{"mottak", "Studentsenteret, møterom 3", 13, 16, "uib-bio-orakel", 2},
	} {
		e, err := tr.CreateEvent(planner, training.EventDraft{Module: ev.module, StartsAt: day(ev.days, 14, 15), EndsAt: day(ev.days, 16, 0),
			Place: ev.place, Capacity: ev.places})
		if err != nil {
			return err
		}
		prog, ok := res.Programs[ev.program]
		if !ok {
			continue
		}
		ms, err := pe.Participants(app.WithActor(ctx, app.SystemActor), prog.ID, people.Mentor)
		if err != nil {
			return err
		}
		for _, m := range ms[:min(ev.signups, len(ms))] {
			if err := tr.SignUp(app.WithActor(ctx, &app.Actor{PersonID: m.PersonID, InstitutionID: inst}), e.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
