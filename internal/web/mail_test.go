package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/mail"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/testutil"
	"github.com/mentorhub/mentorhub/internal/testutil/smtptest"
)

// newMailEnv is newEnv with a real SMTP server for the app's mail and its
// job queue working.
func newMailEnv(t *testing.T) (*env, *smtptest.Server) {
	t.Helper()
	smtp := smtptest.Start(t)
	svc, res := demoDB.Open(t, app.NewFakeClock(testutil.Epoch))
	a, err := server.New(context.Background(), svc, server.Config{Addr: "127.0.0.1:0", BaseURL: "https://mentor.uib.example.no",
		Mail: &mail.Config{URL: smtp.URL(), From: "mentor@uib.example.no", FromName: "Mentorordningen"}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Jobs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Web)
	t.Cleanup(srv.Close)
	return &env{app: a, srv: srv, demo: res}, smtp
}

// A reminder the day before and a "we missed you" from the follow-up
// list reach the students through a real SMTP server, sent by River jobs,
// in each student's language, with the session's details; the program
// keeps a record of what was sent.
func TestRemindersAndWeMissedYouArriveInTheStudentsLanguage(t *testing.T) {
	t.Parallel()
	e, smtp := newMailEnv(t)
	ctx := context.Background()
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	mentor := e.token(t, "mentor@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	base := "/api/v1/programs/" + pilot

	code, b := e.api(t, coord, base+"/groups")
	var group apiGroup
	for _, g := range decode[[]apiGroup](t, code, b, 200) {
		if slices.Contains(g.Mentors, "90001") {
			group = g
			break
		}
	}
	// One student of the group reads English, the rest bokmål.
	en, nb := group.Students[0], group.Students[1]
	if _, err := e.app.DB.SQL().Exec(`UPDATE participants SET language = CASE WHEN external_id = '` + en + `' THEN 'en' ELSE 'nb' END WHERE role = 'student'`); err != nil {
		t.Fatal(err)
	}
	// Only this group's students have an address, so the welcomes to the
	// program's other students do not crowd the test.
	in := "'" + strings.Join(group.Students, "','") + "'"
	for _, q := range []string{
		`UPDATE participants SET email = NULL WHERE role = 'student' AND external_id NOT IN (` + in + `)`,
		`UPDATE persons SET email = NULL WHERE student_number IS NOT NULL AND student_number NOT IN (` + in + `)`,
	} {
		if _, err := e.app.DB.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// Last week's session nobody came to, and tomorrow's.
	mk := func(title string, at time.Time) apiSession {
		code, b := e.send(t, coord, "POST", base+"/sessions", fmt.Sprintf(`{"title": %q, "topic": "Hvordan lese pensum", "starts_at": %q, "ends_at": %q, "location": "Realfagbygget, rom 2143", "group_id": %d}`,
			title, at.Format(time.RFC3339), at.Add(90*time.Minute).Format(time.RFC3339), group.ID))
		return decode[apiSession](t, code, b, 201)
	}
	mk("Om studievaner", testutil.Epoch.Add(-7*24*time.Hour))
	mk("Om læring", testutil.Epoch.Add(-3*24*time.Hour))
	tomorrow := testutil.Epoch.Add(22 * time.Hour)
	mk("Om undervisningen", tomorrow)
	later := mk("Om eksamen", testutil.Epoch.Add(9*24*time.Hour))

	// The periodic job's work: tomorrow's reminders, and the welcome to
	// every student placed in a group now that the sessions have begun.
	n, err := e.app.Sessions.QueueReminders(app.WithActor(ctx, app.SystemActor))
	if err != nil {
		t.Fatal(err)
	}
	if code, b := e.send(t, mentor, "POST", base+"/followups/missed-you", fmt.Sprintf(`{"student_number": %q}`, en)); code != 202 {
		t.Fatalf("we missed you: %d %s", code, b)
	}
	// Pressed again (or by the other mentor): one a week at most.
	if code, b := e.send(t, coord, "POST", base+"/followups/missed-you", fmt.Sprintf(`{"student_number": %q}`, en)); code != 409 {
		t.Fatalf("we missed you again the same day: %d %s", code, b)
	}
	got := smtp.Wait(t, n+1)
	addr := func(num string) string { return "s" + num + "@student.uib.example.no" }
	var remindNB, remindEN, missed, welcomeEN *smtptest.Received
	reminders := 0
	for i := range got {
		m := &got[i]
		to, subj := m.To[0].Address, strings.ToLower(m.Subject)
		isReminder := strings.Contains(subj, "påminnelse") || strings.Contains(subj, "reminder")
		if isReminder {
			reminders++
		}
		switch {
		case isReminder && to == addr(nb):
			remindNB = m
		case isReminder && to == addr(en):
			remindEN = m
		case to == addr(en) && strings.Contains(subj, "welcome"):
			welcomeEN = m
		case to == addr(en) && strings.Contains(subj, "miss"):
			missed = m
		}
	}
	if reminders != len(group.Students) {
		t.Errorf("%d reminders, want one per student of the group (%d)", reminders, len(group.Students))
	}
	if remindNB == nil || remindEN == nil || missed == nil || welcomeEN == nil {
		var subjects []string
		for _, m := range got {
			if a := m.To[0].Address; a == addr(en) || a == addr(nb) {
				subjects = append(subjects, a+": "+m.Subject)
			}
		}
		t.Fatalf("missing messages: nb reminder %v, en reminder %v, missed %v, en welcome %v; the two students got %q",
			remindNB != nil, remindEN != nil, missed != nil, welcomeEN != nil, subjects)
	}
	if !strings.Contains(welcomeEN.Text, group.Name) || welcomeEN.Header.Get("Content-Language") != "en" {
		t.Errorf("the welcome does not name the group %q in English:\n%s", group.Name, welcomeEN.Text)
	}
	if !strings.Contains(remindNB.Subject, "Påminnelse") || remindNB.Header.Get("Content-Language") != "nb" ||
		!strings.Contains(remindNB.Text, "Realfagbygget, rom 2143") || !strings.Contains(remindNB.Text, "Hvordan lese pensum") {
		t.Errorf("the bokmål reminder: %q %q\n%s", remindNB.Subject, remindNB.Header.Get("Content-Language"), remindNB.Text)
	}
	if local := tomorrow.In(time.FixedZone("CEST", 2*3600)).Format("15.04"); !strings.Contains(remindNB.Text, local) {
		t.Errorf("the reminder does not give the Oslo time %s:\n%s", local, remindNB.Text)
	}
	if remindEN.Header.Get("Content-Language") != "en" || strings.Contains(remindEN.Text, "Påminnelse") {
		t.Errorf("the English reminder: %q\n%s", remindEN.Subject, remindEN.Text)
	}
	if missed.Header.Get("Content-Language") != "en" || !strings.Contains(missed.Text, "Om undervisningen") ||
		!strings.Contains(missed.Header.Get("List-Unsubscribe"), "https://mentor.uib.example.no/") {
		t.Errorf("we missed you: %q %q\n%s", missed.Subject, missed.Header.Get("List-Unsubscribe"), missed.Text)
	}
	// The record: every message sent, and the follow-up shows it was done.
	waitFor(t, 20*time.Second, "the messages recorded as sent", func() bool {
		code, b := e.api(t, coord, base+"/messages")
		var c map[string]map[string]int
		if code != 200 || json.Unmarshal([]byte(b), &c) != nil {
			return false
		}
		return c["reminder"]["sent"] == reminders && c["missed"]["sent"] == 1 && c["welcome"]["sent"] == n-reminders
	})
	code, b = e.api(t, coord, base+"/followups")
	if code != 200 || !strings.Contains(b, `"message_sent"`) {
		t.Errorf("the follow-up does not show the message: %d %.300s", code, b)
	}

	// Cancelling a session that has not begun tells the group's students
	// and its mentors, each in their language.
	if code, b := e.send(t, coord, "POST", "/api/v1/sessions/"+strconv.FormatInt(later.ID, 10)+"/cancel", ""); code != 200 {
		t.Fatalf("cancelling: %d %s", code, b)
	}
	told := smtp.Wait(t, len(got)+len(group.Students)+len(group.Mentors))[len(got):]
	var cancelledEN, mentorTold bool
	for _, m := range told {
		switch to := m.To[0].Address; {
		case to == addr(en):
			cancelledEN = strings.Contains(strings.ToLower(m.Subject), "cancelled") && strings.Contains(m.Text, "Om eksamen")
		case strings.HasPrefix(to, "m"+group.Mentors[0]):
			mentorTold = strings.Contains(m.Text, "Om eksamen")
		}
	}
	if !cancelledEN || !mentorTold {
		t.Errorf("the cancellation: told the English student %v, the group's first mentor %v", cancelledEN, mentorTold)
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: still waiting for %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
