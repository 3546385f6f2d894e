package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
)

// SetImportGate replaces the gate uploads are parsed through, so that a
// test can fill it.
func SetImportGate(s *Server, g *app.Gate) { s.imports = g }

// SignupRefusal renders the sign-up page of program id for actor a, in
// language lang, as after a sign-up refused with problem.
func SignupRefusal(s *Server, w http.ResponseWriter, a *app.Actor, lang string, id int64, problem *app.Error) error {
	r := httptest.NewRequest(http.MethodPost, "/me/programs/"+strconv.FormatInt(id, 10)+"/signup", nil)
	r.SetPathValue("id", strconv.FormatInt(id, 10))
	r = r.WithContext(app.WithActor(withState(r.Context(), &reqState{printer: s.Catalog.Printer(lang)}), a))
	return s.signupPage(w, r, http.StatusUnprocessableEntity, problem)
}
