package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Hours and pay without JavaScript: the coordinator sets the rates on the
// Pay tab; the demo mentor opens their month, adds hours and submits; the
// coordinator cannot return it without a comment, returns it with one,
// the mentor sees the comment and submits again, the coordinator approves,
// and the payroll download holds the amount computed here from the
// contract's formula.
func TestPayPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	tab, mine := "/programs/"+pilot+"/pay", "/me/programs/"+pilot+"/timesheet"
	type browser struct {
		c    *http.Client
		csrf string
	}
	open := func(email string) browser {
		c := e.client(t)
		return browser{c, e.login(t, c, email)}
	}
	get := func(b browser, path string) string {
		t.Helper()
		r, err := b.c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		s := body(t, r)
		if r.StatusCode != 200 {
			t.Fatalf("GET %s: %d %.300s", path, r.StatusCode, s)
		}
		return s
	}
	post := func(b browser, path string, form url.Values, want int) string {
		t.Helper()
		form.Set("csrf_token", b.csrf)
		r, err := b.c.PostForm(e.srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		s := body(t, r)
		if r.StatusCode != want {
			t.Fatalf("POST %s %v: %d, want %d: %.600s", path, form, r.StatusCode, want, s)
		}
		return s
	}
	coord, mentor := open("coordinator@demo.mentorhub.no"), open("mentor@demo.mentorhub.no")
	if s := get(mentor, "/"); !strings.Contains(s, `href="`+mine+`"`) {
		t.Error("the mentor's dashboard does not link to their timesheet")
	}
	if s := get(mentor, mine); !strings.Contains(s, `id="no-rates"`) || strings.Contains(s, `id="timesheet-form"`) {
		t.Fatal("a timesheet form before the program has rates")
	}
	refused := post(coord, tab+"/rates", url.Values{"hourly": {"tohundre"}}, 422)
	if !strings.Contains(refused, `id="pay-problem"`) || !strings.Contains(refused, `value="tohundre"`) {
		t.Errorf("refused rates: %.500s", refused)
	}
	post(coord, tab+"/rates", url.Values{"hourly": {"212,75"}, "item_reports": {"120"}, "training_paid": {"on"}}, 303)

	s := get(mentor, mine+"?month=2026-08")
	for _, want := range []string{`id="timesheet-form"`, `<label for="hours-sessions">Mentormøter</label>`, `id="items-reports"`, "kr 212,75"} {
		if !strings.Contains(s, want) {
			t.Errorf("the mentor's month lacks %s", want)
		}
	}
	form := url.Values{"month": {"2026-08"}, "hours_sessions": {"6"}, "hours_preparation": {"2,5"}, "hours_reports": {"1,25"}, "items_reports": {"2"}}
	bad := url.Values{"month": {"2026-08"}, "hours_sessions": {"1,3"}}
	if s := post(mentor, mine, bad, 422); !strings.Contains(s, `id="error-sessions"`) || !strings.Contains(s, `value="1,3"`) {
		t.Errorf("a bad line is not marked: %.600s", s)
	}
	post(mentor, mine, form, 303)

	s = get(coord, tab+"?month=2026-08")
	id := regexp.MustCompile(`name="timesheet" value="(\d+)"`).FindStringSubmatch(s)
	if id == nil {
		t.Fatalf("the Pay tab does not offer the timesheet: %.300s", s)
	}
	post(coord, tab+"/decide", url.Values{"timesheet": {id[1]}, "decision": {"return"}}, 422)
	post(coord, tab+"/decide", url.Values{"timesheet": {id[1]}, "decision": {"return"}, "comment": {"Rapportene var tre, ikke to."}}, 303)
	if s := get(mentor, mine+"?month=2026-08"); !strings.Contains(s, "Rapportene var tre, ikke to.") || !strings.Contains(s, `id="timesheet-form"`) {
		t.Fatal("the returned timesheet's comment or the form to submit again is missing")
	}
	form.Set("items_reports", "3")
	post(mentor, mine, form, 303)
	s = get(coord, tab+"?month=2026-08")
	id = regexp.MustCompile(`name="timesheet" value="(\d+)"`).FindStringSubmatch(s)
	post(coord, tab+"/decide", url.Values{"timesheet": {id[1]}, "decision": {"approve"}}, 303)

	// (6 + 2.5 + 1.25) h × 212.75 + 3 × 120 = 2074.3125 + 360 = 2434.3125 → 2434.31
	s = get(coord, tab+"?month=2026-08")
	if !strings.Contains(s, "<strong id=\"payroll-total\">kr 2\u00a0434,31</strong>") {
		t.Errorf("the payroll total: %.300s", s[strings.Index(s, `id="payroll"`):])
	}
	r, err := coord.c.Get(e.srv.URL + tab + "/payroll/csv?month=2026-08")
	if err != nil {
		t.Fatal(err)
	}
	raw := body(t, r)
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\uFEFF")))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil || len(recs) != 2 || recs[1][len(recs[1])-1] != "2434.31" || recs[1][1] != "90001" {
		t.Fatalf("the payroll CSV: %q %v", recs, err)
	}
}
