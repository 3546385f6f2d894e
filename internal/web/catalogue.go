package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// filterFromQuery reads the catalogue filter from the query string.
func filterFromQuery(q url.Values) program.Filter {
	return program.Filter{Q: q.Get("q"), Institution: q.Get("institution"), Unit: q.Get("unit"), Level: q.Get("level"),
		Transition: q.Get("transition"), Model: q.Get("model"), MentorKind: q.Get("mentor_kind"),
		Mandatory: q.Get("mandatory"), Enrolment: q.Get("enrolment"), Status: q.Get("status")}
}

// option is one choice of a filter or form select.
type option struct {
	Value, Label string
	Selected     bool
}

type catalogueData struct {
	Filter                                                                    program.Filter
	Programs                                                                  []program.Program
	Total                                                                     int
	Institutions                                                              []option
	Units                                                                     []option
	Levels, Transitions, Models, MentorKinds, Mandatory, Enrolments, Statuses []option
	Query                                                                     string // the filter as a query string, for the open-data links
	Active                                                                    int    // filters in use (the search box not counted)
	Matches                                                                   int    // programs passing the filter, on every page
	Page, Pages                                                               int    // this page of the results (from 1), and how many
	PageLinks                                                                 []pageLink
	Prev, Next                                                                string // the previous and next pages' URLs ("" at the ends)
	Fragment                                                                  bool   // an htmx request: out-of-band updates go with the results
}

// cataloguePageSize is how many programs one page of results shows.
const cataloguePageSize = 25

// pageLink is one numbered link of the catalogue's pagination.
type pageLink struct {
	N       int
	URL     string
	Current bool
}

// pageURL is the catalogue with the same filter at page n.
func pageURL(q url.Values, n int) string {
	v := url.Values{}
	for k, xs := range q {
		if k != "page" {
			v[k] = xs
		}
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/catalogue"
	}
	return "/catalogue?" + v.Encode()
}

// vocab builds the options of a closed vocabulary with labels from the
// catalogue ("<prefix>.<value>").
func vocab(p interface{ T(string, ...any) string }, prefix string, values []string, selected string) []option {
	out := []option{}
	for _, v := range values {
		out = append(out, option{Value: v, Label: p.T(prefix + "." + v), Selected: v == selected})
	}
	return out
}

