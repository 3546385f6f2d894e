package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/payroll"
)

// Payroll keeps rates and timesheets.
type Payroll struct{ db *DB }

// NewPayroll returns the payroll repository over db.
func NewPayroll(db *DB) *Payroll { return &Payroll{db} }

var _ payroll.Store = (*Payroll)(nil)

// FindRates returns the latest rates of a program year.
func (st *Payroll) FindRates(ctx context.Context, programID int64, year int) (r payroll.Rates, found bool, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		var id int64
		rows, err := tx.query(qFindRates, P{"program_id": programID, "year": year})
		if err := each(rows, err, func(rs *sql.Rows) error {
			found = true
			return rs.Scan(&id, &r.Hourly, &r.TrainingPaid, &r.SetAt)
		}); err != nil || !found {
			return err
		}
		r.ProgramID, r.Year, r.SetAt, r.PerItem = programID, year, utc(r.SetAt), map[string]payroll.NOK{}
		rows, err = tx.query(qFindItemRates, P{"rate_id": id})
		return each(rows, err, func(rs *sql.Rows) error {
			var c string
			var o payroll.NOK
			err := rs.Scan(&c, &o)
			r.PerItem[c] = o
			return err
		})
	})
	return r, found, err
}

// SaveRates records new rates of a program year.
func (st *Payroll) SaveRates(ctx context.Context, r payroll.Rates, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateRates, P{"program_id": r.ProgramID, "year": r.Year, "hourly_ore": int64(r.Hourly),
			"training_paid": r.TrainingPaid, "account_id": nullID(accountID), "now": tx.Now})
		if err != nil {
			return err
		}
		for c, o := range r.PerItem {
			if _, err := tx.exec(qCreateItemRate, P{"rate_id": id, "category": c, "ore": int64(o)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// FindMentor finds an active mentor of a program year by mentor id.
func (st *Payroll) FindMentor(ctx context.Context, programID int64, year int, ref string) (t payroll.Timesheet, err error) {
	if ref == "" {
		return t, app.NotFound("mentor")
	}
	var contract sql.NullInt64
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qPayFindMentor, P{"program_id": programID, "year": year, "ref": ref}, "mentor",
			&t.ParticipantID, &t.MentorID, &t.MentorName, &t.EmployeeID, &contract)
	})
	if contract.Valid {
		t.Contract, t.Hourly = true, payroll.NOK(contract.Int64)
	}
	return t, err
}

// CreateTimesheet stores a submitted timesheet with its lines.
func (st *Payroll) CreateTimesheet(ctx context.Context, t *payroll.Timesheet, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		ids, err := tx.ids(qCreateTimesheet, P{"program_id": t.ProgramID, "year": t.Year, "participant_id": t.ParticipantID,
			"month": t.Month, "hourly_ore": int64(t.Hourly), "amount_ore": int64(t.Amount), "now": tx.Now, "account_id": nullID(accountID)})
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return &app.Error{Code: app.CodeConflict, Key: "pay.month_taken",
				Message: "the mentor has a timesheet for that month already; a coordinator returns it before it is submitted again"}
		}
		t.ID, t.SubmittedAt = ids[0], tx.Now
		for _, l := range t.Lines {
			if _, err := tx.exec(qCreateTimesheetLine, P{"timesheet_id": t.ID, "category": l.Category, "quarter_hours": int(l.Hours),
				"items": l.Items, "item_ore": int64(l.ItemRate)}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (st *Payroll) find(ctx context.Context, p P) (out []payroll.Timesheet, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		idx := map[int64]int{}
		rows, err := tx.query(qFindTimesheets, p)
		if err := each(rows, err, func(rs *sql.Rows) error {
			var t payroll.Timesheet
			var decided sql.NullTime
			if err := rs.Scan(&t.ID, &t.ProgramID, &t.Year, &t.ParticipantID, &t.MentorID, &t.MentorName, &t.EmployeeID,
				&t.Month, &t.State, &t.Hourly, &t.Amount, &t.Comment, &t.SubmittedAt, &decided); err != nil {
				return err
			}
			t.SubmittedAt, t.DecidedAt = utc(t.SubmittedAt), optTime(decided)
			idx[t.ID] = len(out)
			out = append(out, t)
			return nil
		}); err != nil || len(out) == 0 {
			return err
		}
		rows, err = tx.query(qFindTimesheetLines, p)
		return each(rows, err, func(rs *sql.Rows) error {
			var id int64
			var l payroll.Line
			if err := rs.Scan(&id, &l.Category, &l.Hours, &l.Items, &l.ItemRate); err != nil {
				return err
			}
			if i, ok := idx[id]; ok {
				out[i].Lines = append(out[i].Lines, l)
			}
			return nil
		})
	})
	for i := range out {
		sortLines(out[i].Lines)
	}
	return out, err
}

