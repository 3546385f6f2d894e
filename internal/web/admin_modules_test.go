package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/training"
)

// The page of an institution's training modules (/admin/training-modules):
// its admins list the national catalogue and add modules of their own,
// as POST /api/v1/training/modules does.

const modulesPage = "/admin/training-modules"

// moduleForm is a valid add form; over replaces fields.
func moduleForm(over map[string]string) url.Values {
	f := url.Values{"code": {"uib-veiledning"}, "name": {"Veiledning i praksis"}, "provider": {"Studentsenteret"},
		"format": {training.Workshop}, "hours": {"1,5"}, "credits": {"2,5"}}
	for k, v := range over {
		f.Set(k, v)
	}
	return f
}

// modulesOf lists the institution's catalogue as the system reads it: the
// national modules and the institution's own.
func (e *env) modulesOf(t *testing.T, inst int64) (national, own []training.Module) {
	t.Helper()
	ms, err := e.app.Training.Modules(app.WithActor(context.Background(), app.SystemActor), inst)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.InstitutionID == 0 {
			national = append(national, m)
		} else {
			own = append(own, m)
		}
	}
	return national, own
}

// apiModules is GET /api/v1/training/modules as the account of email sees it.
func (e *env) apiModules(t *testing.T, email string) map[string]map[string]any {
	t.Helper()
	code, b := e.api(t, e.token(t, email), "/api/v1/training/modules")
	if code != 200 {
		t.Fatalf("GET /api/v1/training/modules as %s: %d %s", email, code, b)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(b), &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, m := range list {
		out[m["id"].(string)] = m
	}
	return out
}

func TestAdminAddsATrainingModuleOnThePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.client(t)
	csrf := e.login(t, admin, "admin@demo.mentorhub.no")
	national, own := e.modulesOf(t, e.demo.Institution.ID)
	if len(national) == 0 || len(own) != 0 {
		t.Fatalf("the demo's catalogue: %d national modules, %d own", len(national), len(own))
	}

	// The admin page and a program's Training tab lead to the page.
	if b := e.open(t, admin, "/admin"); !strings.Contains(b, `href="`+modulesPage+`"`) {
		t.Error("the admin page does not link to the training modules")
	}
	tab := fmt.Sprintf("/programs/%d/training", e.demo.Programs["uib-mn-pilot"].ID)
	if b := e.open(t, admin, tab); !strings.Contains(b, `href="`+modulesPage+`"`) {
		t.Error("the Training tab does not link an admin to the training modules")
	}
	// The page works on the admin's own institution: a national admin
	// looking at another institution's admin page is not sent there.
	nat := e.client(t)
	e.login(t, nat, "national@demo.mentorhub.no")
	if b := e.open(t, nat, fmt.Sprintf("/admin?inst=%d", e.demo.Other.ID)); strings.Contains(b, modulesPage) {
		t.Error("another institution's admin page links to the modules of the national admin's own")
	}

	b := e.open(t, admin, modulesPage)
	wantIn(t, "the modules page", b, "<h1>Opplæringsmoduler</h1>", `id="national-modules"`, `id="no-own-modules"`,
		`name="csrf_token" value="`+csrf+`"`, `<label for="mod-code">Kode</label>`, `<label for="mod-hours">Timer</label>`)
	// Every national module is listed, marked national, the minimum marked
	// as such; none is offered for change.
	for _, m := range national {
		row := rowOf(t, b, "module-"+m.Code)
		wantIn(t, "the row of "+m.Code, row, "<code>"+m.Code+"</code>", "nasjonal")
		if m.Minimum != strings.Contains(row, "minimum") {
			t.Errorf("the row of %s (minimum %v): %s", m.Code, m.Minimum, row)
		}
		wantNotIn(t, "the row of "+m.Code, row, "<form", "<input")
	}

	loc := e.submitTo(t, admin, csrf, moduleForm(nil))
	if loc != modulesPage+"?done=added" {
		t.Fatalf("after adding: redirect to %q", loc)
	}
	b = e.open(t, admin, loc)
	wantIn(t, "the page after adding", b, `id="modules-done"`, "Modulen er lagt til.")
	row := rowOf(t, b, "module-uib-veiledning")
	wantIn(t, "the new module's row", row, "<code>uib-veiledning</code>", "Veiledning i praksis", "Studentsenteret", "verksted", ">1,5<", ">2,5<")
	wantNotIn(t, "the new module's row", row, "nasjonal")
	if strings.Contains(b, `id="no-own-modules"`) {
		t.Error("the page still says the institution has no modules of its own")
	}

	m := e.apiModules(t, "admin@demo.mentorhub.no")["uib-veiledning"]
	if m == nil || m["name"] != "Veiledning i praksis" || m["hours"] != 1.5 || m["credits"] != 2.5 || m["format"] != "workshop" ||
		m["national"] != false || m["minimum"] != false {
		t.Fatalf("the API's module: %v", m)
	}
	// Anyone of the institution sees it in the catalogue.
	if e.apiModules(t, "coordinator@demo.mentorhub.no")["uib-veiledning"] == nil {
		t.Error("the institution's coordinator does not see the module")
	}

	es := e.audited(t, "training.module", "ok")
	if len(es) != 1 || es[0].AccountEmail != "admin@demo.mentorhub.no" || es[0].Target != "uib-veiledning" {
		t.Fatalf("the audit log: %+v", es)
	}
}

