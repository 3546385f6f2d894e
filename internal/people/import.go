package people

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/roster"
)

// Change is one participant an import adds, changes or removes.
type Change struct {
	Line   int         // the file's line (0 for removals)
	New    Participant // the values after the import (adds and changes)
	Old    Participant // the values before (changes and removals)
	Fields []string    // the columns that change
}

// Plan is what an import will do, shown before it is committed.
type Plan struct {
	ProgramID int64
	Role      string
	Added     []Change
	Changed   []Change
	Removed   []Change
	Unchanged int
	Warnings  []app.Detail   // what the reader ignored (tabular.WarningText is the English)
	Mapping   roster.Mapping // the mapping used (nil: the spec's headers)
	// Unknown are the study programme codes of the file the institution's
	// catalogue does not know, with their lines: a warning, not an error,
	// as the catalogue may be incomplete.
	Unknown []UnknownProgramme
	// Trusted is set for an import by a source the institution trusts with
	// its person records (its admins, the system): only then does the
	// import update the name and e-mail of persons already known. Any other
	// import changes only the program's own view of them (see Import).
	Trusted bool
}

// Imported is the number of participants written (added or changed).
func (p *Plan) Imported() int { return len(p.Added) + len(p.Changed) }

// Total is the number of rows in the file.
func (p *Plan) Total() int { return len(p.Added) + len(p.Changed) + p.Unchanged }

// UnknownProgramme is a programme code of an import the institution does
// not know, and the file's lines naming it.
type UnknownProgramme struct {
	Code  string
	Lines []int
}

// unknownProgrammes finds the codes of incoming not in known; an empty
// catalogue knows nothing to compare with, so it warns of nothing.
func unknownProgrammes(incoming []Participant, lines []int, known []string) []UnknownProgramme {
	if len(known) == 0 {
		return nil
	}
	k := make(map[string]bool, len(known))
	for _, c := range known {
		k[c] = true
	}
	var out []UnknownProgramme
	at := map[string]int{}
	for i, x := range incoming {
		if x.Programme == "" || k[x.Programme] {
			continue
		}
		j, ok := at[x.Programme]
		if !ok {
			j = len(out)
			at[x.Programme] = j
			out = append(out, UnknownProgramme{Code: x.Programme})
		}
		if i < len(lines) {
			out[j].Lines = append(out[j].Lines, lines[i])
		}
	}
	return out
}

// LeavingGroups is how many participants the import takes out of their
// groups: those no longer on the list and those whose change no longer
// fits their group.
func (p *Plan) LeavingGroups() int {
	n := 0
	for _, c := range p.Removed {
		if len(c.Old.GroupIDs) > 0 {
			n++
		}
	}
	for _, c := range p.Changed {
		if c.LeavesGroups() {
			n++
		}
	}
	return n
}

// ConfirmRemovalsAbove is how many removals an import may make on the
// coordinator's first confirmation; more, or more than a tenth of the
// list (when more than one), need a second, explicit one: a file of the
// wrong programme or a partial export would otherwise empty the groups.
const ConfirmRemovalsAbove = 10

// ManyRemovals reports whether the import removes so many that the
// coordinator must confirm the removals explicitly.
func (p *Plan) ManyRemovals() bool {
	n := len(p.Removed)
	before := n + len(p.Changed) + p.Unchanged
	return n > ConfirmRemovalsAbove || (n > 1 && n*10 > before)
}

// roleOfKind is the participant role of an import kind ("students" or
// "mentors"; the roles themselves are accepted too).
func roleOfKind(kind string) (string, error) {
	switch kind {
	case "students", Student:
		return Student, nil
	case "mentors", Mentor:
		return Mentor, nil
	}
	return "", app.NotFound("import kind")
}

// KindOf is the file kind ("students" or "mentors") of a role.
func KindOf(role string) string {
	if role == Mentor {
		return "mentors"
	}
	return "students"
}

