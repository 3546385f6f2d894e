package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
)

type programsData struct {
	Programs  []program.Program
	CanCreate bool
}

// handlePrograms lists the programs the user works with.
func (s *Server) handlePrograms(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	list, err := s.Programs.List(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "programs/index", programsData{Programs: list, CanCreate: program.CanCreate(a, a.InstitutionID)})
	return nil
}

// programForm is the edit form's data: the program, the choices, and the
// problems found at each field.
type programForm struct {
	Program                                                                    program.Program
	New                                                                        bool
	Errors                                                                     map[string]string
	Units                                                                      []org.Unit
	Programmes                                                                 []org.Programme
	Served                                                                     map[string]bool // programme codes served
	Cohorts                                                                    string          // the cohorts served, e.g. "2025H 2026H" ("" = every cohort)
	Levels, Transitions, Models, MentorKinds, Enrolments, Statuses, Relevances []option
	Languages                                                                  []option // of the program's texts
	Criteria                                                                   []criterionView
	Summary                                                                    errorSummary
	History                                                                    []program.HistoryEntry
	Years                                                                      []people.Year // with their figures, on the program's own page
}

func (s *Server) programForm(r *http.Request, p program.Program, isNew bool, problems []app.Detail) (*programForm, error) {
	pr := printerOf(r)
	f := &programForm{Program: p, New: isNew, Errors: map[string]string{}, Served: map[string]bool{}}
	for _, d := range problems {
		if f.Errors[d.Column] == "" {
			f.Errors[d.Column] = detailText(pr, d)
		}
	}
	var err error
	if f.Units, err = s.Org.Units(r.Context(), p.InstitutionID); err != nil {
		return nil, err
	}
	if f.Programmes, err = s.Org.Programmes(r.Context(), p.InstitutionID); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var cohorts []string
	for _, sv := range p.Served {
		f.Served[sv.ProgrammeCode] = true
		if sv.Cohort != "" && !seen[sv.Cohort] {
			seen[sv.Cohort] = true
			cohorts = append(cohorts, sv.Cohort)
		}
	}
	sort.Strings(cohorts)
	f.Cohorts = strings.Join(cohorts, " ")
	f.Levels = vocab(pr, "level", catalogue.Levels, p.Level)
	f.Transitions = vocab(pr, "transition", catalogue.Transitions, p.Transition)
	f.Models = vocab(pr, "model", catalogue.Models, p.Model)
	f.MentorKinds = vocab(pr, "kind", catalogue.MentorKinds, "")
	for i := range f.MentorKinds {
		for _, k := range p.MentorKinds {
			if k == f.MentorKinds[i].Value {
				f.MentorKinds[i].Selected = true
			}
		}
	}
	f.Enrolments = vocab(pr, "enrolment", catalogue.Enrolments, p.Enrolment)
	f.Statuses = vocab(pr, "status", catalogue.Statuses, p.Status)
	lang := p.Language
	if lang == "" {
		lang = "nb"
	}
	for _, l := range program.Languages {
		f.Languages = append(f.Languages, option{Value: l, Label: pr.T("lang." + l), Selected: l == lang})
	}
	f.Relevances = append([]option{{Value: "", Label: pr.T("field.none"), Selected: p.Relevance == ""}}, vocab(pr, "relevance", catalogue.Relevances, p.Relevance)...)
	f.Criteria = criteriaView(pr, p)
	return f, nil
}

func (s *Server) handleProgramNew(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	if !program.CanCreate(a, a.InstitutionID) {
		return app.Forbidden()
	}
	p := program.Program{InstitutionID: a.InstitutionID, Level: "programme", Transition: "first_year", Model: "fixed_group_voluntary",
		Enrolment: "opt_out", Status: "pilot", Started: s.now().Year(), MentorKinds: []string{"senior_student"}}
	f, err := s.programForm(r, p, true, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "programs/edit", f)
	return nil
}

