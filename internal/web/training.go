package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/training"
)

// The Training tab of a program (coordinators): the modules the year
// requires, whether mentors must have them before they lead a group, each
// mentor's standing with overrides, and the import of completions.

type trainingData struct {
	Program  program.Program
	Tab      string
	YearBar  *yearBar
	Modules  []training.Module
	Standing training.Standing
	Required map[int64]bool
	Trained  int    // mentors with every required module
	Blocked  int    // mentors the gate keeps out of groups
	Done     string // what the last change did (a message key's suffix)
	Imported *training.Result
	Errors   []app.Detail // the import's bad lines
	// The override form that was refused: its mentor and message.
	OverrideFor   int64
	OverrideError string
	// Training events: the institution's, the roster shown (?roster=),
	// and the planning form's problems.
	Events      []training.Event
	RosterOf    int64
	CheckinURL  string        // the roster's event: its check-in form with the code
	CheckinQR   template.HTML // and that URL as a QR code
	Roster      []training.Signup
	EventError  string
	EventErrors []string
	Today       string
	Now         time.Time // events that begin after it can be cancelled
	Pairs       training.Pairs
	Meetings    []training.MentorMeeting
	MeetingOf   int64 // the meeting whose roster is shown
	// ModulesPage: the actor administers the program's institution as
	// their own, so /admin/training-modules adds modules to this catalogue.
	ModulesPage bool
}

func (s *Server) trainingData(r *http.Request) (*trainingData, error) {
	p, err := s.programOf(r)
	if err != nil {
		return nil, err
	}
	d := &trainingData{Program: p, Tab: "training", Required: map[int64]bool{}}
	if inst, aerr := adminOf(r); aerr == nil && inst == p.InstitutionID {
		d.ModulesPage = true
	}
	if d.YearBar, err = s.yearBarOf(r, p.ID); err != nil {
		return nil, err
	}
	if d.Standing, err = s.Training.Standing(r.Context(), p.ID); err != nil {
		return nil, err
	}
	if d.Modules, err = s.Training.Modules(r.Context(), p.InstitutionID); err != nil {
		return nil, err
	}
	for _, m := range d.Standing.Required {
		d.Required[m.ID] = true
	}
	if d.Events, err = s.Training.Events(r.Context()); err != nil {
		return nil, err
	}
	if d.Pairs, err = s.Training.MentorPairs(r.Context(), p.ID); err != nil {
		return nil, err
	}
	if d.Meetings, err = s.Training.Meetings(r.Context(), p.ID); err != nil {
		return nil, err
	}
	d.MeetingOf, _ = strconv.ParseInt(r.URL.Query().Get("meeting"), 10, 64)
	d.Now = s.now()
	d.Today = d.Now.In(osloLocation).Format("2006-01-02")
	if id, perr := strconv.ParseInt(r.URL.Query().Get("roster"), 10, 64); perr == nil && id > 0 {
		var ev training.Event
		if ev, d.Roster, err = s.Training.Roster(r.Context(), id); err != nil {
			return nil, err
		}
		d.RosterOf = id
		if ev.CheckinCode != "" && ev.CancelledAt == nil {
			// The trainer shows the code, or this QR code of the mentors'
			// check-in form with the code filled in.
			d.CheckinURL = s.publicBase(r) + "/me/training?code=" + url.QueryEscape(ev.CheckinCode) + "#checkin"
			if d.CheckinQR, err = qrSVG(d.CheckinURL, printerOf(r).T("training.checkin.qr_label")); err != nil {
				return nil, app.Internal(err)
			}
		}
	}
	for _, m := range d.Standing.Mentors {
		if len(m.Missing) == 0 {
			d.Trained++
		}
		if m.Blocked(d.Standing.Gate) {
			d.Blocked++
		}
	}
	return d, nil
}

