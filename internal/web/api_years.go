package web

import (
	"net/http"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
)

// withYear puts the program year a request asks for (?year=YYYY) into its
// context, for every per-year path; a year that is no calendar year is
// invalid. Whether the program has that year the services say (404).
func withYear(r *http.Request) (*http.Request, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return r, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2999 {
		return r, &app.Error{Code: app.CodeInvalid, Key: "years.bad", Message: "year must be the calendar year a program year starts in, such as 2026",
			Details: []app.Detail{{Column: "year", Message: "not a year"}}}
	}
	return r.WithContext(app.WithYear(r.Context(), y)), nil
}

// apiYears lists the program's years with their figures.
func (s *Server) apiYears(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	ys, err := s.People.Years(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ys)
	return nil
}

// apiYearOpen opens the program's next year, carrying over the
// continuing mentors when asked.
func (s *Server) apiYearOpen(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	id := p.ID
	var in struct {
		Year         int  `json:"year"`
		CarryMentors bool `json:"carry_mentors"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	y, err := s.People.OpenYear(r.Context(), id, in.Year, in.CarryMentors)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, y)
	return nil
}
