package web

import (
	"net/http"
	"strconv"
	"time"

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
	Year    int                  `json:"year"`
	Gate    bool                 `json:"gate"`
	Modules []moduleJSON         `json:"modules"`
	Mentors []mentorTrainingJSON `json:"mentors"`
}

type mentorTrainingJSON struct {
	MentorID string   `json:"mentor_id"`
	Missing  []string `json:"missing"`
	Override string   `json:"override,omitempty"`
	Blocked  bool     `json:"blocked"`
}

func (s *Server) apiTrainingRequirement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	st, err := s.Training.Standing(r.Context(), id)
	if err != nil {
		return err
	}
	out := requirementJSON{Year: st.Year, Gate: st.Gate, Modules: modulesJSON(st.Required), Mentors: []mentorTrainingJSON{}}
	for _, m := range st.Mentors {
		out.Mentors = append(out.Mentors, mentorTrainingJSON{MentorID: m.Ref, Missing: m.Missing, Override: m.Override, Blocked: m.Blocked(st.Gate)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiTrainingRequirementSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Modules *[]string `json:"modules"`
		Gate    *bool     `json:"gate"`
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
	if in.Gate != nil {
		if err := s.Training.SetGate(r.Context(), id, *in.Gate); err != nil {
			return err
		}
	}
	return s.apiTrainingRequirement(w, r)
}

// apiTrainingOverride lets a mentor of the current year lead a group
// without the required training ({"mentor_id", "reason"}; an empty reason
// withdraws it).
func (s *Server) apiTrainingOverride(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		MentorID string `json:"mentor_id"`
		Reason   string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st, err := s.Training.Standing(r.Context(), id)
	if err != nil {
		return err
	}
	for _, m := range st.Mentors {
		if m.Ref == in.MentorID && in.MentorID != "" {
			if err := s.Training.Override(r.Context(), id, m.ParticipantID, in.Reason); err != nil {
				return err
			}
			return s.apiTrainingRequirement(w, r)
		}
	}
	return &app.Error{Code: app.CodeInvalid, Key: "training.mentor_unknown", Message: "mentor_id: not an active mentor of the program year",
		Details: []app.Detail{{Column: "mentor_id", Key: "training.mentor_unknown", Message: "not an active mentor of the program year"}}}
}

type eventJSON struct {
	ID         int64      `json:"id"`
	Module     string     `json:"module_id"`
	ModuleName string     `json:"module_name"`
	StartsAt   time.Time  `json:"starts_at"`
	EndsAt     time.Time  `json:"ends_at"`
	Place      string     `json:"place"`
	Capacity   int        `json:"capacity"`
	SignedUp   int        `json:"signed_up"`
	Cancelled  *time.Time `json:"cancelled_at,omitempty"`
}

func eventOut(e training.Event) eventJSON {
	return eventJSON{ID: e.ID, Module: e.Module, ModuleName: e.ModuleName, StartsAt: e.StartsAt, EndsAt: e.EndsAt, Place: e.Place,
		Capacity: e.Capacity, SignedUp: e.SignedUp, Cancelled: e.CancelledAt}
}

func (s *Server) apiTrainingEvents(w http.ResponseWriter, r *http.Request) error {
	es, err := s.Training.Events(r.Context())
	if err != nil {
		return err
	}
	out := make([]eventJSON, len(es))
	for i, e := range es {
		out[i] = eventOut(e)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiTrainingEventCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Module   string `json:"module_id"`
		StartsAt string `json:"starts_at"`
		EndsAt   string `json:"ends_at"`
		Place    string `json:"place"`
		Capacity int    `json:"capacity"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	// A time that is not one is the zero time, refused by the service
	// after its access check.
	start, _ := time.Parse(time.RFC3339, in.StartsAt)
	end, _ := time.Parse(time.RFC3339, in.EndsAt)
	e, err := s.Training.CreateEvent(r.Context(), training.EventDraft{Module: in.Module, StartsAt: start, EndsAt: end, Place: in.Place, Capacity: in.Capacity})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, eventOut(e))
	return nil
}

func (s *Server) apiTrainingSignup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	if err := s.Training.SignUp(r.Context(), id); err != nil {
		return err
	}
	es, err := s.Training.Events(r.Context())
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.ID == id {
			writeJSON(w, http.StatusOK, eventOut(e))
			return nil
		}
	}
	return app.NotFound("event")
}

type signupJSON struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
}

// apiTrainingRoster answers an event with its roster (coordinators).
func (s *Server) apiTrainingRoster(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	e, roster, err := s.Training.Roster(r.Context(), id)
	if err != nil {
		return err
	}
	out := struct {
		eventJSON
		Roster []signupJSON `json:"roster"`
	}{eventOut(e), []signupJSON{}}
	for _, x := range roster {
		out.Roster = append(out.Roster, signupJSON{PersonID: x.Ref, Name: x.Name, Status: x.Status})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiTrainingAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	var in struct {
		PersonID string `json:"person_id"`
		Status   string `json:"status"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Training.Mark(r.Context(), id, in.PersonID, in.Status); err != nil {
		return err
	}
	return s.apiTrainingRoster(w, r)
}

// apiTrainingModuleCreate adds a module of the caller's institution
// (admins; ?institution= for a national admin).
func (s *Server) apiTrainingModuleCreate(w http.ResponseWriter, r *http.Request) error {
	inst, err := queryInstitution(r)
	if err != nil {
		return err
	}
	var in struct {
		ID          string  `json:"id"`
		Name        string  `json:"name"`
		Provider    string  `json:"provider"`
		Format      string  `json:"format"`
		Hours       float64 `json:"hours"`
		Credits     float64 `json:"credits"`
		Recommended bool    `json:"recommended"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.Training.AddModule(r.Context(), inst, training.Module{Code: in.ID, Name: in.Name, Provider: in.Provider, Format: in.Format,
		Hours: in.Hours, Credits: in.Credits, Recommended: in.Recommended})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, modulesJSON([]training.Module{m})[0])
	return nil
}
