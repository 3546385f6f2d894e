package web

import (
	"net/http"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// servicesData is the institution's directory of support services, which
// mentors refer students to from the follow-up list.
type servicesData struct {
	Services []sessions.SupportService
	Form     sessions.SupportService
	Errors   map[string]string
	Summary  errorSummary
	Done     string
}

// adminOf is the institution the actor administers (403 for others).
func adminOf(r *http.Request) (int64, error) {
	a := actorOf(r)
	if a == nil {
		return 0, app.Unauthorized()
	}
	if !a.IsAdminOf(a.InstitutionID) || a.InstitutionID == 0 {
		return 0, app.Forbidden()
	}
	return a.InstitutionID, nil
}

func (s *Server) handleAdminServices(w http.ResponseWriter, r *http.Request) error {
	inst, err := adminOf(r)
	if err != nil {
		return err
	}
	list, err := s.Sessions.Services(r.Context(), inst)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/services", servicesData{Services: list, Errors: map[string]string{}, Done: r.URL.Query().Get("done")})
	return nil
}

func (s *Server) handleAdminServiceSave(w http.ResponseWriter, r *http.Request) error {
	inst, err := adminOf(r)
	if err != nil {
		return err
	}
	f := sessions.SupportService{InstitutionID: inst, Name: r.FormValue("name"), About: r.FormValue("about"), URL: r.FormValue("url"),
		Email: r.FormValue("email"), Phone: r.FormValue("phone")}
	if _, err := s.Sessions.SaveService(r.Context(), f); err != nil {
		if app.ErrorCode(err) != app.CodeInvalid {
			return err
		}
		errs := map[string]string{}
		fieldErrors(r, err, errs, nil)
		list, lerr := s.Sessions.Services(r.Context(), inst)
		if lerr != nil {
			return lerr
		}
		pr := printerOf(r)
		d := servicesData{Services: list, Form: f, Errors: errs,
			Summary: summarise("service-errors", pr.T("services.errors"), errs, []string{"name", "about", "url", "email", "phone", ""},
				map[string][2]string{"name": {"svc-name", pr.T("services.name")}, "about": {"svc-about", pr.T("services.about")},
					"url": {"svc-url", pr.T("services.url")}, "email": {"svc-email", pr.T("services.email")}, "phone": {"svc-phone", pr.T("services.phone")}})}
		s.render(w, r, http.StatusUnprocessableEntity, "admin/services", d)
		return nil
	}
	http.Redirect(w, r, "/admin/services?done=saved", http.StatusSeeOther)
	return nil
}

func (s *Server) handleAdminServiceRetire(w http.ResponseWriter, r *http.Request) error {
	inst, err := adminOf(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return app.NotFound("service")
	}
	if err := s.Sessions.RetireService(r.Context(), inst, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/services?done=retired", http.StatusSeeOther)
	return nil
}
