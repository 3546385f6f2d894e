package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// upcomingShown is how many coming sessions a program's card lists.
const upcomingShown = 5

// mentorProgram is one program on the mentor's "My groups" page.
type mentorProgram struct {
	Program   program.Program
	Groups    []people.Group
	Today     []sessions.Session // today's sessions (Oslo), the page's first thing
	Upcoming  []sessions.Session // the next ones after today
	FollowUps []sessions.FollowUp
	Services  []sessions.SupportService
}

// mySessionsData is the mentor's "My groups" page.
type mySessionsData struct {
	Programs []mentorProgram
	// CalendarURL is the mentor's private feed: their groups' sessions,
	// the plenaries, and their desk shifts and office hours.
	CalendarURL string
	Actions     []string
	Done        string
	Summary     errorSummary
	Errors      map[string]string // by field id, on the follow-up form that failed
}

// sameDay reports whether a and b fall on the same day in Oslo.
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.In(i18n.Oslo).Date()
	by, bm, bd := b.In(i18n.Oslo).Date()
	return ay == by && am == bm && ad == bd
}

// mySessions gathers the mentor's groups per program with their sessions
// and the students to follow up.
func (s *Server) mySessions(r *http.Request) (*mySessionsData, error) {
	ctx := r.Context()
	groups, err := s.People.MyMentorGroups(ctx)
	if err != nil {
		return nil, err
	}
	d := &mySessionsData{Actions: sessions.Actions, Done: r.URL.Query().Get("done")}
	now := s.now()
	byProg := map[int64]int{}
	for _, g := range groups {
		i, ok := byProg[g.Program.ID]
		if !ok {
			i = len(d.Programs)
			byProg[g.Program.ID] = i
			d.Programs = append(d.Programs, mentorProgram{Program: g.Program})
		}
		d.Programs[i].Groups = append(d.Programs[i].Groups, g.Group)
	}
	for i := range d.Programs {
		mp := &d.Programs[i]
		list, _, err := s.Sessions.List(ctx, mp.Program.ID)
		if err != nil {
			return nil, err
		}
		for _, se := range list {
			switch {
			case sameDay(se.StartsAt, now):
				mp.Today = append(mp.Today, se)
			case se.StartsAt.After(now) && len(mp.Upcoming) < upcomingShown:
				mp.Upcoming = append(mp.Upcoming, se)
			}
		}
		if mp.FollowUps, _, err = s.Sessions.FollowUps(ctx, mp.Program.ID); err != nil {
			return nil, err
		}
		if mp.Services, err = s.Sessions.Services(ctx, mp.Program.InstitutionID); err != nil {
			return nil, err
		}
	}
	if len(d.Programs) > 0 {
		secret, err := s.Sessions.MySecret(ctx)
		if err != nil {
			return nil, err
		}
		d.CalendarURL = s.calendarURL(r, secret)
	}
	return d, nil
}

// handleMySessions is the mentor's "My groups": today's session first,
// the next ones, and who to follow up.
func (s *Server) handleMySessions(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	d, err := s.mySessions(r)
	if err != nil {
		return err
	}
	if len(d.Programs) == 0 && !actorOf(r).Has(app.RoleMentor, actorOf(r).InstitutionID) {
		return app.Forbidden()
	}
	s.render(w, r, http.StatusOK, "sessions/mine", d)
	return nil
}

// handleFollowUpRecord records what a mentor (or coordinator) did for a
// student to follow up, from the form on "My groups".
func (s *Server) handleFollowUpRecord(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	number := strings.TrimSpace(r.FormValue("student_number"))
	svc, _ := strconv.ParseInt(r.FormValue("service_id"), 10, 64)
	_, err = s.Sessions.RecordAction(r.Context(), id, number, r.FormValue("action"), svc)
	if err == nil {
		http.Redirect(w, r, "/me/sessions?done=followup#followups", http.StatusSeeOther)
		return nil
	}
	e := app.AsError(err)
	if e.Code != app.CodeInvalid {
		return err
	}
	d, derr := s.mySessions(r)
	if derr != nil {
		return derr
	}
	d.Done = ""
	pr := printerOf(r)
	field := "fu-" + strconv.FormatInt(id, 10) + "-" + number
	col := "action"
	if len(e.Details) > 0 && e.Details[0].Column == "service_id" {
		col = "service"
	}
	d.Errors = map[string]string{field + "-" + col: errorText(r, err)}
	d.Summary = errorSummary{ID: "followup-errors", Heading: pr.T("mysessions.followup_problem"),
		Items: []summaryItem{{Field: field + "-" + col, Message: errorText(r, err)}}}
	s.render(w, r, statusOf(e.Code), "sessions/mine", d)
	return nil
}

