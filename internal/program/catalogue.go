package program

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
)

// Filter narrows the public catalogue; empty fields match everything.
type Filter struct {
	Q           string // words in name, unit, institution or description
	Institution string
	Unit        string
	Level       string
	Transition  string
	Model       string
	MentorKind  string
	Mandatory   string // "true", "false" or ""
	Enrolment   string
	Status      string
}

// Matches reports whether p passes the filter.
func (f Filter) Matches(p Program) bool {
	eq := func(want, got string) bool { return want == "" || strings.EqualFold(want, got) }
	if !eq(f.Institution, p.InstitutionName) || !eq(f.Unit, p.UnitName) || !eq(f.Level, p.Level) ||
		!eq(f.Transition, p.Transition) || !eq(f.Model, p.Model) || !eq(f.Enrolment, p.Enrolment) || !eq(f.Status, p.Status) {
		return false
	}
	if f.MentorKind != "" && !slices.Contains(p.MentorKinds, f.MentorKind) {
		return false
	}
	if f.Mandatory != "" && f.Mandatory != fmt.Sprint(p.Mandatory) {
		return false
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		hay := strings.ToLower(strings.Join([]string{p.Name, p.UnitName, p.InstitutionName, p.Code, p.Purpose, p.Expectations, p.HowToJoin, p.Funding}, " "))
		for _, w := range strings.Fields(strings.ToLower(q)) {
			if !strings.Contains(hay, w) {
				return false
			}
		}
	}
	return true
}

// Catalogue returns the published programs that pass the filter, in the
// order they were registered. It needs no login: this is open data.
func (s *Service) Catalogue(ctx context.Context, f Filter) ([]Program, error) {
	all, err := s.store.FindPublicPrograms(ctx)
	if err != nil {
		return nil, err
	}
	out := []Program{}
	for _, p := range all {
		if f.Matches(p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// Public returns one published program by its program_id; an unpublished
// one is shown only to those who may see it.
func (s *Service) Public(ctx context.Context, code string) (Program, error) {
	p, err := s.store.FindProgramByAnyCode(ctx, code)
	if err != nil {
		return Program{}, err
	}
	if !p.Public {
		if ok, _ := s.canSee(ctx, app.ActorFrom(ctx), p, nil); !ok {
			return Program{}, app.NotFound("program")
		}
	}
	return p, nil
}

// Import loads catalogue rows all-or-nothing, idempotent on program_id:
// new programs are created (published: a catalogue is open data), changed
// ones updated with a history entry, identical ones left alone. The system
// and national admins may import any institution's programs; an admin only
// their own institution's. Every row the caller may not import is named.
func (s *Service) Import(ctx context.Context, rows []catalogue.Row) (ImportResult, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return ImportResult{}, app.Unauthorized()
	}
	var own string
	if !a.National && !a.System {
		if !a.Has(app.RoleAdmin, a.InstitutionID) {
			s.audit(ctx, "catalogue.import", "", "denied", "")
			return ImportResult{}, app.Forbidden()
		}
		inst, err := s.org.FindInstitutionByID(ctx, a.InstitutionID)
		if err != nil {
			return ImportResult{}, err
		}
		own = inst.Name
	}
	// One read of every program instead of one per row.
	all, err := s.store.FindPrograms(ctx, 0)
	if err != nil {
		return ImportResult{}, err
	}
	byCode := make(map[string]Program, len(all))
	for _, p := range all {
		byCode[p.Code] = p
	}
	var ds []app.Detail
	items := make([]ImportItem, 0, len(rows))
	for _, r := range rows {
		if own != "" && !strings.EqualFold(r.Institution, own) {
			ds = append(ds, app.Detail{Line: r.Line, Column: "institution", Message: fmt.Sprintf("you may only import programs of %s", own),
				Key: "import.msg.own_institution", Args: map[string]any{"Institution": own}})
			continue
		}
		old, found := byCode[r.ProgramID]
		if !found {
			p := Program{Public: true, Language: "nb"}
			p.ApplyRow(r)
			items = append(items, ImportItem{Program: p, Institution: r.Institution})
			continue
		}
		if !strings.EqualFold(old.InstitutionName, r.Institution) {
			ds = append(ds, codeTaken(a, r, old))
			continue
		}
		p := old
		p.MentorKinds = slices.Clone(old.MentorKinds)
		p.ApplyRow(r)
		p.InstitutionName = old.InstitutionName
		if p.UnitName != old.UnitName {
			p.UnitID = 0 // the free-text unit changed: the link is re-resolved by name
		}
		items = append(items, ImportItem{Program: p, Institution: old.InstitutionName, Existing: true,
			History: HistoryEntry{Actor: actorName(a) + " (catalogue import)", Changes: diff(old, p)}})
	}
	if len(ds) > 0 {
		return ImportResult{}, &app.Error{Code: app.CodeInvalid, Key: "import.invalid", Message: fmt.Sprintf("the file has %d bad line(s)", len(ds)), Details: ds}
	}
	var res ImportResult
	err = s.changes.Units.Unit(ctx, func(ctx context.Context) (err error) {
		if res, err = s.store.ImportPrograms(ctx, items, actorName(a), a.AccountID); err != nil {
			return err
		}
		return s.changes.WriteEntry(ctx, "catalogue.import", "", "ok", fmt.Sprintf("created %d, updated %d, unchanged %d", res.Created, res.Updated, res.Unchanged))
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// codeTaken says that a row's program_id (unique across institutions) is
// another institution's. Only those who see every institution (national
// admins, the system and the CLI) are told whose: an institution's admin
// gets the same words whether the program is published or not, naming
// neither its institution nor its name, so an import cannot be used to
// find unpublished programs and their owners.
func codeTaken(a *app.Actor, r catalogue.Row, old Program) app.Detail {
	d := app.Detail{Line: r.Line, Column: "program_id", Key: "import.msg.code_taken",
		Args:    map[string]any{"Code": r.ProgramID},
		Message: fmt.Sprintf("program_id %s is taken: choose another program_id", r.ProgramID)}
	if a.National || a.System {
		d.Key = "import.msg.code_elsewhere"
		d.Args["Owner"], d.Args["Institution"] = old.InstitutionName, r.Institution
		d.Message = fmt.Sprintf("%s belongs to %s, not %s", r.ProgramID, old.InstitutionName, r.Institution)
	}
	return d
}