func (s *Server) handleCatalogue(w http.ResponseWriter, r *http.Request) error {
	f := filterFromQuery(r.URL.Query())
	all, err := s.Programs.Catalogue(r.Context(), program.Filter{})
	if err != nil {
		return err
	}
	// A unit belongs to an institution: one chosen with another
	// institution (left from an earlier choice) is dropped, not applied.
	if f.Unit != "" && f.Institution != "" && !slices.ContainsFunc(all, func(p program.Program) bool {
		return strings.EqualFold(p.InstitutionName, f.Institution) && strings.EqualFold(p.UnitName, f.Unit)
	}) {
		f.Unit = ""
	}
	q := r.URL.Query()
	if f.Unit == "" {
		q.Del("unit")
	}
	d := catalogueData{Filter: f, Total: len(all), Query: openDataQuery(q), Fragment: isResultsFragment(r)}
	for _, v := range []string{f.Institution, f.Unit, f.Level, f.Transition, f.Model, f.MentorKind, f.Mandatory, f.Enrolment, f.Status} {
		if v != "" {
			d.Active++
		}
	}
	for _, p := range all {
		if f.Matches(p) {
			d.Programs = append(d.Programs, p)
		}
	}
	d.Matches = len(d.Programs)
	d.Pages = max(1, (d.Matches+cataloguePageSize-1)/cataloguePageSize)
	d.Page, _ = strconv.Atoi(q.Get("page"))
	d.Page = min(max(d.Page, 1), d.Pages)
	d.Programs = d.Programs[(d.Page-1)*cataloguePageSize : min(d.Page*cataloguePageSize, d.Matches)]
	if d.Pages > 1 {
		for n := 1; n <= d.Pages; n++ {
			d.PageLinks = append(d.PageLinks, pageLink{N: n, URL: pageURL(q, n), Current: n == d.Page})
		}
		if d.Page > 1 {
			d.Prev = pageURL(q, d.Page-1)
		}
		if d.Page < d.Pages {
			d.Next = pageURL(q, d.Page+1)
		}
	}
	// The institution and unit choices come from the published programs;
	// units are narrowed to the chosen institution.
	insts, units := map[string]bool{}, map[string]bool{}
	for _, p := range all {
		insts[p.InstitutionName] = true
		if p.UnitName != "" && (f.Institution == "" || strings.EqualFold(f.Institution, p.InstitutionName)) {
			units[p.UnitName] = true
		}
	}
	sortedOptions := func(m map[string]bool, sel string) []option {
		var out []option
		for k := range m {
			out = append(out, option{Value: k, Label: k, Selected: strings.EqualFold(k, sel)})
		}
		slices.SortFunc(out, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
		return out
	}
	d.Institutions, d.Units = sortedOptions(insts, f.Institution), sortedOptions(units, f.Unit)
	p := printerOf(r)
	d.Levels = vocab(p, "level", catalogue.Levels, f.Level)
	d.Transitions = vocab(p, "transition", catalogue.Transitions, f.Transition)
	d.Models = vocab(p, "model", catalogue.Models, f.Model)
	d.MentorKinds = vocab(p, "kind", catalogue.MentorKinds, f.MentorKind)
	d.Mandatory = vocab(p, "mandatory", []string{"true", "false"}, f.Mandatory)
	d.Enrolments = vocab(p, "enrolment", catalogue.Enrolments, f.Enrolment)
	d.Statuses = vocab(p, "status", catalogue.Statuses, f.Status)
	if d.Fragment {
		pg := s.page(r, "", d)
		s.renderBlock(w, r, "catalogue/index", "results", pg)
		return nil
	}
	s.render(w, r, http.StatusOK, "catalogue/index", d)
	return nil
}

type programPageData struct {
	Program  program.Program
	Criteria []criterionView
	CanEdit  bool
	// An opt-in program's sign-up: its settings and state ("open",
	// "closed", "full"; "" for other programs), and where to sign up.
	Signup      people.Signup
	SignupState string
	SignupURL   string
	LoggedIn    bool
	// The current program year and its groups (Year 0: none formed).
	Year    int
	Groups  program.Cell
	MinCell int
}

type criterionView struct {
	N        int
	Text     string
	Met      bool
	Evidence string
}

func criteriaView(p interface{ T(string, ...any) string }, pr program.Program) []criterionView {
	out := make([]criterionView, 0, program.Criteria)
	for i, c := range pr.Criteria {
		out = append(out, criterionView{N: i + 1, Text: p.T("criterion." + string(rune('1'+i))), Met: c.Met, Evidence: c.Evidence})
	}
	return out
}

// handleCatalogueProgram is the public page of one program, written for a
// student deciding whether to join.
func (s *Server) handleCatalogueProgram(w http.ResponseWriter, r *http.Request) error {
	pr, err := s.Programs.Public(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	d := programPageData{Program: pr, Criteria: criteriaView(printerOf(r), pr), CanEdit: program.CanEdit(actorOf(r), pr),
		LoggedIn: actorOf(r) != nil, MinCell: program.MinCell}
	if d.Year, d.Groups, err = s.Programs.CurrentGroups(r.Context(), pr, program.AcademicYear(s.now())); err != nil {
		return err
	}
	if pr.Enrolment == "opt_in" && pr.Public && (pr.Status == "active" || pr.Status == "pilot") && pr.Model != "disability_support" {
		if d.Signup, d.SignupState, err = s.People.PublicSignup(r.Context(), pr); err != nil {
			return err
		}
		d.SignupURL = fmt.Sprintf("/me/programs/%d/signup", pr.ID)
		if people.OneToOne(pr.Model) {
			d.SignupURL = fmt.Sprintf("/me/programs/%d/apply", pr.ID)
		}
	}
	pg := s.page(r, pr.Name, d)
	s.renderPage(w, r, http.StatusOK, "catalogue/program", pg)
	return nil
}

func (s *Server) catalogueRows(r *http.Request) ([]catalogue.Row, error) {
	list, err := s.Programs.Catalogue(r.Context(), filterFromQuery(r.URL.Query()))
	if err != nil {
		return nil, err
	}
	rows := make([]catalogue.Row, 0, len(list))
	for _, p := range list {
		rows = append(rows, p.Row())
	}
	return rows, nil
}

// handleCatalogueCSV serves the catalogue as open data, with exactly the
// catalogue.csv columns; cells that a spreadsheet would run as a formula
// are neutralised by catalogue.WriteCSV. sep=semicolon gives the file for
// Norwegian Excel (semicolons and a BOM).
func (s *Server) handleCatalogueCSV(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.catalogueRows(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="catalogue.csv"`)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	return catalogue.WriteCSVDialect(w, rows, tabular.DialectOf(r.URL.Query().Get("sep"), tabular.CSVDialect{}))
}

func (s *Server) handleCatalogueJSON(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.catalogueRows(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(catalogue.JSONRows(rows))
}

type examplesData struct {
	Programs []program.Program
}

// handleExamples is the example collection: what worked and what did not,
// shared between faculties and institutions.
func (s *Server) handleExamples(w http.ResponseWriter, r *http.Request) error {
	all, err := s.Programs.Catalogue(r.Context(), program.Filter{})
	if err != nil {
		return err
	}
	var d examplesData
	for _, p := range all {
		if p.IsExample {
			d.Programs = append(d.Programs, p)
		}
	}
	s.render(w, r, http.StatusOK, "catalogue/examples", d)
	return nil
}

type glossaryTerm struct {
	Key        string
	NB, NN, EN string
	Explain    string
}

// glossaryKeys are the terms of DOMAIN.md's glossary.
var glossaryKeys = []string{"program", "mentor", "mentee", "cohort", "programme", "course", "credits", "buddy",
	"seminar_leader", "learning_assistant", "study_group", "welfare", "chief_mentor", "dropout", "attendance", "training",
	"opt_out", "opt_in", "min_standard"}

func (s *Server) handleGlossary(w http.ResponseWriter, r *http.Request) error {
	nb, nn, en := s.Catalog.Printer("nb"), s.Catalog.Printer("nn"), s.Catalog.Printer("en")
	p := printerOf(r)
	var terms []glossaryTerm
	for _, k := range glossaryKeys {
		terms = append(terms, glossaryTerm{Key: k, NB: nb.T("term." + k), NN: nn.T("term." + k), EN: en.T("term." + k), Explain: p.T("term." + k + ".explain")})
	}
	s.render(w, r, http.StatusOK, "catalogue/glossary", terms)
	return nil
}

// isResultsFragment reports an htmx request for the catalogue's results
// alone (a filter change or a page link).
func isResultsFragment(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "catalogue-results"
}

// openDataQuery is the filter for the open-data links: every page's
// programs, so without the page.
func openDataQuery(q url.Values) string {
	v := url.Values{}
	for k, xs := range q {
		if k != "page" {
			v[k] = xs
		}
	}
	return v.Encode()
}
