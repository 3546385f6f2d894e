package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// attendanceCurve is the share of a group that comes, by ISO week: best at
// the start, dropping through the first semester, up again before the
// exams (the seeds' curve); the same in spring.
var attendanceCurve = map[int]float64{
	34: 0.92, 36: 0.84, 38: 0.76, 40: 0.70, 42: 0.64, 44: 0.58, 46: 0.66, 48: 0.74,
	4: 0.72, 6: 0.62, 8: 0.56, 10: 0.52, 12: 0.50, 14: 0.54, 16: 0.62, 18: 0.70,
}

// supportServices are UiB's services a mentor refers students to.
var supportServices = []sessions.SupportService{
	{Name: "Studentrådgivningen ved fakultetet", About: "Hjelp med studieplan, emnevalg, tilrettelegging og permisjon.", URL: "https://www.uib.no/studier/studieveiledning", Email: "studieveiledning@uib.example.no"},
	{Name: "Sammen Psykisk helse", About: "Samtaler med psykolog for studenter i Bergen, gratis. Time uten henvisning.", URL: "https://www.sammen.no/no/bergen/helse/psykisk-helse", Phone: "55 54 52 00"},
	{Name: "Sammen Studentrådgivning", About: "Rådgivning om økonomi, bolig, studieteknikk og hverdagsutfordringer.", URL: "https://www.sammen.no/no/bergen/radgivning"},
	{Name: "Studentprestene", About: "Samtale med taushetsplikt, uansett livssyn.", URL: "https://www.studentprest.no"},
}

// SeedYear gives the demo programs their year of sessions up to now: the
// pilot meets every second week from week 34 with the pilot's six themes,
// two plenaries, check-ins that follow the seeds' attendance curve (with
// students who drift away and show up in the follow-ups), follow-up
// actions and the institution's support services; the medical program
// has its 60 % attendance requirement with students at risk. All of it
// is one unit of work.
func SeedYear(ctx context.Context, se *sessions.Service, units app.Units, res *Result, now time.Time) error {
	ctx = app.WithActor(ctx, app.SystemActor)
	return units.Unit(ctx, func(ctx context.Context) error {
		var svcIDs []int64
		for _, s := range supportServices {
			s.InstitutionID = res.Institution.ID
			saved, err := se.SaveService(ctx, s)
			if err != nil {
				return fmt.Errorf("support services: %w", err)
			}
			svcIDs = append(svcIDs, saved.ID)
		}
		r := rand.New(rand.NewPCG(2026, 12))
		nb := i18n.MustLoad().Printer("nb")
		year := program.AcademicYear(now)
		if p, ok := res.Programs["uib-mn-pilot"]; ok {
			for _, pl := range []struct {
				week               int
				title, topic, resp string
			}{
				{34, "Velkommen til mentorordningen", "Hva mentorordningen er, hvem mentorene er, og hvordan du får mest ut av første studieår.", "Fakultetet"},
				{46, "Eksamensmestring – fellesmøte", "Stressmestring, rutiner og arbeidsplan før eksamen. Med Sammen.", "Sammen"},
			} {
				start := weekDay(year, pl.week, time.Tuesday, 12, 15)
				if _, err := se.Create(ctx, p.ID, sessions.Draft{Title: pl.title, Topic: pl.topic, Responsible: pl.resp,
					Location: "Store auditorium, Realfagbygget", StartsAt: start, EndsAt: start.Add(105 * time.Minute)}); err != nil {
					return fmt.Errorf("plenary: %w", err)
				}
			}
			if err := seedProgramYear(ctx, se, p, year, now, r, nb, svcIDs, 1.0); err != nil {
				return fmt.Errorf("pilot year: %w", err)
			}
		}
		if p, ok := res.Programs["uib-med-mentor"]; ok {
			req := 0.6
			if err := se.SetRequirement(ctx, p.ID, &req); err != nil {
				return fmt.Errorf("medical requirement: %w", err)
			}
			if err := seedProgramYear(ctx, se, p, year, now, r, nb, svcIDs, 0.9); err != nil {
				return fmt.Errorf("medical year: %w", err)
			}
		}
		return nil
	})
}

// weekDay is a weekday of an ISO week of the program year, at a time in Oslo.
func weekDay(year, week int, day time.Weekday, h, m int) time.Time {
	y := year
	if week < 31 {
		y++
	}
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, sessions.Oslo())
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(week-1)*7)
	d := monday.AddDate(0, 0, (int(day)+6)%7)
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, sessions.Oslo())
}

// seedProgramYear plans a program's year and checks its students in at
// the sessions held by now.
func seedProgramYear(ctx context.Context, se *sessions.Service, p program.Program, year int, now time.Time, r *rand.Rand,
	tr *i18n.Printer, svcIDs []int64, scale float64) error {
	if _, err := se.PlanYear(ctx, p.ID, sessions.Plan{Template: "pilot", FromWeek: 34, EveryWeeks: 2, Count: 16,
		SkipWeeks: []int{50, 51, 52, 53, 1, 2, 3, 15}, Minutes: 90}, tr); err != nil {
		return err
	}
	ss, _, err := se.List(ctx, p.ID)
	if err != nil {
		return err
	}
	// Each student's own pull: most come often, some seldom; about one in
	// eight drifts away after a few weeks and stops coming.
	pull := map[string]float64{}
	dropWeek := map[string]int{}
	drops := []int{38, 40, 42, 44}
	for _, s := range ss {
		if s.StartsAt.After(now) {
			continue
		}
		att, err := se.Attendance(ctx, s.ID)
		if err != nil {
			return err
		}
		week := sessions.Week(s.StartsAt)
		for _, a := range att.Expected {
			if _, ok := pull[a.StudentNumber]; !ok {
				pull[a.StudentNumber] = 0.75 + 0.5*r.Float64()
				switch x := r.IntN(100); {
				case x < 4:
					pull[a.StudentNumber] = 0.02 // never really starts
				case x < 16:
					dropWeek[a.StudentNumber] = drops[r.IntN(len(drops))]
				}
			}
			p := attendanceCurve[week] * pull[a.StudentNumber] * scale
			if s.Plenary() {
				p *= 0.8 // a plenary in an auditorium draws fewer than the group
			}
			if dw, ok := dropWeek[a.StudentNumber]; ok && (week >= dw || week < 31) {
				p = 0.03
			}
			status := sessions.Absent
			switch x := r.Float64(); {
			case x < p:
				status = sessions.Present
			case x < p+0.05:
				status = sessions.Excused
			case r.IntN(3) == 0:
				continue // not recorded
			}
			if _, err := se.CheckIn(ctx, s.ID, a.StudentNumber, status); err != nil {
				return err
			}
		}
	}
	fs, _, err := se.FollowUps(ctx, p.ID)
	if err != nil {
		return err
	}
	actions := []string{"message_sent", "no_answer", "talked", "referred"}
	for i, f := range fs {
		if i%3 == 2 {
			continue // not followed up yet
		}
		for j := 0; j <= i%len(actions); j++ {
			var svc int64
			if actions[j] == "referred" && len(svcIDs) > 0 {
				svc = svcIDs[r.IntN(len(svcIDs))]
			}
			if _, err := se.RecordAction(ctx, p.ID, f.StudentNumber, actions[j], svc); err != nil {
				return err
			}
		}
	}
	return nil
}
