package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/sessionplan"
)

// A coordinator plans the year from the pilot's template: every group at
// its meeting slot, every second week from week 34, not in week 40, the
// six themes in order in the coordinator's language; a bad plan creates
// nothing.
func TestAPlanGivesEveryGroupItsSessionsAtItsSlot(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	base := "/api/v1/programs/" + pilot

	if code, b := e.send(t, coord, "POST", base+"/plans", `{"template": "pilot", "from_week": 34, "every_weeks": 2, "count": 6, "groups": [999999]}`); code != 422 {
		t.Errorf("a plan naming a group of no one: %d %s", code, b)
	}
	if code, b := e.api(t, coord, base+"/sessions"); code != 200 || strings.TrimSpace(b) != "[]" {
		t.Fatalf("a refused plan left sessions: %d %.300s", code, b)
	}

	req, _ := http.NewRequest("POST", e.srv.URL+base+"/plans", strings.NewReader(`{"template": "pilot", "from_week": 34, "every_weeks": 2, "count": 6, "skip_weeks": [40], "location": "Realfagbygget"}`))
	req.Header.Set("Authorization", "Bearer "+coord)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "nn")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res := decode[struct {
		Sessions, Groups int
	}](t, r.StatusCode, body(t, r), 201)

	code, b := e.api(t, coord, base+"/groups")
	groups := decode[[]struct {
		ID   int64  `json:"group_id"`
		Slot string `json:"meeting_slot"`
	}](t, code, b, 200)
	if res.Groups != len(groups) || res.Sessions != 6*len(groups) {
		t.Fatalf("planned %d sessions for %d groups; the year has %d groups", res.Sessions, res.Groups, len(groups))
	}
	code, b = e.api(t, coord, base+"/sessions")
	var ss []struct {
		GroupID  int64     `json:"group_id"`
		Title    string    `json:"title"`
		StartsAt time.Time `json:"starts_at"`
		Location string    `json:"location"`
	}
	if code != 200 || json.Unmarshal([]byte(b), &ss) != nil {
		t.Fatalf("sessions: %d %.300s", code, b)
	}
	nn := i18n.MustLoad().Printer("nn")
	tpl, _ := sessionplan.TemplateByID("pilot")
	oslo, _ := time.LoadLocation("Europe/Oslo")
	days := map[string]time.Weekday{"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday}
	for _, g := range groups {
		var mine []int
		for _, s := range ss {
			if s.GroupID != g.ID {
				continue
			}
			local := s.StartsAt.In(oslo)
			_, w := local.ISOWeek()
			hour, _ := strconv.Atoi(g.Slot[3:])
			if local.Weekday() != days[g.Slot[:3]] || local.Hour() != hour || local.Minute() != 0 {
				t.Errorf("group %d (slot %s) meets %v", g.ID, g.Slot, local)
			}
			if s.Location != "Realfagbygget" {
				t.Errorf("location %q", s.Location)
			}
			if th := tpl.Themes[len(mine)]; s.Title != th.Title(nn) {
				t.Errorf("meeting %d of group %d: %q, want the theme %q in nynorsk", len(mine)+1, g.ID, s.Title, th.Title(nn))
			}
			mine = append(mine, w)
		}
		if want := []int{34, 36, 38, 42, 44, 46}; fmtInts(mine) != fmtInts(want) {
			t.Errorf("group %d meets in weeks %v, want %v", g.ID, mine, want)
		}
	}
}

func fmtInts(xs []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(x))
	}
	b.WriteByte(']')
	return b.String()
}
