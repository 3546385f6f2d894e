package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// Leadership figures count the programs in the catalogue: an unpublished
// program (a draft nobody can find) changes neither the totals, the
// timeline nor the coverage, on the page or through the API, and is
// listed apart, labelled as not counted. Publishing it does count it.
func TestUnpublishedProgramsAreNotCountedInLeadershipTotals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	inst := e.demo.Programs["uib-mn-pilot"].InstitutionID
	c := e.client(t)
	e.login(t, c, "leader@demo.mentorhub.no")
	tok := e.token(t, "leader@demo.mentorhub.no")
	totalRE := regexp.MustCompile(`<span class="stat-value">([^<]+)</span>`)
	type figures struct {
		total, dash      string
		share            string
		offered, covered int
		page             string
	}
	look := func() figures {
		t.Helper()
		r, err := c.Get(e.srv.URL + "/overview")
		if err != nil {
			t.Fatal(err)
		}
		page := body(t, r)
		m := totalRE.FindStringSubmatch(page)
		share := regexp.MustCompile(`id="coverage-share">([^<]+)<`).FindStringSubmatch(page)
		if r.StatusCode != 200 || m == nil || share == nil {
			t.Fatalf("/overview: %d", r.StatusCode)
		}
		code, b := e.api(t, tok, fmt.Sprintf("/api/v1/institutions/%d/coverage", inst))
		var cov struct{ Students, Offered int }
		if err := json.Unmarshal([]byte(b), &cov); err != nil || code != 200 {
			t.Fatalf("coverage API: %d %.200s", code, b)
		}
		r, err = c.Get(e.srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		dash := regexp.MustCompile(`id="leader-programs"><span class="stat-value">([^<]+)<`).FindStringSubmatch(body(t, r))
		if dash == nil {
			t.Fatal("the leader's page has no program count")
		}
		return figures{total: m[1], dash: dash[1], share: share[1], offered: cov.Offered, covered: cov.Students, page: page}
	}
	before := look()
	if before.offered >= before.covered {
		t.Fatalf("the demo's coverage is already full (%d of %d): the test cannot tell", before.offered, before.covered)
	}
	// Institution-wide, so it would cover every study programme, and
	// started long ago, so it would stretch the timeline.
	draft := program.Program{InstitutionID: inst, Code: "uib-draft-everyone", Name: "Draft mentoring for everyone",
		Level: "institution", Transition: "first_year", Model: "fixed_group_voluntary", MentorKinds: []string{"senior_student"},
		Enrolment: "opt_out", Started: 1990, Status: "active"}
	if p, err := e.app.Programs.Create(sys, draft); err != nil || p.Public {
		t.Fatalf("create the draft: %v (public %v)", err, p.Public)
	}
	after := look()
	if after.dash != before.dash || before.dash != before.total {
		t.Errorf("the leader's page counts %s programs, then %s; /overview %s", before.dash, after.dash, before.total)
	}
	if after.total != before.total || after.share != before.share || after.offered != before.offered {
		t.Errorf("an unpublished program changed the figures: total %s→%s, share %s→%s, offered (API) %d→%d",
			before.total, after.total, before.share, after.share, before.offered, after.offered)
	}
	if strings.Contains(after.page, `<th scope="row">1990</th>`) {
		t.Error("an unpublished program stretched the timeline")
	}
	listed := regexp.MustCompile(`(?s)id="unpublished".*Draft mentoring for everyone`).MatchString(after.page)
	if !listed || !strings.Contains(after.page, "ikke talt med") {
		t.Error("the unpublished program is not listed apart as not counted")
	}
	// The control: the same program published counts everywhere.
	pub := draft
	pub.Code, pub.Name, pub.Public = "uib-published-everyone", "Published mentoring for everyone", true
	if _, err := e.app.Programs.Create(sys, pub); err != nil {
		t.Fatal(err)
	}
	published := look()
	if published.total == before.total || published.dash != published.total || published.offered != published.covered || !strings.Contains(published.page, `<th scope="row">1990</th>`) {
		t.Errorf("a published program is not counted: total %s→%s, offered %d of %d", before.total, published.total, published.offered, published.covered)
	}
}
