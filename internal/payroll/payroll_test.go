package payroll_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/sessions"
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

func code(err error) app.Code { return app.ErrorCode(err) }

// A month from rates to payroll: the coordinator sets the pilot's rates,
// the demo mentor (90001) submits a month, cannot submit it twice or for
// another mentor, the coordinator returns it with a comment, the mentor
// submits again, the coordinator approves, and the payroll holds the
// amount computed by hand from the contract's formula.
func TestAMonthFromRatesToPayroll(t *testing.T) {
	svc, res := demoDB.Open(t, app.NewFakeClock(testutil.Epoch)) // Monday 10 August 2026
	pilot := res.Programs["uib-mn-pilot"].ID
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	mentor := login(t, svc, "mentor@demo.mentorhub.no")
	pay := svc.Payroll

	draft := payroll.Draft{MentorID: "90001", Month: "2026-08", Lines: []payroll.DraftLine{
		{Category: "sessions", Hours: 7.25}, {Category: "preparation", Hours: 3.5}, {Category: "feedback", Hours: 2, Items: 12}}}
	if _, err := pay.Submit(mentor, pilot, draft); code(err) != app.CodeInvalid {
		t.Fatalf("a timesheet before any rates: %v", err)
	}
	if _, err := pay.SetRates(mentor, pilot, 300, nil, nil); code(err) != app.CodeForbidden {
		t.Fatalf("a mentor setting rates: %v", err)
	}
	if _, err := pay.SetRates(coord, pilot, 215.555, map[string]float64{"astrology": 1}, nil); code(err) != app.CodeInvalid {
		t.Fatalf("bad rates: %v", err)
	}
	r, err := pay.SetRates(coord, pilot, 215.50, map[string]float64{"feedback": 150}, nil)
	if err != nil || r.Hourly.String() != "215.50" || r.PerItem["feedback"].String() != "150.00" || !r.TrainingPaid {
		t.Fatalf("rates: %+v %v", r, err)
	}
	if got, set, err := pay.Rates(mentor, pilot); err != nil || !set || got.Hourly != r.Hourly {
		t.Fatalf("a mentor reading the rates: %+v %v", got, err)
	}

	// Refused lines, each named.
	bad := payroll.Draft{MentorID: "90001", Month: "2026-09", Lines: []payroll.DraftLine{
		{Category: "sessions", Hours: 0.3}, {Category: "sessions", Hours: 1}, {Category: "desk", Hours: 1, Items: 2}, {Category: "gardening", Hours: 1}}}
	_, err = pay.Submit(mentor, pilot, bad)
	if e := app.AsError(err); e == nil || e.Code != app.CodeInvalid {
		t.Fatalf("a bad timesheet: %v", err)
	} else {
		cols := map[string]string{}
		for _, d := range e.Details {
			cols[d.Column] = d.Key
		}
		want := map[string]string{"month": "pay.future_month", "lines[0].hours": "pay.bad_hours", "lines[1].category": "pay.category_twice",
			"lines[2].items": "pay.no_item_rate", "lines[3].category": "pay.bad_category"}
		for c, k := range want {
			if cols[c] != k {
				t.Errorf("%s: %q, want %q (all: %v)", c, cols[c], k, cols)
			}
		}
	}
	other := draft
	other.MentorID = "90002"
	if _, err := pay.Submit(mentor, pilot, other); code(err) != app.CodeForbidden {
		t.Fatalf("a mentor submitting another's hours: %v", err)
	}
	// The coordinator may file a mentor's month for them.
	if _, err := pay.Submit(coord, pilot, other); err != nil {
		t.Fatalf("the coordinator submitting a mentor's hours: %v", err)
	}

	ts, err := pay.Submit(mentor, pilot, draft)
	if err != nil {
		t.Fatal(err)
	}
	// By the contract: (7.25 + 3.5 + 2) h × 215.50 + 12 × 150 = 2747.625 + 1800, in kroner with two decimals.
	if ts.State != payroll.Submitted || ts.Amount.String() != "4547.63" {
		t.Fatalf("submitted: %s %s", ts.State, ts.Amount)
	}
	if _, err := pay.Submit(coord, pilot, draft); code(err) != app.CodeConflict {
		t.Fatalf("the month again: %v", err)
	}
	if _, err := pay.Decide(mentor, ts.ID, true, ""); code(err) != app.CodeForbidden {
		t.Fatalf("a mentor approving: %v", err)
	}
	if _, err := pay.Decide(coord, ts.ID, false, " "); code(err) != app.CodeInvalid {
		t.Fatalf("a return without a comment: %v", err)
	}
	back, err := pay.Decide(coord, ts.ID, false, "Forberedelse var 3 timer, ikke 3,5.")
	if err != nil || back.State != payroll.Returned || back.Comment == "" {
		t.Fatalf("returned: %+v %v", back, err)
	}
	if _, err := pay.Decide(coord, ts.ID, true, ""); code(err) != app.CodeConflict {
		t.Fatalf("approving a returned timesheet: %v", err)
	}
	draft.Lines[1].Hours = 3
	ts, err = pay.Submit(mentor, pilot, draft)
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := pay.Payroll(coord, pilot, "2026-08"); err != nil || len(rows) != 0 {
		t.Fatalf("a payroll before approval: %+v %v", rows, err)
	}
	if _, err := pay.Decide(coord, ts.ID, true, "OK"); err != nil {
		t.Fatal(err)
	}
	rows, err := pay.Payroll(coord, pilot, "2026-08")
	if err != nil || len(rows) != 1 {
		t.Fatalf("payroll: %+v %v", rows, err)
	}
	// 12.25 h × 215.50 = 2639.875; + 1800 = 4439.875 → 4439.88.
	row := rows[0]
	if row.Amount.String() != "4439.88" || row.Items != 12 || row.Hours["preparation"].String() != "3" || row.Hours["sessions"].String() != "7.25" ||
		row.Rate.String() != "215.50" || row.MentorID != "90001" || row.EmployeeID == "" {
		t.Fatalf("payroll row: %+v", row)
	}
	if _, err := pay.Payroll(mentor, pilot, "2026-08"); code(err) != app.CodeForbidden {
		t.Fatalf("a mentor reading the payroll: %v", err)
	}
	// Both timesheets are kept: the returned one and the approved one; the
	// mentor sees only their own, the coordinator every mentor's.
	all, err := pay.Timesheets(mentor, pilot, "2026-08")
	if err != nil || len(all) != 2 {
		t.Fatalf("the mentor's timesheets: %+v %v", all, err)
	}
	for _, x := range all {
		if x.MentorID != "90001" {
			t.Fatalf("a mentor sees another's timesheet: %+v", x)
		}
	}
	if all, err = pay.Timesheets(coord, pilot, "2026-08"); err != nil || len(all) != 3 {
		t.Fatalf("the coordinator's timesheets: %+v %v", all, err)
	}
}

