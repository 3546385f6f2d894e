package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/roster"
)

// peopleData is the coordinator's page of a program's students and mentors.
type peopleData struct {
	Program     program.Program
	Tab         string
	YearBar     *yearBar // the year shown; an earlier one is read-only
	Students    []people.Participant
	Mentors     []people.Participant
	Counts      map[string]int // active, opted_out, left, applied, mentors
	GroupName   map[int64]string
	Signup      people.Signup
	SignupState string
	Deadline    string // for the form, YYYY-MM-DD
	Capacity    string
	Kind        string       // the file kind the errors are about
	Errors      []app.Detail // of a failed upload
	Done        string       // a notice
	Q           string       // the search in the lists
	Shown       int          // students shown (at most listLimit)
	Matching    int          // students matching the search
}

// listLimit bounds the rows of each list on the page: a faculty-wide
// program has thousands of students; the search narrows them.
const listLimit = 200

// matches reports whether a participant matches a search: every word in
// the name, number, e-mail, programme or cohort.
func matches(x people.Participant, q string) bool {
	if q == "" {
		return true
	}
	hay := strings.ToLower(strings.Join([]string{x.Name(), x.ExternalID, x.Email, x.Programme, x.Cohort}, " "))
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

func (s *Server) programOf(r *http.Request) (program.Program, error) {
	if actorOf(r) == nil {
		return program.Program{}, app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return program.Program{}, err
	}
	return s.People.Editable(r.Context(), id)
}

func (s *Server) peopleData(r *http.Request, p program.Program) (*peopleData, error) {
	d := &peopleData{Program: p, Tab: "people", Counts: map[string]int{}, GroupName: map[int64]string{}}
	var err error
	if d.YearBar, err = s.yearBarOf(r, p.ID); err != nil {
		return nil, err
	}
	if d.Students, err = s.People.Participants(r.Context(), p.ID, people.Student); err != nil {
		return nil, err
	}
	if d.Mentors, err = s.People.Participants(r.Context(), p.ID, people.Mentor); err != nil {
		return nil, err
	}
	groups, err := s.People.Groups(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		d.GroupName[g.ID] = g.Name
	}
	for _, x := range d.Students {
		switch {
		case !x.InRoster:
			d.Counts["left"]++
		case x.State == people.Applied:
			d.Counts["applied"]++
		case x.Placeable():
			d.Counts["active"]++
		default:
			d.Counts["opted_out"]++
		}
	}
	for _, x := range d.Mentors {
		if x.Placeable() {
			d.Counts["mentors"]++
		}
	}
	// The search comes in a POST body, not the URL: it holds names and
	// student numbers, which stay out of addresses and logs.
	d.Q = strings.TrimSpace(r.PostFormValue("q"))
	var shown []people.Participant
	for _, x := range d.Students {
		if matches(x, d.Q) {
			d.Matching++
			if len(shown) < listLimit {
				shown = append(shown, x)
			}
		}
	}
	d.Students, d.Shown = shown, len(shown)
	d.Mentors = slices.DeleteFunc(d.Mentors, func(x people.Participant) bool { return !matches(x, d.Q) })
	if d.Signup, d.SignupState, err = s.People.SignupSettings(r.Context(), p.ID); err != nil {
		return nil, err
	}
	if d.Signup.Deadline != nil {
		d.Deadline = d.Signup.Deadline.In(i18n.Oslo).Format("2006-01-02")
	}
	if d.Signup.Capacity != nil {
		d.Capacity = strconv.Itoa(*d.Signup.Capacity)
	}
	return d, nil
}

func (s *Server) handlePeople(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	d, err := s.peopleData(r, p)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	s.render(w, r, http.StatusOK, "programs/people", d)
	return nil
}

// peopleFailed shows the people page with the problems of an upload.
func (s *Server) peopleFailed(w http.ResponseWriter, r *http.Request, p program.Program, kind string, err error) error {
	e := app.AsError(err)
	if e.Code != app.CodeInvalid {
		return err
	}
	d, derr := s.peopleData(r, p)
	if derr != nil {
		return derr
	}
	d.Kind, d.Errors = kind, pageDetails(r, e)
	s.render(w, r, http.StatusUnprocessableEntity, "programs/people", d)
	return nil
}

// mappingData is the column-mapping step of an upload.
type mappingData struct {
	Program    program.Program
	Draft      people.Draft
	Headers    []string
	Columns    []mappingColumn
	Remembered bool
	Errors     []app.Detail
}

type mappingColumn struct {
	Name     string
	Required bool
	Selected string
}

func columnsOf(kind string) (all, required []string) {
	if kind == people.Mentor {
		return roster.MentorColumns, roster.MentorRequired
	}
	return roster.StudentColumns, roster.StudentRequired
}

func (s *Server) mappingPage(w http.ResponseWriter, r *http.Request, status int, p program.Program, d people.Draft, hs []string, m roster.Mapping, remembered bool, errs []app.Detail) error {
	md := mappingData{Program: p, Draft: d, Headers: hs, Remembered: remembered, Errors: errs}
	all, req := columnsOf(d.Kind)
	for _, c := range all {
		md.Columns = append(md.Columns, mappingColumn{Name: c, Required: slices.Contains(req, c), Selected: m[c]})
	}
	s.render(w, r, status, "programs/mapping", md)
	return nil
}

// handlePeopleUpload takes a students or mentors file: if its headers are
// not the spec's, the coordinator maps the columns first (a mapping
// remembered for the same layout is proposed); then a preview.
func (s *Server) handlePeopleUpload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	data, err := uploaded(r)
	kind := r.FormValue("kind")
	if kind != "mentors" {
		kind = "students"
	}
	if err != nil {
		return s.peopleFailed(w, r, p, kind, err)
	}
	end, err := s.enterImport(r)
	if err != nil {
		return err
	}
	defer end()
	mp, err := s.People.MappingFor(r.Context(), p.ID, kind, data)
	if err != nil {
		return s.peopleFailed(w, r, p, kind, err)
	}
	var m roster.Mapping
	if mp.Needed || mp.Remembered {
		m = mp.Suggested
	}
	_, fh, _ := r.FormFile("file")
	name := ""
	if fh != nil {
		name = fh.Filename
	}
	id, err := s.People.SaveDraft(r.Context(), p.ID, kind, name, data, m)
	if err != nil {
		return err
	}
	d, _, err := s.People.Draft(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	if mp.Needed || mp.Remembered {
		return s.mappingPage(w, r, http.StatusOK, p, d, mp.Headers, m, mp.Remembered, nil)
	}
	return s.previewPage(w, r, p, d, nil)
}

// formMapping reads map.<column> fields.
func formMapping(r *http.Request, kind string) roster.Mapping {
	all, _ := columnsOf(kind)
	m := roster.Mapping{}
	for _, c := range all {
		if v := strings.TrimSpace(r.FormValue("map." + c)); v != "" {
			m[c] = v
		}
	}
	return m
}

type previewData struct {
	Program program.Program
	Draft   people.Draft
	Plan    *people.Plan
	// The first listLimit of each list, for the page (the counts are the plan's).
	Added, Changed, Removed []people.Change
	Mapping                 roster.Mapping
	Columns                 []string // mapping keys in order, for hidden fields
	// ConfirmMissing: the import was submitted without the second
	// confirmation its many removals need.
	ConfirmMissing bool
	Unknown        []unknownView // programme codes the institution does not know
}

// unknownView is an unknown programme code with (the first of) its lines.
type unknownView struct {
	Code  string
	Count int
	Lines string
}

func unknownViews(us []people.UnknownProgramme) []unknownView {
	var out []unknownView
	for _, u := range us {
		var ls []string
		for _, l := range u.Lines[:min(len(u.Lines), 10)] {
			ls = append(ls, strconv.Itoa(l))
		}
		v := unknownView{Code: u.Code, Count: len(u.Lines), Lines: strings.Join(ls, ", ")}
		if len(u.Lines) > 10 {
			v.Lines += " …"
		}
		out = append(out, v)
	}
	return out
}

func (s *Server) previewPage(w http.ResponseWriter, r *http.Request, p program.Program, d people.Draft, m roster.Mapping) error {
	return s.previewPageStatus(w, r, http.StatusOK, p, d, m, false)
}

func (s *Server) previewPageStatus(w http.ResponseWriter, r *http.Request, status int, p program.Program, d people.Draft, m roster.Mapping, confirmMissing bool) error {
	pl, _, err := s.People.PreviewDraft(r.Context(), p.ID, d.ID, m)
	if err != nil {
		if app.ErrorCode(err) == app.CodeInvalid && len(m) > 0 {
			// The mapping step names fields in words, so its problems do too.
			errs := pageDetails(r, fieldWords(printerOf(r), app.AsError(err)))
			hs, herr := roster.Headers(strings.NewReader(string(d.Data)))
			if herr != nil {
				return herr
			}
			return s.mappingPage(w, r, http.StatusUnprocessableEntity, p, d, hs, m, false, errs)
		}
		return s.peopleFailed(w, r, p, people.KindOf(d.Kind), err)
	}
	first := func(cs []people.Change) []people.Change { return cs[:min(len(cs), listLimit)] }
	pd := previewData{Program: p, Draft: d, Plan: pl, Mapping: pl.Mapping, Added: first(pl.Added), Changed: first(pl.Changed), Removed: first(pl.Removed),
		ConfirmMissing: confirmMissing, Unknown: unknownViews(pl.Unknown)}
	for c := range pl.Mapping {
		pd.Columns = append(pd.Columns, c)
	}
	slices.Sort(pd.Columns)
	s.render(w, r, status, "programs/import_preview", pd)
	return nil
}

// draftOf is the program and the upload of a request to /programs/{id}/people/drafts/{draft}/….
func (s *Server) draftOf(r *http.Request) (program.Program, people.Draft, error) {
	p, err := s.programOf(r)
	if err != nil {
		return p, people.Draft{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("draft"), 10, 64)
	if err != nil || id <= 0 {
		return p, people.Draft{}, app.NotFound("upload")
	}
	d, _, err := s.People.Draft(r.Context(), p.ID, id)
	return p, d, err
}

// handleDraftPreview previews an upload with the mapping chosen.
func (s *Server) handleDraftPreview(w http.ResponseWriter, r *http.Request) error {
	p, d, err := s.draftOf(r)
	if err != nil {
		return err
	}
	end, err := s.enterImport(r)
	if err != nil {
		return err
	}
	defer end()
	return s.previewPage(w, r, p, d, formMapping(r, d.Kind))
}

// handleDraftCommit imports a previewed upload.
func (s *Server) handleDraftCommit(w http.ResponseWriter, r *http.Request) error {
	p, d, err := s.draftOf(r)
	if err != nil {
		return err
	}
	end, err := s.enterImport(r)
	if err != nil {
		return err
	}
	defer end()
	var m roster.Mapping
	if r.FormValue("mapped") == "1" {
		m = formMapping(r, d.Kind)
	}
	pl, err := s.People.CommitDraft(r.Context(), p.ID, d.ID, m, r.FormValue("confirm_removals") == "true")
	if err != nil && app.AsError(err).Key == "import.confirm_removals" {
		return s.previewPageStatus(w, r, http.StatusUnprocessableEntity, p, d, m, true)
	}
	if err != nil {
		return s.peopleFailed(w, r, p, people.KindOf(d.Kind), err)
	}
	done := fmt.Sprintf("%s:%d:%d:%d:%d", people.KindOf(pl.Role), len(pl.Added), len(pl.Changed), len(pl.Removed), pl.Unchanged)
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/people?done=%s", p.ID, done), http.StatusSeeOther)
	return nil
}

// handleDraftDiscard forgets an upload.
func (s *Server) handleDraftDiscard(w http.ResponseWriter, r *http.Request) error {
	p, d, err := s.draftOf(r)
	if err != nil {
		return err
	}
	if err := s.People.DiscardDraft(r.Context(), p.ID, d.ID); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/people", p.ID), http.StatusSeeOther)
	return nil
}

// handleChief names or un-names a chief mentor.
func (s *Server) handleChief(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	pid, err := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	if err != nil {
		return app.NotFound("mentor")
	}
	if err := s.People.SetChief(r.Context(), p.ID, pid, r.FormValue("chief") == "true"); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/people?done=chief#mentors", p.ID), http.StatusSeeOther)
	return nil
}

// handleSignupSettings sets an opt-in program's deadline and capacity.
func (s *Server) handleSignupSettings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	var deadline *time.Time
	var capacity *int
	var ds []app.Detail
	if v := strings.TrimSpace(r.FormValue("deadline")); v != "" {
		t, err := time.ParseInLocation("2006-01-02", v, i18n.Oslo)
		if err != nil {
			ds = append(ds, app.Detail{Column: "deadline", Message: printerOf(r).T("signup.bad_deadline")})
		} else {
			end := t.AddDate(0, 0, 1).Add(-time.Second) // open through the whole day
			deadline = &end
		}
	}
	if v := strings.TrimSpace(r.FormValue("capacity")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			ds = append(ds, app.Detail{Column: "capacity", Message: printerOf(r).T("signup.bad_capacity")})
		} else {
			capacity = &n
		}
	}
	if len(ds) > 0 {
		return s.peopleFailed(w, r, p, "signup", &app.Error{Code: app.CodeInvalid, Key: "signup.invalid", Details: ds})
	}
	if err := s.People.SetSignup(r.Context(), p.ID, deadline, capacity); err != nil {
		return s.peopleFailed(w, r, p, "signup", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/people?done=signup", p.ID), http.StatusSeeOther)
	return nil
}
