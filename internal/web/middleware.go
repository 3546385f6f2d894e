package web

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/i18n"
)

// statusWriter remembers the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := w.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("hijack not supported")
}

// middleware wraps the mux: outermost recovery, logging and metrics, then
// headers, authentication, language and cross-origin protection.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &app.Error{Code: app.CodeForbidden, Key: "error.cross_origin", Message: "cross-origin request refused"})
	}))
	inner := cop.Handler(s.authenticate(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		st := &reqState{isAPI: strings.HasPrefix(r.URL.Path, "/api/")}
		st.printer = s.Catalog.Printer(s.Catalog.Match(r.Header.Get("Accept-Language")))
		if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
			st.printer = s.Catalog.Printer(c.Value)
		}
		r = r.WithContext(withState(r.Context(), st))
		st.reqs = append(st.reqs, r)
		defer func() { removeForms(st.reqs) }()
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Logger.Error("panic serving request", "route", st.pattern, "method", r.Method, "panic", p, "stack", string(debug.Stack()))
				if sw.code == 0 {
					s.fail(sw, r, app.Internal(errors.New("panic")))
				}
			}
			d := time.Since(start)
			s.metrics.observe(st.pattern, r.Method, sw.code, d)
			// The route pattern, never the raw path: paths may hold
			// student numbers or other personal identifiers.
			s.Logger.Info("request", "method", r.Method, "route", st.pattern, "status", sw.code, "ms", d.Milliseconds())
		}()
		s.securityHeaders(sw, r)
		if !s.limitBody(w, sw, r, st) {
			return
		}
		inner.ServeHTTP(sw, r)
	})
}

func (s *Server) securityHeaders(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	formAction := "'self'"
	if s.issuerOrigin != "" {
		formAction += " " + s.issuerOrigin
	}
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action "+formAction)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.secure {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
}

// authenticate resolves a Bearer token (API) or the session cookie (pages)
// to an Actor; it never refuses a request itself: handlers and services do.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r)
		ctx := r.Context()
		if authz := r.Header.Get("Authorization"); st.isAPI && authz != "" {
			tok, ok := strings.CutPrefix(authz, "Bearer ")
			if !ok {
				s.fail(w, r, app.Unauthorized())
				return
			}
			actor, err := s.Auth.AuthenticateToken(ctx, strings.TrimSpace(tok))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			ctx = app.WithActor(ctx, actor)
		} else if !st.isAPI {
			if c, err := r.Cookie(s.sessionCookieName()); err == nil {
				sess, actor, err := s.Auth.Authenticate(ctx, c.Value)
				if err == nil {
					st.session = &sess
					ctx = app.WithActor(ctx, actor)
					if actor.Locale != "" && !hasLangCookie(r) {
						st.printer = s.Catalog.Printer(actor.Locale)
					}
				} else if app.ErrorCode(err) == app.CodeUnauthorized {
					s.clearSessionCookie(w)
				} else {
					s.fail(w, r, err)
					return
				}
			}
		}
		r = r.WithContext(ctx)
		st.reqs = append(st.reqs, r)
		// Pages of a logged-in user are private: never stored by caches.
		if st.session != nil || st.isAPI {
			w.Header().Set("Cache-Control", "no-store")
		}
		// Every state-changing form of a logged-in user carries the
		// session's CSRF token as well (defence in depth beside the
		// cross-origin check and SameSite cookies).
		if st.session != nil && !safeMethod(r.Method) {
			if !validCSRF(r, st.session.CSRFToken) {
				s.fail(w, r, &app.Error{Code: app.CodeForbidden, Key: "error.csrf", Message: "the form has expired; reload the page and try again"})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func hasLangCookie(r *http.Request) bool {
	c, err := r.Cookie(langCookie)
	return err == nil && i18n.Supported(c.Value)
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
