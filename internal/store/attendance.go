package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mentorhub/mentorhub/internal/sessions"
)

var (
	qFindYearSessions   = register("FindYearSessions", "program_id", "year")
	qFindStudentSpans   = register("FindStudentSpans", "program_id", "year")
	qCountYearStudents  = register("CountYearStudents", "program_id", "year")
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

// FindYearSessions lists a program year's sessions in time order, with
// only what attendance needs.
func (st *Sessions) FindYearSessions(ctx context.Context, programID int64, year int) (out []sessions.Session, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindYearSessions, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			s := sessions.Session{ProgramID: programID, Year: year}
			var cancelled sql.NullTime
			if err := r.Scan(&s.ID, &s.GroupID, &s.GroupName, &s.Title, &s.StartsAt, &s.RosterAt, &cancelled, &s.Present); err != nil {
				return err
			}
			s.StartsAt, s.RosterAt = utc(s.StartsAt), utc(s.RosterAt)
			if cancelled.Valid {
				t := utc(cancelled.Time)
				s.CancelledAt = &t
			}
			out = append(out, s)
			return nil
		})
	})
	return out, err
}

func scanSpans(tx *Tx, q *queryRef, p P) (out []sessions.Span, err error) {
	rows, err := tx.query(q, p)
	err = each(rows, err, func(r *sql.Rows) error {
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
	return out, err
}

// FindStudentSpans lists the student memberships of a program year's
// groups, past ones too.
func (st *Sessions) FindStudentSpans(ctx context.Context, programID int64, year int) (out []sessions.Span, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		out, err = scanSpans(tx, qFindStudentSpans, P{"program_id": programID, "year": year})
		return err
	})
	return out, err
}

// CountYearStudents counts the students expected at a program year's
// plenaries.
func (st *Sessions) CountYearStudents(ctx context.Context, programID int64, year int) (n int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qCountYearStudents, P{"program_id": programID, "year": year}, "program year", &n)
	})
	return n, err
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
		out, err = scanSpans(tx, qFindStudentSpansOf, P{"institution_id": institutionID, "year": year})
		return err
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
