package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/program"
)

type adminData struct {
	Institution  org.Institution
	Tree         []*org.TreeNode
	Loose        []org.Programme
	Units        []org.Unit
	Programmes   []org.Programme
	Cohorts      map[int64][]org.Cohort
	Accounts     []auth.Account
	Programs     []program.Program
	UnitNames    map[int64]string
	ProgramNames map[int64]string
	Roles        []app.Role
}

// adminInstitution is the institution an admin page works on: the actor's
// own, or for national admins the one named by ?inst= or the form.
func (s *Server) adminInstitution(r *http.Request) (int64, error) {
	a := actorOf(r)
	if a == nil {
		return 0, app.Unauthorized()
	}
	inst := a.InstitutionID
	if v := r.FormValue("inst"); v != "" && a.National {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, app.Invalid("error.invalid", "bad institution")
		}
		inst = id
	}
	if !a.IsAdminOf(inst) {
		return 0, app.Forbidden()
	}
	return inst, nil
}

func (s *Server) handleAdminIndex(w http.ResponseWriter, r *http.Request) error {
	inst, err := s.adminInstitution(r)
	if err != nil {
		return err
	}
	d, err := s.loadAdmin(r, inst)
	if err != nil {
		return err
	}
	pg := s.page(r, printerOf(r).T("title.admin.index"), d)
	if n := r.URL.Query().Get("done"); n != "" {
		pg.Notice = &noticeData{Kind: "success", Text: printerOf(r).T("admin.done." + n)}
	}
	s.renderPage(w, r, http.StatusOK, "admin/index", pg)
	return nil
}

func (s *Server) loadAdmin(r *http.Request, inst int64) (adminData, error) {
	ctx := r.Context()
	var d adminData
	var err error
	if d.Institution, err = s.Org.Institution(ctx, inst); err != nil {
		return d, err
	}
	if d.Tree, d.Loose, err = s.Org.Tree(ctx, inst); err != nil {
		return d, err
	}
	if d.Units, err = s.Org.Units(ctx, inst); err != nil {
		return d, err
	}
	if d.Programmes, err = s.Org.Programmes(ctx, inst); err != nil {
		return d, err
	}
	cohorts, err := s.Org.Cohorts(ctx, inst)
	if err != nil {
		return d, err
	}
	d.Cohorts = map[int64][]org.Cohort{}
	for _, c := range cohorts {
		d.Cohorts[c.ProgrammeID] = append(d.Cohorts[c.ProgrammeID], c)
	}
	if d.Accounts, err = s.Auth.Accounts(ctx, inst); err != nil {
		return d, err
	}
	all, err := s.Programs.List(ctx)
	if err != nil {
		return d, err
	}
	d.UnitNames, d.ProgramNames = map[int64]string{}, map[int64]string{}
	for _, u := range d.Units {
		d.UnitNames[u.ID] = u.Name
	}
	for _, p := range all {
		if p.InstitutionID == inst {
			d.Programs = append(d.Programs, p)
			d.ProgramNames[p.ID] = p.Name
		}
	}
	d.Roles = app.Roles
	return d, nil
}

// afterAdmin redirects back to the admin page (Post/Redirect/Get).
func afterAdmin(w http.ResponseWriter, r *http.Request, inst int64, done string) {
	u := "/admin?done=" + done
	if a := actorOf(r); a != nil && a.InstitutionID != inst {
		u += fmt.Sprintf("&inst=%d", inst)
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return id
}

func (s *Server) handleAdminCreateUnit(w http.ResponseWriter, r *http.Request) error {
	inst, err := s.adminInstitution(r)
	if err != nil {
		return err
	}
	_, err = s.Org.CreateUnit(r.Context(), org.Unit{InstitutionID: inst, ParentID: formID(r, "parent"),
		Kind: r.PostFormValue("kind"), Code: r.PostFormValue("code"), Name: r.PostFormValue("name")})
	if err != nil {
		return err
	}
	afterAdmin(w, r, inst, "unit")
	return nil
}

func (s *Server) handleAdminCreateProgramme(w http.ResponseWriter, r *http.Request) error {
	inst, err := s.adminInstitution(r)
	if err != nil {
		return err
	}
	_, err = s.Org.CreateProgramme(r.Context(), org.Programme{InstitutionID: inst, UnitID: formID(r, "unit"),
		Code: r.PostFormValue("code"), Name: r.PostFormValue("name")})
	if err != nil {
		return err
	}
	afterAdmin(w, r, inst, "programme")
	return nil
}

func (s *Server) handleAdminSetCohort(w http.ResponseWriter, r *http.Request) error {
	inst, err := s.adminInstitution(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("students")))
	if err != nil {
		return app.Invalid("error.students_invalid", "the number of students must be a whole number")
	}
	if err := s.Org.SetCohort(r.Context(), inst, r.PostFormValue("programme"), strings.ToUpper(strings.TrimSpace(r.PostFormValue("term"))), n); err != nil {
		return err
	}
	afterAdmin(w, r, inst, "cohort")
	return nil
}

