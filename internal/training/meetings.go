package training

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Kinds of mentor meeting.
const (
	ChiefMeeting   = "chief"   // the chief mentors with the coordinator
	MentorsMeeting = "mentors" // all mentors, across cohorts and programmes
)

// MeetingMentor is an active mentor of a program year.
type MeetingMentor struct {
	ParticipantID int64
	PersonID      int64
	Ref           string
	Name          string
	Programme     string
	Chief         bool
}

// MentorMeeting is a mentors' meeting with who is expected and their marks.
type MentorMeeting struct {
	ID       int64
	Kind     string
	Title    string
	StartsAt time.Time
	EndsAt   time.Time
	Place    string
	Expected []MeetingMentor
	Marks    map[int64]string // participant → present, absent, excused
}

// Present counts the expected mentors marked present.
func (m MentorMeeting) Present() int {
	n := 0
	for _, e := range m.Expected {
		if m.Marks[e.ParticipantID] == "present" {
			n++
		}
	}
	return n
}

// MeetingStore is what meetings need of the database.
type MeetingStore interface {
	CreateMeeting(ctx context.Context, programID int64, year int, m *MentorMeeting, accountID int64) error
	FindMeetings(ctx context.Context, programID int64, year int) ([]MentorMeeting, []MeetingMentor, error)
	MarkMeeting(ctx context.Context, meetingID, participantID int64, status string) error
}

// expected sets who a meeting expects: the chief mentors, or every mentor.
func expected(ms []MentorMeeting, mentors []MeetingMentor) {
	for i := range ms {
		for _, m := range mentors {
			if ms[i].Kind == MentorsMeeting || m.Chief {
				ms[i].Expected = append(ms[i].Expected, m)
			}
		}
	}
}

// Meetings lists the program year's mentor meetings with who is expected
// and their marks (coordinators).
func (s *Service) Meetings(ctx context.Context, programID int64) ([]MentorMeeting, error) {
	p, year, err := s.manage(ctx, programID, false)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "training.read", fmt.Sprint(programID), "denied", "meetings")
	}
	if err != nil {
		return nil, err
	}
	ms, mentors, err := s.meetings.FindMeetings(ctx, p.ID, year)
	expected(ms, mentors)
	return ms, err
}

// MyMeetings lists the coming mentor meetings of the program year that
// the actor, one of its mentors, is expected at.
func (s *Service) MyMeetings(ctx context.Context, programID int64, year int) ([]MentorMeeting, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return nil, app.Unauthorized()
	}
	ms, mentors, err := s.meetings.FindMeetings(ctx, programID, year)
	if err != nil {
		return nil, err
	}
	expected(ms, mentors)
	var out []MentorMeeting
	for _, m := range ms {
		if m.EndsAt.After(s.clock.Now()) && slices.ContainsFunc(m.Expected, func(x MeetingMentor) bool { return x.PersonID == a.PersonID }) {
			out = append(out, m)
		}
	}
	return out, nil
}

// PlanMeeting plans a meeting of the program's current year: of its chief
// mentors, or of all its mentors (coordinators).
func (s *Service) PlanMeeting(ctx context.Context, programID int64, kind, title string, start, end time.Time, place string) (MentorMeeting, error) {
	p, year, err := s.manage(ctx, programID, true)
	if app.ErrorCode(err) == app.CodeForbidden {
		s.audit(ctx, "training.meeting", fmt.Sprint(programID), "denied", "")
	}
	if err != nil {
		return MentorMeeting{}, err
	}
	title, place = strings.TrimSpace(title), strings.TrimSpace(place)
	var ds []app.Detail
	if kind != ChiefMeeting && kind != MentorsMeeting {
		ds = append(ds, app.Detail{Column: "kind", Key: "training.meeting_kind", Message: "chief or mentors"})
	}
	if title == "" || utf8.RuneCountInString(title) > 200 {
		ds = append(ds, app.Detail{Column: "title", Key: "training.meeting_title", Message: "a title of 1 to 200 characters"})
	}
	if start.IsZero() || !end.After(start) || end.Sub(start) > 24*time.Hour {
		ds = append(ds, app.Detail{Column: "ends_at", Key: "training.event_end", Message: "after the start, the same day or the next"})
	}
	if utf8.RuneCountInString(place) > MaxPlace {
		ds = append(ds, app.Detail{Column: "place", Key: "training.event_place", Message: "at most 200 characters"})
	}
	if len(ds) > 0 {
		return MentorMeeting{}, &app.Error{Code: app.CodeInvalid, Key: "training.bad_meeting", Message: "the meeting cannot be planned", Details: ds}
	}
	m := MentorMeeting{Kind: kind, Title: title, StartsAt: start.UTC(), EndsAt: end.UTC(), Place: place}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.meetings.CreateMeeting(ctx, p.ID, year, &m, app.ActorFrom(ctx).AccountID)
	}, "training.meeting", fmt.Sprint(p.ID), "ok", kind)
	return m, err
}

// MarkMeeting records whether an expected mentor came to a meeting of the
// program (coordinators).
func (s *Service) MarkMeeting(ctx context.Context, programID, meetingID, participantID int64, status string) error {
	ms, err := s.Meetings(ctx, programID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(ms, func(m MentorMeeting) bool { return m.ID == meetingID })
	if i < 0 {
		return app.NotFound("meeting")
	}
	if !slices.ContainsFunc(ms[i].Expected, func(m MeetingMentor) bool { return m.ParticipantID == participantID }) {
		return app.NotFound("mentor")
	}
	if status != "present" && status != "absent" && status != "excused" {
		return &app.Error{Code: app.CodeInvalid, Key: "training.bad_status", Message: "present, absent or excused"}
	}
	return s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.meetings.MarkMeeting(ctx, meetingID, participantID, status)
	}, "training.meeting", fmt.Sprint(meetingID), status, fmt.Sprint(participantID))
}
