package web

import (
	"crypto/subtle"
	"net/http"
	"time"
)

const langCookie = "mentorhub_lang"

// sessionCookieName is __Host- prefixed where served over TLS: such a cookie
// must be Secure, have Path=/ and no Domain, so no subdomain can set it.
func (s *Server) sessionCookieName() string {
	if s.secure {
		return "__Host-mentorhub_session"
	}
	return "mentorhub_session"
}

// setSessionCookie sets the cookie to live as long as the session may
// (Max-Age, relative, so it does not depend on the browser's clock).
func (s *Server) setSessionCookie(w http.ResponseWriter, id string, lifetime time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(), Value: id, Path: "/", MaxAge: int(lifetime.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func (s *Server) setLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// validCSRF checks the form field or the X-CSRF-Token header (htmx).
func validCSRF(r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf_token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
