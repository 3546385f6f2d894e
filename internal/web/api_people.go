package web

import (
	"io"
	"net/http"
	"strings"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/roster"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// importJSON is the answer to a roster import.
type importJSON struct {
	Imported  int      `json:"imported"`
	Unchanged int      `json:"unchanged"`
	Added     int      `json:"added"`
	Changed   int      `json:"changed"`
	Removed   int      `json:"removed"`
	DryRun    bool     `json:"dry_run,omitempty"`
	Warnings  []string `json:"warnings"`
}

// readBody reads an uploaded roster of at most maxUpload bytes (the
// middleware has bounded the body to a little more).
func readBody(r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxUpload+1))
	if lim := stateOf(r).tooLarge; lim > 0 {
		return nil, errTooLarge(lim)
	}
	if err != nil {
		return nil, app.Invalid("error.invalid", "could not read the request body")
	}
	if len(data) > maxUpload {
		return nil, errTooLarge(maxUpload)
	}
	return data, nil
}

// queryMapping reads a column mapping from the query: map.<column>=<header>.
func queryMapping(r *http.Request) roster.Mapping {
	var m roster.Mapping
	for k, v := range r.URL.Query() {
		if col, ok := strings.CutPrefix(k, "map."); ok && len(v) > 0 && v[0] != "" {
			if m == nil {
				m = roster.Mapping{}
			}
			m[col] = v[0]
		}
	}
	return m
}

func (s *Server) apiRosterPut(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.programOf(r)
		if err != nil {
			return err
		}
		id := p.ID
		data, err := readBody(r)
		if err != nil {
			return err
		}
		end, err := s.enterImport(r)
		if err != nil {
			return err
		}
		defer end()
		dry := r.URL.Query().Get("dry_run") == "true"
		var pl *people.Plan
		if dry {
			pl, err = s.People.Preview(r.Context(), id, kind, data, queryMapping(r))
		} else {
			pl, err = s.People.Import(r.Context(), id, kind, data, queryMapping(r))
		}
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, importJSON{Imported: pl.Imported(), Unchanged: pl.Unchanged, Added: len(pl.Added),
			Changed: len(pl.Changed), Removed: len(pl.Removed), DryRun: dry, Warnings: nonNil(tabular.WarningText(pl.Warnings))})
		return nil
	}
}

// participantJSON is a participant in the API.
type participantJSON struct {
	ID         string   `json:"id"`
	GivenName  string   `json:"given_name"`
	FamilyName string   `json:"family_name"`
	Email      string   `json:"email"`
	Programme  string   `json:"programme_code"`
	Cohort     string   `json:"cohort"`
	Kind       string   `json:"kind,omitempty"`
	MaxGroups  int      `json:"max_groups,omitempty"`
	Chief      bool     `json:"chief,omitempty"`
	Source     string   `json:"source"`
	State      string   `json:"state"` // active, opted_out, applied, declined, left
	Reason     string   `json:"opt_out_reason,omitempty"`
	FileOptOut bool     `json:"opt_out"`
	Groups     []string `json:"groups"`
}

func (s *Server) apiRosterGet(role string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "program")
		if err != nil {
			return err
		}
		list, err := s.People.Participants(r.Context(), id, role)
		if err != nil {
			return err
		}
		groups, err := s.People.Groups(r.Context(), id)
		if err != nil {
			return err
		}
		code := map[int64]string{}
		for _, g := range groups {
			code[g.ID] = g.Code
		}
		out := make([]participantJSON, 0, len(list))
		for _, x := range list {
			state := x.State
			if !x.InRoster {
				state = "left"
			}
			pj := participantJSON{ID: x.ExternalID, GivenName: x.GivenName, FamilyName: x.FamilyName, Email: x.Email,
				Programme: x.Programme, Cohort: x.Cohort, Kind: x.Kind, Chief: x.Chief, Source: x.Source, State: state,
				Reason: x.Reason, FileOptOut: x.FileOptOut, Groups: []string{}}
			if role == people.Mentor {
				pj.MaxGroups = x.MaxGroups
			}
			for _, g := range x.GroupIDs {
				pj.Groups = append(pj.Groups, code[g])
			}
			out = append(out, pj)
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
}

