package web

import (
	_ "embed"
	"net/http"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
)

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapiDoc)
}

func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, app.NotFound(what)
	}
	return id, nil
}

type meJSON struct {
	AccountID     int64       `json:"account_id"`
	PersonID      int64       `json:"person_id"`
	InstitutionID int64       `json:"institution_id"`
	Name          string      `json:"name"`
	Email         string      `json:"email"`
	NationalAdmin bool        `json:"national_admin"`
	Roles         []grantJSON `json:"roles"`
}

type grantJSON struct {
	Role          app.Role `json:"role"`
	InstitutionID int64    `json:"institution_id"`
	UnitID        int64    `json:"unit_id,omitempty"`
	ProgramID     int64    `json:"program_id,omitempty"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	out := meJSON{AccountID: a.AccountID, PersonID: a.PersonID, InstitutionID: a.InstitutionID, Name: a.Name, Email: a.Email,
		NationalAdmin: a.National, Roles: []grantJSON{}}
	for _, g := range a.Grants {
		out.Roles = append(out.Roles, grantJSON{g.Role, g.InstitutionID, g.UnitID, g.ProgramID})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiInstitutions(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Org.Institutions(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) apiInstitution(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "institution")
	if err != nil {
		return err
	}
	in, err := s.Org.Institution(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, in)
	return nil
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "institution")
	if err != nil {
		return err
	}
	units, err := s.Org.Units(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, nonNil(units))
	return nil
}

func (s *Server) apiProgrammes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "institution")
	if err != nil {
		return err
	}
	list, err := s.Org.Programmes(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, nonNil(list))
	return nil
}

func (s *Server) apiPrograms(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Programs.List(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, nonNil(list))
	return nil
}

func (s *Server) apiProgram(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	p, err := s.Programs.Get(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	f := auth.AuditFilter{InstitutionID: a.InstitutionID, Action: r.URL.Query().Get("action"), Limit: limit}
	entries, err := s.Auth.FindAudit(r.Context(), f)
	if err != nil {
		return err
	}
	type entryJSON struct {
		ID      int64  `json:"id"`
		At      string `json:"at"`
		Account string `json:"account,omitempty"`
		Action  string `json:"action"`
		Target  string `json:"target,omitempty"`
		Outcome string `json:"outcome"`
		Details string `json:"details,omitempty"`
	}
	out := []entryJSON{}
	for _, e := range entries {
		out = append(out, entryJSON{e.ID, e.At.Format("2006-01-02T15:04:05Z07:00"), e.AccountEmail, e.Action, e.Target, e.Outcome, e.Details})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
