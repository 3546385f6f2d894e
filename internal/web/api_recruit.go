package web

import (
	"net/http"
	"time"

	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/recruit"
)

// The JSON API of recruiting: postings, applications (from anyone),
// reviews, decisions and hiring.

type postingJSON struct {
	ID            int64       `json:"id"`
	ProgramID     int64       `json:"program_id"`
	ProgramName   string      `json:"program_name"`
	Year          int         `json:"year"`
	Title         string      `json:"title"`
	Role          string      `json:"role"`
	ProgrammeCode string      `json:"programme_code"`
	Positions     int         `json:"positions"`
	StartsOn      string      `json:"starts_on"`
	EndsOn        string      `json:"ends_on"`
	Hourly        payroll.NOK `json:"hourly"`
	Deadline      time.Time   `json:"deadline"`
	Applications  *int        `json:"applications,omitempty"` // for coordinators
	// Programmes are the positions per study programme ("" for any);
	// programme_code and positions above sum them up (the only row's
	// programme, "" with several; the total).
	Programmes []positionJSON `json:"programmes"`
}

type positionJSON struct {
	ProgrammeCode string `json:"programme_code"`
	Positions     int    `json:"positions"`
}

func postingOut(p recruit.Posting, count bool) postingJSON {
	out := postingJSON{ID: p.ID, ProgramID: p.ProgramID, ProgramName: p.ProgramName, Year: p.Year, Title: p.Title, Role: p.Role,
		ProgrammeCode: p.ProgrammeCode, Positions: p.Positions, StartsOn: p.StartsOn.Format("2006-01-02"), EndsOn: p.EndsOn.Format("2006-01-02"),
		Hourly: p.Hourly, Deadline: p.Deadline}
	if count {
		n := p.Applications
		out.Applications = &n
	}
	out.Programmes = make([]positionJSON, len(p.Programmes))
	for i, r := range p.Programmes {
		out.Programmes[i] = positionJSON{ProgrammeCode: r.ProgrammeCode, Positions: r.Count}
	}
	return out
}

func (s *Server) apiPostings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	ps, err := s.Recruit.Postings(r.Context(), id)
	if err != nil {
		return err
	}
	out := make([]postingJSON, len(ps))
	for i, p := range ps {
		out[i] = postingOut(p, true)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiPostingCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Title         string  `json:"title"`
		Role          string  `json:"role"`
		ProgrammeCode string  `json:"programme_code"`
		Positions     int     `json:"positions"`
		StartsOn      string  `json:"starts_on"`
		EndsOn        string  `json:"ends_on"`
		Hourly        float64 `json:"hourly"`
		Deadline      string  `json:"deadline"`
		// Programmes, when given, are the rows of positions (and
		// programme_code and positions are not read).
		Programmes []positionJSON `json:"programmes"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var rows []recruit.Position
	for _, x := range in.Programmes {
		rows = append(rows, recruit.Position{ProgrammeCode: x.ProgrammeCode, Count: x.Positions})
	}
	// Days that are no days are the zero time, refused after the access check.
	day := func(v string) time.Time { t, _ := time.ParseInLocation("2006-01-02", v, osloLocation); return t }
	deadline, err := time.Parse(time.RFC3339, in.Deadline)
	if err != nil {
		deadline = day(in.Deadline).Add(24*time.Hour - time.Second) // a day: until its end
	}
	p, err := s.Recruit.CreatePosting(r.Context(), id, recruit.PostingDraft{Title: in.Title, Role: in.Role, ProgrammeCode: in.ProgrammeCode,
		Positions: in.Positions, Programmes: rows, StartsOn: day(in.StartsOn), EndsOn: day(in.EndsOn), Hourly: in.Hourly, Deadline: deadline})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, postingOut(p, true))
	return nil
}

// apiPosting is an open posting, for anyone.
func (s *Server) apiPosting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "posting")
	if err != nil {
		return err
	}
	p, err := s.Recruit.PublicPosting(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, postingOut(p, false))
	return nil
}

type applicationInput struct {
	GivenName     string   `json:"given_name"`
	FamilyName    string   `json:"family_name"`
	Email         string   `json:"email"`
	StudentNumber string   `json:"student_number"`
	Programme     string   `json:"programme_code"`
	Cohort        string   `json:"cohort"`
	Motivation    string   `json:"motivation"`
	Experience    string   `json:"experience"`
	Slots         []string `json:"slots"`
}

// apiApply takes an application to an open posting, from anyone.
func (s *Server) apiApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "posting")
	if err != nil {
		return err
	}
	var in applicationInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if len(in.Slots) > 50 {
		in.Slots = in.Slots[:50]
	}
	a, err := s.Recruit.Apply(r.Context(), id, applicationFrom(in))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": a.ID, "state": a.State})
	return nil
}

func applicationFrom(in applicationInput) recruit.Application {
	return recruit.Application{GivenName: in.GivenName, FamilyName: in.FamilyName, Email: in.Email, StudentNumber: in.StudentNumber,
		Programme: in.Programme, Cohort: in.Cohort, Motivation: in.Motivation, Experience: in.Experience, Slots: in.Slots}
}

type reviewJSON struct {
	Reviewer string `json:"reviewer"`
	Score    int    `json:"score"`
	Comment  string `json:"comment"`
}

type applicationJSON struct {
	ID            int64        `json:"id"`
	GivenName     string       `json:"given_name"`
	FamilyName    string       `json:"family_name"`
	Email         string       `json:"email"`
	StudentNumber string       `json:"student_number"`
	Programme     string       `json:"programme_code"`
	Cohort        string       `json:"cohort"`
	Motivation    string       `json:"motivation"`
	Experience    string       `json:"experience"`
	Slots         []string     `json:"slots"`
	State         string       `json:"state"`
	SubmittedAt   time.Time    `json:"submitted_at"`
	Score         float64      `json:"score"`
	Reviews       []reviewJSON `json:"reviews"`
}

func (s *Server) apiApplications(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "posting")
	if err != nil {
		return err
	}
	_, as, err := s.Recruit.Applications(r.Context(), id)
	if err != nil {
		return err
	}
	out := make([]applicationJSON, len(as))
	for i, a := range as {
		out[i] = applicationJSON{ID: a.ID, GivenName: a.GivenName, FamilyName: a.FamilyName, Email: a.Email, StudentNumber: a.StudentNumber,
			Programme: a.Programme, Cohort: a.Cohort, Motivation: a.Motivation, Experience: a.Experience, Slots: nonNil(a.Slots), State: a.State,
			SubmittedAt: a.SubmittedAt, Score: a.Score(), Reviews: []reviewJSON{}}
		for _, rv := range a.Reviews {
			out[i].Reviews = append(out[i].Reviews, reviewJSON{Reviewer: rv.Reviewer, Score: rv.Score, Comment: rv.Comment})
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "application")
	if err != nil {
		return err
	}
	var in struct {
		Score   int    `json:"score"`
		Comment string `json:"comment"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Recruit.Review(r.Context(), id, in.Score, in.Comment); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "score": in.Score})
	return nil
}

func (s *Server) apiDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "application")
	if err != nil {
		return err
	}
	var in struct {
		State string `json:"state"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Recruit.Decide(r.Context(), id, in.State); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "state": in.State})
	return nil
}

func (s *Server) apiHire(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "application")
	if err != nil {
		return err
	}
	if _, err := s.Recruit.Hire(r.Context(), id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "state": recruit.Hired})
	return nil
}