func (s *Server) handleTraining(w http.ResponseWriter, r *http.Request) error {
	d, err := s.trainingData(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d.Done = q.Get("done")
	if d.Done == "imported" {
		n, _ := strconv.Atoi(q.Get("n"))
		u, _ := strconv.Atoi(q.Get("u"))
		d.Imported = &training.Result{Imported: max(n, 0), Unchanged: max(u, 0)}
	}
	s.render(w, r, http.StatusOK, "programs/training", d)
	return nil
}

// handleTrainingRequirement saves the required modules (checkboxes
// "module", by id) and the gate.
func (s *Server) handleTrainingRequirement(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	mods, err := s.Training.Modules(r.Context(), p.InstitutionID)
	if err != nil {
		return err
	}
	chosen := map[string]bool{}
	for _, v := range r.PostForm["module"] {
		chosen[v] = true
	}
	codes := []string{}
	for _, m := range mods {
		if chosen[strconv.FormatInt(m.ID, 10)] {
			codes = append(codes, m.Code)
		}
	}
	if _, err := s.Training.SetRequirement(r.Context(), p.ID, codes); err != nil {
		return err
	}
	if err := s.Training.SetGate(r.Context(), p.ID, r.PostFormValue("gate") == "on"); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?done=requirement", p.ID), http.StatusSeeOther)
	return nil
}

// handleTrainingOverride lets a mentor lead a group without the training
// (a reason), or withdraws that (withdraw=1).
func (s *Server) handleTrainingOverride(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	mentor, err := strconv.ParseInt(r.PostFormValue("mentor"), 10, 64)
	if err != nil {
		return app.NotFound("mentor")
	}
	reason := r.PostFormValue("reason")
	done := "override"
	if r.PostFormValue("withdraw") != "" {
		reason, done = "", "withdrawn"
	} else if strings.TrimSpace(reason) == "" {
		return s.overrideRefused(w, r, mentor, printerOf(r).T("training.page.reason_required"))
	}
	if err := s.Training.Override(r.Context(), p.ID, mentor, reason); err != nil {
		if e := app.AsError(err); e.Code == app.CodeInvalid {
			return s.overrideRefused(w, r, mentor, errorText(r, e))
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?done=%s#mentors", p.ID, done), http.StatusSeeOther)
	return nil
}

func (s *Server) overrideRefused(w http.ResponseWriter, r *http.Request, mentor int64, msg string) error {
	d, err := s.trainingData(r)
	if err != nil {
		return err
	}
	d.OverrideFor, d.OverrideError = mentor, msg
	s.render(w, r, http.StatusUnprocessableEntity, "programs/training", d)
	return nil
}

// handleTrainingImport imports completions from an uploaded file (for the
// people of the coordinator's programs).
func (s *Server) handleTrainingImport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	data, err := uploaded(r)
	if err == nil {
		end, gerr := s.enterImport(r)
		if gerr != nil {
			return gerr
		}
		defer end()
		var res training.Result
		res, err = s.Training.ImportCompletions(r.Context(), p.InstitutionID, data)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?done=imported&n=%d&u=%d#import", p.ID, res.Imported, res.Unchanged), http.StatusSeeOther)
			return nil
		}
	}
	e := app.AsError(err)
	if e.Code != app.CodeInvalid {
		return err
	}
	d, derr := s.trainingData(r)
	if derr != nil {
		return derr
	}
	d.Errors = pageDetails(r, e)
	s.render(w, r, http.StatusUnprocessableEntity, "programs/training", d)
	return nil
}

// myTrainingData is a person's own training: the certificate of completed
// modules and what each program year they mentor in still asks of them.
type myTrainingData struct {
	Meetings  []training.MentorMeeting  // coming mentor meetings they are expected at
	Services  []sessions.SupportService // where to refer students
	Events    []training.Event          // coming events of modules the person has not completed
	Missing   map[string]bool           // module codes their programs require and they lack
	Mine      map[int64]string          // the person's sign-ups: event → status
	Signed    int64                     // the event just signed up for
	Full      int64                     // the event that was full
	Withdrawn int64                     // the event just withdrawn from
	Code      string                    // the check-in code as typed, on a refusal
	CodeError string
	CheckedIn string // the module of the event just checked in at
	Name      string
	Rows      []certificateRow
	Hours     float64
	Credits   float64
	Needs     []training.Need
	Names     map[string]string // module code → name
}

type certificateRow struct {
	Module      training.Module
	CompletedOn time.Time
}

// handleMyTraining shows the actor's training record, printable as a
// certificate for a CV (the print stylesheet leaves the page's chrome out).
func (s *Server) handleMyTraining(w http.ResponseWriter, r *http.Request) error {
	d, err := s.myTrainingData(r)
	if err != nil {
		return err
	}
	d.Signed, _ = strconv.ParseInt(r.URL.Query().Get("signed"), 10, 64)
	d.Full, _ = strconv.ParseInt(r.URL.Query().Get("full"), 10, 64)
	d.Withdrawn, _ = strconv.ParseInt(r.URL.Query().Get("withdrawn"), 10, 64)
	if c := strings.TrimSpace(r.URL.Query().Get("code")); len(c) <= 20 {
		d.Code = c // from the trainer's QR code
	}
	if id, _ := strconv.ParseInt(r.URL.Query().Get("checked"), 10, 64); id != 0 {
		if e, err := s.Training.Event(r.Context(), id); err == nil {
			d.CheckedIn = e.ModuleName
		}
	}
	s.render(w, r, http.StatusOK, "training/mine", d)
	return nil
}

// handleTrainingCheckin checks the actor in at a training event with the
// code the trainer shows (rate-limited as session codes are).
func (s *Server) handleTrainingCheckin(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	var err error
	if code == "" {
		// Refused before it counts as an attempt.
		err = &app.Error{Code: app.CodeInvalid, Key: "training.code_required", Message: "give the code the trainer shows",
			Details: []app.Detail{{Column: "code", Key: "training.code_required", Message: "required"}}}
	} else {
		err = s.limitCode(r)
	}
	var e training.Event
	if err == nil {
		e, err = s.Training.CheckIn(r.Context(), code)
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/me/training?checked=%d#checkin", e.ID), http.StatusSeeOther)
		return nil
	}
	ae := app.AsError(err)
	if ae.Code == app.CodeInternal || ae.Code == app.CodeUnauthorized {
		return err
	}
	d, derr := s.myTrainingData(r)
	if derr != nil {
		return derr
	}
	setRetryAfter(w, ae)
	d.Code, d.CodeError = code, errorText(r, err)
	s.render(w, r, statusOf(ae.Code), "training/mine", d)
	return nil
}

// myTrainingData is the mentor's own training page: their record and
// certificate, what their programs still need, coming events of the
// modules they lack, their mentors' meetings and where to refer students.
func (s *Server) myTrainingData(r *http.Request) (*myTrainingData, error) {
	a := actorOf(r)
	if a == nil {
		return nil, app.Unauthorized()
	}
	rec, mods, err := s.Training.Own(r.Context())
	if err != nil {
		return nil, err
	}
	d := &myTrainingData{Name: a.Name, Needs: rec.Needs, Names: map[string]string{}}
	byID := map[int64]training.Module{}
	for _, m := range mods {
		byID[m.ID] = m
		d.Names[m.Code] = m.Name
	}
	seen := map[int64]bool{}
	// Completions come newest first: the certificate names each module
	// once, on the day it was last completed, and counts its hours once;
	// it lists them in the order they were taken.
	for _, c := range rec.Completions {
		m, ok := byID[c.ModuleID]
		if !ok || seen[c.ModuleID] {
			continue
		}
		seen[c.ModuleID] = true
		d.Rows = append(d.Rows, certificateRow{Module: m, CompletedOn: c.CompletedOn})
		d.Hours += m.Hours
		d.Credits += m.Credits
	}
	slices.Reverse(d.Rows)
	d.Missing = map[string]bool{}
	for _, n := range rec.Needs {
		for _, m := range n.Missing {
			d.Missing[m] = true
		}
	}
	done := map[string]bool{}
	for _, c := range rec.Completions {
		done[byID[c.ModuleID].Code] = true
	}
	es, err := s.Training.Events(r.Context())
	if err != nil {
		return nil, err
	}
	if d.Mine, err = s.Training.MySignups(r.Context()); err != nil {
		return nil, err
	}
	// Coming events of every module the person has not completed: those
	// their programs require are marked.
	for _, e := range es {
		if !done[e.Module] && e.StartsAt.After(s.now()) && e.CancelledAt == nil {
			d.Events = append(d.Events, e)
		}
	}
	for _, n := range rec.Needs {
		ms, err := s.Training.MyMeetings(r.Context(), n.ProgramID, n.Year)
		if err != nil {
			return nil, err
		}
		d.Meetings = append(d.Meetings, ms...)
	}
	if a.InstitutionID != 0 {
		if d.Services, err = s.Sessions.Services(r.Context(), a.InstitutionID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// formSpan reads a form's day, starts and ends (Oslo) as two instants;
// a field that does not parse gives the zero time, which the services
// refuse with the field named.
func formSpan(r *http.Request) (start, end time.Time) {
	day := r.PostFormValue("day")
	start, _ = time.ParseInLocation("2006-01-02 15:04", day+" "+r.PostFormValue("starts"), osloLocation)
	end, _ = time.ParseInLocation("2006-01-02 15:04", day+" "+r.PostFormValue("ends"), osloLocation)
	return start, end
}

// trainingRefused shows the Training tab again (422) with a refused
// event or meeting form's problems; any other error goes up.
func (s *Server) trainingRefused(w http.ResponseWriter, r *http.Request, err error) error {
	if app.ErrorCode(err) != app.CodeInvalid {
		return err
	}
	d, derr := s.trainingData(r)
	if derr != nil {
		return derr
	}
	d.EventError = errorText(r, err)
	for _, det := range app.AsError(err).Details {
		d.EventErrors = append(d.EventErrors, detailText(printerOf(r), det))
	}
	s.render(w, r, http.StatusUnprocessableEntity, "programs/training", d)
	return nil
}

// handleTrainingEventCreate plans an event from the Training tab's form:
// module, day, start and end (Oslo), place and places.
func (s *Server) handleTrainingEventCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	start, end := formSpan(r)
	places, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("capacity")))
	_, err = s.Training.CreateEvent(r.Context(), training.EventDraft{Module: r.PostFormValue("module_id"), StartsAt: start, EndsAt: end,
		Place: r.PostFormValue("place"), Capacity: places})
	if err != nil {
		return s.trainingRefused(w, r, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?done=event#events", p.ID), http.StatusSeeOther)
	return nil
}

// handleTrainingMark marks a person on an event's roster (status
// attended or absent) from the Training tab.
func (s *Server) handleTrainingMark(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	ev, err := strconv.ParseInt(r.PathValue("event"), 10, 64)
	if err != nil {
		return app.NotFound("event")
	}
	if err := s.Training.Mark(r.Context(), ev, r.PostFormValue("person"), r.PostFormValue("status")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?roster=%d#event-%d", p.ID, ev, ev), http.StatusSeeOther)
	return nil
}

// handleTrainingCancel cancels a training event from the Training tab.
func (s *Server) handleTrainingCancel(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	ev, err := strconv.ParseInt(r.PathValue("event"), 10, 64)
	if err != nil {
		return app.NotFound("event")
	}
	if err := s.Training.CancelEvent(r.Context(), ev); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?done=event_cancelled#event-%d", p.ID, ev), http.StatusSeeOther)
	return nil
}

// handleTrainingWithdraw takes the actor off an event's roster from their
// training page.
func (s *Server) handleTrainingWithdraw(w http.ResponseWriter, r *http.Request) error {
	ev, err := strconv.ParseInt(r.PathValue("event"), 10, 64)
	if err != nil {
		return app.NotFound("event")
	}
	if err := s.Training.Withdraw(r.Context(), ev); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/training?withdrawn="+strconv.FormatInt(ev, 10)+"#events", http.StatusSeeOther)
	return nil
}

// handleTrainingSignup signs the actor up for an event from their
// training page.
func (s *Server) handleTrainingSignup(w http.ResponseWriter, r *http.Request) error {
	ev, err := strconv.ParseInt(r.PathValue("event"), 10, 64)
	if err != nil {
		return app.NotFound("event")
	}
	if err := s.Training.SignUp(r.Context(), ev); err != nil {
		if c := app.ErrorCode(err); c == app.CodeConflict {
			http.Redirect(w, r, "/me/training?full="+strconv.FormatInt(ev, 10)+"#events", http.StatusSeeOther)
			return nil
		}
		return err
	}
	http.Redirect(w, r, "/me/training?signed="+strconv.FormatInt(ev, 10)+"#events", http.StatusSeeOther)
	return nil
}

// handleTrainingPairs makes (action pair: experienced, newcomer) or ends
// (action end: pair) a "mentor for mentors" pair from the Training tab.
func (s *Server) handleTrainingPairs(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	num := func(name string) int64 { n, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64); return n }
	done := "pair"
	if r.PostFormValue("action") == "end" {
		done = "unpair"
		err = s.Training.Unpair(r.Context(), p.ID, num("pair"))
	} else {
		err = s.Training.PairUp(r.Context(), p.ID, num("experienced"), num("newcomer"))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?done=%s#pairs", p.ID, done), http.StatusSeeOther)
	return nil
}

// handleTrainingMeetings plans a mentors' meeting (action plan: kind,
// title, day, starts, ends, place) or marks a mentor at one (action mark:
// meeting, mentor, status) from the Training tab.
func (s *Server) handleTrainingMeetings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	num := func(name string) int64 { n, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64); return n }
	anchor := "meetings"
	if r.PostFormValue("action") == "mark" {
		err = s.Training.MarkMeeting(r.Context(), p.ID, num("meeting"), num("mentor"), r.PostFormValue("status"))
		anchor = fmt.Sprintf("meeting-%d", num("meeting"))
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?meeting=%d#%s", p.ID, num("meeting"), anchor), http.StatusSeeOther)
			return nil
		}
	} else {
		start, end := formSpan(r)
		_, err = s.Training.PlanMeeting(r.Context(), p.ID, r.PostFormValue("kind"), r.PostFormValue("title"), start, end, r.PostFormValue("place"))
	}
	if err != nil {
		return s.trainingRefused(w, r, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/training?done=meeting#%s", p.ID, anchor), http.StatusSeeOther)
	return nil
}
