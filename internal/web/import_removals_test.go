package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A file holding two of the pilot's students would take every other one
// off the list and out of their group: the button counts those removals,
// the page says how many leave their groups, and the import waits for a
// second, explicit confirmation.
func TestAnImportRemovingManyCountsThemAndAsksAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	spec := "student_number,given_name,family_name,email,programme_code,cohort\n300001,Per,Hansen,per@example.no,BAMN-BIO,2026H\n300002,Kari,Hansen,kari@example.no,BAMN-BIO,2026H\n"
	code, b := upload(t, e, c, csrf, pilot, "students", "students.csv", []byte(spec))
	removed := regexp.MustCompile(`id="count-removed">(\d+)<`).FindStringSubmatch(b)
	draft := draftRE.FindStringSubmatch(b)
	if code != 200 || removed == nil || draft == nil {
		t.Fatalf("preview: %d %.300s", code, b)
	}
	n, _ := strconv.Atoi(removed[1])
	if n < 20 {
		t.Fatalf("the fixture removes only %d", n)
	}
	if want := fmt.Sprintf("Importer (%d endringer)", n+2); !strings.Contains(b, want) {
		t.Errorf("the button does not count the removals: want %q in %s", want, regexp.MustCompile(`(?s)<button type="submit" id="import-commit">.*?</button>`).FindString(b))
	}
	if !strings.Contains(b, `id="leaving-groups"`) || !strings.Contains(b, "tas ut av gruppene sine") {
		t.Error("the preview does not say how many leave their groups")
	}
	if !strings.Contains(b, `id="confirm-removals"`) {
		t.Error("no second confirmation is asked for")
	}
	path := fmt.Sprintf("/programs/%d/people/drafts/%s/commit", pilot, draft[1])
	r, b := postForm(t, e, c, path, url.Values{"csrf_token": {csrf}})
	if r.StatusCode != 422 || !strings.Contains(b, `id="confirm-removals-error"`) || !strings.Contains(b, fmt.Sprintf("Importen tar %d personer av lista", n)) {
		t.Fatalf("commit without the second confirmation: %d %.300s", r.StatusCode, b)
	}
	tok := e.token(t, "coordinator@demo.mentorhub.no")
	if _, b := e.api(t, tok, fmt.Sprintf("/api/v1/programs/%d/students", pilot)); strings.Contains(b, "300001") {
		t.Fatal("the unconfirmed import was applied")
	}
	if r, _ = postForm(t, e, c, path, url.Values{"csrf_token": {csrf}, "confirm_removals": {"true"}}); r.StatusCode != 303 {
		t.Fatalf("confirmed: %d", r.StatusCode)
	}
}
