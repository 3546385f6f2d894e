package recruit_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

var demoDB = &testutil.Template[*demo.Result]{
	Seed: func(ctx context.Context, s *server.Services) (*demo.Result, error) {
		return demo.Seed(ctx, s.Auth, s.Org, s.Programs, s.People, s.Training)
	},
}

func TestMain(m *testing.M) {
	code := m.Run()
	demoDB.Close()
	os.Exit(code)
}

func login(t *testing.T, svc *server.Services, email string) context.Context {
	t.Helper()
	_, a, err := svc.Auth.Login(context.Background(), email, demo.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), a)
}

// From a posting to a mentor: the coordinator posts positions; anyone
// applies without an account (a bad application names its fields, a
// second one with the same student number is refused); two members of the
// committee score it; the coordinator offers, records the acceptance and
// hires — and the applicant is a mentor of the program year, in the list
// the allocation uses, with the posting's contract period. A mentor can
// do none of it, and after the deadline the posting takes no applications.
func TestFromPostingToMentor(t *testing.T) {
	clock := app.NewFakeClock(testutil.Epoch) // 10 August 2026
	svc, res := demoDB.Open(t, clock)
	pilot := res.Programs["uib-mn-pilot"].ID
	coord, admin := login(t, svc, "coordinator@demo.mentorhub.no"), login(t, svc, "admin@demo.mentorhub.no")
	mentor := login(t, svc, "mentor@demo.mentorhub.no")
	rc := svc.Recruit
	draft := recruit.PostingDraft{Title: "Mentorer til tematiske mentorgrupper", Role: "Leder en gruppe annenhver uke, 60 timer i året.",
		ProgrammeCode: "BAMN-BIO", Positions: 4, StartsOn: time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 6, 15, 0, 0, 0, 0, time.UTC),
		Deadline: testutil.Epoch.Add(72 * time.Hour), Hourly: 187.5}
	if _, err := rc.CreatePosting(mentor, pilot, draft); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor posting: %v", err)
	}
	bad := draft
	bad.Title, bad.Positions, bad.Deadline = "", 0, testutil.Epoch.Add(-time.Hour)
	if _, err := rc.CreatePosting(coord, pilot, bad); app.ErrorCode(err) != app.CodeInvalid || len(app.AsError(err).Details) != 3 {
		t.Fatalf("a bad posting: %v", err)
	}
	p, err := rc.CreatePosting(coord, pilot, draft)
	if err != nil {
		t.Fatal(err)
	}
	anon := context.Background()
	if _, err := rc.Apply(anon, p.ID, recruit.Application{GivenName: "Ada", Email: "ikke en adresse", Motivation: "", Cohort: "2024X", Slots: []string{"sun10"}}); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("a bad application: %v", err)
	} else {
		var cols []string
		for _, d := range app.AsError(err).Details {
			cols = append(cols, d.Column)
		}
		for _, c := range []string{"family_name", "email", "student_number", "cohort", "motivation", "slots"} {
			if !slices.Contains(cols, c) {
				t.Errorf("the bad application's %s is not named (%v)", c, cols)
			}
		}
	}
	a := recruit.Application{GivenName: "Ada", FamilyName: "Lunde", Email: "ada.lunde@student.uib.no", StudentNumber: "777001",
		Programme: "BAMN-BIO", Cohort: "2024H", Motivation: "Jeg husker hvor mye en mentor betydde for meg det første året.",
		Slots: []string{"tue10", "thu14", "tue10"}}
	got, err := rc.Apply(anon, p.ID, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Apply(anon, p.ID, a); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("applying twice: %v", err)
	}
	if err := rc.Review(mentor, got.ID, 5, ""); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor reviewing: %v", err)
	}
	if err := rc.Review(coord, got.ID, 6, ""); app.ErrorCode(err) != app.CodeInvalid {
		t.Fatalf("a score of 6: %v", err)
	}
	if err := rc.Review(coord, got.ID, 4, "Gode svar om gruppeledelse."); err != nil {
		t.Fatal(err)
	}
	if err := rc.Review(admin, got.ID, 5, "Erfaring fra kollokviegrupper."); err != nil {
		t.Fatal(err)
	}
	_, apps, err := rc.Applications(coord, p.ID)
	if err != nil || len(apps) != 1 || apps[0].Score() != 4.5 || len(apps[0].Reviews) != 2 || !slices.Equal(apps[0].Slots, []string{"tue10", "thu14"}) {
		t.Fatalf("applications: %+v %v", apps, err)
	}
	if _, err := rc.Hire(coord, got.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("hiring before an offer was accepted: %v", err)
	}
	if err := rc.Decide(coord, got.ID, recruit.Accepted); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("accepting what was not offered: %v", err)
	}
	for _, st := range []string{recruit.Offered, recruit.Accepted} {
		if err := rc.Decide(coord, got.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	pid, err := rc.Hire(coord, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := svc.People.Participants(app.WithActor(context.Background(), app.SystemActor), pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ms, func(m people.Participant) bool { return m.ID == pid })
	if i < 0 || ms[i].ExternalID != "777001" || !ms[i].Placeable() || ms[i].Programme != "BAMN-BIO" || !slices.Equal(ms[i].Slots, []string{"tue10", "thu14"}) {
		t.Fatalf("the hired mentor in the program's list: %+v", ms)
	}
	if _, err := rc.Hire(coord, got.ID); app.ErrorCode(err) != app.CodeConflict {
		t.Fatalf("hiring twice: %v", err)
	}
	// The contract ends in spring 2027: one of the year's many mentors.
	c, err := rc.Continuity(coord, pilot)
	if err != nil || c.ByTerm["2027V"] != 1 || c.Warn != "" || c.Mentors != len(ms) {
		t.Fatalf("continuity: %+v %v (mentors %d)", c, err, len(ms))
	}
	// After the deadline the posting is gone for the public.
	clock.Advance(73 * time.Hour)
	a.StudentNumber = "777002"
	if _, err := rc.Apply(anon, p.ID, a); app.ErrorCode(err) != app.CodeNotFound {
		t.Fatalf("applying after the deadline: %v", err)
	}
}

// A CV is a PDF of at most 2 MiB, judged by its content; the coordinators
// read it, nobody else.
func TestApplicationCV(t *testing.T) {
	svc, res := demoDB.Open(t, app.NewFakeClock(testutil.Epoch))
	pilot := res.Programs["uib-mn-pilot"].ID
	coord, mentor := login(t, svc, "coordinator@demo.mentorhub.no"), login(t, svc, "mentor@demo.mentorhub.no")
	rc := svc.Recruit
	p, err := rc.CreatePosting(coord, pilot, recruit.PostingDraft{Title: "Mentorer", Positions: 1, StartsOn: testutil.Epoch,
		EndsOn: testutil.Epoch.Add(300 * 24 * time.Hour), Deadline: testutil.Epoch.Add(72 * time.Hour), Hourly: 200})
	if err != nil {
		t.Fatal(err)
	}
	base := recruit.Application{GivenName: "Ada", FamilyName: "Lunde", Email: "ada@student.uib.no", Motivation: "Jeg vil være mentor."}
	for i, c := range []struct {
		cv  []byte
		key string
	}{
		{[]byte("MZ\x90\x00 this is no PDF"), "recruit.cv_type"},
		{append([]byte("%PDF-1.7\n"), make([]byte, recruit.MaxCV)...), "recruit.cv_large"},
	} {
		a := base
		a.StudentNumber, a.CV, a.CVName = fmt.Sprint(990001+i), c.cv, "cv.pdf"
		_, err := rc.Apply(context.Background(), p.ID, a)
		if e := app.AsError(err); e == nil || len(e.Details) != 1 || e.Details[0].Key != c.key {
			t.Errorf("CV %d: %v, want %s", i, err, c.key)
		}
	}
	pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n")
	a := base
	a.StudentNumber, a.CV, a.CVName = "990010", pdf, "../../etc/<Ada> CV.pdf"
	got, err := rc.Apply(context.Background(), p.ID, a)
	if err != nil {
		t.Fatal(err)
	}
	data, name, err := rc.CV(coord, got.ID)
	if err != nil || !bytes.Equal(data, pdf) || strings.ContainsAny(name, `/<>`) {
		t.Fatalf("the CV read back: %q %q %v", data, name, err)
	}
	if _, _, err := rc.CV(mentor, got.ID); app.ErrorCode(err) != app.CodeForbidden {
		t.Fatalf("a mentor reading a CV: %v", err)
	}
}

// A mentor imported into the year before the paperwork, hired through a
// posting, keeps their place in the year: the contract goes to the same
// participant, and the year has no second one of them.
func TestHiringAMentorOfTheYearGivesThemTheContract(t *testing.T) {
	clock := app.NewFakeClock(testutil.Epoch)
	svc, res := demoDB.Open(t, clock)
	pilot := res.Programs["uib-mn-pilot"].ID
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	sys := app.WithActor(context.Background(), app.SystemActor)
	before, err := svc.People.Participants(sys, pilot, people.Mentor)
	if err != nil || len(before) == 0 {
		t.Fatal(err)
	}
	m := before[0]
	p, err := svc.Recruit.CreatePosting(coord, pilot, recruit.PostingDraft{Title: "Mentorer", ProgrammeCode: m.Programme, Positions: 1,
		StartsOn: time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 12, 15, 0, 0, 0, 0, time.UTC),
		Deadline: testutil.Epoch.Add(time.Hour), Hourly: 187.5})
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Recruit.Apply(context.Background(), p.ID, recruit.Application{GivenName: m.GivenName, FamilyName: m.FamilyName,
		Email: "mentor@student.uib.example.no", StudentNumber: m.ExternalID, Programme: m.Programme, Motivation: "Et år til."})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{recruit.Offered, recruit.Accepted} {
		if err := svc.Recruit.Decide(coord, a.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	pid, err := svc.Recruit.Hire(coord, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pid != m.ID {
		t.Errorf("hired as participant %d, want the mentor's own %d", pid, m.ID)
	}
	after, err := svc.People.Participants(sys, pilot, people.Mentor)
	if err != nil || len(after) != len(before) {
		t.Errorf("mentors before %d, after %d (%v)", len(before), len(after), err)
	}
	c, err := svc.Recruit.Continuity(coord, pilot)
	if err != nil || c.ByTerm["2027H"] != 1 {
		t.Errorf("the contract's end: %+v %v", c, err)
	}
}

// A mentor hired through a posting is paid the posting's hourly rate
// (their contract's, the position's), other mentors the program year's:
// 4 h at 215 and at 187.50, computed here.
func TestAHiredMentorIsPaidTheirContractsRate(t *testing.T) {
	clock := app.NewFakeClock(testutil.Epoch)
	svc, res := demoDB.Open(t, clock)
	pilot := res.Programs["uib-mn-pilot"].ID
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	sys := app.WithActor(context.Background(), app.SystemActor)
	if _, err := svc.Payroll.SetRates(sys, pilot, 187.5, nil, nil); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Recruit.CreatePosting(coord, pilot, recruit.PostingDraft{Title: "Seniormentor", ProgrammeCode: "BAMN-BIO", Positions: 1,
		StartsOn: time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 6, 15, 0, 0, 0, 0, time.UTC),
		Deadline: testutil.Epoch.Add(time.Hour), Hourly: 215})
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Recruit.Apply(context.Background(), p.ID, recruit.Application{GivenName: "Siri", FamilyName: "Lunde",
		Email: "siri.lunde@student.uib.no", StudentNumber: "777101", Programme: "BAMN-BIO", Motivation: "Jeg vil."})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{recruit.Offered, recruit.Accepted} {
		if err := svc.Recruit.Decide(coord, a.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Recruit.Hire(coord, a.ID); err != nil {
		t.Fatal(err)
	}
	others, err := svc.People.Participants(sys, pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	other := others[0].ExternalID
	if other == "777101" {
		other = others[1].ExternalID
	}
	for ref, want := range map[string]float64{"777101": 4 * 215, other: 4 * 187.5} {
		if h, err := svc.Payroll.HourlyFor(coord, pilot, ref); err != nil || h.Kroner()*4 != want {
			t.Errorf("%s's hourly rate: %v %v", ref, h, err)
		}
		ts, err := svc.Payroll.Submit(coord, pilot, payroll.Draft{MentorID: ref, Month: "2026-08", Lines: []payroll.DraftLine{{Category: "sessions", Hours: 4}}})
		if err != nil {
			t.Fatal(err)
		}
		if ts.Amount.Kroner() != want {
			t.Errorf("%s is paid %v for 4 hours, want %v", ref, ts.Amount, want)
		}
	}
}
