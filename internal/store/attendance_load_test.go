package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// LoadStudent is one student of a LoadProgram.
type LoadStudent struct {
	Number    string // student number, unique in the institution
	Programme string
	Cohort    string
	Group     int       // index into LoadProgram.Groups
	From      time.Time // start of the group membership
	Person    int64     // set by LoadAttendance
	ID        int64     // participant id, set by LoadAttendance
}

// LoadSession is one session of a LoadProgram with its check-ins.
type LoadSession struct {
	Group     int // index into LoadProgram.Groups; -1: a plenary
	Title     string
	StartsAt  time.Time
	Cancelled bool
	// Checkins maps a student's index in LoadProgram.Students to a
	// status (present, absent, excused).
	Checkins map[int]string
	ID       int64 // set by LoadAttendance
}

// LoadMentor is a mentor of a LoadProgram in one group.
type LoadMentor struct {
	Number string
	Group  int
	Person int64 // set by LoadAttendance
}

// LoadProgram is a program year with groups, students, sessions and
// check-ins, loaded in one transaction for tests and benchmarks (a test
// file: no production code loads data this way).
type LoadProgram struct {
	InstitutionID int64 // set by LoadAttendance when 0 (a new institution)
	Code          string
	Year          int
	Groups        []string // group names
	Students      []LoadStudent
	Mentors       []LoadMentor
	Sessions      []LoadSession
	ID            int64   // set by LoadAttendance
	GroupIDs      []int64 // set by LoadAttendance
}

// LoadAttendance stores a program year with its groups, people, sessions
// (with their present_count rollup) and check-ins in one unit of work,
// with multi-row inserts: for tests and benchmarks of the attendance
// views, which need hundreds of thousands of check-ins fast.
func (db *DB) LoadAttendance(ctx context.Context, lp *LoadProgram) error {
	return db.Write(ctx, func(tx *Tx) error {
		now := tx.Now
		one := func(head, tail string, row []any, dest ...any) error {
			return tx.batch(head, tail, len(row), [][]any{row}, func(r *sql.Rows) error { return r.Scan(dest...) })
		}
		if lp.InstitutionID == 0 {
			if err := one("INSERT INTO institutions (slug, name, created_at)", "RETURNING id",
				[]any{"load-" + lp.Code, "Load " + lp.Code, now}, &lp.InstitutionID); err != nil {
				return err
			}
		}
		if err := one("INSERT INTO programs (institution_id, code, name, created_at)", "RETURNING id",
			[]any{lp.InstitutionID, lp.Code, "Program " + lp.Code, now}, &lp.ID); err != nil {
			return err
		}
		if err := tx.batch("INSERT INTO program_years (program_id, year, opened_at)", "", 3,
			[][]any{{lp.ID, lp.Year, now}}, nil); err != nil {
			return err
		}
		// Persons and participants, matched back by number.
		var rows [][]any
		for _, s := range lp.Students {
			rows = append(rows, []any{lp.InstitutionID, "Student", s.Number, s.Number, now})
		}
		for _, m := range lp.Mentors {
			rows = append(rows, []any{lp.InstitutionID, "Mentor", m.Number, m.Number, now})
		}
		person := map[string]int64{}
		if err := tx.batch("INSERT INTO persons (institution_id, given_name, family_name, student_number, created_at)",
			"RETURNING id, student_number", 5, rows, func(r *sql.Rows) error {
				var id int64
				var n string
				err := r.Scan(&id, &n)
				person[n] = id
				return err
			}); err != nil {
			return err
		}
		rows = rows[:0]
		for i := range lp.Students {
			s := &lp.Students[i]
			s.Person = person[s.Number]
			rows = append(rows, []any{lp.ID, lp.Year, s.Person, "student", s.Number, s.Programme, s.Cohort, "import", now, now})
		}
		for i := range lp.Mentors {
			m := &lp.Mentors[i]
			m.Person = person[m.Number]
			rows = append(rows, []any{lp.ID, lp.Year, m.Person, "mentor", m.Number, "", "", "import", now, now})
		}
		part := map[string]int64{}
		if err := tx.batch("INSERT INTO participants (program_id, year, person_id, role, external_id, programme_code, cohort, source, created_at, updated_at)",
			"RETURNING id, role, external_id", 10, rows, func(r *sql.Rows) error {
				var id int64
				var role, n string
				err := r.Scan(&id, &role, &n)
				part[role+" "+n] = id
				return err
			}); err != nil {
			return err
		}
		for i := range lp.Students {
			lp.Students[i].ID = part["student "+lp.Students[i].Number]
		}
		// Groups, matched back by code.
		rows = rows[:0]
		for i, g := range lp.Groups {
			rows = append(rows, []any{lp.ID, lp.Year, fmt.Sprintf("g%d", i), g, "", "", now})
		}
		lp.GroupIDs = make([]int64, len(lp.Groups))
		if err := tx.batch("INSERT INTO mentor_groups (program_id, year, code, name, programme_code, cohort, created_at)",
			"RETURNING id, code", 7, rows, func(r *sql.Rows) error {
				var id int64
				var code string
				var i int
				if err := r.Scan(&id, &code); err != nil {
					return err
				}
				fmt.Sscanf(code, "g%d", &i)
				lp.GroupIDs[i] = id
				return nil
			}); err != nil {
			return err
		}
		rows = rows[:0]
		for _, s := range lp.Students {
			rows = append(rows, []any{lp.GroupIDs[s.Group], s.ID, lp.ID, lp.Year, "student", s.From.UTC()})
		}
		for _, m := range lp.Mentors {
			rows = append(rows, []any{lp.GroupIDs[m.Group], part["mentor "+m.Number], lp.ID, lp.Year, "mentor", now})
		}
		if err := tx.batch("INSERT INTO group_members (group_id, participant_id, program_id, year, role, valid_from)", "", 6, rows, nil); err != nil {
			return err
		}
		// Sessions with their rollup, then the check-ins.
		rows = rows[:0]
		for i, se := range lp.Sessions {
			present := 0
			for _, st := range se.Checkins {
				if st == "present" {
					present++
				}
			}
			var group, cancelled any
			if se.Group >= 0 {
				group = lp.GroupIDs[se.Group]
			}
			if se.Cancelled {
				cancelled = now
			}
			start := se.StartsAt.UTC()
			rows = append(rows, []any{lp.ID, lp.Year, group, se.Title, start, start.Add(90 * time.Minute), start,
				fmt.Sprintf("L%d-%d", lp.ID, i), cancelled, present, now, now})
		}
		code := map[string]int{}
		for i := range lp.Sessions {
			code[fmt.Sprintf("L%d-%d", lp.ID, i)] = i
		}
		if err := tx.batch("INSERT INTO mentor_sessions (program_id, year, group_id, title, starts_at, ends_at, roster_at, checkin_code, cancelled_at, present_count, created_at, updated_at)",
			"RETURNING id, checkin_code", 12, rows, func(r *sql.Rows) error {
				var id int64
				var c string
				err := r.Scan(&id, &c)
				lp.Sessions[code[c]].ID = id
				return err
			}); err != nil {
			return err
		}
		rows = rows[:0]
		for _, se := range lp.Sessions {
			for i, st := range se.Checkins {
				rows = append(rows, []any{se.ID, lp.Students[i].ID, st, "roster", se.StartsAt.UTC()})
			}
		}
		return tx.batch("INSERT INTO checkins (session_id, participant_id, status, method, checked_at)", "", 5, rows, nil)
	})
}
