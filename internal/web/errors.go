package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
)

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// h adapts a handlerFunc: one place turns every error into a response.
func (s *Server) h(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, err := withYear(r)
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			s.fail(w, r, err)
		}
	}
}

func statusOf(c app.Code) int {
	switch c {
	case app.CodeInvalid:
		return http.StatusUnprocessableEntity
	case app.CodeNotFound:
		return http.StatusNotFound
	case app.CodeConflict:
		return http.StatusConflict
	case app.CodeUnauthorized:
		return http.StatusUnauthorized
	case app.CodeForbidden:
		return http.StatusForbidden
	case app.CodeTooMany:
		return http.StatusTooManyRequests
	case app.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// apiError is the JSON error body of spec/API.md.
type apiError struct {
	Error   string       `json:"error"`
	Details []app.Detail `json:"details"`
}

// fail writes err as JSON (API), an htmx fragment, a redirect to the login
// page (a page that needs a login) or a localized error page. Internal
// errors are logged with their cause; denials are written to the audit log.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	st := stateOf(r)
	if st.tooLarge > 0 {
		// Whatever went wrong after the body was cut short is its fault,
		// but an internal error that did not come from the cut is still
		// logged: it would otherwise hide behind the 413.
		var cut *http.MaxBytesError
		if app.ErrorCode(err) == app.CodeInternal && !errors.As(err, &cut) {
			s.Logger.Error("internal error after a cut body", "route", st.pattern, "method", r.Method, "err", err)
		}
		err = errTooLarge(st.tooLarge)
	}
	e := app.AsError(err)
	status := statusOf(e.Code)
	setRetryAfter(w, e)
	switch e.Code {
	case app.CodeInternal:
		s.Logger.Error("internal error", "route", st.pattern, "method", r.Method, "err", err)
	case app.CodeUnauthorized, app.CodeForbidden:
		if e.Key != "login.failed" && e.Key != "login.throttled" {
			s.Auth.Audit(r.Context(), "request.denied", r.Method+" "+routeOrPath(r), "denied", string(e.Code))
		}
	}
	if st.isAPI {
		msg := e.Message
		if e.Code == app.CodeInternal {
			msg = "internal error"
		}
		details := e.Details
		if details == nil {
			details = []app.Detail{}
		}
		writeJSON(w, status, apiError{Error: msg, Details: details})
		return
	}
	if e.Code == app.CodeUnauthorized && r.Method == http.MethodGet && e.Key == "error.unauthorized" {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := printerOf(r)
	msg := p.TMap(e.Key, e.Args)
	if msg == e.Key { // no translation: fall back to the generic text of the code
		msg = p.T("error." + string(e.Code))
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		s.renderPartial(w, "notice", noticeData{Kind: "error", Text: msg})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "error", pageError{Status: status, Message: msg, Code: string(e.Code)})
}

// setRetryAfter tells a client turned away with 429 when to come back: the
// error's RetryAfter argument (seconds), or a few seconds.
func setRetryAfter(w http.ResponseWriter, e *app.Error) {
	if e.Code != app.CodeTooMany {
		return
	}
	secs := int64(5)
	if v, ok := e.Args["RetryAfter"].(int64); ok && v > 0 {
		secs = v
	}
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
}

func routeOrPath(r *http.Request) string {
	if p := stateOf(r).pattern; p != "" {
		return p
	}
	if r.Pattern != "" {
		return r.Pattern
	}
	return "unmatched"
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// pageDetails is what a page lists for a refused input: e's details, each in
// the reader's language where it carries a message key (the API keeps the
// English), or, without details, e's own message.
func pageDetails(r *http.Request, e *app.Error) []app.Detail {
	if len(e.Details) == 0 {
		return []app.Detail{{Message: errorText(r, e)}}
	}
	pr := printerOf(r)
	out := make([]app.Detail, len(e.Details))
	for i, d := range e.Details {
		d.Message = detailText(pr, d)
		out[i] = d
	}
	return out
}
