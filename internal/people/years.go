package people

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// year is the program year a request works in: the one its context asks
// for (app.WithYear, from ?year=), which must be open, else the
// program's current year.
func (s *Service) year(ctx context.Context, programID int64) (int, error) {
	y := app.YearFrom(ctx)
	if y == 0 {
		return s.store.CurrentYear(ctx, programID, program.AcademicYear(s.clock.Now()))
	}
	ys, err := s.store.FindYears(ctx, programID)
	if err != nil {
		return 0, err
	}
	for _, x := range ys {
		if x.Year == y {
			return y, nil
		}
	}
	return 0, &app.Error{Code: app.CodeNotFound, Key: "years.unknown", Message: fmt.Sprintf("the program has no year %d", y),
		Args: map[string]any{"Year": YearLabel(y)}}
}

// writableYear is the year every change works in: the program's current
// year. Earlier years stay as they were (a page of last year is for
// reading), so a request that asks for another year is refused. open
// opens the current year when the program has none (a first import or
// sign-up); a change of something that exists already (a group, a mentor)
// finds none there and must not open one on the way to refusing.
func (s *Service) writableYear(ctx context.Context, programID int64, open bool) (int, error) {
	find := s.store.FindCurrentYear
	if open {
		find = s.store.CurrentYear
	}
	cur, err := find(ctx, programID, program.AcademicYear(s.clock.Now()))
	if err != nil {
		return 0, err
	}
	if y := app.YearFrom(ctx); y != 0 && y != cur {
		return 0, errReadOnlyYear()
	}
	return cur, nil
}

// YearLabel names a program year as people read it: 2026 is "2026/27".
func YearLabel(y int) string { return fmt.Sprintf("%d/%02d", y, (y+1)%100) }

func errReadOnlyYear() error {
	return &app.Error{Code: app.CodeConflict, Key: "years.read_only", Message: "an earlier program year cannot be changed"}
}

// inCurrentYear refuses a change to a participation of an earlier year:
// that year stays as it was.
func (s *Service) inCurrentYear(ctx context.Context, p Participant) error {
	y, err := s.writableYear(ctx, p.ProgramID, false)
	if err != nil {
		return err
	}
	if p.Year != y {
		return errReadOnlyYear()
	}
	return nil
}

// Year returns the program year a request works in (see year), for
// coordinators and admins.
func (s *Service) Year(ctx context.Context, programID int64) (int, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return 0, err
	}
	return s.year(ctx, programID)
}

// Years lists a program's years with their figures, the current one marked.
func (s *Service) Years(ctx context.Context, programID int64) ([]Year, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return nil, err
	}
	cur, err := s.store.CurrentYear(ctx, programID, program.AcademicYear(s.clock.Now()))
	if err != nil {
		return nil, err
	}
	ys, err := s.store.FindYears(ctx, programID)
	for i := range ys {
		ys[i].Current = ys[i].Year == cur
	}
	return ys, err
}

// OpenYear opens the program year after its latest (year must be that
// one), carrying over the continuing mentors (active, in the roster) of
// the latest year when carryMentors. Earlier years stay as they are.
func (s *Service) OpenYear(ctx context.Context, programID int64, year int, carryMentors bool) (Year, error) {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return Year{}, err
	}
	// A program with no year yet gets its current one first; the next
	// is the one after its latest.
	if _, err := s.store.CurrentYear(ctx, programID, program.AcademicYear(s.clock.Now())); err != nil {
		return Year{}, err
	}
	ys, err := s.store.FindYears(ctx, programID)
	if err != nil {
		return Year{}, err
	}
	last := ys[len(ys)-1].Year
	if year != last+1 {
		return Year{}, &app.Error{Code: app.CodeInvalid, Key: "years.not_next",
			Message: fmt.Sprintf("the next year to open is %d", last+1), Args: map[string]any{"Year": YearLabel(last + 1)}}
	}
	from := 0
	if carryMentors {
		from = last
	}
	err = s.changes.Units.Unit(ctx, func(ctx context.Context) error {
		n, err := s.store.OpenYear(ctx, programID, year, from)
		if err != nil {
			return err
		}
		return s.changes.WriteEntry(ctx, "year.open", p.Code, "ok", fmt.Sprintf("year=%d mentors=%d", year, n))
	})
	if err != nil {
		return Year{}, err
	}
	ys, err = s.store.FindYears(ctx, programID)
	if err != nil {
		return Year{}, err
	}
	out := ys[len(ys)-1]
	out.Current = out.Year == year && program.AcademicYear(s.clock.Now()) >= year
	return out, nil
}

