package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/recruit"
)

// SeedRecruit records how the pilot's mentors of this year were hired
// (seedSpringRound), and gives the pilot a posting for more mentors, three in
// biology and one in molecular biology, open for three weeks from now,
// with applications in every state the committee goes
// through: new ones, reviewed ones, an offer, an accepted offer waiting to
// be hired, a declined one and a rejected one.
func SeedRecruit(ctx context.Context, rc *recruit.Service, au *auth.Service, pe *people.Service, res *Result, now time.Time) error {
	p, ok := res.Programs["uib-mn-pilot"]
	if !ok {
		return nil
	}
	sys := app.WithActor(ctx, app.SystemActor)
	// The committee: the pilot's coordinator and the institution's admin.
	var committee []context.Context
	for _, email := range []string{"coordinator@demo.mentorhub.no", "admin@demo.mentorhub.no"} {
		_, a, err := au.Login(ctx, email, Password, "demo")
		if err != nil {
			return err
		}
		committee = append(committee, app.WithActor(ctx, a))
	}
	if err := seedSpringRound(ctx, rc, pe, p.ID, committee, now); err != nil {
		return err
	}
	po, err := rc.CreatePosting(sys, p.ID, recruit.PostingDraft{Title: "Mentorer til tematiske mentorgrupper – vårsemesteret",
		Role: "Som mentor leder du en gruppe på 6–8 førsteårsstudenter sammen med en medmentor, annenhver uke gjennom våren. " +
			"Du får opplæring (e-læringskurs, rolleforståelse og gruppeledelse) før første møte, og betalt for møter, forberedelse og oppfølging.",
		Programmes: []recruit.Position{{ProgrammeCode: "BAMN-BIO", Count: 3}, {ProgrammeCode: "BAMN-MOL", Count: 1}},
		StartsOn:   now.AddDate(0, 1, 0), EndsOn: now.AddDate(0, 7, 0),
		Deadline: now.AddDate(0, 0, 21), Hourly: 187.50})
	if err != nil {
		return fmt.Errorf("posting: %w", err)
	}
	applicants := []struct {
		given, family, cohort, why, programme string
		score                                 int
		steps                                 []string
	}{
		{"Ingrid", "Solheim", "2024H", "Jeg var selv usikker det første året og vil gjøre overgangen lettere for andre.", "BAMN-BIO", 5, []string{recruit.Offered, recruit.Accepted}},
		{"Jonas", "Aasen", "2023H", "Jeg har vært kollokvieleder i biologi og liker å få en gruppe til å fungere.", "BAMN-BIO", 4, []string{recruit.Offered}},
		{"Amalie", "Nguyen", "2024H", "Jeg vil bidra til at nye studenter blir kjent med hverandre tidlig.", "BAMN-MOL", 4, nil},
		{"Oskar", "Brekke", "2025H", "Jeg fikk mye ut av mentorgruppen min i høst.", "BAMN-MOL", 3, []string{recruit.Offered, recruit.Declined}},
		{"Selma", "Haugland", "2024H", "Jeg er opptatt av studiemestring og har erfaring som leirleder.", "BAMN-BIO", 0, nil},
		{"Tobias", "Kvamme", "2025H", "Jeg vil gjerne ha en deltidsjobb ved siden av studiene.", "BAMN-MOL", 2, []string{recruit.Rejected}},
	}
	for i, ap := range applicants {
		a, err := rc.Apply(ctx, po.ID, recruit.Application{GivenName: ap.given, FamilyName: ap.family,
			Email: fmt.Sprintf("%s.%s@student.uib.example.no", lower(ap.given), lower(ap.family)), StudentNumber: fmt.Sprint(880101 + i),
			Programme: ap.programme, Cohort: ap.cohort, Motivation: ap.why, Slots: []string{"tue10", "wed12", "thu14"}[:1+i%3]})
		if err != nil {
			return fmt.Errorf("application: %w", err)
		}
		if ap.score > 0 {
			for j, member := range committee {
				if err := rc.Review(member, a.ID, max(1, ap.score-j%2*(i%2)), ""); err != nil {
					return err
				}
			}
		}
		for _, st := range ap.steps {
			if err := rc.Decide(sys, a.ID, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedSpringRound records how the pilot's mentors of this year were
// hired: last spring, two postings — contracts for the year and for a
// year and a half, so that they do not all end in one term — to which
// every one of them applied; the committee scored each, and each was
// offered a position, accepted and was hired.
func seedSpringRound(ctx context.Context, rc *recruit.Service, pe *people.Service, pilot int64, committee []context.Context, now time.Time) error {
	sys := app.WithActor(ctx, app.SystemActor)
	mentors, err := pe.Participants(sys, pilot, people.Mentor)
	if err != nil {
		return err
	}
	year := program.AcademicYear(now)
	spring := time.Date(year, time.March, 1, 9, 0, 0, 0, time.UTC)
	past := rc.At(spring)
	half := (len(mentors) + 1) / 2
	why := []string{
		"Jeg vil gjerne gi nye studenter den starten jeg selv skulle ønske jeg hadde fått.",
		"Jeg har vært gruppeleder i kollokvier og trives med å få en gruppe til å fungere.",
		"Mentorgruppen min betydde mye det første året, og nå vil jeg bidra selv.",
		"Jeg er opptatt av studiemestring og vil hjelpe nye studenter å finne gode arbeidsvaner.",
	}
	for k, part := range [][]people.Participant{mentors[:half], mentors[half:]} {
		if len(part) == 0 {
			continue
		}
		counts := map[string]int{}
		var order []string
		for _, m := range part {
			if counts[m.Programme] == 0 {
				order = append(order, m.Programme)
			}
			counts[m.Programme]++
		}
		var rows []recruit.Position
		for _, code := range order {
			rows = append(rows, recruit.Position{ProgrammeCode: code, Count: counts[code]})
		}
		ends, title := time.Date(year+1, time.June, 30, 0, 0, 0, 0, time.UTC), fmt.Sprintf("Mentorer til tematiske mentorgrupper %d/%02d", year, (year+1)%100)
		if k == 1 {
			ends, title = time.Date(year+1, time.December, 31, 0, 0, 0, 0, time.UTC), fmt.Sprintf("Mentorer til tematiske mentorgrupper – høsten %d til jul %d", year, year+1)
		}
		po, err := past.CreatePosting(sys, pilot, recruit.PostingDraft{Title: title,
			Role: "Som mentor leder du en gruppe førsteårsstudenter sammen med en medmentor, annenhver uke fra studiestart. " +
				"Opplæring før semesterstart (e-læringskurs, rolleforståelse, mottak av nye studenter og gruppeledelse) er en del av stillingen.",
			Programmes: rows, StartsOn: time.Date(year, time.August, 1, 0, 0, 0, 0, time.UTC), EndsOn: ends,
			Deadline: time.Date(year, time.April, 15, 22, 0, 0, 0, time.UTC), Hourly: 187.50})
		if err != nil {
			return fmt.Errorf("spring posting: %w", err)
		}
		for i, m := range part {
			email := m.Email
			if email == "" {
				email = m.ExternalID + "@student.uib.example.no"
			}
			a, err := past.Apply(ctx, po.ID, recruit.Application{GivenName: m.GivenName, FamilyName: m.FamilyName, Email: email,
				StudentNumber: m.ExternalID, Programme: m.Programme, Cohort: m.Cohort, Motivation: why[i%len(why)], Slots: m.Slots})
			if err != nil {
				return fmt.Errorf("spring application: %w", err)
			}
			for j, member := range committee {
				if err := past.Review(member, a.ID, 3+(i+j)%3, ""); err != nil {
					return err
				}
			}
			for _, st := range []string{recruit.Offered, recruit.Accepted} {
				if err := past.Decide(sys, a.ID, st); err != nil {
					return err
				}
			}
			if _, err := past.Hire(sys, a.ID); err != nil {
				return fmt.Errorf("hiring %s: %w", m.ExternalID, err)
			}
		}
	}
	return nil
}

func lower(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= 'A' && r <= 'Z' {
			out[i] = r + 'a' - 'A'
		}
	}
	return string(out)
}
