package web

import (
	"net/http"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/i18n"
)

func errUnauthorized() error { return app.Unauthorized() }

// safeNext accepts only local paths, so a login link cannot send the user
// to another site (open redirect).
// Browsers drop tabs and newlines from URLs and read "\\" as "/", so any
// control character or backslash is refused rather than interpreted.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	return next
}

type loginData struct {
	Next, Email, Error string
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "auth/login", loginData{Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	email, next := r.PostFormValue("email"), safeNext(r.PostFormValue("next"))
	sess, actor, err := s.Auth.Login(r.Context(), email, r.PostFormValue("password"), s.clientIP(r))
	if err != nil {
		e := app.AsError(err)
		if e.Code != app.CodeUnauthorized && e.Code != app.CodeTooMany {
			return err
		}
		setRetryAfter(w, e)
		s.render(w, r, statusOf(e.Code), "auth/login", loginData{Next: next, Email: email, Error: printerOf(r).TMap(e.Key, e.Args)})
		return nil
	}
	s.setSessionCookie(w, sess.ID, sess.ExpiresAt.Sub(sess.CreatedAt))
	if actor.Locale != "" && !hasLangCookie(r) {
		s.setLangCookie(w, actor.Locale)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	target := "/"
	if st.session != nil {
		if err := s.Auth.Logout(r.Context(), st.session.ID); err != nil {
			return err
		}
		if st.session.Via == "oidc" && s.OIDC != nil {
			if u := s.OIDC.LogoutURL(st.session.IDToken, strings.TrimSuffix(s.opt.BaseURL, "/")+"/"); u != "" {
				target = u
			}
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func (s *Server) handleOIDCLogin(w http.ResponseWriter, r *http.Request) error {
	if s.OIDC == nil {
		return app.NotFound("login method")
	}
	u, err := s.OIDC.Start(r.Context(), safeNext(r.URL.Query().Get("next")))
	if err != nil {
		return err
	}
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

func (s *Server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) error {
	if s.OIDC == nil {
		return app.NotFound("login method")
	}
	q := r.URL.Query()
	if q.Get("error") != "" {
		s.OIDC.Abort(r.Context(), q.Get("state"), q.Get("error"))
		s.render(w, r, http.StatusUnauthorized, "auth/login", loginData{Next: "/", Error: printerOf(r).T("login.oidc_failed")})
		return nil
	}
	sess, actor, next, err := s.OIDC.Finish(r.Context(), q.Get("state"), q.Get("code"))
	if err != nil {
		e := app.AsError(err)
		if e.Code == app.CodeInternal {
			return err
		}
		s.Logger.Warn("oidc login failed", "err", err)
		s.render(w, r, statusOf(e.Code), "auth/login", loginData{Next: "/", Error: printerOf(r).T(e.Key)})
		return nil
	}
	s.setSessionCookie(w, sess.ID, sess.ExpiresAt.Sub(sess.CreatedAt))
	if actor.Locale != "" && !hasLangCookie(r) {
		s.setLangCookie(w, actor.Locale)
	}
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	return nil
}

// handleLang stores the chosen language in a cookie and, when logged in, on
// the account, then returns to the page the switch was used on.
func (s *Server) handleLang(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if !i18n.Supported(lang) {
		return app.Invalid("error.lang_invalid", "unknown language")
	}
	s.setLangCookie(w, lang)
	if actorOf(r) != nil {
		if err := s.Auth.SetLocale(r.Context(), lang); err != nil {
			return err
		}
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("return")), http.StatusSeeOther)
	return nil
}
