package web

import (
	"net/http"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/desks"
)

// The JSON API of drop-in desks, the feedback queue, talks, reflection
// notes and office hours (see internal/desks for who may do what).

// apiDate reads a date "2006-01-02" (Europe/Oslo) or an RFC 3339 time;
// "" is the zero time.
func apiTime(v, col string, dateOnly bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if dateOnly {
		if t, err := time.ParseInLocation("2006-01-02", v, osloLocation); err == nil {
			return t, nil
		}
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		msg := "not an RFC 3339 time such as 2026-09-02T14:00:00+02:00"
		if dateOnly {
			msg = "not a date such as 2026-09-02"
		}
		return time.Time{}, &app.Error{Code: app.CodeInvalid, Key: "error.invalid", Message: col + ": " + msg,
			Details: []app.Detail{{Column: col, Message: msg}}}
	}
	return t, nil
}

var osloLocation = func() *time.Location {
	l, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return l
}()

func (s *Server) apiDesks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	ds, _, err := s.Desks.Desks(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ds)
	return nil
}

func (s *Server) apiDeskCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Name    string       `json:"name"`
		Place   string       `json:"place"`
		OnDuty  int          `json:"on_duty"`
		Slots   []desks.Slot `json:"slots"`
		Mentors []string     `json:"mentors"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.Desks.CreateDesk(r.Context(), id, desks.DeskDraft{Name: in.Name, Place: in.Place, OnDuty: in.OnDuty, Slots: in.Slots, Mentors: in.Mentors})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiRota(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "desk")
	if err != nil {
		return err
	}
	var in struct {
		From  string `json:"from"`
		Weeks int    `json:"weeks"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	from, err := apiTime(in.From, "from", true)
	if err != nil {
		return err
	}
	out, err := s.Desks.GenerateRota(r.Context(), id, from, in.Weeks)
	if err != nil {
		return err
	}
	if out == nil {
		out = []desks.Shift{}
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiShifts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "desk")
	if err != nil {
		return err
	}
	out, err := s.Desks.Shifts(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSwap(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "shift")
	if err != nil {
		return err
	}
	var in struct {
		Action string `json:"action"`
		From   string `json:"from"`
		To     string `json:"to"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.Desks.Swap(r.Context(), id, in.Action, in.From, in.To)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiVisits(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "shift")
	if err != nil {
		return err
	}
	out, err := s.Desks.Visits(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiVisitAdd logs a visit: 201 when logged, 200 for a student's repeated
// check-in.
func (s *Server) apiVisitAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "shift")
	if err != nil {
		return err
	}
	var in struct {
		Visitors int    `json:"visitors"`
		Topic    string `json:"topic"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, created, err := s.Desks.AddVisit(r.Context(), id, desks.VisitDraft{Visitors: in.Visitors, Topic: in.Topic})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, v)
	return nil
}

func (s *Server) apiFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	out, _, err := s.Desks.Queue(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiFeedbackSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Kind  string `json:"kind"`
		Title string `json:"title"`
		Text  string `json:"text"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	it, err := s.Desks.Submit(r.Context(), id, in.Kind, in.Title, in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, it)
	return nil
}

func (s *Server) apiFeedbackClaim(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "feedback")
	if err != nil {
		return err
	}
	it, _, err := s.Desks.Claim(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) apiFeedbackReturn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "feedback")
	if err != nil {
		return err
	}
	var in struct {
		Feedback string `json:"feedback"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	it, err := s.Desks.Return(r.Context(), id, in.Feedback)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) apiFeedbackCounts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	out, err := s.Desks.Counts(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiTalks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	out, err := s.Desks.Talks(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiTalkRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Mentor  string `json:"mentor"`
		Student string `json:"student"`
		HeldAt  string `json:"held_at"`
		Minutes int    `json:"minutes"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	at, err := apiTime(in.HeldAt, "held_at", false)
	if err != nil {
		return err
	}
	t, err := s.Desks.RecordTalk(r.Context(), id, in.Mentor, in.Student, at, in.Minutes)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) apiNotes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	out, err := s.Desks.Notes(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiNoteRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Participant string `json:"participant"`
		State       string `json:"state"`
		RecordedOn  string `json:"recorded_on"`
		Credit      bool   `json:"credit"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	on, err := apiTime(in.RecordedOn, "recorded_on", true)
	if err != nil {
		return err
	}
	n, err := s.Desks.RecordNote(r.Context(), id, in.Participant, in.State, on, in.Credit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, n)
	return nil
}

func (s *Server) apiOfficeHours(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	out, err := s.Desks.OfficeHours(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiOfficeHourPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Mentor   string `json:"mentor"`
		StartsAt string `json:"starts_at"`
		Minutes  int    `json:"minutes"`
		Place    string `json:"place"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	at, err := apiTime(in.StartsAt, "starts_at", false)
	if err != nil {
		return err
	}
	o, err := s.Desks.PublishOfficeHour(r.Context(), id, desks.OfficeHourDraft{Mentor: in.Mentor, StartsAt: at, Minutes: in.Minutes, Place: in.Place})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) apiOfficeHourBook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "office hour")
	if err != nil {
		return err
	}
	o, err := s.Desks.Book(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) apiOfficeHourCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "office hour")
	if err != nil {
		return err
	}
	o, err := s.Desks.CancelOfficeHour(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}
