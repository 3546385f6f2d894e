package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/recruit"
)

// The recruiting pages: a posting's public page with its application form
// (/recruit/{id}, no login), and the coordinator's Recruiting tab
// (/programs/{id}/recruit) with postings, the applications of one with the
// committee's scores, and the decisions up to hiring.

// slotDays and slotHours are the weekly slots an applicant may tick.
var (
	slotDays  = []string{"mon", "tue", "wed", "thu", "fri"}
	slotHours = []string{"08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18"}
)

type applyPage struct {
	Posting recruit.Posting
	Choices []string          // the study programmes to choose from; none: typed
	Names   map[string]string // study programme code → its name, to show beside the code
	Form    map[string]string
	Slots   map[string]bool
	Errors  map[string]string
	Summary errorSummary
	Done    bool
	Days    []string
	Hours   []string
}

// applicationFields are the application form's text fields, in page order.
var applicationFields = []string{"given_name", "family_name", "email", "student_number", "programme_code", "cohort", "motivation", "experience"}

func (s *Server) applyData(r *http.Request) (*applyPage, error) {
	id, err := pathID(r, "posting")
	if err != nil {
		return nil, err
	}
	p, err := s.Recruit.PublicPosting(r.Context(), id)
	if err != nil {
		return nil, err
	}
	choices, err := s.Recruit.Choices(r.Context(), p)
	if err != nil {
		return nil, err
	}
	// The names of the institution's study programmes are public facts;
	// the page has no reader to ask for them as.
	names := map[string]string{}
	progs, err := s.Org.Programmes(app.WithActor(r.Context(), app.SystemActor), p.InstitutionID)
	if err != nil {
		return nil, err
	}
	for _, pr := range progs {
		names[pr.Code] = pr.Name
	}
	return &applyPage{Posting: p, Choices: choices, Names: names, Form: map[string]string{}, Slots: map[string]bool{}, Errors: map[string]string{}, Days: slotDays, Hours: slotHours}, nil
}

func (s *Server) handleRecruitForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.applyData(r)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done") != ""
	s.render(w, r, http.StatusOK, "recruit/apply", d)
	return nil
}

// handleRecruitSubmit takes an application without login; every client's
// applications count against a limit (429 beyond), so that a posting
// cannot be flooded.
func (s *Server) handleRecruitSubmit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.applyData(r)
	if err != nil {
		return err
	}
	for _, f := range applicationFields {
		d.Form[f] = r.PostFormValue(f)
	}
	var slots []string
	for _, v := range r.PostForm["slot"] {
		if len(slots) < 60 {
			slots = append(slots, v)
			d.Slots[v] = true
		}
	}
	var cv []byte
	cvName := ""
	if f, fh, ferr := r.FormFile("cv"); ferr == nil {
		// One byte beyond the limit is enough to refuse it.
		cv, _ = io.ReadAll(io.LimitReader(f, recruit.MaxCV+1))
		cvName = fh.Filename
		f.Close()
	}
	if ok, wait := s.applies.allow(s.clientIP(r), s.now()); !ok {
		return (&app.Error{Code: app.CodeTooMany, Key: "recruit.too_many", Message: "too many applications from here; wait a minute"}).WithArgs("RetryAfter", int64(wait/time.Second)+1)
	}
	_, err = s.Recruit.Apply(r.Context(), d.Posting.ID, recruit.Application{GivenName: d.Form["given_name"], FamilyName: d.Form["family_name"],
		Email: d.Form["email"], StudentNumber: d.Form["student_number"], Programme: d.Form["programme_code"], Cohort: d.Form["cohort"],
		Motivation: d.Form["motivation"], Experience: d.Form["experience"], Slots: slots, CV: cv, CVName: cvName})
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/recruit/%d?done=1", d.Posting.ID), http.StatusSeeOther)
		return nil
	}
	e := app.AsError(err)
	if e.Code != app.CodeInvalid && e.Code != app.CodeConflict {
		return err
	}
	pr := printerOf(r)
	var items []summaryItem
	for _, det := range e.Details {
		msg := detailText(pr, det)
		if _, seen := d.Errors[det.Column]; !seen {
			d.Errors[det.Column] = msg
			items = append(items, summaryItem{Field: "apply-" + det.Column, Label: pr.T("recruit.field." + det.Column), Message: msg})
		}
	}
	if len(items) == 0 {
		items = append(items, summaryItem{Message: errorText(r, err)})
	}
	d.Summary = errorSummary{ID: "apply-errors", Heading: pr.T("recruit.apply.refused"), Items: items}
	s.render(w, r, http.StatusUnprocessableEntity, "recruit/apply", d)
	return nil
}

type recruitData struct {
	Program    program.Program
	Tab        string
	YearBar    *yearBar
	Postings   []recruit.Posting
	Posting    *recruit.Posting // the one whose applications are shown
	Apps       []recruit.Application
	Done       string
	Problem    string
	Form       map[string]string
	Today      string
	Continuity recruit.Continuity
	// Rows are the posting form's rows of positions; Codes the study
	// programmes a row may name.
	Rows  []positionRow
	Codes []string
	// Tally counts the shown posting's offers, acceptances and hires per
	// row of positions.
	Tally []recruit.Position
}

// positionRow is one row of the posting form, as written.
type positionRow struct{ Code, Count string }

// postingRows is how many rows of positions the posting form has at least
// (without JavaScript, a few empty ones to fill in).
const postingRows = 5

func (d *recruitData) padRows() {
	for len(d.Rows) < postingRows {
		d.Rows = append(d.Rows, positionRow{})
	}
}

