package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

var givenNames = []string{"Ola", "Kari", "Nora", "Emil", "Sofie", "Jakob", "Ingrid", "Filip", "Emma", "Lukas", "Sara", "Henrik",
	"Maja", "Oskar", "Thea", "Aksel", "Ida", "Magnus", "Ella", "Sander", "Aurora", "Elias", "Hedda", "Mathias", "Frida",
	"Amir", "Leah", "Jonas", "Selma", "Tobias", "Vilde", "Noah", "Eline", "Kasper", "Amalie", "Yusuf", "Linnea", "Even"}

var familyNames = []string{"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
	"Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen",
	"Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg"}

var slotDays = []string{"mon", "tue", "wed", "thu", "fri"}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// seedPeople imports a first-year intake and its mentors into the MatNat
// pilot (through the same import as the coordinator's upload) and forms
// its groups, so the demo has groups to look at; the first student is the
// demo student. Opt-in and one-to-one programs get sign-up settings and a
// few alumni mentors.
func seedPeople(ctx context.Context, pe *people.Service, res *Result, sizes map[string]int) error {
	pilot := res.Programs["uib-mn-pilot"]
	r := rand.New(rand.NewPCG(2026, 639))
	var sb, mb bytes.Buffer
	sw, mw := csv.NewWriter(&sb), csv.NewWriter(&mb)
	sw.Write([]string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort", "campus", "language", "gender", "international", "slots", "opt_out"})
	mw.Write([]string{"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups", "slots"})
	n, mentors := 0, 0
	for _, sv := range pilot.Served {
		for range sizes[sv.ProgrammeCode] {
			n++
			num := strconv.Itoa(100000 + n)
			given, family := pick(r, givenNames), pick(r, familyNames)
			if n == 1 {
				given, family = "Sara", "Student" // the demo student's account
			}
			gender := "f"
			if r.IntN(100) < 42 {
				gender = "m"
			}
			intl, lang := "false", "nb"
			if r.IntN(100) < 8 {
				intl, lang = "true", "en"
			}
			var slots []string
			for _, d := range slotDays {
				if r.IntN(100) < 55 {
					slots = append(slots, d+pick(r, []string{"10", "12", "14", "16"}))
				}
			}
			optOut := "false"
			if r.IntN(100) < 3 {
				optOut = "true"
			}
			sw.Write([]string{num, given, family, fmt.Sprintf("s%s@student.uib.example.no", num), sv.ProgrammeCode, "2026H",
				"Bergen", lang, gender, intl, strings.Join(slots, "|"), optOut})
		}
		for i := range 6 {
			mentors++
			num := strconv.Itoa(90000 + mentors)
			cohort := []string{"2023H", "2024H", "2025H"}[i%3]
			kind := "senior_student"
			if cohort == "2023H" {
				kind = "master_student"
			}
			var slots []string
			for _, d := range slotDays {
				for _, h := range []string{"10", "12", "14", "16"} {
					if r.IntN(100) < 60 {
						slots = append(slots, d+h)
					}
				}
			}
			given, family := pick(r, givenNames), pick(r, familyNames)
			if mentors == 1 {
				given, family = "Magnus", "Mentor" // the demo mentor's account
			}
			mw.Write([]string{num, given, family, fmt.Sprintf("m%s@student.uib.example.no", num),
				sv.ProgrammeCode, cohort, kind, "2", strings.Join(slots, "|")})
		}
	}
	sw.Flush()
	mw.Flush()
	if err := seedLastYear(ctx, pe, pilot, mb.Bytes()); err != nil {
		return fmt.Errorf("last year: %w", err)
	}
	if _, err := pe.Import(ctx, pilot.ID, "students", sb.Bytes(), nil); err != nil {
		return fmt.Errorf("students: %w", err)
	}
	if _, err := pe.Import(ctx, pilot.ID, "mentors", mb.Bytes(), nil); err != nil {
		return fmt.Errorf("mentors: %w", err)
	}
	if _, err := pe.Allocate(ctx, pilot.ID, people.AllocationParams{GroupMin: 12, GroupMax: 25, MentorsPerGroup: 2, Seed: 2026}, ""); err != nil {
		return fmt.Errorf("groups: %w", err)
	}
	if err := seedMedical(ctx, pe, res, r); err != nil {
		return err
	}
	// Sign-up settings for the opt-in programs, and alumni mentors for the
	// work-life program.
	deadline := time.Date(2027, 1, 31, 22, 59, 59, 0, time.UTC)
	for _, p := range res.Programs {
		if p.Enrolment != "opt_in" || p.Status == "closed" {
			continue
		}
		capacity := 40
		if p.StudentsOffered != nil && *p.StudentsOffered > 0 {
			capacity = *p.StudentsOffered
		}
		if err := pe.SetSignup(ctx, p.ID, &deadline, &capacity); err != nil {
			return err
		}
		if people.OneToOne(p.Model) {
			if err := seedAlumni(ctx, pe, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func seedAlumni(ctx context.Context, pe *people.Service, p program.Program) error {
	data := "mentor_id,given_name,family_name,email,programme_code,kind,max_groups,field,sector,languages,campus\n" +
		"alum-01,Hilde,Brekke,hilde.brekke@example.no,ALUMNI,alumni,2,biology,public,nb|en,Bergen\n" +
		"alum-02,Tor,Fjeld,tor.fjeld@example.no,ALUMNI,alumni,1,economics,private,nb,Bergen\n" +
		"alum-03,Leila,Haddad,leila.haddad@example.no,ALUMNI,alumni,2,informatics,private,en|nb,Oslo\n" +
		"alum-04,Per,Vik,per.vik@example.no,ALUMNI,alumni,1,history,public,nb|nn,Bergen\n"
	if _, err := pe.Import(ctx, p.ID, "mentors", []byte(data), nil); err != nil {
		return fmt.Errorf("alumni mentors of %s: %w", p.Code, err)
	}
	return nil
}

// seedMedical gives the medical program its second-year class and its
// mentor pairs: every group is led by a practising doctor (external) and a
// senior medical student, so its groups are formed with the mentor mix
// external+senior_student.
func seedMedical(ctx context.Context, pe *people.Service, res *Result, r *rand.Rand) error {
	med, ok := res.Programs["uib-med-mentor"]
	if !ok {
		return nil
	}
	var sb, mb bytes.Buffer
	sw, mw := csv.NewWriter(&sb), csv.NewWriter(&mb)
	sw.Write([]string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort", "campus", "language", "gender", "slots"})
	mw.Write([]string{"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups", "slots"})
	evenings := []string{"14", "16", "18"}
	slotsOf := func(p int) string {
		var out []string
		for _, d := range slotDays {
			for _, h := range evenings {
				if r.IntN(100) < p {
					out = append(out, d+h)
				}
			}
		}
		return strings.Join(out, "|")
	}
	for i := range 64 {
		num := strconv.Itoa(300001 + i)
		gender := "f"
		if r.IntN(100) < 38 {
			gender = "m"
		}
		sw.Write([]string{num, pick(r, givenNames), pick(r, familyNames), fmt.Sprintf("s%s@student.uib.example.no", num),
			"PRMED", "2025H", "Bergen", "nb", gender, slotsOf(35)})
	}
	for i := range 8 {
		id := fmt.Sprintf("lege-%02d", i+1)
		mw.Write([]string{id, pick(r, givenNames), pick(r, familyNames), id + "@helse-bergen.example.no",
			"PRMED", "", "external", "1", slotsOf(45)})
		num := strconv.Itoa(95001 + i)
		mw.Write([]string{num, pick(r, givenNames), pick(r, familyNames), fmt.Sprintf("m%s@student.uib.example.no", num),
			"PRMED", []string{"2021H", "2022H"}[i%2], "senior_student", "1", slotsOf(45)})
	}
	sw.Flush()
	mw.Flush()
	if _, err := pe.Import(ctx, med.ID, "students", sb.Bytes(), nil); err != nil {
		return fmt.Errorf("medical students: %w", err)
	}
	if _, err := pe.Import(ctx, med.ID, "mentors", mb.Bytes(), nil); err != nil {
		return fmt.Errorf("medical mentors: %w", err)
	}
	params := people.AllocationParams{GroupMin: 6, GroupMax: 8, MentorsPerGroup: 2,
		MentorMix: []string{"external", "senior_student"}, Seed: 2003}
	if _, err := pe.Allocate(ctx, med.ID, params, ""); err != nil {
		return fmt.Errorf("medical groups: %w", err)
	}
	return nil
}

// seedLastYear gives the pilot the year before this one: its own intake
// (last autumn's cohort, student numbers of their own) in groups formed
// then, with the same mentors, who continue into this year (opened with
// them carried over). Last year's groups stay as they were formed.
func seedLastYear(ctx context.Context, pe *people.Service, pilot program.Program, mentors []byte) error {
	this := pe.AcademicYear()
	if err := pe.OpenFirstYear(ctx, pilot.ID, this-1); err != nil {
		return err
	}
	last := app.WithYear(ctx, this-1)
	r := rand.New(rand.NewPCG(2025, 639))
	var sb bytes.Buffer
	sw := csv.NewWriter(&sb)
	sw.Write([]string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort", "gender", "slots"})
	n := 0
	for _, sv := range pilot.Served {
		for range 40 {
			n++
			num := strconv.Itoa(200000 + n)
			var slots []string
			for _, d := range slotDays {
				if r.IntN(100) < 55 {
					slots = append(slots, d+pick(r, []string{"10", "12", "14", "16"}))
				}
			}
			sw.Write([]string{num, pick(r, givenNames), pick(r, familyNames), fmt.Sprintf("s%s@student.uib.example.no", num),
				sv.ProgrammeCode, fmt.Sprintf("%dH", this-1), pick(r, []string{"f", "m"}), strings.Join(slots, "|")})
		}
	}
	sw.Flush()
	if _, err := pe.Import(last, pilot.ID, "students", sb.Bytes(), nil); err != nil {
		return fmt.Errorf("students: %w", err)
	}
	if _, err := pe.Import(last, pilot.ID, "mentors", mentors, nil); err != nil {
		return fmt.Errorf("mentors: %w", err)
	}
	if _, err := pe.Allocate(last, pilot.ID, people.AllocationParams{GroupMin: 12, GroupMax: 25, MentorsPerGroup: 2, Seed: 2025}, ""); err != nil {
		return fmt.Errorf("groups: %w", err)
	}
	_, err := pe.OpenYear(ctx, pilot.ID, this, true)
	return err
}