// AcademicYear is the academic year the service's clock is in.
func (s *Service) AcademicYear() int { return program.AcademicYear(s.clock.Now()) }

// OpenFirstYear opens a program's first year, one that may have started
// before this one (a program brought in with its history, as the demo's);
// a program with a year already is a conflict.
func (s *Service) OpenFirstYear(ctx context.Context, programID int64, year int) error {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return err
	}
	ys, err := s.store.FindYears(ctx, programID)
	if err != nil {
		return err
	}
	if len(ys) > 0 {
		return &app.Error{Code: app.CodeConflict, Key: "years.exists", Message: "the program has its years already"}
	}
	return s.auditedChange(ctx, func(ctx context.Context) error {
		_, err := s.store.OpenYear(ctx, programID, year, 0)
		return err
	}, "year.open", p.Code, "ok", fmt.Sprintf("year=%d first", year))
}

// GroupOn returns who was in a group of the program at a moment, by the
// dated memberships (a group dissolved since included).
func (s *Service) GroupOn(ctx context.Context, programID, groupID int64, at time.Time) (Group, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return Group{}, err
	}
	g, err := s.store.FindMembersOn(ctx, groupID, at)
	if err == nil && g.ProgramID != programID {
		err = app.NotFound("group")
	}
	return g, err
}

func (s *Service) participants(ctx context.Context, programID int64, role string) ([]Participant, error) {
	y, err := s.year(ctx, programID)
	if err != nil {
		return nil, err
	}
	return s.store.FindParticipants(ctx, programID, y, role)
}

func (s *Service) groups(ctx context.Context, programID int64) ([]Group, error) {
	y, err := s.year(ctx, programID)
	if err != nil {
		return nil, err
	}
	return s.store.FindGroups(ctx, programID, y)
}

func (s *Service) lastAllocation(ctx context.Context, programID int64) (AllocationRecord, error) {
	y, err := s.year(ctx, programID)
	if err != nil {
		return AllocationRecord{}, err
	}
	return s.store.LastAllocation(ctx, programID, y)
}

func (s *Service) saveGroups(ctx context.Context, rec AllocationRecord, groups []Group) (int64, error) {
	y, err := s.writableYear(ctx, rec.ProgramID, true)
	if err != nil {
		return 0, err
	}
	rec.Year = y
	return s.store.SaveGroups(ctx, rec, groups)
}

func (s *Service) countTakingPart(ctx context.Context, programID int64) (int, error) {
	y, err := s.year(ctx, programID)
	if err != nil {
		return 0, err
	}
	return s.store.CountTakingPart(ctx, programID, y)
}

// myParticipations are a person's participations in each program's
// current year (earlier years are history).
func (s *Service) myParticipations(ctx context.Context, personID int64) ([]Participant, error) {
	all, err := s.store.FindParticipationsOfPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	current := map[int64]int{}
	out := all[:0]
	for _, x := range all {
		y, ok := current[x.ProgramID]
		if !ok {
			// A participation has a year, so its program has one: find it,
			// opening nothing on the way.
			if y, err = s.store.FindCurrentYear(ctx, x.ProgramID, program.AcademicYear(s.clock.Now())); err != nil {
				return nil, err
			}
			current[x.ProgramID] = y
		}
		if x.Year == y {
			out = append(out, x)
		}
	}
	return out, nil
}

// ReadYear is the program year a request reads (?year=, which must be
// open, else the current year), without an access check: for services
// that check access themselves.
func (s *Service) ReadYear(ctx context.Context, programID int64) (int, error) {
	return s.year(ctx, programID)
}

// FindYear is ReadYear (write: WriteYear) without opening the current
// year when the program has none (not found then): for services that let
// people who take part in a year act, and must not open one on the way
// to refusing someone who does not.
func (s *Service) FindYear(ctx context.Context, programID int64, write bool) (int, error) {
	if !write && app.YearFrom(ctx) != 0 {
		return s.year(ctx, programID)
	}
	return s.writableYear(ctx, programID, false)
}

// WriteYear is the year a change works in: the current year, opened when
// the program has none; asking for another is refused (see writableYear).
func (s *Service) WriteYear(ctx context.Context, programID int64) (int, error) {
	return s.writableYear(ctx, programID, true)
}
