package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/program"
)

// The overview's figures agree with their nouns: one program is "1
// ordning", two or more "ordninger", in every language.
func TestOverviewNounsAgreeWithTheirCount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor)
	// An institution with one program; the demo's have several.
	small, err := e.app.Org.CreateInstitution(sys, org.Institution{Slug: "lite", Name: "Lite høgskole"})
	if err != nil {
		t.Fatal(err)
	}
	unit, err := e.app.Org.CreateUnit(sys, org.Unit{InstitutionID: small.ID, Kind: org.KindFaculty, Code: "HF", Name: "Humaniora"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Programs.Create(sys, program.Program{InstitutionID: small.ID, UnitID: unit.ID, Code: "lite-mentor",
		Name: "Mentorgrupper", Level: "faculty", Transition: "first_year", Model: "fixed_group_voluntary",
		MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2026, Status: "active",
		Public: true}); err != nil { // leadership figures count published programs
		t.Fatal(err)
	}
	c := e.client(t)
	e.login(t, c, "national@demo.mentorhub.no")
	for _, lang := range []string{"nb", "nn", "en"} {
		one := map[string]string{"nb": "Fordeling av 1 ordning på", "nn": "Fordeling av 1 ordning på", "en": "How 1 program divides"}[lang]
		many := map[string]*regexp.Regexp{
			"nb": regexp.MustCompile(`Fordeling av ([2-9]|\d\d+) ordninger på`),
			"nn": regexp.MustCompile(`Fordeling av ([2-9]|\d\d+) ordningar på`),
			"en": regexp.MustCompile(`How ([2-9]|\d\d+) programs divide`),
		}[lang]
		for _, cs := range []struct {
			inst int64
			want func(string) bool
			what string
		}{
			{small.ID, func(b string) bool { return strings.Contains(b, one) }, one},
			{e.demo.Institution.ID, many.MatchString, many.String()},
		} {
			u, _ := url.Parse(e.srv.URL)
			c.Jar.SetCookies(u, []*http.Cookie{{Name: "mentorhub_lang", Value: lang, Path: "/"}})
			r, err := c.Get(fmt.Sprintf("%s/overview?inst=%d", e.srv.URL, cs.inst))
			if err != nil {
				t.Fatal(err)
			}
			if b := body(t, r); r.StatusCode != 200 || !cs.want(b) {
				t.Errorf("overview of institution %d in %s: %d, no %q in\n%s", cs.inst, lang, r.StatusCode, cs.what, descs(b))
			}
		}
	}
}

// pluralKeys are the messages with plural forms; go-i18n picks the form by
// the "Count" argument only, so a caller that passes the number under
// another name always gets "other" ("1 studenter").
func pluralKeys(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("../i18n/locales/*nb.json")
	if err != nil || len(files) == 0 {
		t.Fatal("no bokmål catalogue", err)
	}
	keys := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for k, v := range m {
			if _, ok := v.(map[string]any); ok {
				keys[k] = true
			}
		}
	}
	return keys
}

var tCallRE = regexp.MustCompile(`\.T[ (]"([a-z0-9_.]+)"([^\n]*)`)

// Every call of a plural message, in the templates and the web code,
// passes the number as "Count", and no other message is given a Count.
func TestPluralMessagesAreCalledWithACount(t *testing.T) {
	t.Parallel()
	plural := pluralKeys(t)
	var files []string
	for _, pat := range []string{"*.go", "templates/*.html", "templates/*/*.html"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	calls := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tCallRE.FindAllStringSubmatch(string(data), -1) {
			// The arguments end where the action or the next call begins.
			for _, end := range []string{"}}", `.T "`, `.T("`} {
				if i := strings.Index(m[2], end); i >= 0 {
					m[2] = m[2][:i]
				}
			}
			if !plural[m[1]] {
				// go-i18n looks for the "one" form of a message called
				// with Count 1 and, finding none, gives the bare key.
				if strings.Contains(m[2], `"Count"`) {
					t.Errorf("%s: %s has no plural forms but is called with a Count: %s", f, m[1], m[0])
				}
				continue
			}
			calls++
			if !strings.Contains(m[2], `"Count"`) {
				t.Errorf("%s: %s has plural forms but is called without a Count: %s", f, m[1], m[0])
			}
		}
	}
	if calls < 10 {
		t.Fatalf("found only %d calls of plural messages: is the pattern stale?", calls)
	}
}

// descs picks the chart descriptions out of a page, for a failure message.
func descs(b string) string {
	return strings.Join(regexp.MustCompile(`(?:Fordeling|How) [^<]*`).FindAllString(b, -1), "\n")
}
