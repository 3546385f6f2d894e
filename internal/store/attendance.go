package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mentorhub/mentorhub/internal/sessions"
)

var (
	qFindExpectedCounts = register("FindExpectedCounts", "program_id", "year")
	qCountYearStudents  = register("CountYearStudents", "program_id", "year")
	qFindExcusedCounts  = register("FindExcusedCounts", "program_id", "year")
	qFindParticipation  = register("FindParticipation", "program_id", "year", "group_id")
	qFindHeldSessionsOf = register("FindHeldSessionsOf", "institution_id", "year", "now")
	qFindStudentSpansOf = register("FindStudentSpansOf", "institution_id", "year")
	qCountStudentsOf    = register("CountStudentsOf", "institution_id", "year")
)

// countsBy reads (id, count) rows.
func countsBy(tx *Tx, q *queryRef, p P) (map[int64]int, error) {
	out := map[int64]int{}
	rows, err := tx.query(q, p)
	err = each(rows, err, func(r *sql.Rows) error {
		var id int64
		var n int
		err := r.Scan(&id, &n)
		out[id] = n
		return err
	})
	return out, err
}

// FindExpectedCounts counts the students expected at each group session
// of a program year and at its plenaries, in one read.
func (st *Sessions) FindExpectedCounts(ctx context.Context, programID int64, year int) (groups map[int64]int, plenary int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		p := P{"program_id": programID, "year": year}
		if groups, err = countsBy(tx, qFindExpectedCounts, p); err != nil {
			return err
		}
		return tx.get(qCountYearStudents, p, "program year", &plenary)
	})
	return groups, plenary, err
}

// FindExcusedCounts counts a program year's excused check-ins by session.
func (st *Sessions) FindExcusedCounts(ctx context.Context, programID int64, year int) (out map[int64]int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		out, err = countsBy(tx, qFindExcusedCounts, P{"program_id": programID, "year": year})
		return err
	})
	return out, err
}

// FindParticipation counts students by programme and cohort, with those
// present at least once.
func (st *Sessions) FindParticipation(ctx context.Context, programID int64, year int, groupID int64) (out []sessions.ParticipationRow, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindParticipation, P{"program_id": programID, "year": year, "group_id": groupID})
		return each(rows, err, func(r *sql.Rows) error {
			var x sessions.ParticipationRow
			err := r.Scan(&x.Programme, &x.Cohort, &x.Students, &x.Attended)
			out = append(out, x)
			return err
		})
	})
	return out, err
}

// FindHeldSessionsOf lists the held sessions of an institution's
// programs (0: every institution) in a year, from the rollup.
func (st *Sessions) FindHeldSessionsOf(ctx context.Context, institutionID int64, year int, now time.Time) (out []sessions.HeldSession, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindHeldSessionsOf, P{"institution_id": institutionID, "year": year, "now": now.UTC()})
		return each(rows, err, func(r *sql.Rows) error {
			var h sessions.HeldSession
			err := r.Scan(&h.ProgramID, &h.GroupID, &h.RosterAt, &h.StartAt, &h.Present)
			out = append(out, h)
			return err
		})
	})
	return out, err
}

// FindStudentSpansOf lists the student memberships of an institution's
// groups in a year.
func (st *Sessions) FindStudentSpansOf(ctx context.Context, institutionID int64, year int) (out []sessions.Span, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindStudentSpansOf, P{"institution_id": institutionID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var sp sessions.Span
			var to sql.NullTime
			err := r.Scan(&sp.GroupID, &sp.ValidFrom, &to)
			if to.Valid {
				t := to.Time
				sp.ValidTo = &t
			}
			out = append(out, sp)
			return err
		})
	})
	return out, err
}

// CountStudentsOf counts the students of each program year of an
// institution in a year.
func (st *Sessions) CountStudentsOf(ctx context.Context, institutionID int64, year int) (out map[int64]int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		out, err = countsBy(tx, qCountStudentsOf, P{"institution_id": institutionID, "year": year})
		return err
	})
	return out, err
}
