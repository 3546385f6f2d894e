package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/desks"
)

// deskPageData is a participant's page of a program year's desks, texts
// for feedback and office hours, /me/programs/{id}/desk: students check
// in, submit texts and book; mentors log visits, claim and return texts
// and publish office hours; coordinators see it all.
type deskPageData struct {
	Part        desks.Part
	Student     bool
	Mentor      bool
	Manager     bool
	Desks       []deskView
	Queue       []desks.Item // students: their own; others: every text
	OfficeHours []desks.OfficeHour
	Talks       []desks.Talk // coordinators: all; others: their own
	Notes       []desks.Note // coordinators: all; others: their own
	Topics      []string
	Kinds       []string
	NoteStates  []string
	Summary     errorSummary
	Done        string // the action just done, for the notice
	Action      string // the action that failed (its form is marked)
	Form        map[string]string
	Errs        map[string]string // the failed form's field messages, by field name
	TalkForm    map[string]string // the talk form's values when it was refused
	NoteForm    map[string]string // the note form's values when it was refused
}

// deskView is a desk with its coming shifts; Open is the shift open now.
type deskView struct {
	Desk   desks.Desk
	Shifts []desks.Shift
	Open   *desks.Shift
	Mine   bool // the reader is one of the desk's mentors
}

// deskActions are the page's forms, each naming its action.
var deskActions = []string{"checkin", "count", "submit", "claim", "return", "book", "cancel", "publish", "desk", "rota", "talk", "note"}

// deskFields are the fields of the forms whose refusals are shown next to
// the field: per action, each column's field id and label key, in order.
var deskFields = map[string][]struct{ col, id, label string }{
	"talk": {{"mentor", "talk-mentor", "desks.page.talk_mentor"}, {"student", "talk-student", "desks.page.student_number"},
		{"held_at", "talk-held-at", "desks.page.held_at"}, {"minutes", "talk-minutes", "desks.page.minutes"}},
	"note": {{"participant", "note-participant", "desks.page.participant_number"}, {"state", "note-state", "desks.page.note_state"},
		{"recorded_on", "note-date", "desks.page.note_date"}, {"credit", "note-credit", "desks.page.note_credit"}},
}

func (s *Server) handleDeskPage(w http.ResponseWriter, r *http.Request) error {
	return s.deskPage(w, r, http.StatusOK, "", nil)
}

func (s *Server) deskPage(w http.ResponseWriter, r *http.Request, status int, action string, problem error) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := s.Desks.MyPart(ctx, id)
	if err != nil {
		return err
	}
	d := deskPageData{Part: p, Student: p.Level == desks.Student, Mentor: p.Level == desks.Mentor, Manager: p.Level == desks.Manager,
		Topics: desks.Topics, Kinds: desks.Kinds, NoteStates: desks.NoteStates, Action: action, Form: map[string]string{}, Errs: map[string]string{},
		TalkForm: map[string]string{}, NoteForm: map[string]string{}}
	if slices.Contains(deskActions, r.URL.Query().Get("done")) {
		d.Done = r.URL.Query().Get("done")
	}
	ds, _, err := s.Desks.Desks(ctx, id)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	for _, dk := range ds {
		v := deskView{Desk: dk, Mine: slices.ContainsFunc(dk.Mentors, func(m desks.Person) bool { return m.ParticipantID == p.ParticipantID })}
		shifts, err := s.Desks.Shifts(ctx, dk.ID)
		if err != nil {
			return err
		}
		for i := range shifts {
			sh := shifts[i]
			if sh.EndsAt.Add(6*time.Hour).Before(now) || len(v.Shifts) >= 6 {
				continue
			}
			if v.Open == nil && !now.Before(sh.StartsAt.Add(-30*time.Minute)) {
				v.Open = &shifts[i]
			}
			v.Shifts = append(v.Shifts, sh)
		}
		d.Desks = append(d.Desks, v)
	}
	if d.Queue, _, err = s.Desks.Queue(ctx, id); err != nil {
		return err
	}
	if d.OfficeHours, err = s.Desks.OfficeHours(ctx, id); err != nil {
		return err
	}
	if d.Talks, err = s.Desks.Talks(ctx, id); err != nil {
		return err
	}
	if d.Notes, err = s.Desks.Notes(ctx, id); err != nil {
		return err
	}
	if problem != nil {
		pr := printerOf(r)
		d.Summary = errorSummary{ID: "desk-errors", Heading: pr.T("desks.page.refused"),
			Items: []summaryItem{{Field: "", Message: errorText(r, problem)}}}
		for _, k := range []string{"title", "text", "kind", "starts_at", "minutes", "place", "visitors", "topic", "feedback",
			"name", "weekday", "starts", "ends", "on_duty", "mentors", "from", "weeks",
			"mentor", "student", "held_at", "participant", "state", "recorded_on", "credit"} {
			d.Form[k] = r.PostFormValue(k)
		}
		switch action {
		case "talk":
			d.TalkForm = d.Form
		case "note":
			d.NoteForm = d.Form
		}
		if fields, ok := deskFields[action]; ok {
			errs := map[string]string{}
			fieldErrors(r, problem, errs, nil)
			for _, f := range fields {
				if msg := errs[f.col]; msg != "" {
					d.Errs[f.col] = msg
					d.Summary.Items = append(d.Summary.Items, summaryItem{Field: f.id, Label: pr.T(f.label), Message: msg})
				}
			}
		}
	}
	pg := s.page(r, p.Program.Name, d)
	pg.NoIndex = true
	s.renderPage(w, r, status, "desks/me", pg)
	return nil
}

