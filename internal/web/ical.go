package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/calendar"
	"github.com/mentorhub/mentorhub/internal/desks"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/training"
)

// handleICal serves a person's private calendar feed, /ical/{secret}.ics:
// every session they are expected at, their appointments, office hours and
// desk shifts (see deskEvents), their mentors' meetings and training events
// (see trainingEvents), a moved one with a higher SEQUENCE
// and a cancelled one as STATUS:CANCELLED. The secret is the only
// credential; an unknown or revoked one is 404.
func (s *Server) handleICal(w http.ResponseWriter, r *http.Request) error {
	secret, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return app.NotFound("calendar")
	}
	ss, err := s.Sessions.Feed(r.Context(), secret)
	if err != nil {
		return err
	}
	feed := calendar.Feed{Name: s.Catalog.Printer("nb").T("calendar.name")}
	for _, se := range ss {
		feed.Events = append(feed.Events, calendar.Event{
			UID: "session-" + strconv.FormatInt(se.ID, 10) + "@mentorhub", Sequence: se.Sequence,
			Title: se.Title, Topic: se.Topic, Group: se.GroupName, Location: se.Location,
			Start: se.StartsAt, End: se.EndsAt, Cancelled: se.Cancelled(), Updated: se.UpdatedAt,
		})
	}
	evs, err := s.Desks.Feed(r.Context(), secret)
	if err != nil {
		return err
	}
	feed.Events = append(feed.Events, deskEvents(s.Catalog.Printer("nb"), evs)...)
	tr, err := s.Training.Feed(r.Context(), secret)
	if err != nil {
		return err
	}
	feed.Events = append(feed.Events, trainingEvents(s.Catalog.Printer("nb"), tr)...)
	var buf bytes.Buffer
	if err := calendar.Write(&buf, feed); err != nil {
		return app.Internal(err)
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Header().Set("Content-Disposition", `inline; filename="mentorhub.ics"`)
	w.Write(buf.Bytes())
	return nil
}

// deskEvents are the desks' events of a feed: an appointment in both the
// student's and the mentor's feed ("appointment-<id>@mentorhub"), an
// office-hour slot and a desk shift in the mentor's. A cancelled one stays
// with STATUS:CANCELLED and a higher SEQUENCE; no names, no notes.
func deskEvents(p *i18n.Printer, evs []desks.Event) []calendar.Event {
	out := make([]calendar.Event, 0, len(evs))
	for _, e := range evs {
		title := ""
		switch e.Kind {
		case desks.EventAppointment:
			title = p.T("desks.feed.appointment")
		case desks.EventOfficeHour:
			title = p.T("desks.feed.office_hour")
		case desks.EventShift:
			title = p.T("desks.feed.shift", "Desk", e.Title)
		}
		out = append(out, calendar.Event{
			UID: e.Kind + "-" + strconv.FormatInt(e.ID, 10) + "@mentorhub", Sequence: e.Sequence,
			Title: title, Location: e.Location, Start: e.Start, End: e.End, Cancelled: e.Cancelled, Updated: e.Updated,
		})
	}
	return out
}

// trainingEvents are a mentor's meetings and training events in their
// feed: a mentors' meeting ("meeting-<id>@mentorhub") under its own title
// with its program in the description, a training event they signed up
// for ("training-<id>@mentorhub") under its module's name, a cancelled one
// with STATUS:CANCELLED and a higher SEQUENCE.
func trainingEvents(p *i18n.Printer, es []training.FeedEntry) []calendar.Event {
	out := make([]calendar.Event, 0, len(es))
	for _, e := range es {
		ev := calendar.Event{Location: e.Place, Start: e.StartsAt, End: e.EndsAt, Cancelled: e.Cancelled, Updated: e.Updated}
		switch e.Kind {
		case training.FeedMeeting:
			ev.UID, ev.Title = "meeting-"+strconv.FormatInt(e.ID, 10)+"@mentorhub", e.Title
			ev.Topic = p.T("calendar.meeting", "Program", e.Program)
		default:
			ev.UID, ev.Title = "training-"+strconv.FormatInt(e.ID, 10)+"@mentorhub", p.T("calendar.training", "Module", e.Title)
		}
		if e.Cancelled {
			ev.Sequence = 1
		}
		out = append(out, ev)
	}
	return out
}
