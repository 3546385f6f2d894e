package training

import (
	"context"
	"fmt"
	"slices"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// Store keeps modules, completions and program years' requirements.
type Store interface {
	// FindModules lists the national modules and institution inst's own,
	// in catalogue order.
	FindModules(ctx context.Context, inst int64) ([]Module, error)
	// FindPeople lists the persons of institution inst that an import
	// may name: all of them when programs is nil, else those taking part
	// (in any year, in any role) in one of programs.
	FindPeople(ctx context.Context, inst int64, programs []int64) ([]Person, error)
	// FindPersonRef finds a person of institution inst by id, student
	// number, employee id or mentor id.
	FindPersonRef(ctx context.Context, inst int64, ref string) (int64, error)
	// FindPersonPrograms lists the programs a person takes part in.
	FindPersonPrograms(ctx context.Context, personID int64) ([]int64, error)
	// SaveCompletions records completions, skipping those recorded
	// before (same person, module and day); imported counts the new ones.
	SaveCompletions(ctx context.Context, cs []Completion) (imported int, err error)
	// FindCompletions lists a person's completions, newest first.
	FindCompletions(ctx context.Context, personID int64) ([]Completion, error)
	// FindMentorships lists the person's active mentor participations,
	// the latest year of each program, with the year's chosen modules.
	FindMentorships(ctx context.Context, personID int64) ([]Mentorship, error)
	// FindRequirement tells whether a program year chose its own modules
	// and which.
	FindRequirement(ctx context.Context, programID int64, year int) (custom bool, modules []int64, err error)
	// SetRequirement makes modules the program year's own requirement.
	SetRequirement(ctx context.Context, programID int64, year int, modules []int64) error
	// CreateModule adds a module of an institution's own.
	CreateModule(ctx context.Context, m *Module) error
}

// Programs finds programs, for their institution and coordinators.
type Programs interface {
	Get(ctx context.Context, id int64) (program.Program, error)
}

// Years resolves the program year a request works in.
type Years interface {
	ReadYear(ctx context.Context, programID int64) (int, error)
	WriteYear(ctx context.Context, programID int64) (int, error)
}

// Service holds the rules of training records.
type Service struct {
	store    Store
	gates    GateStore
	events   EventStore
	pairs    PairStore
	meetings MeetingStore
	feed     FeedStore
	contacts ContactStore
	mailing  Mailing
	programs Programs
	years    Years
	clock    app.Clock
	audit    func(ctx context.Context, action, target, outcome, details string)
	changes  app.Auditor
}

// NewService returns a Service.
func NewService(st interface {
	Store
	GateStore
	EventStore
	PairStore
	MeetingStore
	FeedStore
	ContactStore
}, programs Programs, y Years, clock app.Clock, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	if clock == nil {
		clock = app.SystemClock{}
	}
	return &Service{store: st, gates: st, events: st, pairs: st, meetings: st, feed: st, contacts: st, programs: programs, years: y, clock: clock, audit: audit, changes: app.AuditOnly(audit)}
}

// UseUnits makes the service's changes units of work with their audit entry.
func (s *Service) UseUnits(a app.Auditor) { s.changes = a }

// institution is the institution an actor works in: inst when given (a
// national admin must give one), else the actor's own.
func institution(a *app.Actor, inst int64) (int64, error) {
	if a == nil {
		return 0, app.Unauthorized()
	}
	switch {
	case inst != 0 && (a.National || a.System || inst == a.InstitutionID):
		return inst, nil
	case inst != 0:
		return 0, app.NotFound("institution")
	case a.InstitutionID != 0:
		return a.InstitutionID, nil
	}
	return 0, app.Invalid("training.institution_missing", "give the institution (?institution=ID)")
}

// Modules lists the training modules of the actor's institution (inst,
// for a national admin): the national catalogue and the institution's own.
func (s *Service) Modules(ctx context.Context, inst int64) ([]Module, error) {
	a := app.ActorFrom(ctx)
	if a != nil && (a.National || a.System) && inst == 0 && a.InstitutionID == 0 {
		return s.store.FindModules(ctx, 0) // the national catalogue alone
	}
	id, err := institution(a, inst)
	if err != nil {
		return nil, err
	}
	return s.store.FindModules(ctx, id)
}

// Person returns a person's training record: their completions and, for
// each program year they mentor in, the modules it requires and those
// still missing. Readable by the person, the institution's admins and the
// coordinators of a program the person takes part in; to anyone else the
// person does not exist.
func (s *Service) Person(ctx context.Context, ref string) (Record, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return Record{}, app.Unauthorized()
	}
	id, err := s.person(ctx, a, ref)
	if err != nil {
		return Record{}, err
	}
	return s.record(ctx, a, id)
}

// Own returns the actor's own training record and the modules of their
// institution (for a certificate).
func (s *Service) Own(ctx context.Context) (Record, []Module, error) {
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return Record{}, nil, app.Unauthorized()
	}
	rec, err := s.record(ctx, a, a.PersonID)
	if err != nil {
		return Record{}, nil, err
	}
	mods, err := s.store.FindModules(ctx, a.InstitutionID)
	return rec, mods, err
}