// handleDeskAction does one of the page's forms, then shows the page again
// (303 to it when done; the page with the problem on top when refused as
// invalid or conflicting; an error page when not allowed).
func (s *Server) handleDeskAction(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := s.Desks.MyPart(ctx, id); err != nil {
		return err
	}
	formID := func(name string) int64 {
		n, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
		return n
	}
	action := r.PostFormValue("action")
	switch action {
	case "checkin":
		_, _, err = s.Desks.AddVisit(ctx, formID("shift"), desks.VisitDraft{Topic: r.PostFormValue("topic")})
	case "count":
		n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("visitors")))
		_, _, err = s.Desks.AddVisit(ctx, formID("shift"), desks.VisitDraft{Visitors: n, Topic: r.PostFormValue("topic")})
	case "submit":
		_, err = s.Desks.Submit(ctx, id, r.PostFormValue("kind"), r.PostFormValue("title"), r.PostFormValue("text"))
	case "claim":
		_, _, err = s.Desks.Claim(ctx, formID("item"))
	case "return":
		_, err = s.Desks.Return(ctx, formID("item"), r.PostFormValue("feedback"))
	case "book":
		_, err = s.Desks.Book(ctx, formID("slot"))
	case "cancel":
		_, err = s.Desks.CancelOfficeHour(ctx, formID("slot"))
	case "publish":
		var at time.Time
		if at, err = formTime(r, "starts_at", dateTimeLayout, "office_hours.bad"); err != nil {
			break
		}
		minutes, _ := strconv.Atoi(r.PostFormValue("minutes"))
		_, err = s.Desks.PublishOfficeHour(ctx, id, desks.OfficeHourDraft{StartsAt: at, Minutes: minutes, Place: r.PostFormValue("place")})
	case "desk":
		onDuty, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("on_duty")))
		weekday, _ := strconv.Atoi(r.PostFormValue("weekday"))
		mentors := strings.FieldsFunc(r.PostFormValue("mentors"), func(c rune) bool { return c == ',' || c == ' ' || c == '\n' || c == ';' })
		place := r.PostFormValue("place")
		_, err = s.Desks.CreateDesk(ctx, id, desks.DeskDraft{Name: r.PostFormValue("name"), Place: place, OnDuty: onDuty,
			Slots:   []desks.Slot{{Weekday: weekday, Starts: r.PostFormValue("starts"), Ends: r.PostFormValue("ends"), Place: place}},
			Mentors: mentors})
	case "rota":
		weeks, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("weeks")))
		var from time.Time
		if from, err = formTime(r, "from", dateLayout, "desks.bad_from"); err == nil && from.IsZero() {
			err = fieldProblem("from", dateLayout, "desks.bad_from")
		}
		if err != nil {
			break
		}
		_, err = s.Desks.GenerateRota(ctx, formID("desk"), from, weeks)
	case "talk":
		var at time.Time
		if at, err = formTime(r, "held_at", dateTimeLayout, "talks.bad"); err != nil {
			break
		}
		minutes, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("minutes")))
		_, err = s.Desks.RecordTalk(ctx, id, strings.TrimSpace(r.PostFormValue("mentor")), r.PostFormValue("student"), at, minutes)
	case "note":
		var on time.Time
		if on, err = formTime(r, "recorded_on", dateLayout, "notes.bad"); err != nil {
			break
		}
		_, err = s.Desks.RecordNote(ctx, id, strings.TrimSpace(r.PostFormValue("participant")), r.PostFormValue("state"), on,
			r.PostFormValue("credit") == "yes")
	default:
		err = app.Invalid("desks.bad_action", "no such action")
	}
	if err != nil {
		switch c := app.ErrorCode(err); c {
		case app.CodeInvalid, app.CodeConflict:
			return s.deskPage(w, r, statusOf(c), action, err)
		}
		return err
	}
	http.Redirect(w, r, "/me/programs/"+strconv.FormatInt(id, 10)+"/desk?done="+action, http.StatusSeeOther)
	return nil
}

// The layouts of the date and the date-and-time inputs.
const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02T15:04"
)

// formTime reads a form's date or date-and-time field (layout) as
// Europe/Oslo time; empty is the zero time (the service says whether it
// is required). A value it cannot read is refused under key, with the
// field's message in the reader's language.
func formTime(r *http.Request, field, layout, key string) (time.Time, error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(layout, v, osloLocation)
	if err != nil {
		return time.Time{}, fieldProblem(field, layout, key)
	}
	return t, nil
}

// fieldProblem refuses a date (or date and time) field under key.
func fieldProblem(field, layout, key string) error {
	what, fieldKey := "not a date", "desks.field.date"
	if layout == dateTimeLayout {
		what, fieldKey = "not a date and time", "desks.field.date_time"
	}
	return &app.Error{Code: app.CodeInvalid, Key: key, Message: field + ": " + what,
		Details: []app.Detail{{Column: field, Key: fieldKey, Message: what}}}
}
