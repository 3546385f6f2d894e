package web

import (
	"net/http"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
)

// probeMethods are the methods tried when a path is served for some but not
// the request's method.
var probeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// handleNoRoute answers every request no other pattern matches (the mux's
// plain-text 404 and 405 would leave the user outside the layout and the
// user's language): a path that exists for another method is a localized
// 405 page with an Allow header, any other a localized 404 page.
func (s *Server) handleNoRoute(w http.ResponseWriter, r *http.Request) error {
	if allow := s.allowedMethods(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, http.StatusMethodNotAllowed, "error", pageError{
			Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Message: printerOf(r).T("error.method_not_allowed"),
		})
		return nil
	}
	return &app.Error{Code: app.CodeNotFound, Key: "error.page_not_found", Message: "no such page"}
}

// allowedMethods lists the methods another pattern than the catch-all
// serves r's path with (the mux names no pattern for a path it does not
// serve, and only registered ones otherwise).
func (s *Server) allowedMethods(r *http.Request) []string {
	var allow []string
	for _, m := range probeMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pat := s.mux.Handler(probe); pat != "" && pat != "/" {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	return allow
}
