package program

import "context"

// YearFigures are one program year's counts, as stored: groups formed and
// students taking part (active, in the roster, not opted out).
type YearFigures struct {
	ProgramID int64
	Year      int
	Groups    int
	Students  int
}

// MinCell is the smallest count shown as a number in leadership figures:
// 1 to MinCell-1 is shown as "fewer than MinCell", so that a small program
// year cannot point to a person (small-cell suppression); none is none.
const MinCell = 5

// Cell is a count as shown: N, or only that it is below MinCell (N 0).
type Cell struct {
	N     int  `json:"n"`
	Fewer bool `json:"fewer_than_min,omitempty"`
}

// cell suppresses a count of 1 to MinCell-1.
func cell(n int) Cell {
	if n > 0 && n < MinCell {
		return Cell{Fewer: true}
	}
	return Cell{N: n}
}

// YearCells are a program year's figures as shown to leadership.
type YearCells struct {
	Year     int  `json:"year"`
	Opened   bool `json:"opened"` // false: the program has no such year
	Groups   Cell `json:"groups"`
	Students Cell `json:"students"`
}

// ProgramYears are one program's figures for the overview's years.
type ProgramYears struct {
	Program Program     `json:"-"`
	Years   []YearCells `json:"years"` // oldest first, one per overview year
}

// programYears gives each program that has opened one of the years
// from..to its figures for each of them, suppressed below MinCell.
func (s *Service) programYears(ctx context.Context, inst int64, programs []Program, from, to int) ([]ProgramYears, error) {
	figs, err := s.store.FindYearFigures(ctx, inst, 0, from, to)
	if err != nil {
		return nil, err
	}
	byProgram := map[int64]map[int]YearFigures{}
	for _, f := range figs {
		if byProgram[f.ProgramID] == nil {
			byProgram[f.ProgramID] = map[int]YearFigures{}
		}
		byProgram[f.ProgramID][f.Year] = f
	}
	out := []ProgramYears{}
	for _, p := range programs {
		ys, ok := byProgram[p.ID]
		if !ok {
			continue
		}
		py := ProgramYears{Program: p}
		for y := from; y <= to; y++ {
			f, opened := ys[y]
			yc := YearCells{Year: y, Opened: opened}
			if opened {
				yc.Groups, yc.Students = cell(f.Groups), cell(f.Students)
			}
			py.Years = append(py.Years, yc)
		}
		out = append(out, py)
	}
	return out, nil
}

// CurrentGroups returns a published program's current year (the latest
// opened up to the academic year given, else its earliest) and the groups
// formed in it, for the catalogue; year 0 when it has no year or no group
// in it. Groups below MinCell are suppressed as in the overview.
func (s *Service) CurrentGroups(ctx context.Context, p Program, academic int) (year int, groups Cell, err error) {
	if !p.Public {
		return 0, Cell{}, nil
	}
	figs, err := s.store.FindYearFigures(ctx, 0, p.ID, 0, 1<<30)
	if err != nil || len(figs) == 0 {
		return 0, Cell{}, err
	}
	cur := figs[0] // oldest: the current year when none is up to academic
	for _, f := range figs {
		if f.Year <= academic {
			cur = f
		}
	}
	if cur.Groups == 0 {
		return 0, Cell{}, nil
	}
	return cur.Year, cell(cur.Groups), nil
}