// sessionPage is one session as a mentor (or a student of it) sees it.
type sessionPage struct {
	Session    sessions.Session
	Mentor     bool // may see the code and tick the roster
	Attendance sessions.Attendance
	Checklist  []string
	CheckinURL string
	QR         template.HTML
	Row        *sessions.Attendee // the row an htmx tick answers with
	Summary    errorSummary
	Done       bool
}

func (s *Server) sessionPage(r *http.Request, id int64) (*sessionPage, error) {
	se, p, err := s.Sessions.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	d := &sessionPage{Session: se, Mentor: p.Level >= sessions.Mentor}
	for _, line := range strings.Split(se.Checklist, "\n") {
		if line = strings.TrimSpace(strings.TrimLeft(line, "-*• ")); line != "" {
			d.Checklist = append(d.Checklist, line)
		}
	}
	if !d.Mentor {
		return d, nil
	}
	if d.Attendance, err = s.Sessions.Attendance(r.Context(), id); err != nil {
		return nil, err
	}
	if se.CheckinCode != "" && !se.Cancelled() {
		d.CheckinURL = s.checkinURL(r, se.CheckinCode)
		if d.QR, err = qrSVG(d.CheckinURL, printerOf(r).T("session.qr_label")); err != nil {
			return nil, app.Internal(err)
		}
	}
	return d, nil
}

// checkinURL is the public check-in page with a session's code filled in.
func (s *Server) checkinURL(r *http.Request, code string) string {
	return s.publicBase(r) + "/checkin?code=" + url.QueryEscape(code)
}

// handleSessionView shows a session: to its mentors and coordinators with
// the check-in code, its QR code and the roster to tick; to its students
// what it is about.
func (s *Server) handleSessionView(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	d, err := s.sessionPage(r, id)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done") == "1"
	s.render(w, r, http.StatusOK, "sessions/view", d)
	return nil
}

// handleSessionCheckin ticks one student on the roster. Without
// JavaScript it answers with the page again (303); an htmx request gets
// the student's row and the counts, swapped in place.
func (s *Server) handleSessionCheckin(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	number := r.FormValue("student_number")
	_, err = s.Sessions.CheckIn(r.Context(), id, number, r.FormValue("status"))
	if err != nil {
		e := app.AsError(err)
		if e.Code != app.CodeInvalid && e.Code != app.CodeConflict || r.Header.Get("HX-Request") == "true" {
			return err
		}
		d, derr := s.sessionPage(r, id)
		if derr != nil {
			return derr
		}
		d.Summary = errorSummary{ID: "roster-errors", Heading: printerOf(r).T("session.tick_problem"),
			Items: []summaryItem{{Message: errorText(r, err)}}}
		s.render(w, r, statusOf(e.Code), "sessions/view", d)
		return nil
	}
	if r.Header.Get("HX-Request") != "true" {
		http.Redirect(w, r, "/sessions/"+strconv.FormatInt(id, 10)+"?done=1#roster", http.StatusSeeOther)
		return nil
	}
	d, err := s.sessionPage(r, id)
	if err != nil {
		return err
	}
	for i := range d.Attendance.Expected {
		if d.Attendance.Expected[i].StudentNumber == strings.TrimSpace(number) {
			d.Row = &d.Attendance.Expected[i]
		}
	}
	if d.Row == nil {
		return app.NotFound("student")
	}
	s.renderBlock(w, r, "sessions/view", "tick_answer", s.page(r, "", d))
	return nil
}
