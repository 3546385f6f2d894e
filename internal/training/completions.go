package training

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// Columns are the columns of a completions file (API.md).
var Columns = []string{"person_id", "module_id", "completed_on"}

var files = tabular.Format{Name: "training", Columns: [][]string{Columns}}

// oslo is the zone a completion's day is read in.
var oslo = mustZone("Europe/Oslo")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// ParseDay reads a day as the e-learning system or a spreadsheet writes
// it: 2026-08-14 or 14.08.2026.
func ParseDay(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Today is the day in Oslo, as the UTC midnight completions are dated by.
func (s *Service) Today() time.Time {
	t := s.clock.Now().In(oslo)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// scope returns the programs whose people the actor may record training
// for in institution inst: nil for all (admins), else the programs they
// coordinate there; forbidden for anyone else.
func (s *Service) scope(ctx context.Context, a *app.Actor, inst int64) ([]int64, error) {
	if a.IsAdminOf(inst) {
		return nil, nil
	}
	var scope []int64
	for _, g := range a.Grants {
		if g.Role == app.RoleCoordinator && g.InstitutionID == inst && g.ProgramID != 0 {
			scope = append(scope, g.ProgramID)
		}
	}
	if len(scope) == 0 {
		s.audit(ctx, "training.import", "", "denied", "")
		return nil, app.Forbidden()
	}
	return scope, nil
}

// reach is what an actor may record training for in institution inst
// (inst for a national admin, else their own): its modules, and the
// persons they may name, with whether those are limited to the people of
// the programs they coordinate.
type reach struct {
	actor  *app.Actor
	inst   int64
	scoped bool
	mods   []Module
	people []Person
}

func (s *Service) reach(ctx context.Context, inst int64) (reach, error) {
	a := app.ActorFrom(ctx)
	inst, err := institution(a, inst)
	if err != nil {
		return reach{}, err
	}
	scope, err := s.scope(ctx, a, inst)
	if err != nil {
		return reach{}, err
	}
	rc := reach{actor: a, inst: inst, scoped: scope != nil}
	if rc.mods, err = s.store.FindModules(ctx, inst); err != nil {
		return reach{}, err
	}
	rc.people, err = s.store.FindPeople(ctx, inst, scope)
	return rc, err
}

// Record records completions of persons given by id (source
// FromCoordinator unless set), as ImportCompletions does: admins for any
// person of institution inst, coordinators for the people of their
// programs; a person out of reach is not found and nothing is recorded.
func (s *Service) Record(ctx context.Context, inst int64, cs []Completion) (Result, error) {
	rc, err := s.reach(ctx, inst)
	if err != nil {
		return Result{}, err
	}
	a, mods := rc.actor, rc.mods
	known := map[int64]bool{}
	for _, p := range rc.people {
		known[p.ID] = true
	}
	today := s.Today()
	out := make([]Completion, len(cs))
	for i, c := range cs {
		j := slices.IndexFunc(mods, func(m Module) bool { return m.ID == c.ModuleID || (c.ModuleID == 0 && m.Code == c.Module) })
		switch {
		case !known[c.PersonID]:
			return Result{}, app.NotFound("person")
		case j < 0:
			return Result{}, app.Invalid("training.module_unknown", fmt.Sprintf("no training module %q", c.Module)).WithArgs("Code", c.Module)
		case c.CompletedOn.After(today) || c.CompletedOn.Year() < 2000:
			return Result{}, app.Invalid("training.day_bad", "a completion is recorded on a day from 2000 up to today")
		}
		c.ModuleID, c.Module = mods[j].ID, mods[j].Code
		c.CompletedOn = time.Date(c.CompletedOn.Year(), c.CompletedOn.Month(), c.CompletedOn.Day(), 0, 0, 0, 0, time.UTC)
		c.Source = cmp.Or(c.Source, FromCoordinator)
		c.AccountID = a.AccountID
		out[i] = c
	}
	return s.save(ctx, out)
}

func (s *Service) save(ctx context.Context, cs []Completion) (Result, error) {
	var res Result
	err := s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		n, err := s.store.SaveCompletions(ctx, cs)
		res = Result{Imported: n, Unchanged: len(cs) - n}
		return err
	}, "training.import", "", "ok", fmt.Sprintf("%d rows", len(cs)))
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// ImportCompletions records the completions of a CSV or XLSX file with
// the columns person_id (a student number or employee id), module_id and
// completed_on, all or nothing: a file with any bad line records nothing
// and its error names every bad line. Admins may name any person of their
// institution (inst, for a national admin), coordinators the persons
// taking part in their programs. A completion recorded before (the same
// person, module and day) is counted as unchanged.
func (s *Service) ImportCompletions(ctx context.Context, inst int64, data []byte) (Result, error) {
	rc, err := s.reach(ctx, inst)
	if err != nil {
		return Result{}, err
	}
	t, err := files.Read(bytes.NewReader(data))
	if err != nil {
		return Result{}, err
	}
	a := rc.actor
	cs, err := s.readCompletions(t, rc.mods, rc.people, rc.scoped)
	if err != nil {
		return Result{}, err
	}
	for i := range cs {
		cs[i].Source, cs[i].AccountID = FromImport, a.AccountID
	}
	return s.save(ctx, cs)
}

// readCompletions checks every row of t and returns its completions, or
// the import error naming every bad line.
func (s *Service) readCompletions(t *tabular.Table, mods []Module, people []Person, scoped bool) ([]Completion, error) {
	rep := &tabular.Report{Columns: Columns}
	idx := rep.Bind(t, Columns)
	if err := rep.Err(); err != nil {
		return nil, err
	}
	byRef := map[string][]int64{}
	add := func(ref string, id int64) {
		if ref != "" && !slices.Contains(byRef[ref], id) {
			byRef[ref] = append(byRef[ref], id)
		}
	}
	for _, p := range people {
		add(p.StudentNumber, p.ID)
		add(p.EmployeeID, p.ID)
	}
	byCode := map[string]Module{}
	for _, m := range mods {
		byCode[strings.ToLower(m.Code)] = m
	}
	latest := s.Today()
	var out []Completion
	var keys []tabular.DupKey
	for _, rec := range t.Records {
		rep.CheckWidth(t, rec)
		c := tabular.Cells{Report: rep, Index: idx, Line: rec.Line, Record: rec.Cells}
		var row Completion
		ok := true
		if ref := c.Text("person_id", true); ref != "" {
			switch ids := byRef[ref]; {
			case len(ids) == 1:
				row.PersonID = ids[0]
			case len(ids) > 1:
				c.Bad("person_id", "training.msg.person_ambiguous", "%s is the student number of one person and the employee id of another", "Ref", tabular.Quote(ref))
				ok = false
			case scoped:
				c.Bad("person_id", "training.msg.person_not_yours", "no person %s takes part in your programs", "Ref", tabular.Quote(ref))
				ok = false
			default:
				c.Bad("person_id", "training.msg.person_unknown", "no person with student number or employee id %s", "Ref", tabular.Quote(ref))
				ok = false
			}
		} else {
			ok = false
		}
		if code := c.Text("module_id", true); code != "" {
			if m, found := byCode[strings.ToLower(code)]; found {
				row.ModuleID, row.Module = m.ID, m.Code
			} else {
				c.Bad("module_id", "training.msg.module_unknown", "no training module %s", "Code", tabular.Quote(code))
				ok = false
			}
		} else {
			ok = false
		}
		if v := c.Text("completed_on", true); v != "" {
			day, parsed := ParseDay(v)
			switch {
			case !parsed:
				c.Bad("completed_on", "training.msg.day_bad", "%s is not a day (write 2026-08-14 or 14.08.2026)", "Value", tabular.Quote(v))
				ok = false
			case day.After(latest):
				c.Bad("completed_on", "training.msg.day_future", "%s is in the future", "Value", tabular.Quote(v))
				ok = false
			case day.Year() < 2000:
				c.Bad("completed_on", "training.msg.day_early", "%s is before 2000", "Value", tabular.Quote(v))
				ok = false
			default:
				row.CompletedOn = day
			}
		} else {
			ok = false
		}
		if ok {
			out = append(out, row)
			keys = append(keys, tabular.DupKey{Line: rec.Line,
				Key:   fmt.Sprintf("%d|%d|%s", row.PersonID, row.ModuleID, row.CompletedOn.Format("2006-01-02")),
				Label: fmt.Sprintf("the completion of %s on %s", tabular.Quote(row.Module), row.CompletedOn.Format("2006-01-02")),
				Value: tabular.Quote(row.Module) + " " + row.CompletedOn.Format("2006-01-02")})
		}
	}
	rep.Duplicates("", keys)
	if err := rep.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
