package store

import (
	"context"
	"database/sql"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/people"
)

// FindYears lists a program's years, oldest first, with their figures.
func (st *People) FindYears(ctx context.Context, programID int64) (out []people.Year, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindYears, P{"program_id": programID})
		return each(rows, err, func(r *sql.Rows) error {
			var y people.Year
			if err := r.Scan(&y.Year, &y.OpenedAt, &y.Students, &y.Participants, &y.Groups); err != nil {
				return err
			}
			y.OpenedAt = utc(y.OpenedAt)
			out = append(out, y)
			return nil
		})
	})
	return out, err
}

// CurrentYear returns the program's current year: the latest it has
// opened up to the academic year given, else its earliest; a program
// with no year yet gets that academic year opened.
func (st *People) CurrentYear(ctx context.Context, programID int64, academic int) (y int, err error) {
	y, err = st.FindCurrentYear(ctx, programID, academic)
	if app.ErrorCode(err) != app.CodeNotFound {
		return y, err
	}
	err = st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qCreateYear, P{"program_id": programID, "year": academic, "now": tx.Now})
		return err
	})
	return academic, err
}

// FindCurrentYear is CurrentYear without opening one: not found when the
// program has no year yet.
func (st *People) FindCurrentYear(ctx context.Context, programID int64, academic int) (y int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qCurrentYear, P{"program_id": programID, "year": academic}, "program year", &y)
	})
	return y, err
}

// OpenYear opens a program year; with carryFrom (not 0) the continuing
// mentors of that year (active, in the roster) take part in it too.
// Opening a year already open is a conflict.
func (st *People) OpenYear(ctx context.Context, programID int64, year, carryFrom int) (carried int, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qCreateYear, P{"program_id": programID, "year": year, "now": tx.Now})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &app.Error{Code: app.CodeConflict, Key: "years.exists", Message: "the year is open already"}
		}
		if carryFrom == 0 {
			return nil
		}
		res, err = tx.exec(qCarryMentors, P{"program_id": programID, "year": year, "from": carryFrom, "now": tx.Now})
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		carried = int(n)
		return nil
	})
	return carried, err
}
