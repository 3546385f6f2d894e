//go:build browser

package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/program"
)

// writeIntake writes a generated intake as a student-system export (FS
// headers, semicolons, a BOM, Norwegian cohort words) and a mentors.csv.
func writeIntake(t *testing.T, dir string) (students []allocate.Student, fsPath, mentorsPath string) {
	t.Helper()
	students, mentors := allocate.Generate(150, 21)
	var sb, mb bytes.Buffer
	sb.WriteString("\uFEFF")
	sw := csv.NewWriter(&sb)
	sw.Comma = ';'
	sw.Write([]string{"Studentnr", "Fornavn", "Etternavn", "E-post", "Studieprogramkode", "Kull", "Kjønn"})
	for i, s := range students {
		kull := "høst " + s.Cohort[:4]
		gender := map[string]string{"f": "K", "m": "M"}[s.Gender]
		sw.Write([]string{s.Number, "Student" + strconv.Itoa(i), "Testesen", "s" + strconv.Itoa(i) + "@student.example.no", s.Programme, kull, gender})
	}
	sw.Flush()
	mw := csv.NewWriter(&mb)
	mw.Write([]string{"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups", "slots"})
	for i, m := range mentors {
		mw.Write([]string{m.ID, "Mentor" + strconv.Itoa(i), "Mentorsen", "m" + strconv.Itoa(i) + "@example.no", m.Programme, m.Cohort, m.Kind, "3", strings.Join(m.Slots, "|")})
	}
	mw.Flush()
	fsPath, mentorsPath = filepath.Join(dir, "fs-uttrekk.csv"), filepath.Join(dir, "mentors.csv")
	if err := os.WriteFile(fsPath, sb.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mentorsPath, mb.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return students, fsPath, mentorsPath
}

// TestBrowserCoordinatorFormsGroups: a coordinator imports a student-system
// export through the column mapping and a preview, imports mentors, asks
// for an allocation, looks at its preview and accepts it, moves a student
// into another programme's group (the page warns; they confirm) and
// downloads the Canvas import.
func TestBrowserCoordinatorFormsGroups(t *testing.T) {
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run `npm ci --prefix e2e`", err)
	}
	axe := string(src)
	a := startApp(t)
	dir := t.TempDir()
	students, fsPath, mentorsPath := writeIntake(t, dir)
	// A new program, created by the coordinator (who then coordinates it).
	_, coord, err := a.App.Auth.Login(context.Background(), "coordinator@demo.mentorhub.no", demo.Password, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.App.Programs.Create(app.WithActor(context.Background(), coord), program.Program{InstitutionID: coord.InstitutionID,
		Code: "uib-e2e-groups", Name: "Mentor groups (e2e)", Level: "faculty", Transition: "first_year", Model: "fixed_group_voluntary",
		MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2026, Status: "pilot"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := app.WithActor(context.Background(), app.SystemActor)
	base := a.URL + "/programs/" + strconv.FormatInt(p.ID, 10)

	c := newBrowser(t)
	c.loginAs(a, "coordinator@demo.mentorhub.no")
	c.run("upload the student-system export",
		chromedp.Navigate(base+"/people"),
		chromedp.WaitVisible(chromedp.CSS("#file-students")),
		chromedp.SetUploadFiles(chromedp.CSS("#file-students"), []string{fsPath}),
		chromedp.Click(chromedp.CSS("#upload-students")),
		chromedp.WaitVisible(chromedp.CSS("#mapping-continue")),
	)
	c.checkA11y(axe, "column mapping")
	c.shoot("coordinator-mapping")
	if got := c.value("#map-student_number"); got != "Studentnr" {
		c.errorf("the mapping proposes %q for student_number", got)
	}
	c.run("confirm the mapping", chromedp.Click(chromedp.CSS("#mapping-continue")), chromedp.WaitVisible(chromedp.CSS("#import-commit")))
	if got := c.text("#count-added"); got != strconv.Itoa(len(students)) {
		c.fatalf("the preview adds %s students, want %d", got, len(students))
	}
	c.checkA11y(axe, "import preview")
	c.checkReflow("import preview")
	c.shoot("coordinator-import-preview")
	c.run("commit the students", chromedp.Click(chromedp.CSS("#import-commit")), chromedp.WaitVisible(chromedp.CSS(".notice.success")))
	c.run("upload mentors",
		chromedp.SetUploadFiles(chromedp.CSS("#file-mentors"), []string{mentorsPath}),
		chromedp.Click(chromedp.CSS("#upload-mentors")),
		chromedp.WaitVisible(chromedp.CSS("#import-commit")),
		chromedp.Click(chromedp.CSS("#import-commit")),
		chromedp.WaitVisible(chromedp.CSS(".notice.success")),
	)
	// The same export again is remembered: straight to the mapping with it filled in.
	c.run("upload the export again",
		chromedp.SetUploadFiles(chromedp.CSS("#file-students"), []string{fsPath}),
		chromedp.Click(chromedp.CSS("#upload-students")),
		chromedp.WaitVisible(chromedp.CSS("#mapping-continue")),
		chromedp.Click(chromedp.CSS("#mapping-continue")),
		chromedp.WaitVisible(chromedp.CSS("#import-commit")),
	)
	if got := c.text("#count-added") + "/" + c.text("#count-changed"); got != "0/0" {
		c.errorf("the same file again adds/changes %s", got)
	}

	c.run("preview an allocation",
		chromedp.Navigate(base+"/groups"),
		chromedp.WaitVisible(chromedp.CSS("#allocate-preview")),
		chromedp.SetValue(chromedp.CSS("#group_min"), "8"),
		chromedp.SetValue(chromedp.CSS("#group_max"), "14"),
		chromedp.SetValue(chromedp.CSS("#mentors_per_group"), "2"),
		chromedp.Click(chromedp.CSS("#allocate-preview")),
		chromedp.WaitVisible(chromedp.CSS("#allocate-accept")),
	)
	c.checkA11y(axe, "allocation preview")
	c.checkReflow("allocation preview")
	c.shoot("coordinator-allocation-preview")
	if !c.exists("#rule-report") || !c.exists("#allocation-stats") || !c.exists("figure.chart svg") {
		c.errorf("the preview lacks the rule report, the figures or the size chart")
	}
	if gs, _ := a.App.People.Groups(ctx, p.ID); len(gs) != 0 {
		c.fatalf("the preview stored %d groups", len(gs))
	}
	c.run("accept", chromedp.Click(chromedp.CSS("#allocate-accept")), chromedp.WaitVisible(chromedp.CSS("#move-form")))
	groups, err := a.App.People.Groups(ctx, p.ID)
	if err != nil || len(groups) < 2 {
		c.fatalf("stored groups: %d, %v", len(groups), err)
	}
	// Move the first group's first student into another programme's group.
	var to int64
	for _, g := range groups {
		if g.Programme != groups[0].Programme {
			to = g.ID
			break
		}
	}
	st := groups[0].Students[0]
	c.run("move a student across programmes",
		chromedp.SetValue(chromedp.CSS("#move-student"), strconv.FormatInt(st.ParticipantID, 10)),
		chromedp.SetValue(chromedp.CSS("#move-to"), strconv.FormatInt(to, 10)),
		chromedp.Click(chromedp.CSS("#move-submit")),
		chromedp.WaitVisible(chromedp.CSS("#move-warning")),
	)
	c.checkA11y(axe, "move warning")
	c.shoot("coordinator-move-warning")
	if w, rule2 := c.text("#move-warning"), i18n.MustLoad().Printer(c.lang()).T("groups.rule.2"); !strings.Contains(w, rule2) {
		c.errorf("the warning does not say the rule (%q): %q", rule2, w)
	}
	if gs, _ := a.App.People.Groups(ctx, p.ID); gs[0].Students[0].ID != st.ID {
		c.fatalf("the move was applied before it was confirmed")
	}
	c.run("confirm the move", chromedp.Click(chromedp.CSS("#move-anyway")), chromedp.WaitVisible(chromedp.CSS(".notice.success")))
	moved := false
	gs, _ := a.App.People.Groups(ctx, p.ID)
	for _, g := range gs {
		for _, m := range g.Students {
			moved = moved || (m.ID == st.ID && g.ID == to)
		}
	}
	if !moved {
		c.errorf("the confirmed move is not stored")
	}

	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(c.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	c.run("download the Canvas import", chromedp.Click(chromedp.CSS("#export-canvas")))
	var data []byte
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if data, err = os.ReadFile(filepath.Join(downloads, "uib-e2e-groups-canvas-groups.zip")); err == nil {
			break
		}
	}
	if err != nil {
		c.fatalf("no Canvas zip downloaded: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		c.fatalf("the download is not a zip: %v", err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"group_categories.csv", "groups.csv", "groups_membership.csv"} {
		if !names[want] {
			c.errorf("the Canvas zip lacks %s (has %v)", want, names)
		}
	}
}