// submitTo posts the add form and returns where the 303 leads.
func (e *env) submitTo(t *testing.T, c *http.Client, csrf string, form url.Values) string {
	t.Helper()
	form.Set("csrf_token", csrf)
	r, err := c.PostForm(e.srv.URL+modulesPage, form)
	if err != nil {
		t.Fatal(err)
	}
	b := body(t, r)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s %v: %d, want 303: %.800s", modulesPage, form, r.StatusCode, b)
	}
	return r.Header.Get("Location")
}

// rowOf returns the table row with that id.
func rowOf(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `<tr id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no row %s on the page", id)
	}
	j := strings.Index(page[i:], "</tr>")
	if j < 0 {
		t.Fatalf("row %s does not end", id)
	}
	return page[i : i+j]
}

// Every bad field is named in the error summary, in bokmål, linked to
// its field and beside it; the typed values stay; nothing is stored.
func TestTheModuleFormNamesEveryBadFieldAndStoresNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.client(t)
	csrf := e.login(t, admin, "admin@demo.mentorhub.no")
	e.submitTo(t, admin, csrf, moduleForm(nil))
	national, _ := e.modulesOf(t, e.demo.Institution.ID)
	const (
		badCode  = "Små bokstaver, sifre og bindestrek, høyst 40."
		taken    = "Det finnes allerede en modul med den id-en."
		badName  = "Et navn på 1 til 200 tegn."
		badHours = "Timer fra 0 til 1 000 i kvarter."
		badCreds = "Studiepoeng fra 0 til 60 i halve."
	)
	cases := []struct {
		name   string
		over   map[string]string
		fields map[string]string // field id → its message
		kept   []string          // typed values shown again
	}{
		{"bad code, no name, hours not a number, credits not halves",
			map[string]string{"code": "Bad Code!", "name": " ", "hours": "halvannen", "credits": "0,3"},
			map[string]string{"mod-code": badCode, "mod-name": badName, "mod-hours": badHours, "mod-credits": badCreds},
			[]string{`value="Bad Code!"`, `value="halvannen"`, `value="0,3"`}},
		{"a code of the institution's taken, hours not in quarters",
			map[string]string{"code": "uib-veiledning", "name": "En annen", "hours": "1,1"},
			map[string]string{"mod-code": taken, "mod-hours": badHours},
			[]string{`value="uib-veiledning"`, `value="En annen"`, `value="1,1"`}},
		{"a national code taken (in capitals), hours left out",
			map[string]string{"code": strings.ToUpper(national[0].Code), "hours": ""},
			map[string]string{"mod-code": taken, "mod-hours": badHours},
			[]string{`value="` + strings.ToUpper(national[0].Code) + `"`}},
		{"too many hours", map[string]string{"code": "ny-modul", "hours": "1000,25"},
			map[string]string{"mod-hours": badHours}, []string{`value="1000,25"`}},
		{"negative credits", map[string]string{"code": "ny-modul", "credits": "-1"},
			map[string]string{"mod-credits": badCreds}, nil},
	}
	for _, c := range cases {
		b := e.submit(t, admin, csrf, modulesPage, moduleForm(c.over), http.StatusUnprocessableEntity)
		ids := make([]string, 0, len(c.fields))
		for id := range c.fields {
			ids = append(ids, id)
		}
		sum := summaryOf(t, b, ids...)
		wantIn(t, c.name+": the summary", sum, "Modulen ble ikke lagt til")
		for id, msg := range c.fields {
			wantIn(t, c.name+": the summary", sum, msg)
			// The message sits at the field, which points to it.
			wantIn(t, c.name+": the form", b, `id="err-`+id+`">`+msg+"</p>", `aria-invalid="true"`)
		}
		if n := strings.Count(sum, "<li>"); n != len(c.fields) {
			t.Errorf("%s: %d problems in the summary, want %d: %s", c.name, n, len(c.fields), sum)
		}
		wantIn(t, c.name+": the form", b, c.kept...)
		wantIn(t, c.name+": the form", b, `<option value="workshop" selected>`)
	}
	if _, own := e.modulesOf(t, e.demo.Institution.ID); len(own) != 1 {
		t.Fatalf("%d own modules after refused forms, want the first alone", len(own))
	}
	if es := e.audited(t, "training.module", "ok"); len(es) != 1 {
		t.Fatalf("%d additions in the audit log, want 1", len(es))
	}
}

// A coordinator is no admin: 403 on the page and on the form, and nothing
// is stored; without the CSRF token an admin adds nothing either.
func TestOnlyAdminsUseTheModulesPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.client(t)
	csrf := e.login(t, coord, "coordinator@demo.mentorhub.no")
	if code, _ := e.get(t, coord, modulesPage); code != http.StatusForbidden {
		t.Errorf("GET as coordinator: %d, want 403", code)
	}
	e.submit(t, coord, csrf, modulesPage, moduleForm(nil), http.StatusForbidden)
	tab := fmt.Sprintf("/programs/%d/training", e.demo.Programs["uib-mn-pilot"].ID)
	if b := e.open(t, coord, tab); strings.Contains(b, modulesPage) {
		t.Error("the Training tab links a coordinator to a page they may not open")
	}
	admin := e.client(t)
	e.login(t, admin, "admin@demo.mentorhub.no")
	e.submit(t, admin, "", modulesPage, moduleForm(nil), http.StatusForbidden)
	if _, own := e.modulesOf(t, e.demo.Institution.ID); len(own) != 0 {
		t.Fatalf("refused requests stored %d modules", len(own))
	}
	if es := e.audited(t, "training.module", "ok"); len(es) != 0 {
		t.Fatalf("refused requests in the audit log as additions: %+v", es)
	}
}

// An admin of another institution sees and adds only that institution's
// modules, whatever institution the request names; a code is unique
// within an institution, so both may use it.
func TestAnotherInstitutionsAdminCannotSeeOrAddToTheModules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	uib, hvl := e.demo.Institution.ID, e.demo.Other.ID
	admin := e.client(t)
	csrf := e.login(t, admin, "admin@demo.mentorhub.no")
	e.submitTo(t, admin, csrf, moduleForm(map[string]string{"name": "UiBs egen modul"}))

	other := e.client(t)
	ocsrf := e.login(t, other, "admin@hvl.demo.mentorhub.no")
	b := e.open(t, other, modulesPage)
	wantNotIn(t, "HVL's modules page", b, "UiBs egen modul")
	wantIn(t, "HVL's modules page", b, `id="no-own-modules"`)
	if b := e.open(t, other, modulesPage+fmt.Sprintf("?inst=%d&institution=%d", uib, uib)); strings.Contains(b, "UiBs egen modul") {
		t.Error("HVL's admin sees UiB's module by naming UiB")
	}
	f := moduleForm(map[string]string{"name": "HVLs modul", "inst": fmt.Sprint(uib), "institution": fmt.Sprint(uib)})
	f.Set("csrf_token", ocsrf)
	code, _ := e.post(t, other, modulesPage+fmt.Sprintf("?inst=%d&institution=%d", uib, uib), f)
	if code != http.StatusSeeOther {
		t.Fatalf("HVL's admin adding a module: %d", code)
	}
	if _, own := e.modulesOf(t, uib); len(own) != 1 || own[0].Name != "UiBs egen modul" {
		t.Fatalf("UiB's own modules: %+v", own)
	}
	if _, own := e.modulesOf(t, hvl); len(own) != 1 || own[0].Name != "HVLs modul" || own[0].Code != "uib-veiledning" {
		t.Fatalf("HVL's own modules: %+v", own)
	}
	wantNotIn(t, "UiB's modules page", e.open(t, admin, modulesPage), "HVLs modul")
	if es := e.audited(t, "training.module", "ok"); len(es) != 1 || es[0].AccountEmail != "admin@demo.mentorhub.no" {
		t.Errorf("UiB's audit log holds another institution's addition: %+v", es)
	}
	if e.apiModules(t, "admin@demo.mentorhub.no")["uib-veiledning"]["name"] != "UiBs egen modul" {
		t.Error("UiB's API lists another module under its code")
	}
}

// Text an admin writes is shown as text, on the list and in a refused form.
func TestModuleTextIsEscaped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.client(t)
	csrf := e.login(t, admin, "admin@demo.mentorhub.no")
	hostile := `<script>alert("x")</script>`
	e.submitTo(t, admin, csrf, moduleForm(map[string]string{"name": hostile, "provider": `"><img src=x onerror=alert(1)>`}))
	b := e.open(t, admin, modulesPage)
	wantIn(t, "the modules page", b, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;")
	wantNotIn(t, "the modules page", b, hostile, "<img src=x")
	b = e.submit(t, admin, csrf, modulesPage, moduleForm(map[string]string{"code": "Bad Code!", "name": hostile,
		"hours": `"><script>alert(2)</script>`}), http.StatusUnprocessableEntity)
	wantIn(t, "the refused form", b, `value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"`)
	wantNotIn(t, "the refused form", b, hostile, "<script>alert(2)")
}
