package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/calendar"
)

// handleICal serves a person's private calendar feed, /ical/{secret}.ics:
// every session they are expected at, a moved one with a higher SEQUENCE
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
