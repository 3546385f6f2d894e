package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/training"
)

// SeedPay gives the demo its mentors' training and pay after the year's
// sessions and desks exist (SeedYear, SeedDesks): biORAKEL's mentors the
// minimum training; two coming training events with sign-ups
// (seedEvents); the pilot's rates (NOK 187.50 an hour) and biORAKEL's
// (NOK 215 an hour and NOK 150 per report read: more than the pilot, as
// in the seeds); a cost plan for each; and for the three months before this one an approved
// timesheet for every pilot and biORAKEL mentor, pre-filled from the
// sessions they led, the shifts they worked and the texts they returned,
// with preparation added (half an hour per hour of sessions). This
// month's timesheets are the mentors' to submit.
func SeedPay(ctx context.Context, tr *training.Service, pay *payroll.Service, pe *people.Service, res *Result, now time.Time) error {
	sys := app.WithActor(ctx, app.SystemActor)
	if err := seedTraining(sys, tr, pe, res); err != nil {
		return fmt.Errorf("training: %w", err)
	}
	if err := seedEvents(ctx, tr, pe, res, now); err != nil {
		return fmt.Errorf("training events: %w", err)
	}
	pilot, orakel := res.Programs["uib-mn-pilot"], res.Programs["uib-bio-orakel"]
	yes := true
	if _, err := pay.SetRates(sys, pilot.ID, 187.50, nil, &yes); err != nil {
		return fmt.Errorf("pilot rates: %w", err)
	}
	if orakel.ID != 0 {
		if _, err := pay.SetRates(sys, orakel.ID, 215, map[string]float64{"feedback": 150}, &yes); err != nil {
			return fmt.Errorf("biORAKEL rates: %w", err)
		}
	}
	// Cost plans: the pilot's 20 mentors, 60 hours each; biORAKEL's six
	// volunteers at the desk and the reports they read.
	if _, err := pay.SetPlan(sys, pilot.ID, payroll.PlanInput{Mentors: 20, MentorHours: 60, Hourly: 187.50, Catering: 12000,
		Materials: 3500, CoordinatorHours: 150, CoordinatorHourly: 450}); err != nil {
		return fmt.Errorf("pilot cost plan: %w", err)
	}
	if orakel.ID != 0 {
		if _, err := pay.SetPlan(sys, orakel.ID, payroll.PlanInput{Mentors: 6, MentorHours: 45, Hourly: 215, Catering: 4000,
			CoordinatorHours: 40, CoordinatorHourly: 450}); err != nil {
			return fmt.Errorf("biORAKEL cost plan: %w", err)
		}
	}
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, time.UTC)
	for _, prog := range []int64{pilot.ID, orakel.ID} {
		if prog == 0 {
			continue
		}
		ms, err := pe.Participants(sys, prog, people.Mentor)
		if err != nil {
			return err
		}
		for back := 3; back >= 1; back-- {
			month := first.AddDate(0, -back, 0).Format("2006-01")
			for _, m := range ms {
				if m.State != "active" {
					continue
				}
				d, err := pay.Prefill(sys, prog, m.ExternalID, month)
				if err != nil {
					return fmt.Errorf("%s %s: %w", m.ExternalID, month, err)
				}
				worked := false
				for i, l := range d.Lines {
					if l.Category == "sessions" && l.Hours > 0 {
						d.Lines[i+1].Hours = math.Round(l.Hours*2) / 4 // preparation, in quarters
					}
					worked = worked || l.Hours > 0 || l.Items > 0
				}
				if !worked {
					continue
				}
				ts, err := pay.Submit(sys, prog, d)
				if err != nil {
					return fmt.Errorf("%s %s: %w", m.ExternalID, month, err)
				}
				if _, err := pay.Decide(sys, ts.ID, true, ""); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
