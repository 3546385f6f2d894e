package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/riverqueue/river/rivertype"

	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/jobs"
)

// The jobs page lists a finished job with the progress it reported, and
// its retry button queues it again.
func TestAdminJobsPageListsJobsWithProgressAndRetries(t *testing.T) {
	e := newEnv(t)
	t.Cleanup(func() { e.app.Jobs.Close(context.Background()) })
	job, err := e.app.Jobs.RunOnce(context.Background(), jobs.KindAuthCleanup)
	if err != nil {
		t.Fatal(err)
	}
	// RunOnce started the queue; stop it so the retried job stays queued
	// for the page to show.
	if err := e.app.Jobs.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := e.client(t)
	csrf := e.login(t, c, "national@demo.mentorhub.no")
	page := func() string {
		t.Helper()
		r, err := c.Get(e.srv.URL + "/admin/jobs")
		if err != nil {
			t.Fatal(err)
		}
		b := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET /admin/jobs: %d", r.StatusCode)
		}
		return b
	}
	b := page()
	finished := b[strings.Index(b, `id="h-jobs-finished"`):]
	id := strconv.FormatInt(job.ID, 10)
	for _, want := range []string{"<td>" + id + "</td>", "<code>auth_cleanup</code>", `<progress max="1" value="1"`, `name="id" value="` + id + `"`} {
		if !strings.Contains(finished, want) {
			t.Errorf("the finished jobs do not show %q:\n%s", want, finished)
		}
	}
	r, err := c.PostForm(e.srv.URL+"/admin/jobs/retry", url.Values{"csrf_token": {csrf}, "id": {id}})
	if err != nil {
		t.Fatal(err)
	}
	body(t, r)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/jobs?retried="+id {
		t.Fatalf("retry: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	b = page()
	queued := b[strings.Index(b, `id="h-jobs-queued"`):strings.Index(b, `id="h-jobs-running"`)]
	if !strings.Contains(queued, "<td>"+id+"</td>") {
		t.Errorf("the retried job is not queued:\n%s", queued)
	}
	r, err = c.PostForm(e.srv.URL+"/admin/jobs/retry", url.Values{"csrf_token": {csrf}, "id": {strconv.FormatInt(job.ID+1000, 10)}})
	if err != nil {
		t.Fatal(err)
	}
	body(t, r)
	if r.StatusCode != http.StatusNotFound {
		t.Errorf("retry of a job that does not exist: %d, want 404", r.StatusCode)
	}
}

// Every job kind and River state the page can show has a name in every
// language (the page builds these keys, so the template test cannot see
// them).
func TestEveryJobKindAndStateHasANameInEveryLanguage(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, k := range jobs.Kinds() {
		keys = append(keys, "jobs.kind."+k.Name)
	}
	for _, g := range jobs.Groups {
		keys = append(keys, "jobs.group."+string(g))
	}
	for _, s := range rivertype.JobStates() {
		keys = append(keys, "jobs.state."+string(s))
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		p := cat.Printer(lang)
		for _, k := range keys {
			if p.T(k) == k {
				t.Errorf("%s: no %s", lang, k)
			}
		}
	}
}
