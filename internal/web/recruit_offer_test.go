package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// Positions per study programme, without JavaScript: the coordinator's
// form has several rows (a bad row is named by its number and programme,
// and what was written is kept); the public page lists the rows and
// offers their programmes to choose from; the applications view counts
// offers per row and warns when they exceed a row's positions.
func TestPostingRowsPerProgramme(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	tab := "/programs/" + strconv.FormatInt(pilot, 10) + "/recruit"
	coord := e.client(t)
	csrf := e.login(t, coord, "coordinator@demo.mentorhub.no")
	if s := e.open(t, coord, tab); !strings.Contains(s, `id="posting-programme_code-5"`) || !strings.Contains(s, `<option value="BAMN-KJEM">`) {
		t.Fatal("the posting form has no rows of study programmes to choose from")
	}
	form := url.Values{"title": {"Mentorer per program"}, "starts_on": {"2026-09-01"}, "ends_on": {"2027-06-15"}, "hourly": {"200"}, "deadline": {"2026-08-31"},
		"programme_code": {"BAMN-BIO", "BAMN-BIO", "<i>NOPE</i>", "", ""}, "positions": {"2", "1", "1", "", ""}}
	s := e.submit(t, coord, csrf, tab+"/postings", form, 422)
	for _, want := range []string{"Rad 2 (BAMN-BIO)", "Rad 3 (&lt;i&gt;NOPE&lt;/i&gt;)", `<option value="&lt;i&gt;NOPE&lt;/i&gt;" selected>`, `id="posting-positions-2" name="positions" value="1"`} {
		if !strings.Contains(s, want) {
			t.Errorf("the refused posting lacks %s", want)
		}
	}
	if strings.Contains(s, "<i>NOPE") {
		t.Error("the bad programme is not escaped")
	}
	form["programme_code"] = []string{"BAMN-BIO", "BAMN-KJEM", "", "", ""}
	form["positions"] = []string{"2", "1", "1", "", ""}
	e.submit(t, coord, csrf, tab+"/postings", form, 303)
	id := regexp.MustCompile(`href="/recruit/(\d+)"`).FindStringSubmatch(e.open(t, coord, tab))
	if id == nil {
		t.Fatal("no posting")
	}

	anon := e.client(t)
	page := "/recruit/" + id[1]
	s = e.open(t, anon, page)
	for _, want := range []string{"<li>2 stillinger: Bachelorprogram i biologi (BAMN-BIO)</li>", "<li>1 stilling: Bachelorprogram i kjemi (BAMN-KJEM)</li>", "<li>1 stilling: Alle studieprogram</li>",
		`<select id="apply-programme_code" name="programme_code">`, `<option value="BAMN-KJEM">Bachelorprogram i kjemi (BAMN-KJEM)</option>`, `<option value="BAMN-MAT">Bachelorprogram i matematikk (BAMN-MAT)</option>`} {
		if !strings.Contains(s, want) {
			t.Errorf("the public page lacks %s", want)
		}
	}
	for i := range 3 {
		e.submit(t, anon, "", page, url.Values{"given_name": {"Ada"}, "family_name": {fmt.Sprint(i)}, "email": {fmt.Sprintf("a%d@student.uib.no", i)},
			"student_number": {fmt.Sprint(770010 + i)}, "programme_code": {"BAMN-BIO"}, "motivation": {"Jeg vil."}}, 303)
	}
	s = e.open(t, coord, tab+"?posting="+id[1])
	for _, m := range regexp.MustCompile(`id="application-(\d+)"`).FindAllStringSubmatch(s, -1) {
		e.submit(t, coord, csrf, tab+"/act", url.Values{"application": {m[1]}, "posting": {id[1]}, "action": {"decide"}, "state": {"offered"}}, 303)
	}
	s = e.open(t, coord, tab+"?posting="+id[1])
	row := regexp.MustCompile(`<tr class="warn"><th scope="row">BAMN-BIO</th><td class="num">2</td><td class="num">3</td><td class="num">0</td><td class="num">0`)
	if !row.MatchString(s) || !strings.Contains(s, `id="over-BAMN-BIO"`) || strings.Contains(s, `id="over-BAMN-KJEM"`) ||
		!strings.Contains(s, `<tr><th scope="row">BAMN-KJEM</th><td class="num">1</td><td class="num">0</td>`) {
		i := strings.Index(s, `id="tally-table"`)
		t.Errorf("the counts per programme: %.900s", s[max(i, 0):])
	}
}

