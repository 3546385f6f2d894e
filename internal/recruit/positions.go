package recruit

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Position is one row of a posting: how many mentors it seeks from a
// study programme ("" for any programme). Read for the coordinators, it
// also counts the applications to it by state.
type Position struct {
	ProgrammeCode string
	Count         int
	// Offered, Accepted and Hired count the posting's applications of the
	// row now in each state (Tally).
	Offered, Accepted, Hired int
}

// Taken is how many of the row's positions are offered, accepted or
// filled.
func (p Position) Taken() int { return p.Offered + p.Accepted + p.Hired }

// Over tells whether more are offered, accepted or hired than the row has
// positions: a warning to the coordinator, not a rule.
func (p Position) Over() bool { return p.Taken() > p.Count }

// Limits of a posting's rows.
const (
	MaxPositions = 1000 // positions of one row
	MaxRows      = 20   // rows of one posting
)

// checkPositions trims the rows and checks them: at least one, counts of
// 1 to 1000, no programme twice, every programme one of the institution's
// (known). Each bad row is named by its number (from 1) and programme.
func checkPositions(rows []Position, known []string) ([]Position, []app.Detail) {
	var ds []app.Detail
	if len(rows) == 0 {
		return nil, []app.Detail{detail("positions", "recruit.no_positions", "at least one row of positions")}
	}
	if len(rows) > MaxRows {
		return nil, []app.Detail{detail("positions", "recruit.many_rows", fmt.Sprintf("at most %d rows of positions", MaxRows))}
	}
	out := make([]Position, len(rows))
	seen := map[string]bool{}
	for i, r := range rows {
		r.ProgrammeCode = strings.TrimSpace(r.ProgrammeCode)
		out[i] = Position{ProgrammeCode: r.ProgrammeCode, Count: r.Count}
		row := func(key, msg string) {
			d := detail("positions", key, fmt.Sprintf("row %d (%s): %s", i+1, shown(r.ProgrammeCode), msg))
			d.Line, d.Args = i+1, map[string]any{"Row": i + 1, "Code": shown(r.ProgrammeCode)}
			ds = append(ds, d)
		}
		if r.Count < 1 || r.Count > MaxPositions {
			row("recruit.bad_row_positions", "from 1 to 1000 positions")
		}
		switch {
		case seen[r.ProgrammeCode]:
			row("recruit.row_twice", "the programme is listed twice")
		case r.ProgrammeCode != "" && !slices.Contains(known, r.ProgrammeCode):
			row("recruit.unknown_programme", "no study programme of the institution has this code")
		}
		seen[r.ProgrammeCode] = true
	}
	return out, ds
}

// shown is a row's programme as a message names it.
func shown(code string) string {
	if code == "" {
		return "*"
	}
	return code
}

// Summary is the posting in one figure, for readers of a single
// programme and count: the only row's programme ("" for any or with
// several rows) and the total of positions (at most MaxPositions).
func Summary(rows []Position) (programme string, total int) {
	for _, r := range rows {
		total += r.Count
	}
	if len(rows) == 1 {
		programme = rows[0].ProgrammeCode
	}
	return programme, min(total, MaxPositions)
}

// AnyProgramme tells whether the posting has a row for any programme.
func (p Posting) AnyProgramme() bool {
	return slices.ContainsFunc(p.Programmes, func(r Position) bool { return r.ProgrammeCode == "" })
}

// Codes are the programmes the posting names, in its order.
func (p Posting) Codes() []string {
	var out []string
	for _, r := range p.Programmes {
		if r.ProgrammeCode != "" {
			out = append(out, r.ProgrammeCode)
		}
	}
	return out
}

// row is the index of the posting's row an applicant of programme counts
// under: the programme's own, else the "any" row; -1 for none.
func (p Posting) row(programme string) int {
	if i := slices.IndexFunc(p.Programmes, func(r Position) bool { return r.ProgrammeCode == programme }); i >= 0 {
		return i
	}
	return slices.IndexFunc(p.Programmes, func(r Position) bool { return r.ProgrammeCode == "" })
}

// Tally counts the applications offered, accepted and hired under each of
// the posting's rows (an applicant counts under their programme's row,
// else the "any" row).
func Tally(p Posting, as []Application) []Position {
	out := slices.Clone(p.Programmes)
	for i := range out {
		out[i].Offered, out[i].Accepted, out[i].Hired = 0, 0, 0
	}
	for _, a := range as {
		i := p.row(a.Programme)
		if i < 0 {
			continue
		}
		switch a.State {
		case Offered:
			out[i].Offered++
		case Accepted:
			out[i].Accepted++
		case Hired:
			out[i].Hired++
		}
	}
	return out
}

// choose checks an applicant's study programme against the posting's
// rows: one the posting names, or any with an "any" row (then one of the
// institution's, known, when it has a catalogue). None given takes the
// only row's programme.
func (p Posting) choose(programme string, known []string) (string, *app.Detail) {
	codes := p.Codes()
	switch {
	case tooLong(programme, 40):
	case programme == "" && len(p.Programmes) == 1:
		return p.Programmes[0].ProgrammeCode, nil
	case programme == "" && p.AnyProgramme():
		return "", nil
	case slices.Contains(codes, programme):
		return programme, nil
	case p.AnyProgramme() && (len(known) == 0 || slices.Contains(known, programme)):
		return programme, nil
	}
	d := detail("programme_code", "recruit.bad_programme", "one of the study programmes the posting is for")
	return "", &d
}

// ProgrammeCodes lists the study programmes a posting of the program may
// name: the institution's (coordinators).
func (s *Service) ProgrammeCodes(ctx context.Context, programID int64) ([]string, error) {
	part, err := s.manage(ctx, programID, 0, false)
	if err != nil {
		return nil, err
	}
	return s.store.FindProgrammeCodes(ctx, part.Program.InstitutionID)
}

// Choices are the study programmes an applicant to an open posting may
// choose: the posting's own, and with an "any" row every programme of the
// institution (none when it has no catalogue: then any is typed).
func (s *Service) Choices(ctx context.Context, p Posting) ([]string, error) {
	if !p.AnyProgramme() {
		return p.Codes(), nil
	}
	known, err := s.store.FindProgrammeCodes(ctx, p.InstitutionID)
	if err != nil || len(known) == 0 {
		return nil, err
	}
	out := p.Codes()
	for _, c := range known {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}
