package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
)

// Recruiting without JavaScript: the coordinator posts positions (a form
// without a title is refused); a student applies on the public page
// without logging in (a refused form keeps what was written and names its
// fields); the coordinator scores the application, offers, records the
// acceptance and hires — and the applicant is in the pilot's mentor list.
func TestRecruitingPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	tab := "/programs/" + strconv.FormatInt(pilot, 10) + "/recruit"
	coord := e.client(t)
	csrf := e.login(t, coord, "coordinator@demo.mentorhub.no")
	posting := url.Values{"title": {""}, "positions": {"3"}, "starts_on": {"2026-08-20"}, "ends_on": {"2027-06-15"}, "hourly": {"187,50"}, "deadline": {"2026-08-31"}}
	if s := e.submit(t, coord, csrf, tab+"/postings", posting, 422); !strings.Contains(s, `id="recruit-problem"`) {
		t.Errorf("a posting without a title: %.400s", s)
	}
	posting.Set("title", "Mentorer til tematiske mentorgrupper")
	posting.Set("role", "Du leder en gruppe annenhver uke og får opplæring i august.")
	e.submit(t, coord, csrf, tab+"/postings", posting, 303)
	id := regexp.MustCompile(`href="/recruit/(\d+)"`).FindStringSubmatch(e.open(t, coord, tab))
	if id == nil {
		t.Fatal("the tab does not link to the posting's public page")
	}

	anon := e.client(t)
	page := "/recruit/" + id[1]
	s := e.open(t, anon, page)
	for _, want := range []string{"Mentorer til tematiske mentorgrupper", "Du leder en gruppe annenhver uke", `id="apply-form"`, `name="slot" value="tue10"`} {
		if !strings.Contains(s, want) {
			t.Errorf("the public page lacks %s", want)
		}
	}
	bad := url.Values{"given_name": {"Ada"}, "email": {"ada@"}, "motivation": {"Jeg <b>vil</b> bli mentor."}, "slot": {"tue10", "sun10"}}
	refused := e.submit(t, anon, "", page, bad, 422)
	for _, want := range []string{`id="apply-errors"`, `id="apply-email-error"`, `id="apply-family_name-error"`, `value="Ada"`, "Jeg &lt;b&gt;vil&lt;/b&gt; bli mentor.", `value="tue10" checked`} {
		if !strings.Contains(refused, want) {
			t.Errorf("the refused application lacks %s", want)
		}
	}
	good := url.Values{"given_name": {"Ada"}, "family_name": {"Lunde"}, "email": {"ada.lunde@student.uib.no"}, "student_number": {"777001"},
		"programme_code": {"BAMN-BIO"}, "cohort": {"2024H"}, "motivation": {"Jeg husker hva mentoren min betydde."}, "slot": {"tue10", "thu14"}}
	e.submit(t, anon, "", page, good, 303)
	if s := e.open(t, anon, page+"?done=1"); !strings.Contains(s, `id="apply-done"`) {
		t.Error("no receipt after applying")
	}
	// A second applicant attaches a CV (a multipart form, as a browser sends it).
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"given_name": "Jonas", "family_name": "Aasen", "email": "jonas@student.uib.no", "student_number": "777002",
		"motivation": "Jeg har ledet kollokviegrupper."} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("cv", "Jonas CV.pdf")
	fw.Write([]byte("%PDF-1.4\n%%EOF\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+page, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if r, err := anon.Do(req); err != nil || r.StatusCode != http.StatusSeeOther {
		t.Fatalf("an application with a CV: %v %v", r, err)
	}

	s = e.open(t, coord, tab+"?posting="+id[1])
	appl := regexp.MustCompile(`id="application-(\d+)"`).FindStringSubmatch(s)
	if appl == nil || !strings.Contains(s, "Ada Lunde") {
		t.Fatalf("the application is not listed: %.300s", s)
	}
	cv := regexp.MustCompile(`href="(/programs/\d+/recruit/cv/\d+)"`).FindStringSubmatch(s)
	if cv == nil {
		t.Fatal("no CV to download")
	}
	if r, err := coord.Get(e.srv.URL + cv[1]); err != nil || r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(body(t, r), "%PDF-") {
		t.Errorf("the CV download: %v %v", r, err)
	}
	act := func(form url.Values) {
		t.Helper()
		form.Set("application", appl[1])
		form.Set("posting", id[1])
		e.submit(t, coord, csrf, tab+"/act", form, 303)
	}
	act(url.Values{"action": {"review"}, "score": {"4"}, "comment": {"Tydelig motivasjon."}})
	act(url.Values{"action": {"decide"}, "state": {"offered"}})
	act(url.Values{"action": {"decide"}, "state": {"accepted"}})
	act(url.Values{"action": {"hire"}})
	if s := e.open(t, coord, tab+"?posting="+id[1]); !strings.Contains(s, "Tydelig motivasjon.") || !strings.Contains(s, ">Ansatt<") ||
		!strings.Contains(s, "<li>2027V: 1 kontrakt går ut</li>") {
		t.Errorf("the hired application: %.400s", s[strings.Index(s, `id="applications"`):])
	}
	ms, err := e.app.People.Participants(app2sys(), pilot, people.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ms, func(m people.Participant) bool { return m.ExternalID == "777001" && m.Placeable() }) {
		t.Error("the hired applicant is not in the pilot's mentor list")
	}
}

func app2sys() context.Context { return app.WithActor(context.Background(), app.SystemActor) }
