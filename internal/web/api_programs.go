package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// maxJSONBody bounds API request bodies.
const maxJSONBody = 1 << 20

// programInput is the writable part of a program in the API: the
// catalogue.csv fields plus the description, criteria evidence, served
// programmes and example. Unknown fields are refused (no mass assignment):
// id, institution, version and publication are not set this way except
// "public", which the program's editors may set.
type programInput struct {
	ProgramID       *string            `json:"program_id"`
	Institution     *string            `json:"institution"`
	Unit            *string            `json:"unit"`
	UnitID          *int64             `json:"unit_id"`
	Level           *string            `json:"level"`
	Name            *string            `json:"name"`
	Transition      *string            `json:"transition"`
	Model           *string            `json:"model"`
	MentorKinds     *[]string          `json:"mentor_kinds"`
	Mandatory       *bool              `json:"mandatory"`
	Enrolment       *string            `json:"enrolment"`
	Credits         **bool             `json:"credits"`
	Paid            *bool              `json:"paid"`
	GroupSize       *string            `json:"group_size"`
	MentorsPerGroup **int              `json:"mentors_per_group"`
	StudentsOffered **int              `json:"students_offered"`
	Started         *int               `json:"started"`
	Ended           **int              `json:"ended"`
	EndReason       *string            `json:"end_reason"`
	Status          *string            `json:"status"`
	Relevance       *string            `json:"relevance"`
	Funding         *string            `json:"funding"`
	URL             *string            `json:"url"`
	MinStandard     *[]int             `json:"min_standard"`
	Contact         *string            `json:"contact"`
	Purpose         *string            `json:"purpose"`
	Expectations    *string            `json:"expectations"`
	HowToJoin       *string            `json:"how_to_join"`
	Evidence        *map[string]string `json:"evidence"` // "1".."5" → text
	Programmes      *[]program.Served  `json:"programmes"`
	Public          *bool              `json:"public"`
	IsExample       *bool              `json:"is_example"`
	Example         *program.Example   `json:"example"`
	ContentLanguage *string            `json:"content_language"`
	Version         *int               `json:"version"`
}

// decodeJSON reads a bounded JSON body into v, refusing unknown fields.
func decodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	if lim := stateOf(r).tooLarge; lim > 0 {
		return errTooLarge(lim)
	}
	if err != nil {
		return app.Invalid("error.invalid", "could not read the request body")
	}
	if len(body) > maxJSONBody {
		return app.Invalid("error.invalid", "the request body is larger than 1 MiB")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &app.Error{Code: app.CodeInvalid, Key: "error.invalid", Message: "the body is not valid JSON for this endpoint: " + err.Error()}
	}
	return nil
}

// apply sets the given fields on p.
func (in programInput) apply(p *program.Program) []app.Detail {
	var ds []app.Detail
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.UnitName, in.Unit)
	if in.UnitID != nil {
		p.UnitID = *in.UnitID
	}
	set(&p.Level, in.Level)
	set(&p.Name, in.Name)
	set(&p.Transition, in.Transition)
	set(&p.Model, in.Model)
	if in.MentorKinds != nil {
		p.MentorKinds = *in.MentorKinds
	}
	if in.Mandatory != nil {
		p.Mandatory = *in.Mandatory
	}
	set(&p.Enrolment, in.Enrolment)
	if in.Credits != nil {
		p.Credits = *in.Credits
	}
	if in.Paid != nil {
		p.Paid = *in.Paid
	}
	set(&p.GroupSize, in.GroupSize)
	if in.MentorsPerGroup != nil {
		p.MentorsPerGroup = *in.MentorsPerGroup
	}
	if in.StudentsOffered != nil {
		p.StudentsOffered = *in.StudentsOffered
	}
	if in.Started != nil {
		p.Started = *in.Started
	}
	if in.Ended != nil {
		p.Ended = *in.Ended
	}
	set(&p.EndReason, in.EndReason)
	set(&p.Status, in.Status)
	set(&p.Relevance, in.Relevance)
	set(&p.Funding, in.Funding)
	set(&p.URL, in.URL)
	set(&p.Contact, in.Contact)
	set(&p.Purpose, in.Purpose)
	set(&p.Expectations, in.Expectations)
	set(&p.HowToJoin, in.HowToJoin)
	set(&p.Language, in.ContentLanguage)
	if in.MinStandard != nil {
		for i := range p.Criteria {
			p.Criteria[i].Met = false
		}
		for _, n := range *in.MinStandard {
			if n < 1 || n > program.Criteria {
				ds = append(ds, app.Detail{Column: "min_standard", Message: fmt.Sprintf("criterion %d does not exist (1–5)", n)})
				continue
			}
			p.Criteria[n-1].Met = true
		}
	}
	if in.Evidence != nil {
		for k, v := range *in.Evidence {
			n, err := strconv.Atoi(k)
			if err != nil || n < 1 || n > program.Criteria {
				ds = append(ds, app.Detail{Column: "evidence", Message: fmt.Sprintf("criterion %q does not exist (1–5)", k)})
				continue
			}
			p.Criteria[n-1].Evidence = v
		}
	}
	if in.Programmes != nil {
		p.Served = *in.Programmes
	}
	if in.Public != nil {
		p.Public = *in.Public
	}
	if in.IsExample != nil {
		p.IsExample = *in.IsExample
	}
	if in.Example != nil {
		p.Example = *in.Example
	}
	return ds
}

func invalidDetails(ds []app.Detail) error {
	return &app.Error{Code: app.CodeInvalid, Key: "program.invalid", Message: fmt.Sprintf("the program has %d problem(s)", len(ds)), Details: ds}
}

func (s *Server) apiProgramCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	var in programInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p := program.Program{InstitutionID: a.InstitutionID, Public: false}
	if in.Institution != nil && a.National {
		list, err := s.Org.Institutions(r.Context())
		if err != nil {
			return err
		}
		found := false
		for _, i := range list {
			if i.Name == *in.Institution || i.Slug == *in.Institution {
				p.InstitutionID, found = i.ID, true
			}
		}
		if !found {
			return invalidDetails([]app.Detail{{Column: "institution", Message: "no such institution"}})
		}
	}
	if in.ProgramID != nil {
		p.Code = *in.ProgramID
	}
	if ds := in.apply(&p); len(ds) > 0 {
		return invalidDetails(ds)
	}
	created, err := s.Programs.Create(r.Context(), p)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/programs/"+strconv.FormatInt(created.ID, 10))
	writeJSON(w, http.StatusCreated, created)
	return nil
}

func (s *Server) apiProgramPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in programInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ProgramID != nil || in.Institution != nil {
		return invalidDetails([]app.Detail{{Column: "program_id", Message: "program_id and institution cannot be changed"}})
	}
	version := 0
	if in.Version != nil {
		version = *in.Version
	}
	var ds []app.Detail
	updated, err := s.Programs.Update(r.Context(), id, version, func(p *program.Program) { ds = in.apply(p) })
	if len(ds) > 0 {
		return invalidDetails(ds)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, updated)
	return nil
}

func (s *Server) apiProgramHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	h, err := s.Programs.History(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, nonNil(h))
	return nil
}

func (s *Server) apiCoverage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "institution")
	if err != nil {
		return err
	}
	if _, err := s.Org.Institution(r.Context(), id); err != nil {
		return err
	}
	cov, err := s.Programs.Coverage(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cov)
	return nil
}