func (s *Server) recruitData(r *http.Request) (*recruitData, error) {
	p, err := s.programOf(r)
	if err != nil {
		return nil, err
	}
	d := &recruitData{Program: p, Tab: "recruit", Form: map[string]string{}, Today: s.now().In(osloLocation).Format("2006-01-02")}
	if d.YearBar, err = s.yearBarOf(r, p.ID); err != nil {
		return nil, err
	}
	if d.Postings, err = s.Recruit.Postings(r.Context(), p.ID); err != nil {
		return nil, err
	}
	if d.Continuity, err = s.Recruit.Continuity(r.Context(), p.ID); err != nil {
		return nil, err
	}
	if d.Codes, err = s.Recruit.ProgrammeCodes(r.Context(), p.ID); err != nil {
		return nil, err
	}
	if id, perr := strconv.ParseInt(r.URL.Query().Get("posting"), 10, 64); perr == nil {
		i := slices.IndexFunc(d.Postings, func(x recruit.Posting) bool { return x.ID == id })
		if i < 0 {
			return nil, app.NotFound("posting")
		}
		d.Posting = &d.Postings[i]
		if _, d.Apps, err = s.Recruit.Applications(r.Context(), id); err != nil {
			return nil, err
		}
		d.Tally = recruit.Tally(*d.Posting, d.Apps)
	}
	return d, nil
}

func (s *Server) handleRecruit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.recruitData(r)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	d.padRows()
	s.render(w, r, http.StatusOK, "programs/recruit", d)
	return nil
}

// postingFields are the posting form's fields.
// (the rows of positions apart: programme_code and positions, repeated).
var postingFields = []string{"title", "role", "starts_on", "ends_on", "hourly", "deadline"}

// postedRows reads the posting form's rows of positions: the i-th
// programme_code with the i-th positions; rows left empty are skipped.
func postedRows(r *http.Request) (rows []positionRow, out []recruit.Position) {
	codes, counts := r.PostForm["programme_code"], r.PostForm["positions"]
	for i := range min(max(len(codes), len(counts)), 2*recruit.MaxRows) {
		var row positionRow
		if i < len(codes) {
			row.Code = strings.TrimSpace(codes[i])
		}
		if i < len(counts) {
			row.Count = strings.TrimSpace(counts[i])
		}
		if row.Count == "" && row.Code == "" {
			continue
		}
		n, err := strconv.Atoi(row.Count)
		if err != nil {
			n = 0
		}
		rows = append(rows, row)
		out = append(out, recruit.Position{ProgrammeCode: row.Code, Count: n})
	}
	return rows, out
}

func (s *Server) handlePostingCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	day := func(name string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02", r.PostFormValue(name), osloLocation)
		return t
	}
	rows, positions := postedRows(r)
	hourly, herr := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("hourly")), ",", "."), 64)
	if herr != nil {
		hourly = -1
	}
	deadline := day("deadline")
	if !deadline.IsZero() {
		deadline = deadline.Add(24*time.Hour - time.Second)
	}
	_, err = s.Recruit.CreatePosting(r.Context(), p.ID, recruit.PostingDraft{Title: r.PostFormValue("title"), Role: r.PostFormValue("role"),
		Programmes: positions, StartsOn: day("starts_on"), EndsOn: day("ends_on"), Hourly: hourly, Deadline: deadline})
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/programs/%d/recruit?done=posting", p.ID), http.StatusSeeOther)
		return nil
	}
	if app.ErrorCode(err) != app.CodeInvalid {
		return err
	}
	d, derr := s.recruitData(r)
	if derr != nil {
		return derr
	}
	for _, f := range postingFields {
		d.Form[f] = r.PostFormValue(f)
	}
	d.Rows = rows
	d.padRows()
	var msgs []string
	for _, det := range app.AsError(err).Details {
		msgs = append(msgs, printerOf(r).T("recruit.field."+det.Column)+": "+detailText(printerOf(r), det))
	}
	d.Problem = errorText(r, err) + " " + strings.Join(msgs, " · ")
	s.render(w, r, http.StatusUnprocessableEntity, "programs/recruit", d)
	return nil
}

// handleApplicationAction reviews, decides or hires (action review |
// decide | hire) from the Recruiting tab.
func (s *Server) handleApplicationAction(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("application"), 10, 64)
	if err != nil {
		return app.NotFound("application")
	}
	posting := r.PostFormValue("posting")
	switch r.PostFormValue("action") {
	case "review":
		score, _ := strconv.Atoi(r.PostFormValue("score"))
		err = s.Recruit.Review(r.Context(), id, score, r.PostFormValue("comment"))
	case "decide":
		err = s.Recruit.Decide(r.Context(), id, r.PostFormValue("state"))
	case "hire":
		_, err = s.Recruit.Hire(r.Context(), id)
	default:
		err = app.Invalid("recruit.bad_action", "review, decide or hire")
	}
	if err != nil {
		if c := app.ErrorCode(err); c != app.CodeInvalid && c != app.CodeConflict {
			return err
		}
		r.URL.RawQuery = "posting=" + posting
		d, derr := s.recruitData(r)
		if derr != nil {
			return derr
		}
		d.Problem = errorText(r, err)
		d.padRows()
		s.render(w, r, http.StatusUnprocessableEntity, "programs/recruit", d)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/recruit?posting=%s&done=%s#application-%d", p.ID, posting, r.PostFormValue("action"), id), http.StatusSeeOther)
	return nil
}

// handleCV sends an application's CV to its program's coordinators, as a
// download (never shown inline).
func (s *Server) handleCV(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.programOf(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("application"), 10, 64)
	if err != nil {
		return app.NotFound("cv")
	}
	data, name, err := s.Recruit.CV(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(data)
	return err
}