// read parses a roster file into participants of the program.
func read(programID int64, role string, data []byte, m roster.Mapping) ([]Participant, []int, []app.Detail, error) {
	var out []Participant
	var lines []int
	if role == Student {
		recs, warns, err := roster.ReadStudents(bytes.NewReader(data), roster.Options{Mapping: m, Upload: true})
		if err != nil {
			return nil, nil, warns, err
		}
		for _, r := range recs {
			out = append(out, Participant{ProgramID: programID, Role: Student, ExternalID: r.Number,
				GivenName: r.GivenName, FamilyName: r.FamilyName, Email: r.Email, Programme: r.Programme,
				Cohort: r.Cohort, Campus: r.Campus, Language: r.Language, Gender: r.Gender,
				International: r.International, Slots: r.Slots, With: r.With, Avoid: r.Avoid,
				FileOptOut: r.OptOut, MaxGroups: 1, Source: FromImport, InRoster: true, State: Active})
			lines = append(lines, r.Line)
		}
		return out, lines, warns, nil
	}
	recs, warns, err := roster.ReadMentors(bytes.NewReader(data), roster.Options{Mapping: m, Upload: true})
	if err != nil {
		return nil, nil, warns, err
	}
	for _, r := range recs {
		out = append(out, Participant{ProgramID: programID, Role: Mentor, ExternalID: r.ID,
			GivenName: r.GivenName, FamilyName: r.FamilyName, Email: r.Email, Programme: r.Programme,
			Cohort: r.Cohort, Kind: r.Kind, MaxGroups: r.MaxGroups, Slots: r.Slots, Field: r.Field,
			Sector: r.Sector, Campus: r.Campus, Languages: r.Languages, Source: FromImport, InRoster: true, State: Active})
		lines = append(lines, r.Line)
	}
	return out, lines, warns, nil
}

// diff lists the file columns whose values differ between a and b.
func diff(a, b Participant) []string {
	var out []string
	add := func(col string, differ bool) {
		if differ {
			out = append(out, col)
		}
	}
	add("given_name", a.GivenName != b.GivenName)
	add("family_name", a.FamilyName != b.FamilyName)
	add("email", a.Email != b.Email)
	add("programme_code", a.Programme != b.Programme)
	add("cohort", a.Cohort != b.Cohort)
	add("campus", a.Campus != b.Campus)
	add("slots", !slices.Equal(a.Slots, b.Slots))
	if a.Role == Student {
		add("language", a.Language != b.Language)
		add("gender", a.Gender != b.Gender)
		add("international", a.International != b.International)
		add("with", a.With != b.With)
		add("avoid", a.Avoid != b.Avoid)
		add("opt_out", a.FileOptOut != b.FileOptOut)
	} else {
		add("kind", a.Kind != b.Kind)
		add("max_groups", a.MaxGroups != b.MaxGroups)
		add("field", a.Field != b.Field)
		add("sector", a.Sector != b.Sector)
		add("languages", !slices.Equal(a.Languages, b.Languages))
	}
	return out
}

// plan compares a file's participants with the program's current ones.
func plan(programID int64, role string, incoming []Participant, lines []int, current []Participant) *Plan {
	pl := &Plan{ProgramID: programID, Role: role}
	byID := make(map[string]Participant, len(current))
	for _, c := range current {
		byID[c.ExternalID] = c
	}
	seen := make(map[string]bool, len(incoming))
	for i, n := range incoming {
		seen[n.ExternalID] = true
		old, ok := byID[n.ExternalID]
		if !ok {
			pl.Added = append(pl.Added, Change{Line: lines[i], New: n})
			continue
		}
		// What the participant chose themself stays.
		n.ID, n.PersonID, n.State, n.Reason, n.StateAt, n.Chief = old.ID, old.PersonID, old.State, old.Reason, old.StateAt, old.Chief
		n.Ranking, n.Motivation, n.GroupIDs, n.Source = old.Ranking, old.Motivation, old.GroupIDs, FromImport
		if n.Role == Student && old.Field != "" {
			n.Field, n.Sector, n.Languages = old.Field, old.Sector, old.Languages
		}
		fields := diff(old, n)
		if !old.InRoster {
			fields = append([]string{"in_roster"}, fields...)
		}
		if old.Source != FromImport {
			fields = append(fields, "source")
		}
		if len(fields) == 0 {
			pl.Unchanged++
			continue
		}
		pl.Changed = append(pl.Changed, Change{Line: lines[i], New: n, Old: old, Fields: fields})
	}
	for _, c := range current {
		if c.Source == FromImport && c.InRoster && !seen[c.ExternalID] {
			pl.Removed = append(pl.Removed, Change{Old: c})
		}
	}
	return pl
}

// LeavesGroups reports whether a change takes the participant out of the
// groups they are in: they left the roster, opted out in the file, or
// moved to another programme or cohort (their group no longer fits).
func (c Change) LeavesGroups() bool {
	if len(c.Old.GroupIDs) == 0 {
		return false
	}
	for _, f := range c.Fields {
		switch f {
		case "opt_out", "programme_code":
			return true
		case "cohort":
			return c.New.Role == Student
		}
	}
	return false
}

// Preview reads a roster file for a program and says what importing it
// would add, change and remove, changing nothing. kind is "students" or
// "mentors"; a nil mapping reads the spec's headers.
func (s *Service) Preview(ctx context.Context, programID int64, kind string, data []byte, m roster.Mapping) (*Plan, error) {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return nil, err
	}
	return s.preview(ctx, p, kind, data, m)
}

