//go:build browser

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// TestBrowserFromApplicationToPayroll follows one mentor through issue
// 13: a student applies to the pilot's posting without logging in; the
// coordinator scores the application, offers, records the acceptance and
// hires; the coordinator imports the mentor's required modules from a CSV
// file; the mentor is put in a group (a swap, through the service), leads
// a session this month that two students come to; the mentor opens their
// month, finds the session's hours filled in, adds an hour of preparation
// and submits; the coordinator approves it, and the payroll total is the
// amount computed here from the hours and the rate.
func TestBrowserFromApplicationToPayroll(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	sys := app.WithActor(ctx, app.SystemActor)
	pilot := a.Demo.Programs["uib-mn-pilot"].ID
	prog := strconv.FormatInt(pilot, 10)
	now := time.Now()
	const rate = 187.50
	if _, err := a.App.Payroll.SetRates(sys, pilot, rate, nil, nil); err != nil {
		t.Fatal(err)
	}
	posting, err := a.App.Recruit.CreatePosting(sys, pilot, recruit.PostingDraft{Title: "Mentorer til tematiske mentorgrupper",
		Role: "Du leder en gruppe annenhver uke.", ProgrammeCode: "BAMN-BIO", Positions: 2, StartsOn: now.AddDate(0, 0, -1),
		EndsOn: now.AddDate(0, 10, 0), Deadline: now.AddDate(0, 0, 14), Hourly: rate})
	if err != nil {
		t.Fatal(err)
	}

	// A student applies, without an account.
	sb := newBrowser(t)
	sb.run("apply",
		chromedp.Navigate(a.URL+"/recruit/"+strconv.FormatInt(posting.ID, 10)),
		chromedp.WaitVisible(chromedp.CSS("#apply-form")),
		chromedp.SendKeys(chromedp.CSS("#apply-given_name"), "Ada"),
		chromedp.SendKeys(chromedp.CSS("#apply-family_name"), "Lunde"),
		chromedp.SendKeys(chromedp.CSS("#apply-email"), "ada.lunde@student.uib.no"),
		chromedp.SendKeys(chromedp.CSS("#apply-student_number"), "777001"),
		chromedp.SetValue(chromedp.CSS("#apply-programme_code"), "BAMN-BIO"), // a select of the posting's programmes
		chromedp.SendKeys(chromedp.CSS("#apply-cohort"), "2024H"),
		chromedp.SendKeys(chromedp.CSS("#apply-motivation"), "Jeg husker hvor mye mentoren min betydde."),
		chromedp.Click(chromedp.CSS(`input[name="slot"][value="tue10"]`)),
		chromedp.Click(chromedp.CSS(`#apply-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#apply-done")),
	)

	// The coordinator reviews, offers, records the acceptance and hires.
	cb := newBrowser(t)
	cb.loginAs(a, "coordinator@demo.mentorhub.no")
	recruitTab := a.URL + "/programs/" + prog + "/recruit?posting=" + strconv.FormatInt(posting.ID, 10)
	cb.run("open the applications", chromedp.Navigate(recruitTab), chromedp.WaitVisible(chromedp.CSS("article[id^=application-]")))
	id := strings.TrimPrefix(get(cb, "read the application", chromedp.AttributeValue(chromedp.CSS("article[id^=application-]"), "id")).Value, "application-")
	card := "#application-" + id
	// Each step waits for what only the next page has.
	for _, step := range []struct{ what, click, then string }{
		{"review", card + ` form.inline-form button[type="submit"]`, card + " ul li"},
		{"offer", card + ` button[value="offered"]`, card + ` button[value="accepted"]`},
		{"record the acceptance", card + ` button[value="accepted"]`, card + ` button[value="hire"]`},
		{"hire", card + ` button[value="hire"]`, card + " .badge.ok"},
	} {
		if step.what == "review" {
			cb.run("score", chromedp.SetValue(chromedp.CSS("#score-"+id), "4"), chromedp.SendKeys(chromedp.CSS("#comment-"+id), "Tydelig motivasjon."))
		}
		cb.run(step.what, chromedp.Click(chromedp.CSS(step.click)), chromedp.WaitVisible(chromedp.CSS(step.then)))
	}
	if got := cb.text(card + " .badge"); got != "Hired" {
		cb.errorf("the application's state after hiring: %q", got)
	}
	ms, err := a.App.People.Participants(sys, pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ms, func(m people.Participant) bool { return m.ExternalID == "777001" })
	if i < 0 {
		t.Fatal("the hired applicant is not a mentor of the pilot")
	}
	mentor := ms[i]

	// The required modules, from the e-learning system's file.
	file := filepath.Join(t.TempDir(), "fullfort.csv")
	day := now.AddDate(0, 0, -1).In(i18n.Oslo).Format("2006-01-02")
	csv := "person_id,module_id,completed_on\n"
	for _, m := range []string{"e-laering", "rolleforstaelse", "mottak", "gruppeledelse", "i-praksis"} {
		csv += "777001," + m + "," + day + "\n"
	}
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	cb.run("import the completions",
		chromedp.Navigate(a.URL+"/programs/"+prog+"/training"),
		chromedp.WaitVisible(chromedp.CSS("#completions-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#completions-file"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action$="/training/completions"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#training-done")),
	)
	_, coord, err := a.App.Auth.Login(ctx, "coordinator@demo.mentorhub.no", demo.Password, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	cctx := app.WithActor(ctx, coord)
	rec, err := a.App.Training.Person(cctx, "777001")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range rec.Needs {
		if n.ProgramID == pilot && len(n.Missing) > 0 {
			t.Fatalf("after the import the mentor still misses %v", n.Missing)
		}
	}

	// Into a group, and a session of it this month with two students.
	groups, err := a.App.People.Groups(cctx, pilot)
	if err != nil || len(groups) == 0 {
		t.Fatalf("groups: %v", err)
	}
	g := groups[0]
	if _, err := a.App.People.ApplyMove(cctx, pilot, people.Move{Group: g.ID, OldMentor: g.Mentors[0].ParticipantID, NewMentor: mentor.ID, Force: true}); err != nil {
		t.Fatal(err)
	}
	start := now.Add(-75 * time.Minute)
	se, err := a.App.Sessions.Create(cctx, pilot, sessions.Draft{GroupID: g.ID, Title: "Mentormøte", Location: "Realfagbygget",
		StartsAt: start, EndsAt: start.Add(90 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range g.Students[:2] {
		if _, err := a.App.Sessions.CheckIn(cctx, se.ID, st.ID, sessions.Present); err != nil {
			t.Fatal(err)
		}
	}

	// The mentor's month: the session's hour and a half filled in.
	if _, err := a.App.Auth.CreateAccount(sys, auth.CreateAccountInput{InstitutionID: a.Demo.Institution.ID, Email: "ada.lunde@student.uib.no",
		GivenName: "Ada", FamilyName: "Lunde", Password: demo.Password, StudentNumber: "777001",
		Grants: []app.Grant{{Role: app.RoleMentor, InstitutionID: a.Demo.Institution.ID, ProgramID: pilot}}}); err != nil {
		t.Fatal(err)
	}
	month := start.In(i18n.Oslo).Format("2006-01")
	mb := newBrowser(t)
	mb.loginAs(a, "ada.lunde@student.uib.no")
	mb.run("open my month", chromedp.Navigate(a.URL+"/me/programs/"+prog+"/timesheet?month="+month), chromedp.WaitVisible(chromedp.CSS("#timesheet-form")))
	if got := mb.value("#hours-sessions"); got != "1.5" {
		mb.fatalf("the month's session hours are filled in as %q, want 1.5", got)
	}
	mb.run("add preparation and submit",
		chromedp.SetValue(chromedp.CSS("#hours-preparation"), "1"),
		chromedp.Click(chromedp.CSS(`#timesheet-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#pay-done")),
	)

	// The coordinator approves; the payroll holds (1.5 + 1) h × the rate.
	cb.run("open the month's timesheets",
		chromedp.Navigate(a.URL+"/programs/"+prog+"/pay?month="+month),
		chromedp.WaitVisible(chromedp.CSS(`#timesheet-table button[value="approve"]`)),
		chromedp.Click(chromedp.CSS(`#timesheet-table button[value="approve"]`)),
		chromedp.WaitVisible(chromedp.CSS("#pay-done")),
	)
	want := fmt.Sprintf("NOK %.2f", (1.5+1)*rate)
	if got := cb.text("#payroll-total"); got != want {
		cb.errorf("the payroll total is %q, want %q", got, want)
	}
}
