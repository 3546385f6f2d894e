package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/desks"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

// feedbackTexts are what first-year biology students send biORAKEL.
var feedbackTexts = []struct{ title, text string }{
	{"Labrapport BIO101 – fotosyntese", "Innledning: Fotosyntese er prosessen der planter omdanner lysenergi til kjemisk energi …\n\nMetode: Vi målte oksygenproduksjonen hos vasspest ved ulike lysintensiteter."},
	{"Semesteroppgave – økologi", "Problemstilling: Hvordan påvirker temperatur utbredelsen av blåskjell langs kysten av Vestland?"},
	{"Rapport om enzymkinetikk", "Vi undersøkte hvordan substratkonsentrasjonen påvirker reaksjonshastigheten til katalase."},
	{"Feltkurs – artsregistrering", "Resultatene viser 34 arter i strandsonen, flest av dem i fjæresonen ved Espeland."},
	{"Refleksjonsnotat om læring", "Det jeg har lært mest av i høst, er å lese pensum før forelesningen og ta notater for hånd."},
	{"Labrapport – mikroskopi", "Vi studerte løkceller i lysmikroskop og så tydelige cellevegger og cellekjerner."},
}

// SeedDesks gives biORAKEL its year up to now: its volunteer mentors and
// visiting students, the Wednesday desk with three mentors on duty and a
// rota from week 34, anonymous visit counts with topics for the shifts
// held, and texts in the feedback queue — some waiting, some claimed,
// some returned.
func SeedDesks(ctx context.Context, de *desks.Service, pe *people.Service, res *Result, now time.Time) error {
	p, ok := res.Programs["uib-bio-orakel"]
	if !ok {
		return nil
	}
	sys := app.WithActor(ctx, app.SystemActor)
	r := rand.New(rand.NewPCG(2026, 4))
	var sb, mb bytes.Buffer
	sw, mw := csv.NewWriter(&sb), csv.NewWriter(&mb)
	sw.Write([]string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort"})
	mw.Write([]string{"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups"})
	for i := range 30 {
		num := strconv.Itoa(200001 + i)
		sw.Write([]string{num, pick(r, givenNames), pick(r, familyNames), fmt.Sprintf("s%s@student.uib.example.no", num), "BAMN-BIO", "2026H"})
	}
	var mentorIDs []string
	for i := range 6 {
		id := strconv.Itoa(95001 + i)
		mentorIDs = append(mentorIDs, id)
		mw.Write([]string{id, pick(r, givenNames), pick(r, familyNames), fmt.Sprintf("m%s@student.uib.example.no", id), "BAMN-BIO",
			[]string{"2023H", "2024H", "2025H"}[i%3], "senior_student", "1"})
	}
	sw.Flush()
	mw.Flush()
	if _, err := pe.Import(sys, p.ID, "students", sb.Bytes(), nil); err != nil {
		return fmt.Errorf("biORAKEL students: %w", err)
	}
	if _, err := pe.Import(sys, p.ID, "mentors", mb.Bytes(), nil); err != nil {
		return fmt.Errorf("biORAKEL mentors: %w", err)
	}
	d, err := de.CreateDesk(sys, p.ID, desks.DeskDraft{Name: "biORAKEL", Place: "Vaffelkroken, Realfagbygget 3. etasje", OnDuty: 3,
		Slots:   []desks.Slot{{Weekday: int(time.Wednesday), Starts: "14:15", Ends: "16:00", Place: "Vaffelkroken, Realfagbygget 3. etasje"}},
		Mentors: mentorIDs})
	if err != nil {
		return fmt.Errorf("biORAKEL desk: %w", err)
	}
	year := program.AcademicYear(now)
	shifts, err := de.GenerateRota(sys, d.ID, weekDay(year, 34, time.Monday, 0, 0), 30)
	if err != nil {
		return fmt.Errorf("biORAKEL rota: %w", err)
	}
	actors, err := actorsOf(sys, pe, p, res)
	if err != nil {
		return err
	}
	// Visit counts for the shifts held, by the first mentor on duty.
	for _, sh := range shifts {
		if sh.StartsAt.After(now) || len(sh.OnDuty) == 0 {
			continue
		}
		mctx := app.WithActor(ctx, actors[sh.OnDuty[0].Ref])
		for range 1 + r.IntN(3) {
			if _, _, err := de.AddVisit(mctx, sh.ID, desks.VisitDraft{Visitors: 1 + r.IntN(6), Topic: desks.Topics[r.IntN(len(desks.Topics))]}); err != nil {
				return fmt.Errorf("biORAKEL visits: %w", err)
			}
		}
	}
	// The feedback queue: six texts; four claimed, three of them returned.
	for i, ft := range feedbackTexts {
		sctx := app.WithActor(ctx, actors[strconv.Itoa(200001+i)])
		it, err := de.Submit(sctx, p.ID, "text", ft.title, ft.text)
		if err != nil {
			return fmt.Errorf("biORAKEL feedback: %w", err)
		}
		if i >= 4 {
			continue
		}
		mctx := app.WithActor(ctx, actors[mentorIDs[i%3]])
		if _, _, err := de.Claim(mctx, it.ID); err != nil {
			return fmt.Errorf("biORAKEL claim: %w", err)
		}
		if i < 3 {
			if _, err := de.Return(mctx, it.ID, "Fin struktur! Skriv problemstillingen tydeligere i innledningen, og vis til figurene i teksten. Diskusjonen kan knyttes tettere til pensum."); err != nil {
				return fmt.Errorf("biORAKEL return: %w", err)
			}
		}
	}
	return nil
}

// actorsOf makes an actor of each participant of a program (by student
// number or mentor id), as they would act when logged in.
func actorsOf(ctx context.Context, pe *people.Service, p program.Program, res *Result) (map[string]*app.Actor, error) {
	out := map[string]*app.Actor{}
	for _, role := range []string{people.Student, people.Mentor} {
		xs, err := pe.Participants(ctx, p.ID, role)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			out[x.ExternalID] = &app.Actor{PersonID: x.PersonID, InstitutionID: res.Institution.ID, Name: x.GivenName + " " + x.FamilyName}
		}
	}
	return out, nil
}
