package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/training"
)

// modulesData is the institution's training catalogue for its admins: the
// national modules (read-only) and its own, with the form that adds one.
type modulesData struct {
	National []training.Module
	Own      []training.Module
	Formats  []string
	Form     moduleForm
	Errors   map[string]string
	Summary  errorSummary
	Done     string
}

// moduleForm is the add form as typed, so a refused form comes back with
// what the admin wrote (hours "1,5" stays "1,5").
type moduleForm struct {
	Code, Name, Provider, Format, Hours, Credits string
	Recommended                                  bool
}

// moduleFields are the form's columns in the order the fields appear:
// the service's column ("id" for the code) → field id and label key.
var moduleFields = []struct{ column, field, label string }{
	{"id", "mod-code", "training.admin.code"},
	{"name", "mod-name", "training.admin.name"},
	{"provider", "mod-provider", "training.admin.provider"},
	{"format", "mod-format", "training.admin.format"},
	{"hours", "mod-hours", "training.admin.hours"},
	{"credits", "mod-credits", "training.admin.credits"},
}

// modulesOf splits the institution's catalogue into the national modules
// and its own.
func (s *Server) modulesOf(r *http.Request, inst int64) (modulesData, error) {
	d := modulesData{Formats: training.Formats, Errors: map[string]string{}}
	ms, err := s.Training.Modules(r.Context(), inst)
	if err != nil {
		return d, err
	}
	for _, m := range ms {
		if m.InstitutionID == 0 {
			d.National = append(d.National, m)
		} else {
			d.Own = append(d.Own, m)
		}
	}
	return d, nil
}

func (s *Server) handleAdminModules(w http.ResponseWriter, r *http.Request) error {
	inst, err := adminOf(r)
	if err != nil {
		return err
	}
	d, err := s.modulesOf(r, inst)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	s.render(w, r, http.StatusOK, "admin/training_modules", d)
	return nil
}

// formNumber reads a decimal as Norwegians write it ("1,5" or "1.5"):
// empty is def, anything else that is not a number NaN, which the service
// refuses with the field's own message.
func formNumber(v string, def float64) float64 {
	v = strings.TrimSpace(strings.ReplaceAll(v, ",", "."))
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

func (s *Server) handleAdminModuleAdd(w http.ResponseWriter, r *http.Request) error {
	inst, err := adminOf(r)
	if err != nil {
		return err
	}
	f := moduleForm{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), Provider: r.PostFormValue("provider"),
		Format: r.PostFormValue("format"), Hours: r.PostFormValue("hours"), Credits: r.PostFormValue("credits"),
		Recommended: r.PostFormValue("recommended") != ""}
	// Hours are required (an empty field is not 0 hours); credits are 0
	// when left out.
	_, err = s.Training.AddModule(r.Context(), inst, training.Module{Code: f.Code, Name: f.Name, Provider: f.Provider, Format: f.Format,
		Hours: formNumber(f.Hours, math.NaN()), Credits: formNumber(f.Credits, 0), Recommended: f.Recommended})
	if err == nil {
		http.Redirect(w, r, "/admin/training-modules?done=added", http.StatusSeeOther)
		return nil
	}
	if app.ErrorCode(err) != app.CodeInvalid {
		return err
	}
	d, lerr := s.modulesOf(r, inst)
	if lerr != nil {
		return lerr
	}
	d.Form = f
	fieldErrors(r, err, d.Errors, nil)
	pr := printerOf(r)
	order := make([]string, 0, len(moduleFields)+1)
	fields := map[string][2]string{}
	for _, mf := range moduleFields {
		order = append(order, mf.column)
		fields[mf.column] = [2]string{mf.field, pr.T(mf.label)}
	}
	d.Summary = summarise("module-errors", pr.T("training.admin.errors"), d.Errors, append(order, ""), fields)
	s.render(w, r, http.StatusUnprocessableEntity, "admin/training_modules", d)
	return nil
}