// grantFromForm reads a role and its optional unit or program scope.
func grantFromForm(r *http.Request) app.Grant {
	return app.Grant{Role: app.Role(r.PostFormValue("role")), UnitID: formID(r, "unit"), ProgramID: formID(r, "program")}
}

func (s *Server) handleAdminCreateUser(w http.ResponseWriter, r *http.Request) error {
	inst, err := s.adminInstitution(r)
	if err != nil {
		return err
	}
	given, family := auth.SplitName(r.PostFormValue("name"))
	_, err = s.Auth.CreateAccount(r.Context(), auth.CreateAccountInput{InstitutionID: inst, Email: r.PostFormValue("email"),
		GivenName: given, FamilyName: family, Password: r.PostFormValue("password"), Grants: []app.Grant{grantFromForm(r)}})
	if err != nil {
		return err
	}
	afterAdmin(w, r, inst, "user")
	return nil
}

func (s *Server) handleAdminGrant(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return app.NotFound("account")
	}
	acct, err := s.Auth.Account(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.Auth.GrantRole(r.Context(), id, grantFromForm(r)); err != nil {
		return err
	}
	afterAdmin(w, r, acct.InstitutionID, "grant")
	return nil
}

func (s *Server) handleAdminRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	gid, err2 := strconv.ParseInt(r.PathValue("grant"), 10, 64)
	if err1 != nil || err2 != nil {
		return app.NotFound("role")
	}
	acct, err := s.Auth.Account(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.Auth.RevokeRole(r.Context(), id, gid); err != nil {
		return err
	}
	afterAdmin(w, r, acct.InstitutionID, "revoke")
	return nil
}

type auditData struct {
	Entries []auditRow
}

// auditRow is an audit entry with its action and outcome in words; a code
// without a word (from an older version) shows as itself.
type auditRow struct {
	auth.AuditEntry
	ActionLabel, OutcomeLabel string
}

func auditWord(pr interface{ T(string, ...any) string }, prefix, code string) string {
	if w := pr.T(prefix + code); w != prefix+code {
		return w
	}
	return code
}

func (s *Server) handleAdminAudit(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	f := auth.AuditFilter{InstitutionID: a.InstitutionID, Action: r.URL.Query().Get("action"), Limit: 200}
	if a.National && r.URL.Query().Get("all") == "1" {
		f.InstitutionID = 0
	}
	entries, err := s.Auth.FindAudit(r.Context(), f)
	if err != nil {
		return err
	}
	pr := printerOf(r)
	d := auditData{Entries: make([]auditRow, 0, len(entries))}
	for _, e := range entries {
		d.Entries = append(d.Entries, auditRow{AuditEntry: e,
			ActionLabel: auditWord(pr, "audit.act.", e.Action), OutcomeLabel: auditWord(pr, "audit.result.", e.Outcome)})
	}
	s.render(w, r, http.StatusOK, "admin/audit", d)
	return nil
}

type institutionsData struct {
	Institutions []org.Institution
}

func (s *Server) handleAdminInstitutions(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	if !a.National {
		return app.Forbidden()
	}
	list, err := s.Org.Institutions(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/institutions", institutionsData{Institutions: list})
	return nil
}

func (s *Server) handleAdminCreateInstitution(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	_, err := s.Org.CreateInstitution(r.Context(), org.Institution{Slug: r.PostFormValue("slug"), Name: r.PostFormValue("name"), FeideRealm: r.PostFormValue("realm")})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/institutions", http.StatusSeeOther)
	return nil
}
