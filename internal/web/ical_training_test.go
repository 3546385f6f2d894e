package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// A mentor's calendar feed holds the mentors' meetings they are expected
// at — the chief mentors' meeting only once they are a chief mentor — and
// the training events they signed up for; a student's feed holds none.
func TestCalendarFeedHoldsMentorMeetingsAndTraining(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	page := "/programs/" + strconv.FormatInt(pilot, 10) + "/training"
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	day := testutil.Epoch.Add(20 * 24 * time.Hour).In(oslo).Format("2006-01-02")
	plan := func(kind, title string) {
		t.Helper()
		e.submit(t, c, csrf, page+"/meetings", url.Values{"action": {"plan"}, "kind": {kind}, "title": {title}, "day": {day},
			"starts": {"16:15"}, "ends": {"17:00"}, "place": {"Allrommet, Realfagbygget"}}, 303)
	}
	plan("chief", "Sjefsmentormøte <b>november</b>")
	plan("mentors", "Mentormøte på tvers av kull")
	ids := map[string]int64{}
	s := e.open(t, c, page)
	for kind, title := range map[string]string{"chief": "Sjefsmentormøte &lt;b&gt;november", "mentors": "Mentormøte på tvers av kull"} {
		m := regexp.MustCompile(`id="meeting-(\d+)"><strong>` + regexp.QuoteMeta(title)).FindStringSubmatch(s)
		if m == nil {
			t.Fatalf("the meeting %q is not listed", title)
		}
		ids[kind], _ = strconv.ParseInt(m[1], 10, 64)
	}

	// The demo mentor (90001) signs up for a training event.
	coord, mentor := e.token(t, "coordinator@demo.mentorhub.no"), e.token(t, "mentor@demo.mentorhub.no")
	start := testutil.Epoch.Add(15 * 24 * time.Hour)
	code, b := e.send(t, coord, "POST", "/api/v1/training/events", fmt.Sprintf(`{"module_id": "samarbeid", "starts_at": %q, "ends_at": %q, "place": "Seminarrom 3", "capacity": 10}`,
		start.Format(time.RFC3339), start.Add(3*time.Hour).Format(time.RFC3339)))
	ev := decode[map[string]any](t, code, b, 201)
	eid := int64(ev["id"].(float64))
	if code, b := e.send(t, mentor, "POST", fmt.Sprintf("/api/v1/training/events/%d/signup", eid), ""); code != 200 {
		t.Fatalf("signing up: %d %s", code, b)
	}

	feedOf := func(token, ref string) *ics.Calendar {
		t.Helper()
		code, b := e.api(t, token, "/api/v1/people/"+ref+"/calendar")
		_, cal := e.fetchFeed(t, decode[map[string]string](t, code, b, 200)["url"])
		return cal
	}
	meeting := func(kind string) string { return "meeting-" + strconv.FormatInt(ids[kind], 10) + "@mentorhub" }
	training := "training-" + strconv.FormatInt(eid, 10) + "@mentorhub"

	cal := feedOf(mentor, "90001")
	if eventByUID(cal, meeting("chief")) != nil {
		t.Error("a mentor who is no chief mentor has the chief mentors' meeting")
	}
	m := eventByUID(cal, meeting("mentors"))
	if m == nil {
		t.Fatal("the mentors' meeting is not in the mentor's feed")
	}
	if got := prop(m, ics.ComponentPropertySummary); got != "Mentormøte på tvers av kull" {
		t.Errorf("the meeting's title %q", got)
	}
	if got := prop(m, ics.ComponentPropertyLocation); !strings.Contains(got, "Allrommet") {
		t.Errorf("the meeting's place %q", got)
	}
	if got := prop(m, ics.ComponentPropertyDescription); !strings.Contains(got, e.demo.Programs["uib-mn-pilot"].Name) {
		t.Errorf("the meeting's description %q does not name the program", got)
	}
	want, _ := time.ParseInLocation("2006-01-02 15:04", day+" 16:15", oslo)
	if got, err := m.GetStartAt(); err != nil || !got.Equal(want) {
		t.Errorf("the meeting starts %v (%v), want %v", got, err, want)
	}
	tr := eventByUID(cal, training)
	if tr == nil {
		t.Fatal("the training event signed up for is not in the feed")
	}
	if got := prop(tr, ics.ComponentPropertySummary); !strings.HasPrefix(got, "Opplæring: ") {
		t.Errorf("the training event's title %q", got)
	}
	if got, err := tr.GetStartAt(); err != nil || !got.Equal(start) {
		t.Errorf("the training event starts %v (%v), want %v", got, err, start)
	}

	// Made chief mentor, 90001 has the chief mentors' meeting too, its
	// title as written (the feed is text, not HTML).
	var pid int64
	ms, err := e.app.People.Participants(sys, pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.ExternalID == "90001" {
			pid = m.ID
		}
	}
	if err := e.app.People.SetChief(sys, pilot, pid, true); err != nil {
		t.Fatal(err)
	}
	cal = feedOf(mentor, "90001")
	if ch := eventByUID(cal, meeting("chief")); ch == nil || prop(ch, ics.ComponentPropertySummary) != "Sjefsmentormøte <b>november</b>" {
		t.Errorf("the chief mentor's feed lacks the chief mentors' meeting: %v", ch)
	}

	// The coordinator cancels the event: the mentor's feed keeps it, as
	// cancelled, with a higher SEQUENCE; the Training tab marks it.
	e.submit(t, c, csrf, page+"/events/"+strconv.FormatInt(eid, 10)+"/cancel", url.Values{}, 303)
	if s := e.open(t, c, page); !strings.Contains(s, `id="event-`+strconv.FormatInt(eid, 10)+`"`) || !strings.Contains(s, ">Avlyst</span>") {
		t.Error("the Training tab does not mark the event cancelled")
	}
	cal = feedOf(mentor, "90001")
	if tr := eventByUID(cal, training); tr == nil || prop(tr, ics.ComponentPropertyStatus) != "CANCELLED" || prop(tr, ics.ComponentPropertySequence) != "1" {
		t.Errorf("the cancelled event in the feed: %v", tr)
	}

	// A student of the pilot has neither meetings nor the training.
	cal = feedOf(e.token(t, "student@demo.mentorhub.no"), "100001")
	for _, uid := range []string{meeting("chief"), meeting("mentors"), training} {
		if eventByUID(cal, uid) != nil {
			t.Errorf("a student's feed holds %s", uid)
		}
	}
}
