package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/mentorhub/mentorhub/internal/testutil"
)

type apiOfficeHour struct {
	ID      int64 `json:"id"`
	Booked  bool  `json:"booked"`
	Booking *struct {
		ID int64 `json:"id"`
	} `json:"booking"`
}

// An office hour a student books is in both the student's and the
// mentor's calendar feed as appointment-<id>@mentorhub; cancelled, it
// stays there as CANCELLED with a higher SEQUENCE; the mentor's feed has
// the slot and their desk shifts too; another student's has none of it.
func TestAppointmentsAreInBothCalendarFeeds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	deskAccounts(t, e)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	mentor := e.token(t, "mentor@demo.mentorhub.no")
	student := e.token(t, "student@demo.mentorhub.no")
	other := e.token(t, deskStudent2)
	base := "/api/v1/programs/" + strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)

	start := testutil.Epoch.Add(48 * time.Hour)
	code, b := e.send(t, mentor, "POST", base+"/office-hours", fmt.Sprintf(`{"starts_at": %q, "minutes": 30, "place": "Rom 2"}`, start.Format(time.RFC3339)))
	slot := decode[apiOfficeHour](t, code, b, 201)
	code, b = e.send(t, student, "POST", fmt.Sprintf("/api/v1/office-hours/%d/book", slot.ID), "")
	booked := decode[apiOfficeHour](t, code, b, 200)
	if !booked.Booked || booked.Booking == nil {
		t.Fatalf("booked: %s", b)
	}
	code, b = e.send(t, coord, "POST", base+"/desks", `{"name": "biORAKEL", "on_duty": 1, "slots": [{"weekday": 3, "starts": "14:00", "ends": "17:00", "place": "Kafeen"}], "mentors": ["90001"]}`)
	desk := decode[struct {
		ID int64 `json:"id"`
	}](t, code, b, 201)
	code, b = e.send(t, coord, "POST", fmt.Sprintf("/api/v1/desks/%d/rota", desk.ID), `{"from": "2026-08-10", "weeks": 1}`)
	shifts := decode[[]struct {
		ID int64 `json:"id"`
	}](t, code, b, 201)

	feed := func(tok, number string) *ics.Calendar {
		t.Helper()
		code, b := e.api(t, tok, "/api/v1/people/"+number+"/calendar")
		url := decode[map[string]string](t, code, b, 200)["url"]
		code, cal := e.fetchFeed(t, url)
		if code != 200 {
			t.Fatalf("feed of %s: %d", number, code)
		}
		return cal
	}
	uid := fmt.Sprintf("appointment-%d@mentorhub", booked.Booking.ID)
	for _, c := range []struct{ tok, number string }{{student, "100001"}, {mentor, "90001"}} {
		ev := eventByUID(feed(c.tok, c.number), uid)
		if ev == nil {
			t.Fatalf("%s's feed lacks %s", c.number, uid)
		}
		if got := prop(ev, ics.ComponentPropertyStatus); got != "CONFIRMED" {
			t.Errorf("%s: status %s", c.number, got)
		}
		if got := prop(ev, ics.ComponentPropertyLocation); got != "Rom 2" {
			t.Errorf("%s: location %q", c.number, got)
		}
	}
	mine := feed(mentor, "90001")
	if eventByUID(mine, fmt.Sprintf("office-hour-%d@mentorhub", slot.ID)) == nil {
		t.Error("the mentor's feed lacks the office hour")
	}
	if ev := eventByUID(mine, fmt.Sprintf("desk-shift-%d@mentorhub", shifts[0].ID)); ev == nil || !strings.Contains(prop(ev, ics.ComponentPropertySummary), "biORAKEL") {
		t.Errorf("the mentor's feed lacks the shift: %v", ev)
	}
	if eventByUID(feed(other, "100002"), uid) != nil {
		t.Error("another student's feed has the appointment")
	}

	code, b = e.send(t, student, "POST", fmt.Sprintf("/api/v1/office-hours/%d/cancel", slot.ID), "")
	if code != 200 {
		t.Fatalf("cancel: %d %s", code, b)
	}
	for _, c := range []struct{ tok, number string }{{student, "100001"}, {mentor, "90001"}} {
		ev := eventByUID(feed(c.tok, c.number), uid)
		if ev == nil || prop(ev, ics.ComponentPropertyStatus) != "CANCELLED" || prop(ev, ics.ComponentPropertySequence) != "1" {
			t.Errorf("%s's feed after cancelling: %v", c.number, ev)
		}
	}
}