// readProgramForm applies the posted form to p and returns problems with
// values that cannot even be parsed (numbers, years).
func readProgramForm(r *http.Request, p *program.Program) []app.Detail {
	var ds []app.Detail
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	optInt := func(k string) *int {
		s := v(k)
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			ds = append(ds, app.Detail{Column: k, Message: "must be a whole number"})
			return nil
		}
		return &n
	}
	prevUnit := p.UnitID
	p.Name, p.UnitName, p.Level, p.Transition, p.Model = v("name"), v("unit"), v("level"), v("transition"), v("model")
	p.UnitID, _ = strconv.ParseInt(v("unit_id"), 10, 64)
	if p.UnitID != prevUnit {
		p.UnitName = "" // a unit chosen from the tree names itself (see program.resolve)
	}
	p.MentorKinds = r.PostForm["mentor_kinds"]
	p.Mandatory = v("mandatory") == "true"
	p.Enrolment = v("enrolment")
	switch v("credits") {
	case "true", "false":
		b := v("credits") == "true"
		p.Credits = &b
	default:
		p.Credits = nil
	}
	p.Paid = v("paid") == "true"
	p.GroupSize = strings.ReplaceAll(v("group_size"), " ", "")
	p.MentorsPerGroup, p.StudentsOffered = optInt("mentors_per_group"), optInt("students_offered")
	if st := optInt("started"); st != nil {
		p.Started = *st
	} else if v("started") == "" {
		ds = append(ds, app.Detail{Column: "started", Message: "is required"})
	}
	p.Ended = optInt("ended")
	p.EndReason, p.Status, p.Relevance, p.Funding = v("end_reason"), v("status"), v("relevance"), v("funding")
	p.URL, p.Contact, p.Purpose, p.Expectations, p.HowToJoin = v("url"), v("contact"), v("purpose"), v("expectations"), v("how_to_join")
	if l := v("content_language"); l != "" {
		p.Language = l
	}
	for i := range p.Criteria {
		n := strconv.Itoa(i + 1)
		p.Criteria[i] = program.Criterion{Met: v("criterion_"+n) == "true", Evidence: v("evidence_" + n)}
	}
	// Every chosen programme is served in the cohorts given (none: all).
	p.Served = nil
	cohorts := strings.FieldsFunc(strings.ToUpper(v("cohorts")), func(r rune) bool { return r == ' ' || r == ',' || r == ';' })
	for _, code := range r.PostForm["programmes"] {
		if len(cohorts) == 0 {
			p.Served = append(p.Served, program.Served{ProgrammeCode: code})
		}
		for _, c := range cohorts {
			p.Served = append(p.Served, program.Served{ProgrammeCode: code, Cohort: c})
		}
	}
	p.IsExample = v("is_example") == "true"
	p.Example = program.Example{Worked: v("example_worked"), NotWorked: v("example_not_worked"), Links: v("example_links")}
	return ds
}

// formProblem re-renders the form with the problems at their fields.
func (s *Server) formProblem(w http.ResponseWriter, r *http.Request, p program.Program, isNew bool, err error) error {
	e := app.AsError(err)
	if e.Code != app.CodeInvalid && e.Code != app.CodeConflict {
		return err
	}
	ds := e.Details
	if len(ds) == 0 {
		ds = []app.Detail{{Column: "form", Message: printerOf(r).T(e.Key)}}
	}
	f, ferr := s.programForm(r, p, isNew, ds)
	if ferr != nil {
		return ferr
	}
	pr := printerOf(r)
	fields := map[string][2]string{}
	for _, col := range programFormOrder {
		if col != "form" {
			fields[col] = [2]string{col, pr.T(programFieldLabels[col])}
		}
	}
	f.Summary = summarise("form-errors", pr.T("program.form_problems", "Count", len(f.Errors)), f.Errors, programFormOrder, fields)
	pg := s.page(r, pr.T("title.programs.edit"), f)
	s.renderPage(w, r, statusOf(e.Code), "programs/edit", pg)
	return nil
}

