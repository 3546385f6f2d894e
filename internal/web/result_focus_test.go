package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// takesFocus reports whether the element with id takes the focus when the
// page loads (autofocus on a focusable container).
func takesFocus(page, id string) bool {
	return regexp.MustCompile(`<div [^>]*tabindex="-1" autofocus id="` + id + `"`).MatchString(page)
}

// After a move, an accepted allocation or an import, the focus lands on
// the result message, and a move that breaks a rule puts it on the
// warning (with its confirm button right after), not at the top.
func TestResultsAndTheMoveWarningTakeTheFocus(t *testing.T) {
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
		return body(t, r)
	}
	for _, done := range []string{"allocated", "moved", "swapped"} {
		if b := get(fmt.Sprintf("/programs/%d/groups?done=%s", pilot, done)); !takesFocus(b, "groups-done") {
			t.Errorf("groups?done=%s: the result does not take the focus", done)
		}
	}
	if b := get(fmt.Sprintf("/programs/%d/people?done=students:3:1:0:600", pilot)); !takesFocus(b, "people-done") {
		t.Errorf("after an import the result does not take the focus")
	}

	// Move a student into a group of another study programme: the move
	// breaks a rule, and the warning takes the focus.
	sys := app.WithActor(context.Background(), app.SystemActor)
	gs, err := e.app.People.Groups(sys, pilot)
	if err != nil || len(gs) < 2 {
		t.Fatalf("groups: %v", err)
	}
	warned := false
	for _, from := range gs {
		for _, to := range gs {
			if warned || from.Programme == to.Programme || len(from.Students) == 0 {
				continue
			}
			r, b := postForm(t, e, c, fmt.Sprintf("/programs/%d/groups/move", pilot), url.Values{"csrf_token": {csrf},
				"student": {fmt.Sprint(from.Students[0].ParticipantID)}, "to_group": {fmt.Sprint(to.ID)}})
			if !strings.Contains(b, `id="move-warning"`) {
				t.Fatalf("moving a %s student into a %s group: %d, no warning", from.Programme, to.Programme, r.StatusCode)
			}
			warned = true
			if !takesFocus(b, "move-warning") {
				t.Errorf("the move warning does not take the focus")
			}
			if i, j := strings.Index(b, `id="move-warning"`), strings.Index(b, `id="move-anyway"`); j < i {
				t.Errorf("the confirm button is not inside the warning")
			}
		}
	}
	if !warned {
		t.Fatal("no move broke a rule")
	}
}
