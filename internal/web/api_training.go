package web

import (
	"net/http"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/training"
)

// The JSON API of training records (API.md, "Mentors, hours and pay").

// moduleJSON is a training module in the API; id is the module's code.
type moduleJSON struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Provider    string  `json:"provider"`
	Format      string  `json:"format"`
	Hours       float64 `json:"hours"`
	Credits     float64 `json:"credits"`
	Minimum     bool    `json:"minimum"`
	Recommended bool    `json:"recommended"`
	National    bool    `json:"national"`
}

func modulesJSON(ms []training.Module) []moduleJSON {
	out := make([]moduleJSON, len(ms))
	for i, m := range ms {
		out[i] = moduleJSON{ID: m.Code, Name: m.Name, Provider: m.Provider, Format: m.Format, Hours: m.Hours,
			Credits: m.Credits, Minimum: m.Minimum, Recommended: m.Recommended, National: m.InstitutionID == 0}
	}
	return out
}

// queryInstitution reads ?institution=ID (0 when absent).
func queryInstitution(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("institution")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, app.NotFound("institution")
	}
	return id, nil
}

func (s *Server) apiTrainingModules(w http.ResponseWriter, r *http.Request) error {
	inst, err := queryInstitution(r)
	if err != nil {
		return err
	}
	ms, err := s.Training.Modules(r.Context(), inst)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, modulesJSON(ms))
	return nil
}

func (s *Server) apiTrainingImport(w http.ResponseWriter, r *http.Request) error {
	inst, err := queryInstitution(r)
	if err != nil {
		return err
	}
	data, err := readBody(r)
	if err != nil {
		return err
	}
	end, err := s.enterImport(r)
	if err != nil {
		return err
	}
	defer end()
	res, err := s.Training.ImportCompletions(r.Context(), inst, data)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"imported": res.Imported, "unchanged": res.Unchanged})
	return nil
}

type completionJSON struct {
	Module      string `json:"module_id"`
	CompletedOn string `json:"completed_on"`
	Source      string `json:"source"`
}

type needJSON struct {
	ProgramID   int64    `json:"program_id"`
	ProgramName string   `json:"program_name"`
	Year        int      `json:"year"`
	Required    []string `json:"required"`
	Missing     []string `json:"missing"`
}

func (s *Server) apiPersonTraining(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.Training.Person(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := struct {
		PersonID    int64            `json:"person_id"`
		Completions []completionJSON `json:"completions"`
		Programs    []needJSON       `json:"programs"`
	}{PersonID: rec.PersonID, Completions: []completionJSON{}, Programs: []needJSON{}}
	for _, c := range rec.Completions {
		out.Completions = append(out.Completions, completionJSON{Module: c.Module, CompletedOn: c.CompletedOn.Format("2006-01-02"), Source: c.Source})
	}
	for _, n := range rec.Needs {
		out.Programs = append(out.Programs, needJSON(n))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type requirementJSON struct {
	Year    int          `json:"year"`
	Modules []moduleJSON `json:"modules"`
}

func (s *Server) apiTrainingRequirement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	ms, year, err := s.Training.Requirement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, requirementJSON{Year: year, Modules: modulesJSON(ms)})
	return nil
}

func (s *Server) apiTrainingRequirementSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Modules *[]string `json:"modules"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var codes []string // nil: not given, refused after the access check
	if in.Modules != nil {
		codes = append([]string{}, *in.Modules...)
	}
	if _, err := s.Training.SetRequirement(r.Context(), id, codes); err != nil {
		return err
	}
	return s.apiTrainingRequirement(w, r)
}
