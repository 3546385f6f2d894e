package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mentorhub/mentorhub/internal/sessions"
)

var (
	qFindYearSessions     = register("FindYearSessions", "program_id", "year")
	qFindStudentSpans     = register("FindStudentSpans", "program_id", "year")
	qFindYearStudents     = register("FindYearStudents", "program_id", "year")
	qFindGroupHeldOf      = register("FindGroupHeldOf", "institution_id", "year", "now")
	qFindGroupSpansOf     = register("FindGroupSpansOf", "institution_id", "year")
	qCountExpectedInGroup = register("CountExpectedInGroup", "group_id", "now")
	qCountStudentsOf      = register("CountStudentsOf", "institution_id", "year")
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

// FindYearStudents lists the students of a program year who count
// (active, in the roster, not opted out) with programme and cohort.
func (st *Sessions) FindYearStudents(ctx context.Context, programID int64, year int) (out []sessions.YearStudent, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindYearStudents, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var x sessions.YearStudent
			err := r.Scan(&x.ParticipantID, &x.Programme, &x.Cohort)
			out = append(out, x)
			return err
		})
	})
	return out, err
}

// aggTime scans a timestamp that an aggregate (MIN, MAX) returns: a
// time from PostgreSQL, the stored text from SQLite.
type aggTime struct {
	t  time.Time
	ok bool
}

func (a *aggTime) Scan(v any) error {
	var s string
	switch x := v.(type) {
	case nil:
		a.ok = false
		return nil
	case time.Time:
		a.t, a.ok = x.UTC(), true
		return nil
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return fmt.Errorf("a timestamp of type %T", v)
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			a.t, a.ok = t.UTC(), true
			return nil
		}
	}
	return fmt.Errorf("a timestamp %q", s)
}

// FindGroupHeldOf sums the held sessions of an institution's programs (0:
// every institution) in a year by group, from the rollup.
func (st *Sessions) FindGroupHeldOf(ctx context.Context, institutionID int64, year int, now time.Time) (out []sessions.GroupHeld, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindGroupHeldOf, P{"institution_id": institutionID, "year": year, "now": now.UTC()})
		return each(rows, err, func(r *sql.Rows) error {
			var h sessions.GroupHeld
			var first, last aggTime
			err := r.Scan(&h.ProgramID, &h.GroupID, &h.Held, &h.Present, &first, &last)
			h.FirstRoster, h.LastStart = first.t, last.t
			out = append(out, h)
			return err
		})
	})
	return out, err
}

// FindGroupSpansOf sums the student memberships of an institution's
// groups in a year by group.
func (st *Sessions) FindGroupSpansOf(ctx context.Context, institutionID int64, year int) (out map[int64]sessions.GroupSpans, err error) {
	out = map[int64]sessions.GroupSpans{}
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindGroupSpansOf, P{"institution_id": institutionID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var id int64
			var sp sessions.GroupSpans
			var from, to aggTime
			err := r.Scan(&id, &sp.N, &from, &sp.Closed, &to)
			sp.LastFrom, sp.FirstTo = from.t, to.t
			out[id] = sp
			return err
		})
	})
	return out, err
}

// CountExpectedInGroup counts the students expected at a group's held
// sessions, summed over them.
func (st *Sessions) CountExpectedInGroup(ctx context.Context, groupID int64, now time.Time) (n int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qCountExpectedInGroup, P{"group_id": groupID, "now": now.UTC()}, "group", &n)
	})
	return n, err
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