// preview plans an import into program p, already checked editable.
func (s *Service) preview(ctx context.Context, p program.Program, kind string, data []byte, m roster.Mapping) (*Plan, error) {
	programID := p.ID
	role, err := roleOfKind(kind)
	if err != nil {
		return nil, err
	}
	if len(m) > 0 {
		if err := m.Validate(KindOf(role)); err != nil {
			return nil, err
		}
	}
	incoming, lines, warns, err := read(programID, role, data, m)
	if err != nil {
		return nil, err
	}
	current, err := s.participants(ctx, programID, role)
	if err != nil {
		return nil, err
	}
	pl := plan(programID, role, incoming, lines, current)
	pl.Warnings, pl.Mapping = warns, m
	known, err := s.store.FindProgrammeCodes(ctx, p.InstitutionID)
	if err != nil {
		return nil, err
	}
	pl.Unknown = unknownProgrammes(incoming, lines, known)
	return pl, nil
}

// Import reads a roster file and, if every line is good, makes the
// program's roster of that role what the file says, in one transaction:
// new people are added (an opt-out program enrols them), changed ones
// updated (their own opt-out, sign-up and chief-mentor status stay), and
// those no longer in the file leave their groups (the groups stay).
// Importing the same file again changes nothing.
//
// The name and e-mail in the file are the program's view of each person:
// the program's lists, pages and exports show them. The person record
// shared by every program and the person's account is filled from the
// file only for a person not known before; an existing one is updated
// only by an import of the institution's admin or the system (the CLI,
// the demo), never by a coordinator, who may coordinate a program anyone
// of the institution created.
func (s *Service) Import(ctx context.Context, programID int64, kind string, data []byte, m roster.Mapping) (*Plan, error) {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return nil, err
	}
	return s.importPlan(ctx, p, kind, data, m, true, nil)
}

// importPlan is Import into program p (already checked editable). Unless
// confirmRemovals, an import with many removals (Plan.ManyRemovals) is
// refused, changing nothing: the check reads the same plan it applies.
// also, when not nil, is one more write of the same unit of work.
func (s *Service) importPlan(ctx context.Context, p program.Program, kind string, data []byte, m roster.Mapping, confirmRemovals bool, also func(ctx context.Context) error) (*Plan, error) {
	pl, err := s.preview(ctx, p, kind, data, m)
	if err != nil {
		s.audit(ctx, "roster.import", p.Code, "invalid", KindOf(roleMust(kind)))
		return nil, err
	}
	if !confirmRemovals && pl.ManyRemovals() {
		return nil, &app.Error{Code: app.CodeInvalid, Key: "import.confirm_removals",
			Message: "confirm that the import takes these people off the list and out of their groups",
			Args:    map[string]any{"Count": len(pl.Removed)}}
	}
	a := app.ActorFrom(ctx)
	pl.Trusted = a != nil && (a.System || a.Has(app.RoleAdmin, p.InstitutionID))
	y, err := s.writableYear(ctx, p.ID, true)
	if err != nil {
		return nil, err
	}
	for _, list := range [][]Change{pl.Added, pl.Changed} {
		for i := range list {
			list[i].New.Year = y
		}
	}
	// The changes, the remembered mapping, what the caller adds (a draft
	// forgotten) and the audit entry: one unit of work. The file was read
	// and checked above, outside it, so the writer is not held for that.
	err = s.changes.Units.Unit(ctx, func(ctx context.Context) error {
		if len(pl.Added)+len(pl.Changed)+len(pl.Removed) > 0 {
			if err := s.store.ApplyImport(ctx, p.InstitutionID, pl); err != nil {
				return err
			}
		}
		if len(m) > 0 {
			if err := s.RememberMapping(ctx, p.InstitutionID, KindOf(pl.Role), data, m); err != nil {
				return err
			}
		}
		if also != nil {
			if err := also(ctx); err != nil {
				return err
			}
		}
		return s.changes.WriteEntry(ctx, "roster.import", p.Code, "ok", fmt.Sprintf("%s: %d added, %d changed, %d removed, %d unchanged",
			KindOf(pl.Role), len(pl.Added), len(pl.Changed), len(pl.Removed), pl.Unchanged))
	})
	if err != nil {
		return nil, err
	}
	return pl, nil
}

func roleMust(kind string) string {
	r, _ := roleOfKind(kind)
	return r
}

// RememberMapping stores the mapping used for a file's header layout, so
// the next export from the same student system is mapped without asking.
func (s *Service) RememberMapping(ctx context.Context, institutionID int64, kind string, data []byte, m roster.Mapping) error {
	hs, err := roster.Headers(bytes.NewReader(data))
	if err != nil {
		return err
	}
	js, err := json.Marshal(m)
	if err != nil {
		return app.Internal(err)
	}
	return s.store.SaveMapping(ctx, institutionID, kind, m.Key(hs), string(js))
}

