package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A student who opts out and straight back in sees her group again; one
// who comes back after the groups were formed anew is offered by the
// coordinator's move list, so she can be put in a group.
func TestOptOutAndBackInKeepsTheGroupAndTheMoveListOffersTheUnplaced(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.client(t)
	csrf := e.login(t, s, "student@demo.mentorhub.no")
	r, _ := s.Get(e.srv.URL + "/")
	page := body(t, r)
	pid := optOutForm(t, page)
	out := func() {
		t.Helper()
		if resp, _ := postForm(t, e, s, "/me/participations/"+pid+"/opt-out", url.Values{"csrf_token": {csrf}}); resp.StatusCode != 303 {
			t.Fatalf("opt out: %d", resp.StatusCode)
		}
	}
	in := func() {
		t.Helper()
		if resp, _ := postForm(t, e, s, "/me/participations/"+pid+"/opt-in", url.Values{"csrf_token": {csrf}}); resp.StatusCode != 303 {
			t.Fatalf("opt in: %d", resp.StatusCode)
		}
	}
	out()
	in()
	r, _ = s.Get(e.srv.URL + "/")
	if page = body(t, r); !strings.Contains(page, "Gruppa di:") {
		t.Fatal("out and straight back in, the student's page shows no group")
	}

	// Out again; the coordinator forms the groups anew; she comes back.
	out()
	c := e.client(t)
	ccsrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := strconv.FormatInt(e.demo.Programs["uib-mn-pilot"].ID, 10)
	v := url.Values{"csrf_token": {ccsrf}, "group_min": {"5"}, "group_max": {"12"}, "mentors_per_group": {"1"}, "seed": {"3"}, "replace": {"true"}}
	resp, b := postForm(t, e, c, "/programs/"+pilot+"/groups/preview", v)
	fp := regexp.MustCompile(`name="fingerprint" value="([0-9a-f]+)"`).FindStringSubmatch(b)
	if resp.StatusCode != 200 || fp == nil {
		t.Fatalf("preview: %d %.300s", resp.StatusCode, b)
	}
	v.Set("fingerprint", fp[1])
	if resp, b = postForm(t, e, c, "/programs/"+pilot+"/groups/accept", v); resp.StatusCode != 303 {
		t.Fatalf("accept: %d %.300s", resp.StatusCode, b)
	}
	in()
	r, _ = c.Get(e.srv.URL + "/programs/" + pilot + "/groups")
	page = body(t, r)
	sel := regexp.MustCompile(`(?s)<select id="move-student".*?</select>`).FindString(page)
	if !strings.Contains(sel, fmt.Sprintf(`<option value="%s">`, pid)) {
		t.Fatalf("the move list does not offer the student without a group (participant %s)", pid)
	}
	resp, _ = postForm(t, e, c, "/programs/"+pilot+"/groups/move", url.Values{"csrf_token": {ccsrf}, "student": {pid},
		"to_group": {regexp.MustCompile(`<select id="move-to" name="to_group" required><option value="(\d+)"`).FindStringSubmatch(page)[1]}, "force": {"true"}})
	if resp.StatusCode != 303 {
		t.Fatalf("placing her: %d", resp.StatusCode)
	}
	r, _ = s.Get(e.srv.URL + "/")
	if page = body(t, r); !strings.Contains(page, "Gruppa di:") {
		t.Error("placed by the coordinator, the student's page shows no group")
	}
}
