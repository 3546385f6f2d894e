package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessionplan"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// sessionsData is the coordinator's plan of a program year: the sessions
// by week, a form for a recurring plan from a template and one for a
// single session or plenary.
type sessionsData struct {
	Program   program.Program
	Tab       string
	YearBar   *yearBar
	Weeks     []sessionWeek
	Groups    []sessions.GroupRef
	Templates []sessionplan.Template
	Plan      formValues
	One       formValues
	PlanSum   errorSummary
	OneSum    errorSummary
	PlanErrs  map[string]string
	OneErrs   map[string]string
	Done      string
	// Mail counts the year's messages by kind and state.
	Mail map[string]map[string]int
	N    string // how many a done message is about
}

// mailKinds and mailStates order the messages table.
var (
	mailKinds  = []string{"welcome", "reminder", "missed", "session_changed"}
	mailStates = []string{"queued", "sent", "deferred", "bounced", "skipped"}
)

// formValues holds a form's values as posted (shown again after a refusal).
type formValues map[string]string

// sessionWeek is the sessions of one ISO week.
type sessionWeek struct {
	Week     int
	Sessions []sessions.Session
}

func (s *Server) sessionsData(r *http.Request, p program.Program) (*sessionsData, error) {
	d := &sessionsData{Program: p, Tab: "sessions", Templates: sessionplan.Templates(), PlanErrs: map[string]string{}, OneErrs: map[string]string{},
		Plan: formValues{"template": "pilot", "from_week": "34", "every_weeks": "2", "count": "12", "skip_weeks": "", "minutes": "90"},
		One:  formValues{"group": "", "minutes": "90"}}
	var err error
	if d.YearBar, err = s.yearBarOf(r, p.ID); err != nil {
		return nil, err
	}
	ss, _, err := s.Sessions.List(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	for _, se := range ss {
		w := sessions.Week(se.StartsAt)
		if n := len(d.Weeks); n == 0 || d.Weeks[n-1].Week != w {
			d.Weeks = append(d.Weeks, sessionWeek{Week: w})
		}
		d.Weeks[len(d.Weeks)-1].Sessions = append(d.Weeks[len(d.Weeks)-1].Sessions, se)
	}
	if d.YearBar.Current {
		if d.Groups, _, err = s.Sessions.YearGroups(r.Context(), p.ID); err != nil {
			return nil, err
		}
		if d.Mail, err = s.Sessions.MailCounts(r.Context(), p.ID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// handleSessionsPage shows a program year's sessions (coordinators and
// admins).
func (s *Server) handleSessionsPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	d, err := s.sessionsData(r, p)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	if n, err := strconv.Atoi(r.URL.Query().Get("n")); err == nil {
		d.N = strconv.Itoa(n)
	}
	s.render(w, r, http.StatusOK, "programs/sessions", d)
	return nil
}

// fieldErrors puts an error's details on the form's fields, in the
// reader's language (the first under "" when none names a field).
func fieldErrors(r *http.Request, err error, errs map[string]string, rename map[string]string) {
	e := app.AsError(err)
	pr := printerOf(r)
	for _, dt := range e.Details {
		col := dt.Column
		if x, ok := rename[col]; ok {
			col = x
		}
		if errs[col] == "" {
			errs[col] = detailText(pr, dt)
		}
	}
	if len(e.Details) == 0 {
		errs[""] = errorText(r, err)
	}
}

func intField(r *http.Request, name string, errs map[string]string) int {
	v, err := strconv.Atoi(strings.TrimSpace(r.FormValue(name)))
	if err != nil {
		errs[name] = printerOf(r).T("groups.bad_number")
	}
	return v
}

// weekList reads "40, 48-51" as weeks.
func weekList(s string) ([]int, bool) {
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		a, b, isRange := strings.Cut(part, "-")
		lo, err1 := strconv.Atoi(a)
		hi := lo
		var err2 error
		if isRange {
			hi, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil || lo < 1 || hi > 53 || hi < lo || len(out) > 60 {
			return nil, false
		}
		for w := lo; w <= hi; w++ {
			out = append(out, w)
		}
	}
	return out, true
}

// handleSessionsPlan creates a recurring plan from the page's form.
func (s *Server) handleSessionsPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	pl := sessions.Plan{Template: r.FormValue("template"), Title: r.FormValue("title"), Location: r.FormValue("location"),
		FromWeek: intField(r, "from_week", errs), EveryWeeks: intField(r, "every_weeks", errs), Count: intField(r, "count", errs),
		Minutes: intField(r, "minutes", errs)}
	skip, ok := weekList(r.FormValue("skip_weeks"))
	if !ok {
		errs["skip_weeks"] = printerOf(r).T("sessions.page.bad_weeks")
	}
	pl.SkipWeeks = skip
	if len(errs) == 0 {
		var res sessions.PlanResult
		res, err = s.Sessions.PlanYear(r.Context(), p.ID, pl, printerOf(r))
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/programs/%d/sessions?done=planned&n=%d", p.ID, res.Sessions), http.StatusSeeOther)
			return nil
		}
		if c := app.ErrorCode(err); c != app.CodeInvalid {
			return err
		}
		fieldErrors(r, err, errs, nil)
	}
	d, derr := s.sessionsData(r, p)
	if derr != nil {
		return derr
	}
	for _, k := range []string{"template", "title", "location", "from_week", "every_weeks", "count", "minutes", "skip_weeks"} {
		d.Plan[k] = r.FormValue(k)
	}
	d.PlanErrs = errs
	pr := printerOf(r)
	d.PlanSum = summarise("plan-errors", pr.T("sessions.page.plan_errors"), errs,
		[]string{"template", "title", "from_week", "every_weeks", "count", "skip_weeks", "minutes", "location", "groups", ""},
		map[string][2]string{"template": {"plan-template-pilot", pr.T("sessions.page.template")}, "title": {"plan-title", pr.T("sessions.page.title")},
			"from_week": {"plan-from-week", pr.T("sessions.page.from_week")}, "every_weeks": {"plan-every", pr.T("sessions.page.every_weeks")},
			"count": {"plan-count", pr.T("sessions.page.count")}, "skip_weeks": {"plan-skip", pr.T("sessions.page.skip_weeks")},
			"minutes": {"plan-minutes", pr.T("sessions.page.minutes")}, "location": {"plan-location", pr.T("sessions.page.location")}})
	s.render(w, r, http.StatusUnprocessableEntity, "programs/sessions", d)
	return nil
}

// handleSessionCreatePage plans one session (a group's, or a plenary)
// from the page's form; date and times are Oslo time.
func (s *Server) handleSessionCreatePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	pr := printerOf(r)
	d := sessions.Draft{Title: r.FormValue("title"), Topic: r.FormValue("topic"), Location: r.FormValue("location"),
		Responsible: r.FormValue("responsible"), Checklist: r.FormValue("checklist")}
	if g := r.FormValue("group"); g != "" {
		if d.GroupID, err = strconv.ParseInt(g, 10, 64); err != nil {
			errs["group"] = pr.T("sessions.bad_group")
		}
	}
	day, derr := time.ParseInLocation("2006-01-02", r.FormValue("date"), sessions.Oslo())
	start, serr := time.Parse("15:04", r.FormValue("start"))
	end, eerr := time.Parse("15:04", r.FormValue("end"))
	switch {
	case derr != nil:
		errs["date"] = pr.T("sessions.page.bad_date")
	case serr != nil:
		errs["start"] = pr.T("sessions.page.bad_time")
	case eerr != nil:
		errs["end"] = pr.T("sessions.page.bad_time")
	default:
		d.StartsAt = time.Date(day.Year(), day.Month(), day.Day(), start.Hour(), start.Minute(), 0, 0, sessions.Oslo())
		d.EndsAt = time.Date(day.Year(), day.Month(), day.Day(), end.Hour(), end.Minute(), 0, 0, sessions.Oslo())
	}
	if len(errs) == 0 {
		if _, err = s.Sessions.Create(r.Context(), p.ID, d); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/programs/%d/sessions?done=created", p.ID), http.StatusSeeOther)
			return nil
		}
		if app.ErrorCode(err) != app.CodeInvalid {
			return err
		}
		fieldErrors(r, err, errs, map[string]string{"group_id": "group", "starts_at": "date", "ends_at": "end"})
	}
	sd, err := s.sessionsData(r, p)
	if err != nil {
		return err
	}
	for _, k := range []string{"group", "date", "start", "end", "title", "topic", "location", "responsible", "checklist"} {
		sd.One[k] = r.FormValue(k)
	}
	sd.OneErrs = errs
	sd.OneSum = summarise("one-errors", pr.T("sessions.page.one_errors"), errs,
		[]string{"group", "date", "start", "end", "title", "topic", "location", "responsible", "checklist", ""},
		map[string][2]string{"group": {"one-group", pr.T("sessions.page.group")}, "date": {"one-date", pr.T("sessions.page.date")},
			"start": {"one-start", pr.T("sessions.page.start")}, "end": {"one-end", pr.T("sessions.page.end")},
			"title": {"one-title", pr.T("sessions.page.title")}, "topic": {"one-topic", pr.T("sessions.page.topic")},
			"location": {"one-location", pr.T("sessions.page.location")}, "responsible": {"one-responsible", pr.T("sessions.page.responsible")},
			"checklist": {"one-checklist", pr.T("sessions.page.checklist")}})
	s.render(w, r, http.StatusUnprocessableEntity, "programs/sessions", sd)
	return nil
}

// handleSessionCancelPage cancels a session of the program.
func (s *Server) handleSessionCancelPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	sid, err := strconv.ParseInt(r.PathValue("sid"), 10, 64)
	if err != nil {
		return app.NotFound("session")
	}
	se, _, err := s.Sessions.Get(r.Context(), sid)
	if err != nil || se.ProgramID != p.ID {
		return app.NotFound("session")
	}
	if _, err := s.Sessions.Cancel(r.Context(), sid); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/sessions?done=cancelled#week-%d", p.ID, sessions.Week(se.StartsAt)), http.StatusSeeOther)
	return nil
}

// handleWelcomePage queues the welcome (resend: again to those it did not
// reach) from the Sessions tab.
func (s *Server) handleWelcomePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	n, err := s.Sessions.SendWelcome(r.Context(), p.ID, r.FormValue("resend") == "true")
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/sessions?done=welcome&n=%d#messages", p.ID, n), http.StatusSeeOther)
	return nil
}