func (s *Server) apiAllocate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	id := p.ID
	var in struct {
		GroupMin        *int   `json:"group_min"`
		GroupMax        *int   `json:"group_max"`
		MentorsPerGroup *int   `json:"mentors_per_group"`
		Seed            *int64 `json:"seed"`
		MentorMix       string `json:"mentor_mix"`
		Replace         bool   `json:"replace"`
		DryRun          bool   `json:"dry_run"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var ds []app.Detail
	for _, f := range []struct {
		name string
		v    *int
	}{{"group_min", in.GroupMin}, {"group_max", in.GroupMax}, {"mentors_per_group", in.MentorsPerGroup}} {
		if f.v == nil {
			ds = append(ds, app.Detail{Column: f.name, Message: "required"})
		}
	}
	if len(ds) > 0 {
		return &app.Error{Code: app.CodeInvalid, Key: "groups.bad_params", Message: "invalid allocation parameters", Details: ds}
	}
	params := people.AllocationParams{GroupMin: *in.GroupMin, GroupMax: *in.GroupMax, MentorsPerGroup: *in.MentorsPerGroup, Replace: in.Replace}
	if in.Seed != nil {
		params.Seed = *in.Seed
	}
	params.MentorMix = splitMix(in.MentorMix)
	var pv *people.AllocationPreview
	status := http.StatusCreated
	if in.DryRun {
		pv, err = s.People.PlanAllocation(r.Context(), id, params)
		status = http.StatusOK
	} else {
		pv, err = s.People.Allocate(r.Context(), id, params, "")
	}
	if err != nil {
		return err
	}
	res := pv.Result
	if res.Groups == nil {
		res.Groups = []allocate.Group{}
	}
	if res.UnassignedStudents == nil {
		res.UnassignedStudents = []allocate.Unassigned{}
	}
	if res.UnassignedMentors == nil {
		res.UnassignedMentors = []string{}
	}
	writeJSON(w, status, res)
	return nil
}

// groupJSON is a stored group in the shape of `mentorhub allocate` (id is
// the group's code), with its name and the members' names.
type groupJSON struct {
	ID             string          `json:"id"`
	GroupID        int64           `json:"group_id"`
	Name           string          `json:"name"`
	Programme      string          `json:"programme_code"`
	Cohort         string          `json:"cohort"`
	Students       []string        `json:"students"`
	Mentors        []string        `json:"mentors"`
	MeetingSlot    string          `json:"meeting_slot"`
	SlotCoverage   float64         `json:"slot_coverage"`
	Undersized     bool            `json:"undersized"`
	Reasons        string          `json:"reasons,omitempty"`
	StudentDetails []people.Member `json:"student_details"`
	MentorDetails  []people.Member `json:"mentor_details"`
}

func (s *Server) apiGroups(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	groups, err := s.People.Groups(r.Context(), id)
	if err != nil {
		return err
	}
	out := make([]groupJSON, 0, len(groups))
	for _, g := range groups {
		gj := groupJSON{ID: g.Code, GroupID: g.ID, Name: g.Name, Programme: g.Programme, Cohort: g.Cohort,
			Students: []string{}, Mentors: []string{}, MeetingSlot: g.MeetingSlot, SlotCoverage: g.SlotCoverage,
			Undersized: g.Undersized, Reasons: g.Reasons, StudentDetails: g.Students, MentorDetails: g.Mentors}
		for _, m := range g.Students {
			gj.Students = append(gj.Students, m.ID)
		}
		for _, m := range g.Mentors {
			gj.Mentors = append(gj.Mentors, m.ID)
		}
		out = append(out, gj)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