// Mapping is what the mapping step needs to know of an uploaded file.
type Mapping struct {
	Headers    []string
	Needed     bool           // the file lacks a required column under its own name
	Suggested  roster.Mapping // remembered for this header layout, or suggested
	Remembered bool
}

// MappingFor reads a file's headers and returns the mapping remembered for
// this layout at the institution, or a suggestion from the header names.
func (s *Service) MappingFor(ctx context.Context, programID int64, kind string, data []byte) (Mapping, error) {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return Mapping{}, err
	}
	role, err := roleOfKind(kind)
	if err != nil {
		return Mapping{}, err
	}
	hs, err := roster.Headers(bytes.NewReader(data))
	if err != nil {
		return Mapping{}, err
	}
	kind = KindOf(role)
	out := Mapping{Headers: hs, Needed: roster.MappingNeeded(kind, hs)}
	var m roster.Mapping
	if js, err := s.store.FindMapping(ctx, p.InstitutionID, kind, m.Key(hs)); err == nil && js != "" {
		if json.Unmarshal([]byte(js), &m) == nil && m.Validate(kind) == nil {
			out.Suggested, out.Remembered = m, true
			return out, nil
		}
	} else if err != nil && app.ErrorCode(err) != app.CodeNotFound {
		return Mapping{}, err
	}
	out.Suggested = roster.SuggestMapping(kind, hs)
	return out, nil
}

// SaveDraft keeps an uploaded file until the coordinator confirms the
// import after its preview (or starts over).
func (s *Service) SaveDraft(ctx context.Context, programID int64, kind, filename string, data []byte, m roster.Mapping) (int64, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return 0, err
	}
	role, err := roleOfKind(kind)
	if err != nil {
		return 0, err
	}
	var js []byte
	if len(m) > 0 {
		if js, err = json.Marshal(m); err != nil {
			return 0, app.Internal(err)
		}
	}
	a := app.ActorFrom(ctx)
	y, err := s.writableYear(ctx, programID, true)
	if err != nil {
		return 0, err
	}
	return s.store.CreateDraft(ctx, Draft{ProgramID: programID, Year: y, AccountID: a.AccountID, Kind: role,
		Filename: strings.TrimSpace(filename), Data: data, Mapping: string(js)})
}

// Draft returns an upload of the acting account for the program.
func (s *Service) Draft(ctx context.Context, programID, id int64) (Draft, roster.Mapping, error) {
	_, d, m, err := s.draft(ctx, programID, id)
	return d, m, err
}

// draft is Draft with the program, checked editable.
func (s *Service) draft(ctx context.Context, programID, id int64) (program.Program, Draft, roster.Mapping, error) {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return p, Draft{}, nil, err
	}
	d, err := s.store.FindDraft(ctx, id)
	if err != nil {
		return p, Draft{}, nil, err
	}
	if d.ProgramID != programID || d.AccountID != app.ActorFrom(ctx).AccountID {
		return p, Draft{}, nil, app.NotFound("upload")
	}
	var m roster.Mapping
	if d.Mapping != "" {
		if err := json.Unmarshal([]byte(d.Mapping), &m); err != nil {
			return p, Draft{}, nil, app.Internal(err)
		}
	}
	return p, d, m, nil
}

// PreviewDraft previews an upload with a mapping (nil: the one it was
// uploaded with).
func (s *Service) PreviewDraft(ctx context.Context, programID, id int64, m roster.Mapping) (*Plan, Draft, error) {
	p, d, dm, err := s.draft(ctx, programID, id)
	if err != nil {
		return nil, d, err
	}
	if m == nil {
		m = dm
	}
	pl, err := s.preview(ctx, p, d.Kind, d.Data, m)
	return pl, d, err
}

// CommitDraft imports a previewed upload, with a mapping (nil: the one it
// was uploaded with), and forgets it. An import with many removals (see
// Plan.ManyRemovals) is refused, changing nothing, unless
// confirmRemovals says the coordinator confirmed them.
func (s *Service) CommitDraft(ctx context.Context, programID, id int64, m roster.Mapping, confirmRemovals bool) (*Plan, error) {
	p, d, dm, err := s.draft(ctx, programID, id)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = dm
	}
	return s.importPlan(ctx, p, d.Kind, d.Data, m, confirmRemovals, func(ctx context.Context) error {
		return s.store.DeleteDraft(ctx, id)
	})
}

// DiscardDraft forgets an upload.
func (s *Service) DiscardDraft(ctx context.Context, programID, id int64) error {
	if _, _, err := s.Draft(ctx, programID, id); err != nil {
		return err
	}
	return s.store.DeleteDraft(ctx, id)
}
