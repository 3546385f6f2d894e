//go:build browser

package e2e

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// phone is the width the session pages are made for first.
const phone = 360

// TestBrowserMentorChecksInAndStudentSeesWeeks: on a phone, the demo
// mentor opens today's session of their group from "My groups", ticks
// two students present and sees the count go up in place; the demo
// student, in nynorsk, checks in with her group's code and reads her
// weeks and their topics in nynorsk. axe-core finds nothing on the pages.
func TestBrowserMentorChecksInAndStudentSeesWeeks(t *testing.T) {
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run `npm ci --prefix e2e`", err)
	}
	axe := string(src)
	a := startApp(t)
	ctx := context.Background()
	_, coord, err := a.App.Auth.Login(ctx, "coordinator@demo.mentorhub.no", demo.Password, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	cctx := app.WithActor(ctx, coord)
	pilot, err := a.App.Programs.Public(ctx, "uib-mn-pilot")
	if err != nil {
		t.Fatal(err)
	}
	groups, err := a.App.People.Groups(cctx, pilot.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := func(ms []people.Member, id string) bool {
		return slices.ContainsFunc(ms, func(m people.Member) bool { return m.ID == id })
	}
	var mine, hers people.Group
	for _, g := range groups {
		if in(g.Mentors, "90001") && mine.ID == 0 {
			mine = g
		}
		if in(g.Students, "100001") {
			hers = g
		}
	}
	if mine.ID == 0 || hers.ID == 0 || len(mine.Students) < 2 {
		t.Fatalf("the demo mentor's group %d, the demo student's %d", mine.ID, hers.ID)
	}
	// Today at 12:15 in Oslo (the sessions are on the real clock).
	y, m, d := time.Now().In(i18n.Oslo).Date()
	noon := time.Date(y, m, d, 12, 15, 0, 0, i18n.Oslo)
	plan := func(g int64, title, topic string, start time.Time) sessions.Session {
		t.Helper()
		s, err := a.App.Sessions.Create(cctx, pilot.ID, sessions.Draft{GroupID: g, Title: title, Topic: topic, Location: "Realfagbygget, rom 1001",
			Checklist: "Ønsk velkommen\nGå gjennom timeplanen\nAvtal neste møte", StartsAt: start, EndsAt: start.Add(90 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	today := plan(mine.ID, "Om undervisninga", "Korleis forelesingar og seminar fungerer", noon)
	hersToday := today
	if hers.ID != mine.ID {
		hersToday = plan(hers.ID, "Om undervisninga", "Korleis forelesingar og seminar fungerer", noon)
	}
	plan(hers.ID, "Studieteknikk", "Lesing, notat og arbeidsplan", noon.AddDate(0, 0, 14))
	plan(0, "Psykisk helse", "Einsemd, uhelse og førebygging", noon.AddDate(0, 0, 7))
	gone := plan(hers.ID, "Eksamensmeistring", "Stress og rutinar", noon.AddDate(0, 0, 28))
	if _, err := a.App.Sessions.Cancel(cctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	if _, err := a.App.Repos.Sessions.SaveService(ctx, sessions.SupportService{InstitutionID: pilot.InstitutionID, Name: "Studentrådgjevinga",
		About: "Råd om studieløp, eksamen og tilrettelegging", URL: "https://www.uib.no/studentradgjeving", Email: "studieveileder@uib.example.no"}, 1); err != nil {
		t.Fatal(err)
	}

	// The mentor, on a phone.
	mb := newBrowser(t)
	mb.run("a phone-wide window", chromedp.EmulateViewport(phone, 800))
	mb.loginAs(a, "mentor@demo.mentorhub.no")
	mb.run("open My groups from the dashboard",
		chromedp.Click(chromedp.CSS("#my-sessions-link")),
		chromedp.WaitVisible(chromedp.CSS(".session-today")),
	)
	mb.checkA11y(axe, "my groups")
	mb.checkReflow("my groups")
	mb.shoot("mentor-my-groups")
	mb.run("a phone-wide window", chromedp.EmulateViewport(phone, 800))
	mb.run("open today's session",
		chromedp.Click(chromedp.CSS(".session-today a.button")),
		chromedp.WaitVisible(chromedp.CSS("#roster-counts")),
	)
	if code := mb.text("#checkin-code"); code != today.CheckinCode {
		mb.errorf("the session shows code %q, want %q", code, today.CheckinCode)
	}
	if !mb.exists("svg.qr") {
		mb.errorf("the session has no QR code")
	}
	n := len(mine.Students)
	// The mentor's browser asks for English.
	if c := mb.text("#roster-counts"); !strings.HasPrefix(c, fmt.Sprintf("0 of %d present", n)) {
		mb.errorf("counts before ticking: %q", c)
	}
	mb.checkA11y(axe, "session roster")
	for i, st := range mine.Students[:2] {
		mb.run("tick "+st.ID+" present",
			chromedp.Click(chromedp.CSS(`#row-`+st.ID+` button[value="present"]`)),
			htmxSettled(`#row-`+st.ID+`.status-present`),
		)
		if f := get(mb, "read the focus", chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`)); f != "tick-"+st.ID+"-present" {
			mb.errorf("after ticking, the focus is on %q, want the pressed button", f)
		}
		want := fmt.Sprintf("%d of %d present", i+1, n)
		if c := mb.text("#roster-counts"); !strings.HasPrefix(c, want) {
			mb.errorf("counts after ticking %d: %q, want %q", i+1, c, want)
		}
	}
	if loc := mb.location(); strings.Contains(loc, "done=") {
		mb.errorf("ticking left the page for %s (htmx should swap the row in place)", loc)
	}
	att, err := a.App.Sessions.Attendance(cctx, today.ID)
	if err != nil {
		t.Fatal(err)
	}
	if att.Counts.Present != 2 {
		t.Errorf("present after two ticks: %+v", att.Counts)
	}
	mb.checkA11y(axe, "session roster after ticking")
	mb.checkReflow("session roster")
	mb.shoot("mentor-session")

	// The student, on a phone, in nynorsk.
	sb := newBrowser(t)
	sb.run("a phone-wide window", chromedp.EmulateViewport(phone, 800))
	sb.loginAs(a, "student@demo.mentorhub.no")
	sb.run("choose nynorsk",
		chromedp.SetValue(chromedp.CSS("#lang-select"), "nn"),
		chromedp.Click(chromedp.CSS(`form.lang-switch button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="nn"]`)),
	)
	sb.run("open My mentor program from the dashboard",
		chromedp.Click(chromedp.CSS("#my-program-link")),
		chromedp.WaitVisible(chromedp.CSS("#checkin-code")),
	)
	sb.run("check in with the code",
		chromedp.SendKeys(chromedp.CSS("#checkin-code"), strings.ToLower(hersToday.CheckinCode)),
		chromedp.Click(chromedp.CSS(`form[action="/me/checkin"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#checkin-done")),
	)
	if got := sb.text("#checkin-done"); !strings.Contains(got, "Du er registrert som til stades.") {
		sb.errorf("the confirmation reads %q", got)
	}
	if l := sb.lang(); l != "nn" {
		sb.errorf("the page is in %q, want nn", l)
	}
	weeks := sb.text(".weeks")
	_, wk := noon.ISOWeek()
	for _, want := range []string{fmt.Sprintf("Veke %d", wk), "Om undervisninga", "Korleis forelesingar og seminar fungerer",
		"Studieteknikk", "Lesing, notat og arbeidsplan", "Avlyst", "Eksamensmeistring"} {
		if !strings.Contains(weeks, want) {
			sb.errorf("the weeks lack %q:\n%s", want, weeks)
		}
	}
	for _, bokmal := range []string{"Uke ", "mandag", "tirsdag", "lørdag"} {
		if strings.Contains(weeks, bokmal) {
			sb.errorf("the nynorsk weeks show %q:\n%s", bokmal, weeks)
		}
	}
	main := sb.text("main")
	for _, want := range []string{"Psykisk helse", "Studentrådgjevinga", "/ical/"} {
		if !strings.Contains(main, want) && !strings.Contains(sb.value("#calendar-url"), want) {
			sb.errorf("My mentor program lacks %q", want)
		}
	}
	sb.checkA11y(axe, "my mentor program")
	sb.checkReflow("my mentor program")
	sb.shoot("student-my-program")
	if att, err := a.App.Sessions.Attendance(cctx, hersToday.ID); err != nil || !slices.ContainsFunc(att.Expected, func(x sessions.Attendee) bool {
		return x.StudentNumber == "100001" && x.Status == sessions.Present
	}) {
		t.Errorf("the student is not present at her session after checking in (%v)", err)
	}

	// The public check-in page the QR code leads to.
	pb := newBrowser(t)
	pb.run("a phone-wide window", chromedp.EmulateViewport(phone, 800))
	pb.visit(a, "/checkin?code="+today.CheckinCode)
	if v := pb.value("#checkin-code"); v != today.CheckinCode {
		pb.errorf("the public form has code %q, want %q", v, today.CheckinCode)
	}
	pb.checkA11y(axe, "public check-in")
	pb.checkReflow("public check-in")
	pb.shoot("public-checkin")
	pb.run("a phone-wide window", chromedp.EmulateViewport(phone, 800))
	pb.run("check in by student number",
		chromedp.SendKeys(chromedp.CSS("#checkin-number"), mine.Students[2%len(mine.Students)].ID),
		chromedp.Click(chromedp.CSS(`form[action="/checkin"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#checkin-done")),
	)
	pb.checkA11y(axe, "public check-in done")
	pb.shoot("public-checkin-done")
}
