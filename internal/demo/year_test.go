package demo_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// The demo's year, seeded on 6 December: the pilot's groups have met
// every second week since week 34; attendance falls through the autumn
// and rises before the exams; some students drift away and are in the
// follow-ups, some already followed up; the medical program has its 60 %
// requirement with students below it.
func TestTheDemoYearHasTheSeedsCurveFollowUpsAndARequirement(t *testing.T) {
	svc, res, ctx := seeded(t, true, true, false)
	now := demoNow
	sys := app.WithActor(ctx, app.SystemActor)
	pilot := res.Programs["uib-mn-pilot"]
	ss, _, err := svc.Sessions.List(sys, pilot.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The share present per week, over the groups' sessions held.
	present, expected := map[int]int{}, map[int]int{}
	plenaries := 0
	for _, s := range ss {
		if s.GroupID == 0 {
			plenaries++
			continue
		}
		if s.StartsAt.After(now) {
			continue
		}
		a, err := svc.Sessions.Attendance(sys, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		w := sessions.Week(s.StartsAt)
		present[w] += a.Counts.Present
		expected[w] += a.Counts.Expected
	}
	rate := func(w int) float64 {
		if expected[w] == 0 {
			t.Fatalf("no group session held in week %d", w)
		}
		return float64(present[w]) / float64(expected[w])
	}
	if plenaries != 2 {
		t.Errorf("%d plenaries, want 2", plenaries)
	}
	if !(rate(34) > rate(40) && rate(40) > rate(44) && rate(48) > rate(44)) {
		t.Errorf("attendance by week 34/40/44/48: %.2f %.2f %.2f %.2f — want a fall through the autumn and a rise before the exams",
			rate(34), rate(40), rate(44), rate(48))
	}
	fs, _, err := svc.Sessions.FollowUps(sys, pilot.ID)
	if err != nil {
		t.Fatal(err)
	}
	acted := 0
	for _, f := range fs {
		if len(f.Actions) > 0 {
			acted++
		}
	}
	if len(fs) < 10 || acted == 0 || acted == len(fs) {
		t.Errorf("%d students to follow up, %d followed up: want some of each", len(fs), acted)
	}
	med := res.Programs["uib-med-mentor"]
	p, _, err := svc.Sessions.FollowUps(sys, med.ID)
	if err != nil {
		t.Fatal(err)
	}
	atRisk := 0
	for _, f := range p {
		for _, r := range f.Reasons {
			if r == sessions.ReasonAtRisk {
				atRisk++
			}
		}
	}
	if atRisk == 0 {
		t.Error("no medical student below the 60 % requirement")
	}
}

// biORAKEL's desk in the demo: three mentors on duty on Wednesdays, a
// rota from week 34, visits at the shifts held and texts in the queue.
func TestTheDemoHasABiORAKELDesk(t *testing.T) {
	svc, res, ctx := seeded(t, false, true, false)
	sys := app.WithActor(ctx, app.SystemActor)
	p := res.Programs["uib-bio-orakel"]
	ds, _, err := svc.Desks.Desks(sys, p.ID)
	if err != nil || len(ds) != 1 {
		t.Fatalf("desks: %v %v", ds, err)
	}
	shifts, err := svc.Desks.Shifts(sys, ds[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	visited := 0
	for _, sh := range shifts {
		if len(sh.OnDuty) != 3 {
			t.Fatalf("a shift with %d on duty, want 3", len(sh.OnDuty))
		}
		if sh.Visitors > 0 {
			visited++
		}
	}
	if len(shifts) != 30 || visited == 0 {
		t.Errorf("%d shifts, %d with visitors", len(shifts), visited)
	}
	items, _, err := svc.Desks.Queue(sys, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	returned, claimed := 0, 0
	for _, it := range items {
		if it.ReturnedAt != nil {
			returned++
		} else if it.ClaimedBy != nil {
			claimed++
		}
	}
	if len(items) != 6 || returned != 3 || claimed != 1 {
		t.Errorf("the queue: %d items, %d returned, %d claimed and waiting", len(items), returned, claimed)
	}
}

// The demo's hours and pay: three months of approved timesheets before
// this one for the pilot's and biORAKEL's mentors, each amount the
// contract's formula over its lines and rates; biORAKEL pays more an hour
// than the pilot and per report read; biORAKEL's mentors are trained, so
// its criterion 2 holds.
func TestTheDemoHasThreeMonthsOfApprovedTimesheets(t *testing.T) {
	svc, res, ctx := seeded(t, true, true, true)
	sys := app.WithActor(ctx, app.SystemActor)
	rate := map[string]float64{}
	for _, code := range []string{"uib-mn-pilot", "uib-bio-orakel"} {
		p := res.Programs[code]
		r, _, err := svc.Payroll.Rates(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		rate[code] = r.Hourly.Kroner()
		for _, month := range []string{"2026-09", "2026-10", "2026-11"} {
			rows, err := svc.Payroll.Payroll(sys, p.ID, month)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 {
				t.Fatalf("%s %s: no approved timesheets", code, month)
			}
			for _, row := range rows {
				hours := 0.0
				for _, q := range row.Hours {
					hours += q.Hours()
				}
				// The contract's formula, rounded half up to the øre.
				want := math.Floor((hours*r.Hourly.Kroner()+float64(row.Items)*r.PerItem["feedback"].Kroner())*100+0.5+1e-9) / 100
				if got := row.Amount.Kroner(); math.Abs(got-want) > 1e-9 || row.Hours["sessions"]+row.Hours["desk"] == 0 {
					t.Fatalf("%s %s %s: amount %v, want %v (%+v)", code, month, row.MentorID, got, want, row)
				}
			}
		}
		if rows, _ := svc.Payroll.Payroll(sys, p.ID, "2026-12"); len(rows) != 0 {
			t.Errorf("%s: this month's timesheets are approved already", code)
		}
		pr, err := svc.Programs.Get(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c := pr.Criteria[1]; c.Trained == nil || !c.Met {
			t.Errorf("%s: criterion 2 %+v", code, c)
		}
	}
	if rate["uib-bio-orakel"] <= rate["uib-mn-pilot"] {
		t.Errorf("biORAKEL pays %v an hour, the pilot %v", rate["uib-bio-orakel"], rate["uib-mn-pilot"])
	}
	// Two coming training events, with the mentors who signed up.
	es, err := svc.Training.Events(app.WithActor(ctx, &app.Actor{System: true, InstitutionID: res.Institution.ID}))
	if err != nil {
		t.Fatal(err)
	}
	signed := map[string]int{}
	for _, e := range es {
		if e.StartsAt.After(demoNow) && e.CancelledAt == nil {
			signed[e.Module] = e.SignedUp
		}
	}
	if len(signed) != 2 || signed["samarbeid"] != 6 || signed["mottak"] != 2 {
		t.Errorf("the demo's coming training events and their sign-ups: %v", signed)
	}
}

// demoNow is the day the demo's year is seeded up to in these tests.
var demoNow = time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)

// seeded is the demo institution on a clock at demoNow, with its year of
// sessions, biORAKEL's desk and the mentors' pay as asked.
func seeded(t *testing.T, year, desks, pay bool) (*server.Services, *demo.Result, context.Context) {
	t.Helper()
	svc := testutil.ServicesWithClock(t, app.NewFakeClock(demoNow))
	ctx := context.Background()
	res, err := demo.Seed(ctx, svc.Auth, svc.Org, svc.Programs, svc.People, svc.Training)
	if err != nil {
		t.Fatal(err)
	}
	if year {
		if err := demo.SeedYear(ctx, svc.Sessions, svc.DB, res, demoNow); err != nil {
			t.Fatal(err)
		}
	}
	if desks {
		if err := demo.SeedDesks(ctx, svc.Desks, svc.People, res, demoNow); err != nil {
			t.Fatal(err)
		}
	}
	if pay {
		if err := demo.SeedPay(ctx, svc.Training, svc.Payroll, svc.People, res, demoNow); err != nil {
			t.Fatal(err)
		}
	}
	return svc, res, ctx
}

// The demo's recruiting: the pilot's mentors of this year all came
// through last spring's two postings (hired, each the same participant the
// year had, their contracts ending in two terms, so no warning), and a
// posting open now has applications in every state the committee goes
// through.
func TestTheDemoHasAPostingWithApplications(t *testing.T) {
	svc, res, ctx := seeded(t, false, false, false)
	sys := app.WithActor(ctx, app.SystemActor)
	pilot := res.Programs["uib-mn-pilot"].ID
	mentors, err := svc.People.Participants(sys, pilot, people.Mentor)
	if err != nil || len(mentors) == 0 {
		t.Fatalf("the pilot's mentors: %d %v", len(mentors), err)
	}
	if err := demo.SeedRecruit(ctx, svc.Recruit, svc.Auth, svc.People, res, demoNow); err != nil {
		t.Fatal(err)
	}
	ps, err := svc.Recruit.Postings(sys, pilot)
	if err != nil || len(ps) != 3 {
		t.Fatalf("postings: %+v %v", ps, err)
	}
	hired := map[string]bool{}
	var open []recruit.Posting
	for _, p := range ps {
		if p.Open(demoNow) {
			open = append(open, p)
			continue
		}
		_, apps, err := svc.Recruit.Applications(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			if a.State != recruit.Hired || len(a.Reviews) != 2 {
				t.Errorf("a spring application %s: %s, %d reviews", a.StudentNumber, a.State, len(a.Reviews))
			}
			hired[a.StudentNumber] = true
		}
	}
	for _, m := range mentors {
		if !hired[m.ExternalID] {
			t.Errorf("mentor %s was not hired through a posting", m.ExternalID)
		}
	}
	after, err := svc.People.Participants(sys, pilot, people.Mentor)
	if err != nil || len(after) != len(mentors) {
		t.Errorf("hiring changed the number of mentors: %d, want %d (%v)", len(after), len(mentors), err)
	}
	c, err := svc.Recruit.Continuity(sys, pilot)
	if err != nil || c.Warn != "" || len(c.Terms) != 2 || c.ByTerm[c.Terms[0]]+c.ByTerm[c.Terms[1]] != len(mentors) {
		t.Errorf("continuity: %+v %v", c, err)
	}
	if len(open) != 1 {
		t.Fatalf("open postings: %+v", open)
	}
	_, apps, err := svc.Recruit.Applications(sys, open[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, a := range apps {
		states[a.State]++
	}
	for _, st := range []string{"submitted", "offered", "accepted", "declined", "rejected"} {
		if states[st] == 0 {
			t.Errorf("no application is %s: %v", st, states)
		}
	}
}
