package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// rankChoice is the mentor preselected in the apply form's wish n.
func rankChoice(page string, n int) string {
	sel := regexp.MustCompile(fmt.Sprintf(`(?s)<select id="rank%d".*?</select>`, n)).FindString(page)
	m := regexp.MustCompile(`<option value="([^"]+)" selected>`).FindStringSubmatch(sel)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestApplicationRefusesOneMentorTwiceAndCanBeSeenChangedAndWithdrawn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alumni := e.demo.Programs["uib-alumni"].ID
	path := fmt.Sprintf("/me/programs/%d/apply", alumni)
	s := e.client(t)
	csrf := e.login(t, s, "student@demo.mentorhub.no")
	form := func(kv ...string) url.Values {
		v := url.Values{"csrf_token": {csrf}, "programme": {"BAMN-BIO"}, "field": {"biology"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}

	// The same mentor as wish 1 and wish 2: refused, in Norwegian, naming
	// wish 2 and linking to its field; nothing is stored.
	resp, b := postForm(t, e, s, path, form("rank1", "alum-01", "rank2", "alum-01", "motivation", "Keep what I wrote."))
	if resp.StatusCode != 422 || !strings.Contains(b, "Ønske 2 er samme mentor som ønske 1") || !strings.Contains(b, `href="#rank2"`) {
		t.Fatalf("the same mentor twice: %d %.400s", resp.StatusCode, b)
	}
	if rankChoice(b, 1) != "alum-01" || rankChoice(b, 2) != "alum-01" || !strings.Contains(b, "Keep what I wrote.") || !strings.Contains(b, `value="BAMN-BIO"`) {
		t.Errorf("the refused form lost what was sent: %q %q", rankChoice(b, 1), rankChoice(b, 2))
	}
	if !strings.Contains(b, `name="rank2" aria-invalid="true"`) || strings.Contains(b, `name="rank1" aria-invalid`) {
		t.Error("the refused form does not mark wish 2 (and only it) as invalid")
	}
	r, _ := s.Get(e.srv.URL + "/")
	if page := body(t, r); strings.Contains(page, "/apply/withdraw") {
		t.Fatal("a refused application was stored")
	}

	if resp, b = postForm(t, e, s, path, form("rank1", "alum-01", "rank2", "alum-02")); resp.StatusCode != 303 {
		t.Fatalf("apply: %d %.300s", resp.StatusCode, b)
	}
	// The student's page shows the application with a way to see, change
	// and withdraw it.
	r, _ = s.Get(e.srv.URL + "/")
	page := body(t, r)
	for _, want := range []string{"Søknaden din venter på svar", "2 mentorønsker", path + "#application", path + "/withdraw"} {
		if !strings.Contains(page, want) {
			t.Errorf("the student's page lacks %q", want)
		}
	}
	// The apply page shows it, with the wishes chosen.
	r, _ = s.Get(e.srv.URL + path)
	page = body(t, r)
	if !strings.Contains(page, "Søknaden din") || !strings.Contains(page, "Hilde Brekke") || rankChoice(page, 1) != "alum-01" || rankChoice(page, 2) != "alum-02" {
		t.Errorf("the apply page does not show the application: %q %q", rankChoice(page, 1), rankChoice(page, 2))
	}
	// Changing it.
	if resp, b = postForm(t, e, s, path, form("rank1", "alum-03", "motivation", "Changed my mind.")); resp.StatusCode != 303 {
		t.Fatalf("change: %d %.300s", resp.StatusCode, b)
	}
	r, _ = s.Get(e.srv.URL + path)
	page = body(t, r)
	if rankChoice(page, 1) != "alum-03" || rankChoice(page, 2) != "" || !strings.Contains(page, "Changed my mind.") {
		t.Errorf("the change was not kept: %q %q", rankChoice(page, 1), rankChoice(page, 2))
	}
	// Withdrawing it needs the CSRF token.
	if resp, _ = postForm(t, e, s, path+"/withdraw", url.Values{}); resp.StatusCode != 403 {
		t.Errorf("withdraw without a token: %d", resp.StatusCode)
	}
	if resp, b = postForm(t, e, s, path+"/withdraw", url.Values{"csrf_token": {csrf}}); resp.StatusCode != 303 {
		t.Fatalf("withdraw: %d %.300s", resp.StatusCode, b)
	}
	r, _ = s.Get(e.srv.URL + "/?done=withdrawn")
	page = body(t, r)
	if strings.Contains(page, path+"/withdraw") || !strings.Contains(page, "Søknaden din er trukket") || !strings.Contains(page, `href="`+path+`"`) {
		t.Error("after withdrawing, the student's page does not offer to apply again")
	}
	// The coordinator no longer sees it; the student may apply again.
	admin := e.client(t)
	e.login(t, admin, "admin@demo.mentorhub.no")
	r, _ = admin.Get(fmt.Sprintf("%s/programs/%d/applications", e.srv.URL, alumni))
	if page = body(t, r); strings.Contains(page, "Changed my mind.") {
		t.Error("a withdrawn application is still listed")
	}
	if resp, _ = postForm(t, e, s, path, form("rank1", "alum-02")); resp.StatusCode != 303 {
		t.Errorf("applying again: %d", resp.StatusCode)
	}
	// Another person's withdraw cannot touch it (the id is the program's;
	// the application is always the actor's own).
	other := e.client(t)
	ocsrf := e.login(t, other, "coordinator@demo.mentorhub.no")
	if resp, _ = postForm(t, e, other, path+"/withdraw", url.Values{"csrf_token": {ocsrf}}); resp.StatusCode != 404 {
		t.Errorf("someone else withdrew: %d", resp.StatusCode)
	}
	r, _ = s.Get(e.srv.URL + "/")
	if page = body(t, r); !strings.Contains(page, path+"/withdraw") {
		t.Error("the application is gone after someone else tried to withdraw it")
	}
}