// sortLines puts lines in the order of payroll.Categories.
func sortLines(ls []payroll.Line) {
	pos := map[string]int{}
	for i, c := range payroll.Categories {
		pos[c] = i
	}
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && pos[ls[j].Category] < pos[ls[j-1].Category]; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

// FindTimesheet returns a timesheet with its lines.
func (st *Payroll) FindTimesheet(ctx context.Context, id int64) (payroll.Timesheet, error) {
	ts, err := st.find(ctx, P{"id": id, "program_id": 0, "month": "", "state": "", "participant_id": 0})
	if err == nil && len(ts) == 0 {
		err = app.NotFound("timesheet")
	}
	if err != nil {
		return payroll.Timesheet{}, err
	}
	return ts[0], nil
}

// FindTimesheets lists a program's timesheets.
func (st *Payroll) FindTimesheets(ctx context.Context, programID int64, month, state string, participantID int64) ([]payroll.Timesheet, error) {
	return st.find(ctx, P{"id": 0, "program_id": programID, "month": month, "state": state, "participant_id": participantID})
}

// Decide moves a submitted timesheet to state.
func (st *Payroll) Decide(ctx context.Context, id int64, state, comment string, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qDecideTimesheet, P{"state": state, "comment": comment, "now": tx.Now, "account_id": nullID(accountID), "id": id})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &app.Error{Code: app.CodeConflict, Key: "pay.decided", Message: "the timesheet is not waiting for a decision (any more)"}
		}
		return nil
	})
}

// FindWork returns what a mentor did in [from, to) that mentorhub knows:
// the group sessions they led and the desk shifts they worked (each as
// start and end), and the feedback items they returned.
func (st *Payroll) FindWork(ctx context.Context, participantID int64, from, to time.Time) (w payroll.Work, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		p := P{"participant_id": participantID, "from": from, "to": to, "now": tx.Now}
		spans := func(q *queryRef, out *[]payroll.Span) error {
			rows, err := tx.query(q, p)
			return each(rows, err, func(r *sql.Rows) error {
				var sp payroll.Span
				err := r.Scan(&sp.Start, &sp.End)
				*out = append(*out, sp)
				return err
			})
		}
		if err := spans(qFindSessionsLed, &w.Sessions); err != nil {
			return err
		}
		if err := spans(qFindShiftsWorked, &w.Shifts); err != nil {
			return err
		}
		return tx.get(qCountFeedbackReturned, P{"participant_id": participantID, "from": from, "to": to}, "feedback", &w.Feedback)
	})
	return w, err
}

// FindPlan returns a program year's latest cost plan.
func (st *Payroll) FindPlan(ctx context.Context, programID int64, year int) (p payroll.Plan, found bool, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindPlan, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			found = true
			err := r.Scan(&p.Mentors, &p.MentorHours, &p.Hourly, &p.Catering, &p.Materials, &p.CoordinatorHours, &p.CoordinatorHourly, &p.SetAt)
			p.SetAt = utc(p.SetAt)
			return err
		})
	})
	return p, found, err
}

// SavePlan records a new cost plan of a program year.
func (st *Payroll) SavePlan(ctx context.Context, programID int64, year int, p payroll.Plan, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qCreatePlan, P{"program_id": programID, "year": year, "mentors": p.Mentors, "mentor_quarters": int(p.MentorHours),
			"hourly_ore": int64(p.Hourly), "catering_ore": int64(p.Catering), "materials_ore": int64(p.Materials),
			"coordinator_quarters": int(p.CoordinatorHours), "coordinator_ore": int64(p.CoordinatorHourly),
			"account_id": nullID(accountID), "now": tx.Now})
		return err
	})
}

// FindPaid sums the approved timesheets of a program year.
func (st *Payroll) FindPaid(ctx context.Context, programID int64, year int) (n payroll.NOK, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindPaid, P{"program_id": programID, "year": year}, "paid", &n)
	})
	return n, err
}

// CountStudents counts a program year's active students and those present
// at one session or more.
func (st *Payroll) CountStudents(ctx context.Context, programID int64, year int) (students, participating int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qCountYearStudents, P{"program_id": programID, "year": year}, "students", &students, &participating)
	})
	return students, participating, err
}

// FindPeers lists the unit's other programs with their latest rates.
func (st *Payroll) FindPeers(ctx context.Context, institutionID, unitID, programID int64) (out []payroll.Peer, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		var rateIDs []int64
		rows, err := tx.query(qFindPeers, P{"institution_id": institutionID, "unit_id": unitID, "program_id": programID})
		if err := each(rows, err, func(r *sql.Rows) error {
			var p payroll.Peer
			var rid int64
			err := r.Scan(&p.ProgramID, &p.Name, &p.Year, &rid, &p.Hourly)
			p.PerItem = map[string]payroll.NOK{}
			out = append(out, p)
			rateIDs = append(rateIDs, rid)
			return err
		}); err != nil {
			return err
		}
		for i, rid := range rateIDs {
			rows, err := tx.query(qFindItemRates, P{"rate_id": rid})
			if err := each(rows, err, func(r *sql.Rows) error {
				var c string
				var o payroll.NOK
				err := r.Scan(&c, &o)
				out[i].PerItem[c] = o
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// FindCurrentYear finds a program's latest year up to academic.
func (st *Payroll) FindCurrentYear(ctx context.Context, programID int64, academic int) (year int, found bool, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qPayCurrentYear, P{"program_id": programID, "year": academic}, "year", &year)
	})
	return year, err == nil && year != 0, err
}

// FindYears lists a program's years up to upTo, latest first.
func (st *Payroll) FindYears(ctx context.Context, programID int64, upTo int) (years []int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		years = years[:0]
		rows, err := tx.query(qPayYears, P{"program_id": programID, "year": upTo})
		return each(rows, err, func(r *sql.Rows) error {
			var y int
			err := r.Scan(&y)
			years = append(years, y)
			return err
		})
	})
	return years, err
}
