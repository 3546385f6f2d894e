package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// The pilot's Costs tab against a calculation by hand: the plan is
// 20 mentors × 60 h × 187.50 = 225 000, catering 12 000 and materials
// 3 500 (direct 240 500), the coordinator's 150 h × 450 = 67 500 (indirect):
// 308 000 in all. One approved timesheet of 10 h pays 1 875, so the cost so
// far is 1 875 + 12 000 + 3 500 + 67 500 = 84 875; with two students who
// came to a session it is 42 437.50 each, rounded to 42 438 — 13.7 study
// credits at NOK 3 100.
func TestCostsPageMatchesAHandCalculation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	page := "/programs/" + strconv.FormatInt(pilot, 10) + "/costs"
	sys := app.WithActor(context.Background(), app.SystemActor)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	post := func(form url.Values, want int) string {
		t.Helper()
		form.Set("csrf_token", csrf)
		r, err := c.PostForm(e.srv.URL+page+"/plan", form)
		if err != nil {
			t.Fatal(err)
		}
		s := body(t, r)
		if r.StatusCode != want {
			t.Fatalf("POST %v: %d, want %d: %.400s", form, r.StatusCode, want, s)
		}
		return s
	}
	refused := post(url.Values{"mentors": {"tjue"}, "mentor_hours": {"60"}}, 422)
	if !strings.Contains(refused, `id="plan-mentors-error"`) || !strings.Contains(refused, `value="tjue"`) {
		t.Errorf("a refused plan: %.400s", refused)
	}
	post(url.Values{"mentors": {"20"}, "mentor_hours": {"60"}, "hourly": {"187,50"}, "catering": {"12 000"}, "materials": {"3500"},
		"coordinator_hours": {"150"}, "coordinator_hourly": {"450"}}, 303)

	// Paid: one approved month of 10 hours at the pilot's rate.
	if _, err := e.app.Payroll.SetRates(sys, pilot, 187.5, nil, nil); err != nil {
		t.Fatal(err)
	}
	ts, err := e.app.Payroll.Submit(sys, pilot, payroll.Draft{MentorID: "90001", Month: "2026-08", Lines: []payroll.DraftLine{{Category: "sessions", Hours: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Payroll.Decide(sys, ts.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	// Two students come to a session of their group.
	groups, err := e.app.People.Groups(sys, pilot)
	if err != nil || len(groups) == 0 || len(groups[0].Students) < 2 {
		t.Fatalf("groups: %v", err)
	}
	start := e.app.Clock.Now().Add(-10 * time.Minute)
	se, err := e.app.Sessions.Create(sys, pilot, sessions.Draft{GroupID: groups[0].ID, Title: "Mentormøte", StartsAt: start, EndsAt: start.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range groups[0].Students[:2] {
		if _, err := e.app.Sessions.CheckIn(sys, se.ID, st.ID, "present"); err != nil {
			t.Fatal(err)
		}
	}
	// Students offered: the year's active students, counted here.
	ps, err := e.app.People.Participants(sys, pilot, people.Student)
	if err != nil {
		t.Fatal(err)
	}
	offered := 0
	for _, p := range ps {
		if p.State == "active" {
			offered++
		}
	}
	perStudent := (8487500/offered*2/100 + 1) / 2 // kroner, rounded half up
	r, err := c.Get(e.srv.URL + page)
	if err != nil {
		t.Fatal(err)
	}
	s := body(t, r)
	whole := func(kr int) string { // "kr 84 875" as the page's headline figures write it
		d := strconv.Itoa(kr)
		for i := len(d) - 3; i > 0; i -= 3 {
			d = d[:i] + "\u00a0" + d[i:]
		}
		return "kr " + d
	}
	nb := func(kr int) string { return whole(kr) + ",00" } // in the plan's table
	for id, want := range map[string]string{"planned-total": whole(308000), "actual-total": whole(84875), "per-participant": whole(42438), "per-student": whole(perStudent)} {
		if !strings.Contains(s, `id="`+id+`">`+want+`<`) {
			t.Errorf("%s: want %s in %.300s", id, want, s[strings.Index(s, `<div class="cards">`):])
		}
	}
	for _, want := range []string{"13,7 studiepoeng", ">" + nb(225000) + "<", ">" + nb(240500) + "<", ">" + nb(67500) + "<"} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// The leaders' overview has the same figures; the cost per participant
	// of two students is not shown (fewer than the overview's minimum).
	lc := e.client(t)
	e.login(t, lc, "leader@demo.mentorhub.no")
	r, err = lc.Get(e.srv.URL + "/overview")
	if err != nil {
		t.Fatal(err)
	}
	o := body(t, r)
	ct := strings.Index(o, `id="costs-table"`)
	if ct < 0 {
		t.Fatal("the overview has no cost table")
	}
	o = o[ct:]
	i := strings.Index(o, `data-program="uib-mn-pilot">`)
	if i < 0 {
		t.Fatalf("the overview has no cost row of the pilot")
	}
	row := o[i : i+strings.Index(o[i:], "</tr>")]
	if !strings.Contains(row, ">"+whole(84875)+"<") || !strings.Contains(row, ">"+whole(perStudent)+"<") || !strings.Contains(row, "færre enn") {
		t.Errorf("the overview's cost row: %s", row)
	}
}