// record is person id's training record as actor a may read it (the
// needs of a's institution's programs; all for national admins).
func (s *Service) record(ctx context.Context, a *app.Actor, id int64) (Record, error) {
	inst := a.InstitutionID
	if a.National || a.System {
		inst = 0
	}
	cs, err := s.store.FindCompletions(ctx, id)
	if err != nil {
		return Record{}, err
	}
	ms, err := s.store.FindMentorships(ctx, id)
	if err != nil {
		return Record{}, err
	}
	rec := Record{PersonID: id, Completions: cs}
	mods := map[int64][]Module{}
	for _, m := range ms {
		if inst != 0 && m.InstitutionID != inst {
			continue
		}
		if mods[m.InstitutionID] == nil {
			if mods[m.InstitutionID], err = s.store.FindModules(ctx, m.InstitutionID); err != nil {
				return Record{}, err
			}
		}
		rec.Needs = append(rec.Needs, need(m, mods[m.InstitutionID], cs))
	}
	return rec, nil
}

// need is what program year m requires of a person with completions cs.
func need(m Mentorship, mods []Module, cs []Completion) Need {
	n := Need{ProgramID: m.ProgramID, ProgramName: m.ProgramName, Year: m.Year, Required: []string{}, Missing: []string{}}
	for _, mod := range Required(m.Custom, m.Required, mods) {
		n.Required = append(n.Required, mod.Code)
		if !slices.ContainsFunc(cs, func(c Completion) bool { return c.ModuleID == mod.ID }) {
			n.Missing = append(n.Missing, mod.Code)
		}
	}
	return n
}

// Required lists the modules a program year requires: its own choice when
// custom, else the catalogue's minimum — in catalogue order.
func Required(custom bool, chosen []int64, mods []Module) []Module {
	var out []Module
	for _, m := range mods {
		if (custom && slices.Contains(chosen, m.ID)) || (!custom && m.Minimum) {
			out = append(out, m)
		}
	}
	return out
}

// person resolves ref to a person the actor may read the training of.
func (s *Service) person(ctx context.Context, a *app.Actor, ref string) (int64, error) {
	inst := a.InstitutionID
	id, err := s.store.FindPersonRef(ctx, inst, ref)
	if err != nil {
		return 0, err
	}
	if (id == a.PersonID && id != 0) || a.IsAdminOf(inst) {
		return id, nil
	}
	progs, err := s.store.FindPersonPrograms(ctx, id)
	if err != nil {
		return 0, err
	}
	for _, pid := range progs {
		p, err := s.programs.Get(ctx, pid)
		if err == nil && program.CanEdit(a, p) {
			return id, nil
		}
	}
	s.audit(ctx, "training.read", "", "denied", "")
	return 0, app.NotFound("person")
}

// SetRequirement makes codes the required modules of the program's
// current year (coordinators of the program); an empty list returns the
// year to the catalogue's minimum, a nil one is refused as missing.
func (s *Service) SetRequirement(ctx context.Context, programID int64, codes []string) ([]Module, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return nil, app.Unauthorized()
	}
	p, err := s.programs.Get(ctx, programID)
	if err != nil {
		return nil, err
	}
	if !program.CanEdit(a, p) {
		s.audit(ctx, "training.requirement", fmt.Sprint(programID), "denied", "")
		return nil, app.Forbidden()
	}
	if codes == nil {
		return nil, &app.Error{Code: app.CodeInvalid, Key: "training.modules_missing", Message: "modules: required (a list of module ids; [] for the minimum)",
			Details: []app.Detail{{Column: "modules", Key: "training.modules_missing", Message: "required"}}}
	}
	if len(codes) > 100 {
		return nil, app.Invalid("training.modules_many", "at most 100 modules")
	}
	year, err := s.years.WriteYear(ctx, programID)
	if err != nil {
		return nil, err
	}
	mods, err := s.store.FindModules(ctx, p.InstitutionID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var bad []app.Detail
	for i, c := range codes {
		j := slices.IndexFunc(mods, func(m Module) bool { return m.Code == c })
		switch {
		case j < 0:
			bad = append(bad, app.Detail{Column: fmt.Sprintf("modules[%d]", i), Key: "training.module_unknown",
				Message: fmt.Sprintf("no training module %q", c), Args: map[string]any{"Code": c}})
		case !slices.Contains(ids, mods[j].ID):
			ids = append(ids, mods[j].ID)
		}
	}
	if len(bad) > 0 {
		e := app.Invalid("training.requirement_invalid", "the requirement names unknown modules")
		e.Details = bad
		return nil, e
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.store.SetRequirement(ctx, programID, year, ids)
	}, "training.requirement", fmt.Sprint(programID), "ok", fmt.Sprintf("year %d: %d modules", year, len(ids)))
	if err != nil {
		return nil, err
	}
	return Required(len(ids) > 0, ids, mods), nil
}

// Requirement lists the required modules of the program's year being read.
func (s *Service) Requirement(ctx context.Context, programID int64) ([]Module, int, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return nil, 0, app.Unauthorized()
	}
	p, err := s.programs.Get(ctx, programID)
	if err != nil {
		return nil, 0, err
	}
	if !program.CanEdit(a, p) {
		return nil, 0, app.Forbidden()
	}
	year, err := s.years.ReadYear(ctx, programID)
	if err != nil {
		return nil, 0, err
	}
	custom, ids, err := s.store.FindRequirement(ctx, programID, year)
	if err != nil {
		return nil, 0, err
	}
	mods, err := s.store.FindModules(ctx, p.InstitutionID)
	if err != nil {
		return nil, 0, err
	}
	return Required(custom, ids, mods), year, nil
}
