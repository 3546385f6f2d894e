package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// sessionIn is a session as the API takes it: RFC 3339 times, no group_id
// for a plenary of the whole program.
type sessionIn struct {
	Title       *string     `json:"title"`
	Topic       *string     `json:"topic"`
	StartsAt    *string     `json:"starts_at"`
	EndsAt      *string     `json:"ends_at"`
	Location    *string     `json:"location"`
	GroupID     json.Number `json:"group_id"`
	Responsible *string     `json:"responsible"`
	Checklist   *string     `json:"checklist"`
	Series      *string     `json:"series"`
}

// draft merges the body over base (a new session: the zero draft).
func (in sessionIn) draft(base sessions.Draft) (sessions.Draft, error) {
	d := base
	var errs []app.Detail
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&d.Title, in.Title)
	set(&d.Topic, in.Topic)
	set(&d.Location, in.Location)
	set(&d.Responsible, in.Responsible)
	set(&d.Checklist, in.Checklist)
	set(&d.Series, in.Series)
	for _, f := range []struct {
		v   *string
		dst *time.Time
		col string
	}{{in.StartsAt, &d.StartsAt, "starts_at"}, {in.EndsAt, &d.EndsAt, "ends_at"}} {
		if f.v == nil {
			continue
		}
		t, err := time.Parse(time.RFC3339, *f.v)
		if err != nil {
			errs = append(errs, app.Detail{Column: f.col, Message: "not an RFC 3339 time such as 2026-09-02T12:15:00+02:00"})
			continue
		}
		*f.dst = t
	}
	if in.GroupID != "" {
		g, err := strconv.ParseInt(string(in.GroupID), 10, 64)
		if err != nil || g <= 0 {
			errs = append(errs, app.Detail{Column: "group_id", Message: "not a group id"})
		}
		d.GroupID = g
	}
	if len(errs) > 0 {
		return d, &app.Error{Code: app.CodeInvalid, Key: "sessions.bad", Message: "the session is not valid: " + errs[0].Column + ": " + errs[0].Message, Details: errs}
	}
	return d, nil
}

func (s *Server) apiSessionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in sessionIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := in.draft(sessions.Draft{})
	if err != nil {
		return err
	}
	se, err := s.Sessions.Create(r.Context(), id, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, se)
	return nil
}

func (s *Server) apiSessions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	ss, _, err := s.Sessions.List(r.Context(), id)
	if err != nil {
		return err
	}
	if ss == nil {
		ss = []sessions.Session{}
	}
	writeJSON(w, http.StatusOK, ss)
	return nil
}

func (s *Server) apiSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	se, _, err := s.Sessions.Get(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, se)
	return nil
}

// apiSessionPatch changes or moves a session; fields left out stay.
func (s *Server) apiSessionPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	var in sessionIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	se, _, err := s.Sessions.Get(r.Context(), id)
	if err != nil {
		return err
	}
	d, err := in.draft(sessions.Draft{GroupID: se.GroupID, Series: se.Series, Title: se.Title, Topic: se.Topic, Location: se.Location,
		Responsible: se.Responsible, Checklist: se.Checklist, StartsAt: se.StartsAt, EndsAt: se.EndsAt})
	if err != nil {
		return err
	}
	if in.StartsAt != nil && in.EndsAt == nil {
		d.EndsAt = d.StartsAt.Add(se.EndsAt.Sub(se.StartsAt)) // a move keeps the length
	}
	out, err := s.Sessions.Change(r.Context(), id, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSessionCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	out, err := s.Sessions.Cancel(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiCheckin records a check-in: {"student_number", "status"} by a mentor
// or coordinator, {"code"} by a student for themself. 201 the first time,
// 200 when the row was there already.
func (s *Server) apiCheckin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	var in struct {
		StudentNumber string `json:"student_number"`
		Code          string `json:"code"`
		Status        string `json:"status"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var res sessions.CheckinResult
	switch {
	case in.Code != "" && in.StudentNumber == "":
		res, err = s.Sessions.CheckInSelf(r.Context(), id, in.Code)
	case in.Code == "":
		// No student number is refused as invalid after the access check.
		res, err = s.Sessions.CheckIn(r.Context(), id, in.StudentNumber, in.Status)
	default:
		err = &app.Error{Code: app.CodeInvalid, Key: "checkin.number_or_code", Message: "give either student_number (a mentor or coordinator checking a student in) or code (a student checking in)"}
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, res)
	return nil
}

func (s *Server) apiAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	a, err := s.Sessions.Attendance(r.Context(), id)
	if err != nil {
		return err
	}
	if a.Expected == nil {
		a.Expected = []sessions.Attendee{}
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiFollowUps(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	fs, _, err := s.Sessions.FollowUps(r.Context(), id)
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []sessions.FollowUp{}
	}
	writeJSON(w, http.StatusOK, fs)
	return nil
}

// apiFollowUpRecord records what was done for a student.
func (s *Server) apiFollowUpRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		StudentNumber string `json:"student_number"`
		Action        string `json:"action"`
		ServiceID     int64  `json:"service_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Sessions.RecordAction(r.Context(), id, strings.TrimSpace(in.StudentNumber), in.Action, in.ServiceID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// apiRequirement sets the program year's attendance requirement
// ({"share": 0.6}, or null to clear it).
func (s *Server) apiRequirement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Share *float64 `json:"share"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Sessions.SetRequirement(r.Context(), id, in.Share); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, in)
	return nil
}

// publicBase is the server's public address without a trailing slash:
// the configured base URL, else the address the request came to.
func (s *Server) publicBase(r *http.Request) string {
	base := strings.TrimSuffix(s.opt.BaseURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base
}

// calendarURL is the public address of a calendar secret.
func (s *Server) calendarURL(r *http.Request, secret string) string {
	return s.publicBase(r) + "/ical/" + secret + ".ics"
}

// apiCalendar answers a person's calendar feed address (the person, or a
// coordinator of their program).
func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request) error {
	secret, err := s.Sessions.FeedSecret(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"url": s.calendarURL(r, secret)})
	return nil
}

// apiCalendarRevoke revokes the old address and answers a new one.
func (s *Server) apiCalendarRevoke(w http.ResponseWriter, r *http.Request) error {
	secret, err := s.Sessions.RevokeFeed(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"url": s.calendarURL(r, secret)})
	return nil
}

// apiPlan creates a recurring plan of group sessions for the current year
// (coordinators): every group at its meeting slot, with the template's
// themes in the caller's language.
func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in sessions.Plan
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.Sessions.PlanYear(r.Context(), id, in, printerOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, res)
	return nil
}

// apiWelcome queues the welcome message to the current year's students
// who have not had it ({"resend": true} also to those it did not reach).
func (s *Server) apiWelcome(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Resend bool `json:"resend"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	n, err := s.Sessions.SendWelcome(r.Context(), id, in.Resend)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]int{"queued": n})
	return nil
}

// apiMessages counts the current year's messages by kind and state.
func (s *Server) apiMessages(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	c, err := s.Sessions.MailCounts(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// apiMissedYou queues a "we missed you" message to a student followed up.
func (s *Server) apiMissedYou(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		StudentNumber string `json:"student_number"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Sessions.SendMissedYou(r.Context(), id, strings.TrimSpace(in.StudentNumber)); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]int{"queued": 1})
	return nil
}
