//go:build browser

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mentorhub/mentorhub/internal/app"
)

// TestBrowserNynorskImportErrorsAndMoveWarning: a coordinator who has chosen
// nynorsk uploads a students file with bad lines and reads every line's
// problem in nynorsk, then moves a student into another programme's group
// and reads the warning in nynorsk: each broken rule once, in words, no
// checker output.
func TestBrowserNynorskImportErrorsAndMoveWarning(t *testing.T) {
	a := startApp(t)
	c := newBrowser(t)
	c.loginAs(a, "coordinator@demo.mentorhub.no")
	c.run("choose nynorsk",
		chromedp.SetValue(chromedp.CSS("#lang-select"), "nn"),
		chromedp.Click(chromedp.CSS(`form.lang-switch button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="nn"]`)),
	)
	base := "/programs/" + programID(t, a, "uib-mn-pilot")

	bad := filepath.Join(t.TempDir(), "studentar.csv")
	if err := os.WriteFile(bad, []byte("student_number,given_name,family_name,email,programme_code,cohort,slots\n"+
		"n1,Ada,Lovelace,ada@example.no,BAMN-BIO,2026H,mon10|sun25\n"+
		"n2,,Nordmann,ikkje-e-post,BAMN-BIO,haust,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.visit(a, base+"/people")
	c.run("upload a students file with bad lines",
		chromedp.SetUploadFiles(chromedp.CSS("#file-students"), []string{bad}),
		chromedp.Click(chromedp.CSS("#upload-students")),
		chromedp.WaitVisible(chromedp.CSS(".import-errors")),
	)
	c.shoot("nynorsk-import-errors")
	errs := c.text(".import-errors")
	for _, want := range []string{
		`linje 2: kolonne slots: må vere ei |-delt liste med tidspunkt (vekedag mon–fri og klokketime 08–18, til dømes mon10|wed14), ikkje "sun25"`,
		"linje 3: kolonne given_name: må fyllast ut",
		`linje 3: kolonne email: må vere ei gyldig e-postadresse, til dømes ola@example.no, ikkje "ikkje-e-post"`,
		`linje 3: kolonne cohort: må vere eit opptakssemester som 2025H (haust) eller 2025V (vår), ikkje "haust"`,
	} {
		if !strings.Contains(errs, want) {
			c.errorf("the line errors lack %q:\n%s", want, errs)
		}
	}
	for _, english := range []string{"must be", "is required", "line ", "column "} {
		if strings.Contains(errs, english) {
			c.errorf("the nynorsk line errors show %q:\n%s", english, errs)
		}
	}

	// Move the first group's first student into another programme's group.
	p, err := a.App.Programs.Public(context.Background(), "uib-mn-pilot")
	if err != nil {
		t.Fatal(err)
	}
	groups, err := a.App.People.Groups(app.WithActor(context.Background(), app.SystemActor), p.ID)
	if err != nil || len(groups) < 2 {
		t.Fatalf("the demo pilot's groups: %d, %v", len(groups), err)
	}
	var to int64
	for _, g := range groups[1:] {
		if g.Programme != groups[0].Programme {
			to = g.ID
			break
		}
	}
	if to == 0 {
		t.Fatal("the demo pilot has one programme only")
	}
	c.visit(a, base+"/groups")
	c.run("move a student across programmes",
		chromedp.SetValue(chromedp.CSS("#move-student"), strconv.FormatInt(groups[0].Students[0].ParticipantID, 10)),
		chromedp.SetValue(chromedp.CSS("#move-to"), strconv.FormatInt(to, 10)),
		chromedp.Click(chromedp.CSS("#move-submit")),
		chromedp.WaitVisible(chromedp.CSS("#move-warning")),
	)
	c.shoot("nynorsk-move-warning")
	w := c.text("#move-warning")
	const rule2 = "Studentane i ei gruppe skal ha same studieprogram og kull."
	if n := strings.Count(w, rule2); n != 1 || !strings.Contains(w, "bryt ein regel gruppene heldt") {
		c.errorf("the warning says rule 2 %d times (want once, in nynorsk): %q", n, w)
	}
	items := get(c, "read the broken rules", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#move-warning li')].map(li => li.textContent.trim())`))
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it] {
			c.errorf("the warning lists %q twice", it)
		}
		seen[it] = true
	}
	for _, raw := range []string{"rule ", "not sorted", "rekkjefølgje", "group is", "student s"} {
		if strings.Contains(w, raw) {
			c.errorf("the warning shows %q: %q", raw, w)
		}
	}
}
