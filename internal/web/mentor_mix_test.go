package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// The medical program pairs an outside doctor with a senior student in
// every group: the demo forms its groups that way, the API and the Groups
// tab take the same mentor mix as `mentorhub allocate --mentor-mix`, and a
// bad mix is refused naming the field.
func TestMentorMixInTheDemoTheAPIAndTheGroupsTab(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "admin@demo.mentorhub.no") // the institution's admin runs every program
	med := e.demo.Programs["uib-med-mentor"].ID
	base := fmt.Sprintf("/api/v1/programs/%d", med)

	kinds := mentorKinds(t, e, coord, base)
	code, b := e.api(t, coord, base+"/groups")
	if code != 200 {
		t.Fatalf("groups: %d %s", code, b)
	}
	var stored []allocate.Group
	if err := json.Unmarshal([]byte(b), &stored); err != nil || len(stored) == 0 {
		t.Fatalf("the demo's medical program has no groups: %v %.200s", err, b)
	}
	onePerKind := func(gs []allocate.Group) {
		t.Helper()
		for _, g := range gs {
			var got []string
			for _, m := range g.Mentors {
				got = append(got, kinds[m])
			}
			if len(got) != 2 || !(got[0] == "external" && got[1] == "senior_student" || got[1] == "external" && got[0] == "senior_student") {
				t.Fatalf("group %s has mentors of kinds %v, want one external and one senior student", g.ID, got)
			}
		}
	}
	onePerKind(stored)

	// API: the same mix in a dry run; a bad mix is a 422 naming mentor_mix.
	code, b = e.send(t, coord, "POST", base+"/allocations", `{"group_min": 6, "group_max": 8, "mentors_per_group": 2, "mentor_mix": "external+senior_student", "seed": 9, "dry_run": true, "replace": true}`)
	var dry allocate.Result
	if code != 200 || json.Unmarshal([]byte(b), &dry) != nil || len(dry.Groups) == 0 {
		t.Fatalf("dry run with a mix: %d %.300s", code, b)
	}
	onePerKind(dry.Groups)
	for _, bad := range []string{"external", "external+surgeon", "external+senior_student+alumni", "external++senior_student"} {
		code, b = e.send(t, coord, "POST", base+"/allocations", `{"group_min": 6, "group_max": 8, "mentors_per_group": 2, "mentor_mix": "`+bad+`", "dry_run": true}`)
		if code != 422 || !strings.Contains(b, `"column": "mentor_mix"`) {
			t.Fatalf("mix %q: %d %s", bad, code, b)
		}
	}

	// Groups tab: the form keeps the mix into the preview; a bad one is
	// shown by the field.
	c := e.client(t)
	csrf := e.login(t, c, "admin@demo.mentorhub.no")
	id := strconv.FormatInt(med, 10)
	v := url.Values{"csrf_token": {csrf}, "group_min": {"6"}, "group_max": {"8"}, "mentors_per_group": {"2"}, "seed": {"4"},
		"replace": {"true"}, "mentor_mix": {"external + senior_student"}}
	resp, page := postForm(t, e, c, "/programs/"+id+"/groups/preview", v)
	if resp.StatusCode != 200 || !strings.Contains(page, `name="mentor_mix" value="external&#43;senior_student"`) || !strings.Contains(page, `id="coverage-explained"`) {
		t.Fatalf("preview with a mix: %d %.400s", resp.StatusCode, page)
	}
	v.Set("mentor_mix", "external+doctor")
	resp, page = postForm(t, e, c, "/programs/"+id+"/groups/preview", v)
	if resp.StatusCode != 422 || !strings.Contains(page, `id="err-mentor_mix"`) {
		t.Fatalf("preview with a bad mix: %d %.400s", resp.StatusCode, page)
	}
}

// mentorKinds reads a program's mentors through the API: id → kind.
func mentorKinds(t *testing.T, e *env, tok, base string) map[string]string {
	t.Helper()
	code, b := e.api(t, tok, base+"/mentors")
	if code != 200 {
		t.Fatalf("mentors: %d %s", code, b)
	}
	var list []struct {
		ID   string `json:"id"`
		Kind string `json:"kind"`
	}
	var wrapped struct {
		Mentors []struct {
			ID   string `json:"id"`
			Kind string `json:"kind"`
		} `json:"mentors"`
	}
	if json.Unmarshal([]byte(b), &list) != nil {
		if err := json.Unmarshal([]byte(b), &wrapped); err != nil {
			t.Fatalf("mentors: %v %.200s", err, b)
		}
		list = wrapped.Mentors
	}
	out := map[string]string{}
	for _, m := range list {
		out[m.ID] = m.Kind
	}
	if len(out) == 0 {
		t.Fatalf("no mentors in %.200s", b)
	}
	return out
}
