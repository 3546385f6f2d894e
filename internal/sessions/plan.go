package sessions

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/sessionplan"
)

// GroupRef is a group with its weekly meeting slot.
type GroupRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slot string `json:"meeting_slot"`
}

// Plan is a recurring plan of group sessions for a program year: every
// group (or the groups named) meets at its meeting slot from a week, every
// n weeks, skipping weeks (exam weeks, holidays), with the themes of a
// template spread over the meetings in order.
type Plan struct {
	Template   string  `json:"template"` // sessionplan.TemplatePilot or TemplateBlank
	Title      string  `json:"title"`    // blank template: every meeting's title
	Groups     []int64 `json:"groups"`   // none: every group of the year
	FromWeek   int     `json:"from_week"`
	EveryWeeks int     `json:"every_weeks"`
	Count      int     `json:"count"`
	SkipWeeks  []int   `json:"skip_weeks"`
	Minutes    int     `json:"minutes"`
	Location   string  `json:"location"` // "" lets each group say where (the medical program meets in homes)
}

// PlanResult is what a plan created.
type PlanResult struct {
	Series   string     `json:"series"`
	Sessions int        `json:"sessions"`
	Groups   int        `json:"groups"`
	Skipped  []GroupRef `json:"skipped_groups"` // groups without a meeting slot
}

// isoYearOf is the ISO year week w of program year y falls in: weeks from
// 31 (August) in its first calendar year, the rest in the next.
func isoYearOf(y, week int) int {
	if week >= 31 {
		return y
	}
	return y + 1
}

// maxPlanSessions bounds one plan's sessions (groups × meetings).
const maxPlanSessions = 20000

// PlanYear creates a recurring plan's sessions for the current year in
// one unit of work: all of them or none. tr gives the template's texts in
// the coordinator's language.
func (s *Service) PlanYear(ctx context.Context, programID int64, pl Plan, tr sessionplan.Translator) (PlanResult, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return PlanResult{}, err
	}
	if err := s.need(ctx, p, Manager, "session.plan"); err != nil {
		return PlanResult{}, err
	}
	tpl, ok := sessionplan.TemplateByID(pl.Template)
	if !ok {
		return PlanResult{}, invalid("plan.bad_template", "template", "template must be pilot or blank")
	}
	pl.Title = strings.TrimSpace(pl.Title)
	if len(tpl.Themes) == 0 && pl.Title == "" {
		return PlanResult{}, invalid("plan.title_required", "title", "a blank plan needs a title for its meetings")
	}
	rec := sessionplan.Recurrence{Minutes: pl.Minutes, Year: isoYearOf(p.Year, pl.FromWeek), FromWeek: pl.FromWeek,
		EveryWeeks: pl.EveryWeeks, Count: pl.Count, SkipWeeks: pl.SkipWeeks, Slot: "mon10"}
	if err := rec.Validate(); err != nil {
		return PlanResult{}, err
	}
	groups, err := s.store.FindYearGroups(ctx, programID, p.Year)
	if err != nil {
		return PlanResult{}, err
	}
	if len(pl.Groups) > 0 {
		if len(pl.Groups) > len(groups) {
			return PlanResult{}, invalid("sessions.bad_group", "groups", "a group is not one of this program year's")
		}
		named := map[int64]bool{}
		for _, g := range pl.Groups {
			named[g] = true
		}
		groups = slices.DeleteFunc(groups, func(g GroupRef) bool { return !named[g.ID] })
		if len(groups) != len(named) {
			return PlanResult{}, invalid("sessions.bad_group", "groups", "a group is not one of this program year's")
		}
	}
	if len(groups) == 0 {
		return PlanResult{}, invalid("plan.no_groups", "groups", "the program year has no groups yet: form them first")
	}
	if len(groups)*pl.Count > maxPlanSessions {
		return PlanResult{}, invalid("plan.too_many", "count", fmt.Sprintf("a plan makes at most %d sessions", maxPlanSessions))
	}
	b := make([]byte, 6)
	rand.Read(b)
	res := PlanResult{Series: "plan-" + hex.EncodeToString(b), Skipped: []GroupRef{}}
	now := s.clock.Now().UTC()
	var all []Session
	for _, g := range groups {
		if g.Slot == "" {
			res.Skipped = append(res.Skipped, g)
			continue
		}
		r := rec
		r.Slot = g.Slot
		dates, err := r.Dates()
		if err != nil {
			return PlanResult{}, err
		}
		for i, d := range dates {
			se := Session{ProgramID: programID, Year: p.Year, GroupID: g.ID, GroupName: g.Name, Series: res.Series,
				Location: pl.Location, StartsAt: d.Start.UTC(), EndsAt: d.End.UTC(), CreatedAt: now, UpdatedAt: now}
			se.RosterAt = rosterAt(se.StartsAt, now)
			if th, ok := sessionplan.ThemeFor(i, len(dates), tpl.Themes); ok {
				se.Title, se.Topic = th.Title(tr), th.Topic(tr)
				se.Checklist = strings.Join(th.Checklist(tr), "\n")
			} else {
				se.Title = pl.Title
			}
			all = append(all, se)
		}
		res.Groups++
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		for i := range all {
			if err := s.createWithCode(ctx, &all[i]); err != nil {
				return err
			}
		}
		return nil
	}, "session.plan", p.Program.Code, "ok", fmt.Sprintf("%d sessions", len(all)))
	if err != nil {
		return PlanResult{}, err
	}
	res.Sessions = len(all)
	return res, nil
}

// createWithCode stores a session under a fresh check-in code, trying
// another on the (rare) clash.
func (s *Service) createWithCode(ctx context.Context, se *Session) error {
	for try := 0; ; try++ {
		se.CheckinCode = NewCode()
		id, err := s.store.CreateSession(ctx, *se)
		if app.ErrorCode(err) != app.CodeConflict || try == 4 {
			se.ID = id
			return err
		}
	}
}

// YearGroups lists the program year's groups with their meeting slots
// (managers).
func (s *Service) YearGroups(ctx context.Context, programID int64) ([]GroupRef, Part, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, Part{}, err
	}
	if err := s.need(ctx, p, Manager, "session.plan"); err != nil {
		return nil, Part{}, err
	}
	gs, err := s.store.FindYearGroups(ctx, programID, p.Year)
	return gs, p, err
}

// Week is the ISO week of a moment in Oslo time.
func Week(t time.Time) int {
	_, w := t.In(oslo).ISOWeek()
	return w
}
