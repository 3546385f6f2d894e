package web

import (
	"bytes"
	"embed"
	"fmt"
	"github.com/mentorhub/mentorhub/internal/allocate"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

//go:embed templates
var templateFS embed.FS

// Page is what every full page gets; Data holds the page's own typed data.
type Page struct {
	P       *i18n.Printer
	Lang    string
	Title   string
	Actor   *app.Actor
	Roles   []app.Role
	CSRF    string
	Path    string
	Nav     []navItem
	Langs   []langOption
	OIDC    bool
	Version string
	Notice  *noticeData
	Data    any
	Asset   func(string) string
	NoIndex bool
}

type navItem struct {
	Href, Label string
	Current     bool
}

type langOption struct {
	Code, Label string
	Selected    bool
}

type noticeData struct {
	Kind string // info, success, error
	Text string
}

type pageError struct {
	Status  int
	Code    string
	Message string
}

// parseTemplates parses the layout with each page once at start; a missing
// or broken page stops the server from starting.
func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"asset":      s.static.URL,
		"roleLabel":  func(p *i18n.Printer, r app.Role) string { return p.T("role." + string(r)) },
		"add":        func(a, b int) int { return a + b },
		"int64":      func(n int) int64 { return int64(n) },
		"split":      strings.Split,
		"list":       func(xs ...string) []string { return xs },
		"mailKinds":  func() []string { return mailKinds },
		"mailStates": func() []string { return mailStates },
		"count": func(m map[string]map[string]int, kind, state string) int {
			return m[kind][state]
		},
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		"kindOf": people.KindOf,
		"tabArgs": func(p *i18n.Printer, pr program.Program, tab string) map[string]any {
			return map[string]any{"P": p, "Program": pr, "Tab": tab}
		},
		"yearArgs": func(p *i18n.Printer, csrf string, pr program.Program, y *yearBar) map[string]any {
			return map[string]any{"P": p, "CSRF": csrf, "Program": pr, "Bar": y}
		},
		"yearName": yearName,
		// nok writes an amount as the reader writes money: "kr 1 234,50".
		"nok": func(p *i18n.Printer, n payroll.NOK) string { return p.T("pay.nok", "Amount", p.Decimal(n.Kroner(), 2)) },
		// nokWhole writes an amount in whole kroner, for headline figures.
		"nokWhole": func(p *i18n.Printer, n payroll.NOK) string { return nokText(p, n) },
		"credits":  payroll.Credits,
		"negate":   func(n payroll.NOK) payroll.NOK { return -n },
		// programmeName writes a study programme as "Name (CODE)", or the
		// code alone when its name is not known.
		"programmeName": func(names map[string]string, code string) string {
			if n := names[code]; n != "" {
				return n + " (" + code + ")"
			}
			return code
		},
		"applicationFields": func() []string { return applicationFields },
		"postingFields":     func() []string { return postingFields },
		"scores":            func() []int { return []int{5, 4, 3, 2, 1} },
		"has":               func(xs []string, x string) bool { return slices.Contains(xs, x) },
		// ethicsCases are the seeds' cases from mentor training (DOMAIN.md).
		"ethicsCases": func() []string { return []string{"late_text", "invitation", "relationship"} },
		"creditCost":  func() payroll.NOK { return payroll.CreditCost },
		"planFields":  func() []string { return planFields },
		"cellArgs": func(p *i18n.Printer, c program.Cell, min int) map[string]any {
			return map[string]any{"P": p, "Cell": c, "Min": min}
		},
		"changeArgs": func(p *i18n.Printer, title string, list []people.Change, fields bool) map[string]any {
			return map[string]any{"P": p, "Title": title, "List": list, "Fields": fields}
		},
		"param": func(ap people.AllocationParams, name string) int64 {
			switch name {
			case "group_min":
				return int64(ap.GroupMin)
			case "group_max":
				return int64(ap.GroupMax)
			case "mentors_per_group":
				return int64(ap.MentorsPerGroup)
			}
			return ap.Seed
		},
		"mixValue": func(ap people.AllocationParams) string { return strings.Join(ap.MentorMix, "+") },
		// mentorsUsed counts the distinct mentors leading the proposed groups.
		"mentorsUsed": func(gs []allocate.Group) int {
			seen := map[string]bool{}
			for _, g := range gs {
				for _, m := range g.Mentors {
					seen[m] = true
				}
			}
			return len(seen)
		},
		// groupFigures sums up stored groups for the Groups tab: mean slot
		// coverage (the mean over groups, as the allocation reports it) and
		// the distinct mentors leading them.
		"groupFigures": func(gs []people.Group) map[string]any {
			seen := map[string]bool{}
			sum := 0.0
			for _, g := range gs {
				sum += g.SlotCoverage
				for _, m := range g.Mentors {
					seen[m.ID] = true
				}
			}
			mean := 0.0
			if len(gs) > 0 {
				mean = sum / float64(len(gs))
			}
			return map[string]any{"Coverage": mean, "Mentors": len(seen), "Groups": len(gs)}
		},
		"slotLabel": func(p *i18n.Printer, slot string) string { return p.Slot(slot) },
		// isoWeek is a time's week number in Oslo ("veke 36").
		"isoWeek": func(t time.Time) int { _, w := t.In(i18n.Oslo).ISOWeek(); return w },
		// weekday names a time's day of the week in Oslo.
		"weekday": func(p *i18n.Printer, t time.Time) string {
			return p.T("weekday." + strconv.Itoa(int(t.In(i18n.Oslo).Weekday())))
		},
		// until is the end of a session that starts the same day: the
		// clock time without "kl." ("kl. 12.15–13.45").
		"until": func(p *i18n.Printer, t time.Time) string {
			if p.Lang == "en" {
				return t.In(i18n.Oslo).Format("15:04")
			}
			return t.In(i18n.Oslo).Format("15.04")
		},
		"countArgs": func(p *i18n.Printer, c sessions.Counts, oob bool) map[string]any {
			return map[string]any{"P": p, "Counts": c, "OOB": oob}
		},
		"rowArgs": func(p *i18n.Printer, csrf string, se sessions.Session, a sessions.Attendee, locked bool) map[string]any {
			return map[string]any{"P": p, "CSRF": csrf, "S": se, "A": a, "Locked": locked}
		},
		"weekArgs": func(p *i18n.Printer, se sessions.Session) map[string]any { return map[string]any{"P": p, "S": se} },
		"deref":    func(a *sessions.Attendee) sessions.Attendee { return *a },
		"statusLabel": func(p *i18n.Printer, st string) string {
			if st == "" {
				return p.T("session.status.none")
			}
			return p.T("session.status." + st)
		},
		"warning":  warningText,
		"why":      matchReason,
		"oneToOne": people.OneToOne,
		// allCohorts: every programme a program serves names its cohort,
		// so a student signing up need not give one.
		"allCohorts": func(ss []program.Served) bool {
			for _, sv := range ss {
				if sv.Cohort == "" {
					return false
				}
			}
			return len(ss) > 0
		},
		// tri renders an optional boolean as "true", "false" or "" (not given):
		// in a template a non-nil *bool is always true, whatever it points to.
		"tri": func(b *bool) string {
			if b == nil {
				return ""
			}
			if *b {
				return "true"
			}
			return "false"
		},
		"filterArgs": func(name, label, all string, opts []option) map[string]any {
			return map[string]any{"Name": name, "Label": label, "All": all, "Options": opts}
		},
		"signupArgs": func(p *i18n.Printer, csrf string, e people.Enrolment) map[string]any {
			return map[string]any{"P": p, "CSRF": csrf, "E": e}
		},
		"errArgs": func(e map[string]string, k string) map[string]any { return map[string]any{"E": e, "K": k} },
		"treeArgs": func(p *i18n.Printer, nodes []*org.TreeNode) map[string]any {
			return map[string]any{"P": p, "Nodes": nodes}
		},
	}
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/layout/*.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	pages := map[string]*template.Template{}
	err = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "templates/layout/") || strings.HasPrefix(p, "templates/partials/") {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(templateFS, p); err != nil {
			return fmt.Errorf("parse %s: %w", p, err)
		}
		pages[name] = t
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, must := range []string{"error", "home", "auth/login", "dashboard/index", "admin/index"} {
		if pages[must] == nil {
			return nil, fmt.Errorf("template %s is missing", must)
		}
	}
	return pages, nil
}

// page builds the common page data for a request.
func (s *Server) page(r *http.Request, title string, data any) *Page {
	st := stateOf(r)
	p := st.printer
	pg := &Page{P: p, Lang: p.Lang, Title: title, Actor: actorOf(r), Path: r.URL.Path, OIDC: s.OIDC != nil,
		Version: s.opt.Version, Data: data, Asset: s.static.URL}
	if st.session != nil {
		pg.CSRF = st.session.CSRFToken
	}
	pg.Roles = pg.Actor.RoleSet()
	for _, l := range i18n.Languages {
		pg.Langs = append(pg.Langs, langOption{Code: l, Label: p.T("lang." + l), Selected: l == p.Lang})
	}
	pg.Nav = s.nav(r, pg)
	return pg
}

func (s *Server) nav(r *http.Request, pg *Page) []navItem {
	p := pg.P
	items := []navItem{{Href: "/", Label: p.T("nav.home")}, {Href: "/catalogue", Label: p.T("nav.catalogue")}}
	if a := pg.Actor; a != nil {
		inst := a.InstitutionID
		admin := a.National || a.Has(app.RoleAdmin, inst)
		if a.Has(app.RoleMentor, inst) {
			items = append(items, navItem{Href: "/me/sessions", Label: p.T("nav.my_sessions")})
		}
		if a.Has(app.RoleStudent, inst) {
			items = append(items, navItem{Href: "/me/program", Label: p.T("nav.my_program")})
		}
		if admin || a.Has(app.RoleCoordinator, inst) {
			items = append(items, navItem{Href: "/programs", Label: p.T("nav.programs")})
		}
		if admin || a.Has(app.RoleLeader, inst) || a.Has(app.RoleResearcher, inst) {
			items = append(items, navItem{Href: "/overview", Label: p.T("nav.overview")})
		}
		if admin {
			items = append(items, navItem{Href: "/admin", Label: p.T("nav.admin")})
		}
		if a.National {
			items = append(items, navItem{Href: "/admin/institutions", Label: p.T("nav.institutions")})
		}
	}
	for i := range items {
		items[i].Current = items[i].Href == r.URL.Path || (items[i].Href != "/" && strings.HasPrefix(r.URL.Path, items[i].Href+"/"))
	}
	return items
}

// render writes a full page (or, for htmx requests, only its "content" block).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	title := printerOf(r).T("title." + strings.ReplaceAll(name, "/", "."))
	s.renderPage(w, r, status, name, s.page(r, title, data))
}

func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, pg *Page) {
	t, ok := s.pages[name]
	if !ok {
		s.Logger.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	block := "base"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true" {
		block = "content"
	}
	// Render to a buffer first: a template error must not leave half a page.
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, pg); err != nil {
		s.Logger.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	io.Copy(w, &buf)
}

// renderBlock writes one named block of a page (an htmx fragment).
func (s *Server) renderBlock(w http.ResponseWriter, r *http.Request, name, block string, pg *Page) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, block, pg); err != nil {
		s.Logger.Error("render block", "template", name, "block", block, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "HX-Request")
	io.Copy(w, &buf)
}

func (s *Server) renderPartial(w io.Writer, name string, data any) {
	t := s.pages["error"]
	if err := t.ExecuteTemplate(w, name, data); err != nil {
		s.Logger.Error("render partial", "name", name, "err", err)
	}
}