// A month pre-filled from what mentorhub knows: the 90-minute and
// 50-minute group sessions the mentor led and were held (2.25 h: 1.5 +
// 0.75), not the cancelled one, not the one nobody came to, not another
// month's; the coordinator may pre-fill any mentor's month, a mentor only
// their own.
func TestPrefillFromSessionsHeld(t *testing.T) {
	clock := app.NewFakeClock(testutil.Epoch) // Monday 10 August 2026, 08:00 UTC: the groups were formed then
	svc, res := demoDB.Open(t, clock)
	pilot := res.Programs["uib-mn-pilot"].ID
	coord := login(t, svc, "coordinator@demo.mentorhub.no")
	mentor := login(t, svc, "mentor@demo.mentorhub.no")
	sys := app.WithActor(context.Background(), app.SystemActor)
	groups, err := svc.People.Groups(sys, pilot)
	if err != nil {
		t.Fatal(err)
	}
	var group people.Group
	for _, g := range groups {
		for _, m := range g.Mentors {
			if m.ID == "90001" {
				group = g
			}
		}
	}
	if group.ID == 0 || len(group.Students) == 0 {
		t.Fatal("the demo mentor has no group")
	}
	at := func(month time.Month, day int) time.Time { return time.Date(2026, month, day, 10, 0, 0, 0, time.UTC) }
	type plan struct {
		start   time.Time
		minutes int
		present bool
	}
	plans := []plan{{at(8, 11), 90, true}, {at(8, 18), 50, true}, {at(8, 25), 120, false}, {at(8, 27), 60, true}, {at(9, 1), 60, true}}
	var ids []int64
	for _, p := range plans {
		se, err := svc.Sessions.Create(coord, pilot, sessions.Draft{GroupID: group.ID, Title: "Mentormøte", StartsAt: p.start,
			EndsAt: p.start.Add(time.Duration(p.minutes) * time.Minute), Location: "Realfagbygget"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, se.ID)
	}
	for i, p := range plans {
		clock.Advance(p.start.Add(10 * time.Minute).Sub(clock.Now()))
		if p.present {
			if _, err := svc.Sessions.CheckIn(coord, ids[i], group.Students[0].ID, "present"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := svc.Sessions.Cancel(coord, ids[3]); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Payroll.Prefill(mentor, pilot, "90001", "2026-08")
	if err != nil {
		t.Fatal(err)
	}
	hours := map[string]float64{}
	for _, l := range d.Lines {
		hours[l.Category] = l.Hours
	}
	if hours["sessions"] != 2.25 || hours["desk"] != 0 {
		t.Fatalf("pre-filled: %+v", d.Lines)
	}
	if _, err := svc.Payroll.Prefill(coord, pilot, "90002", "2026-08"); err != nil {
		t.Fatalf("a coordinator pre-filling another mentor's month: %v", err)
	}
	if _, err := svc.Payroll.Prefill(mentor, pilot, "90002", "2026-08"); code(err) != app.CodeForbidden {
		t.Fatalf("a mentor pre-filling another's month: %v", err)
	}
}