// An offer reaches the applicant by e-mail (a River job, a real SMTP
// server) with a link; the page of the link shows the offer, with what
// others typed escaped; accepting moves the application to accepted, for
// the coordinator to see; a second answer is told it was answered, and an
// unknown link is not found.
func TestOfferMailAndAnswer(t *testing.T) {
	t.Parallel()
	e, smtp := newMailEnv(t)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	tab := "/programs/" + strconv.FormatInt(pilot, 10) + "/recruit"
	sys := app.WithActor(context.Background(), app.SystemActor)
	p, err := e.app.Recruit.CreatePosting(sys, pilot, recruit.PostingDraft{Title: `Mentorer <script>alert(1)</script>`, Role: "Leder <b>grupper</b>.",
		ProgrammeCode: "BAMN-BIO", Positions: 2, StartsOn: testutil.Epoch.Add(20 * 24 * time.Hour), EndsOn: testutil.Epoch.Add(300 * 24 * time.Hour),
		Deadline: testutil.Epoch.Add(72 * time.Hour), Hourly: 187.5})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.app.Recruit.Apply(context.Background(), p.ID, recruit.Application{GivenName: "Ada", FamilyName: "Lunde", Email: "ada.offer@student.uib.no",
		StudentNumber: "779001", Motivation: "Jeg vil."})
	if err != nil {
		t.Fatal(err)
	}
	coord := e.client(t)
	csrf := e.login(t, coord, "coordinator@demo.mentorhub.no")
	posting := strconv.FormatInt(p.ID, 10)
	e.submit(t, coord, csrf, tab+"/act", url.Values{"application": {strconv.FormatInt(a.ID, 10)}, "posting": {posting}, "action": {"decide"}, "state": {"offered"}}, 303)

	var got string
	for _, m := range smtp.Wait(t, 1) {
		if m.To[0].Address == "ada.offer@student.uib.no" {
			got = m.Text
		}
	}
	link := regexp.MustCompile(`https://mentor\.uib\.example\.no(/recruit/offer/[A-Za-z0-9_-]{43})\b`).FindStringSubmatch(got)
	if link == nil || !strings.Contains(got, "BAMN-BIO") {
		t.Fatalf("the offer mail has no link:\n%s", got)
	}
	anon := e.client(t)
	s := e.open(t, anon, link[1])
	for _, want := range []string{"Mentorer &lt;script&gt;alert(1)&lt;/script&gt;", "Leder &lt;b&gt;grupper&lt;/b&gt;.", `id="offer-form"`, `value="accept"`, `value="decline"`, "BAMN-BIO"} {
		if !strings.Contains(s, want) {
			t.Errorf("the offer page lacks %s", want)
		}
	}
	if strings.Contains(s, "<script>alert") {
		t.Error("the posting's title is not escaped")
	}
	e.submit(t, anon, "", link[1], url.Values{"answer": {"accept"}}, 303)
	if s := e.open(t, anon, link[1]+"?done=accepted"); !strings.Contains(s, `id="offer-done"`) || strings.Contains(s, `id="offer-form"`) {
		t.Error("no receipt after accepting")
	}
	if s := e.submit(t, anon, "", link[1], url.Values{"answer": {"decline"}}, 409); !strings.Contains(s, `id="offer-answered"`) {
		t.Errorf("a second answer: %.300s", s)
	}
	if s := e.open(t, coord, tab+"?posting="+posting); !strings.Contains(s, `<span class="badge">Takket ja</span>`) || !strings.Contains(s, `value="hire"`) {
		t.Error("the coordinator does not see the acceptance")
	}
	_, as, err := e.app.Recruit.Applications(sys, p.ID)
	if err != nil || as[0].State != recruit.Accepted {
		t.Fatalf("the application after accepting: %+v %v", as, err)
	}
	if code, _ := e.get(t, anon, "/recruit/offer/"+strings.Repeat("A", 43)); code != 404 {
		t.Errorf("an unknown link: %d", code)
	}
	if code, _ := e.post(t, anon, "/recruit/offer/"+strings.Repeat("A", 43), url.Values{"answer": {"accept"}}); code != 404 {
		t.Errorf("answering by an unknown link: %d", code)
	}
	// The answer is audited (as the application is: by nobody logged in,
	// in the posting's institution, where its admins see it), naming the
	// posting and the application by number only.
	es, err := e.app.Repos.Auth.FindAudit(context.Background(), auth.AuditFilter{Action: "recruit.answer", Limit: 10})
	if err != nil || len(es) != 1 || es[0].Outcome != recruit.Accepted || es[0].Target != posting || es[0].Details != strconv.FormatInt(a.ID, 10) ||
		es[0].InstitutionID != e.demo.Institution.ID || es[0].AccountID != 0 {
		t.Errorf("the audit of the answer: %+v %v", es, err)
	}
	if es, err := e.app.Repos.Auth.FindAudit(context.Background(), auth.AuditFilter{Action: "recruit.apply", Limit: 10}); err != nil || len(es) == 0 || es[0].InstitutionID != e.demo.Institution.ID {
		t.Errorf("the audit of the application: %+v %v", es, err)
	}
	// Answers by a link are limited per client: the answered offer's
	// link, posted again and again, is refused before long.
	limited := false
	for range 30 {
		if code, _ := e.post(t, anon, link[1], url.Values{"answer": {"decline"}}); code == 429 {
			limited = true
			break
		} else if code != 409 {
			t.Fatalf("answering again: %d", code)
		}
	}
	if !limited {
		t.Error("30 answers from one client by one link, none refused")
	}
	// Withdrawn, the offer's link says so (and is not found).
	e.submit(t, coord, csrf, tab+"/act", url.Values{"application": {strconv.FormatInt(a.ID, 10)}, "posting": {posting}, "action": {"decide"}, "state": {"rejected"}}, 303)
	if code, s := e.get(t, anon, link[1]); code != 404 || !strings.Contains(s, "Dette tilbudet står ikke åpent lenger") {
		t.Errorf("a withdrawn offer's link: %d %.300s", code, s)
	}
}
