package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// "Bytt en mentor" first asks for the group, then offers its mentors to
// leave and only available mentors not in it to come in; a wrong pick
// answers with the groups page and a message in the reader's language.
func TestSwapAMentorOffersOnlyFittingMentorsAndAWrongPickIsSaid(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	get := func(path string) string {
		t.Helper()
		r, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
		return body(t, r)
	}
	page := get(fmt.Sprintf("/programs/%d/groups", pilot))
	groupsRE := regexp.MustCompile(`(?s)<select id="swap-group".*?</select>`)
	groupIDs := regexp.MustCompile(`value="(\d+)"`).FindAllStringSubmatch(groupsRE.FindString(page), -1)
	if len(groupIDs) < 2 || strings.Contains(page, `id="swap-old"`) {
		t.Fatalf("%d groups", len(groupIDs))
	}
	opts := func(page, id string) []string {
		sel := regexp.MustCompile(`(?s)<select id="` + id + `".*?</select>`).FindString(page)
		var out []string
		for _, m := range regexp.MustCompile(`value="(\d+)"`).FindAllStringSubmatch(sel, -1) {
			out = append(out, m[1])
		}
		return out
	}
	g0 := get(fmt.Sprintf("/programs/%d/groups?swap=%s", pilot, groupIDs[0][1]))
	old0, new0 := opts(g0, "swap-old"), opts(g0, "swap-new")
	if len(old0) == 0 || len(new0) == 0 {
		t.Fatalf("the second step offers %d leaving, %d coming", len(old0), len(new0))
	}
	in0 := map[string]bool{}
	for _, m := range old0 {
		in0[m] = true
	}
	for _, n := range new0 {
		if in0[n] {
			t.Errorf("mentor %s of the group is offered to come into it", n)
		}
	}
	wrong := ""
	for _, gid := range groupIDs[1:] {
		for _, o := range opts(get(fmt.Sprintf("/programs/%d/groups?swap=%s", pilot, gid[1])), "swap-old") {
			if !in0[o] && wrong == "" {
				wrong = o
			}
		}
		if wrong != "" {
			break
		}
	}
	if wrong == "" {
		t.Fatal("no mentor of another group is outside the first")
	}
	// A wrong pick: the leaving mentor is of another group.
	r, b := postForm(t, e, c, fmt.Sprintf("/programs/%d/groups/move", pilot), url.Values{"csrf_token": {csrf},
		"group": {groupIDs[0][1]}, "old_mentor": {wrong}, "new_mentor": {new0[0]}})
	if r.StatusCode != 422 || !strings.Contains(b, `id="move-error"`) || !strings.Contains(b, "er ikke mentor i den gruppa") ||
		!strings.Contains(b, `id="swap-old"`) {
		t.Fatalf("a wrong pick: %d %.300s", r.StatusCode, b)
	}
	// A group that is not there.
	r, b = postForm(t, e, c, fmt.Sprintf("/programs/%d/groups/move", pilot), url.Values{"csrf_token": {csrf},
		"group": {"999999"}, "old_mentor": {old0[0]}, "new_mentor": {new0[0]}})
	if r.StatusCode != 422 || !strings.Contains(b, "Den gruppa finnes ikke") {
		t.Fatalf("no such group: %d", r.StatusCode)
	}
	if b := get(fmt.Sprintf("/programs/%d/groups?swap=999999", pilot)); !strings.Contains(b, "Den gruppa finnes ikke") {
		t.Error("choosing no such group says nothing")
	}
	// The right pick goes through (confirmed if it breaks a rule).
	r, _ = postForm(t, e, c, fmt.Sprintf("/programs/%d/groups/move", pilot), url.Values{"csrf_token": {csrf},
		"group": {groupIDs[0][1]}, "old_mentor": {old0[0]}, "new_mentor": {new0[0]}, "force": {"true"}})
	if r.StatusCode != 303 {
		t.Fatalf("swap: %d", r.StatusCode)
	}
}