func (s *Server) handleProgramCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	p := program.Program{InstitutionID: a.InstitutionID}
	if ds := readProgramForm(r, &p); len(ds) > 0 {
		return s.formProblem(w, r, p, true, &app.Error{Code: app.CodeInvalid, Key: "program.invalid", Details: ds})
	}
	created, err := s.Programs.Create(r.Context(), p)
	if err != nil {
		return s.formProblem(w, r, p, true, err)
	}
	http.Redirect(w, r, "/programs/"+strconv.FormatInt(created.ID, 10)+"?done=created", http.StatusSeeOther)
	return nil
}

func (s *Server) programFromPath(r *http.Request) (program.Program, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return program.Program{}, app.NotFound("program")
	}
	return s.Programs.Get(r.Context(), id)
}

func (s *Server) handleProgramView(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programFromPath(r)
	if err != nil {
		return err
	}
	if !program.CanEdit(actorOf(r), p) {
		http.Redirect(w, r, "/catalogue/"+p.Code, http.StatusSeeOther)
		return nil
	}
	f, err := s.programForm(r, p, false, nil)
	if err != nil {
		return err
	}
	if f.History, err = s.Programs.History(r.Context(), p.ID); err != nil {
		return err
	}
	if f.Years, err = s.People.Years(r.Context(), p.ID); err != nil {
		return err
	}
	pg := s.page(r, p.Name, f)
	if done := r.URL.Query().Get("done"); done != "" {
		pg.Notice = &noticeData{Kind: "success", Text: printerOf(r).T("program.done." + done)}
	}
	s.renderPage(w, r, http.StatusOK, "programs/edit", pg)
	return nil
}

func (s *Server) handleProgramSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programFromPath(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	var ds []app.Detail
	edited := p
	ds = readProgramForm(r, &edited)
	if len(ds) > 0 {
		return s.formProblem(w, r, edited, false, &app.Error{Code: app.CodeInvalid, Key: "program.invalid", Details: ds})
	}
	if _, err := s.Programs.Update(r.Context(), p.ID, version, func(x *program.Program) {
		pub := x.Public
		*x = edited
		x.Public = pub // publishing has its own button
	}); err != nil {
		return s.formProblem(w, r, edited, false, err)
	}
	http.Redirect(w, r, "/programs/"+strconv.FormatInt(p.ID, 10)+"?done=saved", http.StatusSeeOther)
	return nil
}

func (s *Server) handleProgramPublish(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programFromPath(r)
	if err != nil {
		return err
	}
	public := r.PostFormValue("public") == "true"
	if _, err := s.Programs.Update(r.Context(), p.ID, 0, func(x *program.Program) { x.Public = public }); err != nil {
		return err
	}
	done := "unpublished"
	if public {
		done = "published"
	}
	http.Redirect(w, r, "/programs/"+strconv.FormatInt(p.ID, 10)+"?done="+done, http.StatusSeeOther)
	return nil
}

// programFormOrder is the program form's fields (by error column) in the
// order they appear, so its error summary reads top to bottom; "form" is
// the form as a whole.
var programFormOrder = []string{"form", "name", "level", "transition", "model", "mentor_kinds", "group_size",
	"mentors_per_group", "students_offered", "status", "started", "ended", "content_language", "url", "programmes", "example_links"}

// programFieldLabels are the message keys of the fields' labels.
var programFieldLabels = map[string]string{"name": "field.name", "level": "field.level", "transition": "field.transition",
	"model": "field.model", "mentor_kinds": "field.mentor_kinds", "group_size": "field.group_size",
	"mentors_per_group": "field.mentors_per_group", "students_offered": "field.students_offered", "status": "field.status",
	"started": "field.started", "ended": "field.ended", "url": "field.url", "programmes": "program.section.programmes", "content_language": "a11y.field.content_language",
	"example_links": "example.links"}
