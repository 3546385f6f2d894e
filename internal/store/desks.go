package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/desks"
)

// Desks keeps drop-in desks, rotas, visitor logs, the feedback queue,
// talks, reflection notes, office hours and appointments.
type Desks struct{ db *DB }

// NewDesks returns the desks repository over db.
func NewDesks(db *DB) *Desks { return &Desks{db} }

func optTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := utc(t.Time)
	return &u
}

// FindFeedPerson returns the person a calendar secret belongs to.
func (st *Desks) FindFeedPerson(ctx context.Context, secret string) (int64, error) {
	return (&Sessions{st.db}).FindFeedPerson(ctx, secret)
}

// FindParticipant finds an active participant of a program year by role
// ("" for any) and reference.
func (st *Desks) FindParticipant(ctx context.Context, programID int64, year int, role, ref string) (p desks.Person, err error) {
	found := false
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qDeskFindParticipant, P{"program_id": programID, "year": year, "role": role, "ref": ref})
		return each(rows, err, func(r *sql.Rows) error {
			if found {
				return nil
			}
			found = true
			return r.Scan(&p.ParticipantID, &p.Ref, &p.Name)
		})
	})
	if err == nil && !found {
		err = app.NotFound("participant")
	}
	return p, err
}

// CreateDesk stores a desk with its slots and mentors.
func (st *Desks) CreateDesk(ctx context.Context, d *desks.Desk) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateDesk, P{"program_id": d.ProgramID, "year": d.Year, "name": d.Name, "place": d.Place,
			"on_duty": d.OnDuty, "now": tx.Now})
		if err != nil {
			return err
		}
		d.ID, d.CreatedAt = id, tx.Now
		for i := range d.Slots {
			sl := &d.Slots[i]
			if sl.ID, err = tx.insert(qCreateDeskSlot, P{"desk_id": id, "weekday": sl.Weekday, "starts": sl.Starts,
				"ends": sl.Ends, "place": sl.Place}); err != nil {
				return err
			}
		}
		for i, m := range d.Mentors {
			if _, err := tx.exec(qAddDeskMentor, P{"desk_id": id, "participant_id": m.ParticipantID, "position": i}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (st *Desks) findDesks(ctx context.Context, q *queryRef, p P) (out []desks.Desk, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(q, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			var d desks.Desk
			err := r.Scan(&d.ID, &d.ProgramID, &d.Year, &d.Name, &d.Place, &d.OnDuty, &d.CreatedAt)
			d.CreatedAt = utc(d.CreatedAt)
			out = append(out, d)
			return err
		}); err != nil {
			return err
		}
		// The slots and pools of all the desks in two queries.
		idx := map[int64]int{}
		for i := range out {
			out[i].Slots, out[i].Mentors = []desks.Slot{}, []desks.Person{}
			idx[out[i].ID] = i
		}
		if len(out) == 0 {
			return nil
		}
		sel := P{"id": int64(0), "program_id": int64(0), "year": 0}
		for k, v := range p {
			sel[k] = v
		}
		rows, err = tx.query(qFindDeskSlots, sel)
		if err := each(rows, err, func(r *sql.Rows) error {
			var did int64
			var s desks.Slot
			if err := r.Scan(&did, &s.ID, &s.Weekday, &s.Starts, &s.Ends, &s.Place); err != nil {
				return err
			}
			if i, ok := idx[did]; ok {
				out[i].Slots = append(out[i].Slots, s)
			}
			return nil
		}); err != nil {
			return err
		}
		rows, err = tx.query(qFindDeskMentors, sel)
		return each(rows, err, func(r *sql.Rows) error {
			var did int64
			var m desks.Person
			if err := r.Scan(&did, &m.ParticipantID, &m.Ref, &m.Name); err != nil {
				return err
			}
			if i, ok := idx[did]; ok {
				out[i].Mentors = append(out[i].Mentors, m)
			}
			return nil
		})
	})
	return out, err
}

// FindDesk returns a desk with its slots and mentors.
func (st *Desks) FindDesk(ctx context.Context, id int64) (desks.Desk, error) {
	out, err := st.findDesks(ctx, qFindDesk, P{"id": id})
	if err != nil {
		return desks.Desk{}, err
	}
	if len(out) == 0 {
		return desks.Desk{}, app.NotFound("desk")
	}
	return out[0], nil
}

// FindDesks lists a program year's desks.
func (st *Desks) FindDesks(ctx context.Context, programID int64, year int) ([]desks.Desk, error) {
	out, err := st.findDesks(ctx, qFindDesks, P{"program_id": programID, "year": year})
	if out == nil {
		out = []desks.Desk{}
	}
	return out, err
}

// CreateShift stores a shift with its duties unless the slot has one then.
func (st *Desks) CreateShift(ctx context.Context, sh *desks.Shift) (created bool, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateShift, P{"desk_id": sh.DeskID, "slot_id": sh.SlotID, "starts_at": sh.StartsAt,
			"ends_at": sh.EndsAt, "place": sh.Place, "now": tx.Now})
		if app.ErrorCode(err) == app.CodeNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		sh.ID, sh.UpdatedAt, created = id, tx.Now, true
		for _, d := range sh.OnDuty {
			if _, err := tx.exec(qAddDuty, P{"shift_id": id, "participant_id": d.ParticipantID}); err != nil {
				return err
			}
		}
		return nil
	})
	return created, err
}

// CountShifts counts a desk's shifts.
func (st *Desks) CountShifts(ctx context.Context, deskID int64) (n int, err error) {
	err = st.db.read(ctx, func(tx *Tx) error { return tx.get(qCountShifts, P{"desk_id": deskID}, "desk", &n) })
	return n, err
}

func (st *Desks) findShifts(ctx context.Context, q *queryRef, p P, deskID, shiftID int64) (out []desks.Shift, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(q, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			var s desks.Shift
			err := r.Scan(&s.ID, &s.DeskID, &s.SlotID, &s.StartsAt, &s.EndsAt, &s.Place, &s.Sequence, &s.UpdatedAt, &s.Visitors)
			s.StartsAt, s.EndsAt, s.UpdatedAt = utc(s.StartsAt), utc(s.EndsAt), utc(s.UpdatedAt)
			s.OnDuty = []desks.Duty{}
			out = append(out, s)
			return err
		}); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		if deskID == 0 {
			deskID = out[0].DeskID
		}
		idx := map[int64]int{}
		for i, s := range out {
			idx[s.ID] = i
		}
		rows, err = tx.query(qFindDuties, P{"desk_id": deskID, "shift_id": shiftID})
		return each(rows, err, func(r *sql.Rows) error {
			var sid int64
			var d desks.Duty
			var offered sql.NullTime
			if err := r.Scan(&sid, &d.ParticipantID, &d.Ref, &d.Name, &offered); err != nil {
				return err
			}
			d.Offered = offered.Valid
			if i, ok := idx[sid]; ok {
				out[i].OnDuty = append(out[i].OnDuty, d)
			}
			return nil
		})
	})
	return out, err
}

// FindShift returns a shift with its duties.
func (st *Desks) FindShift(ctx context.Context, id int64) (desks.Shift, error) {
	out, err := st.findShifts(ctx, qFindShift, P{"id": id}, 0, id)
	if err != nil {
		return desks.Shift{}, err
	}
	if len(out) == 0 {
		return desks.Shift{}, app.NotFound("shift")
	}
	return out[0], nil
}

// FindShifts lists a desk's shifts with their duties.
func (st *Desks) FindShifts(ctx context.Context, deskID int64) ([]desks.Shift, error) {
	out, err := st.findShifts(ctx, qFindShifts, P{"desk_id": deskID}, deskID, 0)
	if out == nil {
		out = []desks.Shift{}
	}
	return out, err
}

// OfferDuty sets or clears a duty's offer.
func (st *Desks) OfferDuty(ctx context.Context, shiftID, participantID int64, offered bool) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		var at any
		if offered {
			at = tx.Now
		}
		res, err := tx.exec(qOfferDuty, P{"offered_at": at, "shift_id": shiftID, "participant_id": participantID})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.NotFound("duty")
		}
		return nil
	})
}

// MoveDuty gives a duty to another mentor, logs the swap and bumps the shift.
func (st *Desks) MoveDuty(ctx context.Context, shiftID, from, to int64, offeredOnly bool, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		q := qMoveDuty
		if offeredOnly {
			q = qMoveOfferedDuty
		}
		p := P{"to_id": to, "shift_id": shiftID, "from_id": from}
		res, err := tx.exec(q, p)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.Errorf(app.CodeConflict, "desks.no_offer", "the duty is not offered any more")
		}
		p["account_id"], p["now"] = nullID(accountID), tx.Now
		if _, err := tx.exec(qLogSwap, p); err != nil {
			return err
		}
		_, err = tx.exec(qBumpShift, P{"now": tx.Now, "id": shiftID})
		return err
	})
}

// AddVisit logs a visit; a student's second check-in to a shift adds nothing.
func (st *Desks) AddVisit(ctx context.Context, v *desks.Visit) (created bool, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		var pid int64
		if v.Student != nil {
			pid = v.Student.ParticipantID
		}
		id, err := tx.insert(qAddVisit, P{"shift_id": v.ShiftID, "participant_id": nullID(pid), "visitors": v.Visitors,
			"topic": v.Topic, "account_id": nullID(v.AccountID), "now": tx.Now})
		if app.ErrorCode(err) == app.CodeNotFound {
			return nil
		}
		v.ID, v.CreatedAt, created = id, tx.Now, true
		return err
	})
	return created, err
}

// FindVisits lists a shift's visitor log.
func (st *Desks) FindVisits(ctx context.Context, shiftID int64) (out []desks.Visit, err error) {
	out = []desks.Visit{}
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindVisits, P{"shift_id": shiftID})
		return each(rows, err, func(r *sql.Rows) error {
			var v desks.Visit
			var s desks.Person
			if err := r.Scan(&v.ID, &v.ShiftID, &s.ParticipantID, &s.Ref, &s.Name, &v.Visitors, &v.Topic, &v.CreatedAt); err != nil {
				return err
			}
			if s.ParticipantID != 0 {
				v.Student = &s
			}
			v.CreatedAt = utc(v.CreatedAt)
			out = append(out, v)
			return nil
		})
	})
	return out, err
}

// CreateItem stores a text in the feedback queue.
func (st *Desks) CreateItem(ctx context.Context, it *desks.Item) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateItem, P{"program_id": it.ProgramID, "year": it.Year, "participant_id": it.Student.ParticipantID,
			"kind": it.Kind, "title": it.Title, "body": it.Body, "now": tx.Now})
		it.ID, it.SubmittedAt = id, tx.Now
		return err
	})
}

func (st *Desks) findItems(ctx context.Context, q *queryRef, p P) (out []desks.Item, err error) {
	out = []desks.Item{}
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(q, p)
		return each(rows, err, func(r *sql.Rows) error {
			var it desks.Item
			var m desks.Person
			var claimed, returned sql.NullTime
			if err := r.Scan(&it.ID, &it.ProgramID, &it.Year, &it.Kind, &it.Title, &it.Body, &it.SubmittedAt,
				&it.Student.ParticipantID, &it.Student.Ref, &it.Student.Name, &m.ParticipantID, &m.Ref, &m.Name,
				&claimed, &it.Feedback, &returned); err != nil {
				return err
			}
			it.SubmittedAt = utc(it.SubmittedAt)
			if m.ParticipantID != 0 {
				it.ClaimedBy = &m
			}
			it.ClaimedAt, it.ReturnedAt = optTime(claimed), optTime(returned)
			it.SetState()
			out = append(out, it)
			return nil
		})
	})
	return out, err
}

// FindItem returns a feedback item.
func (st *Desks) FindItem(ctx context.Context, id int64) (desks.Item, error) {
	out, err := st.findItems(ctx, qFindItem, P{"id": id})
	if err != nil {
		return desks.Item{}, err
	}
	if len(out) == 0 {
		return desks.Item{}, app.NotFound("feedback")
	}
	return out[0], nil
}

// FindItems lists a program year's queue (one student's when studentID ≠ 0).
func (st *Desks) FindItems(ctx context.Context, programID int64, year int, studentID int64) ([]desks.Item, error) {
	return st.findItems(ctx, qFindItems, P{"program_id": programID, "year": year, "student_id": studentID})
}

// ClaimItem claims an unclaimed item and returns who holds it afterwards.
func (st *Desks) ClaimItem(ctx context.Context, id, mentorID int64) (holder int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(qClaimItem, P{"mentor_id": mentorID, "now": tx.Now, "id": id}); err != nil {
			return err
		}
		return tx.get(qFindClaim, P{"id": id}, "feedback", &holder)
	})
	return holder, err
}

// ReturnItem stores the claiming mentor's feedback.
func (st *Desks) ReturnItem(ctx context.Context, id, mentorID int64, feedback string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qReturnItem, P{"feedback": feedback, "now": tx.Now, "id": id, "mentor_id": mentorID})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.Errorf(app.CodeConflict, "feedback.returned", "the feedback has been returned already")
		}
		return nil
	})
}

// FindReturned lists a program year's returned items with their mentors.
func (st *Desks) FindReturned(ctx context.Context, programID int64, year int) ([]desks.Returned, error) {
	return st.findDone(ctx, qFindReturned, P{"program_id": programID, "year": year})
}

// FindDutiesDone lists a program year's duties at shifts begun by before.
func (st *Desks) FindDutiesDone(ctx context.Context, programID int64, year int, before time.Time) ([]desks.Returned, error) {
	return st.findDone(ctx, qFindDutiesDone, P{"program_id": programID, "year": year, "before": before})
}

// findDone reads mentors with the times they did something.
func (st *Desks) findDone(ctx context.Context, q *queryRef, p P) (out []desks.Returned, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(q, p)
		return each(rows, err, func(r *sql.Rows) error {
			var x desks.Returned
			err := r.Scan(&x.Mentor.ParticipantID, &x.Mentor.Ref, &x.Mentor.Name, &x.ReturnedAt)
			x.ReturnedAt = utc(x.ReturnedAt)
			out = append(out, x)
			return err
		})
	})
	return out, err
}

// CreateTalk records a talk as held.
func (st *Desks) CreateTalk(ctx context.Context, t *desks.Talk) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateTalk, P{"program_id": t.ProgramID, "year": t.Year, "mentor_id": t.Mentor.ParticipantID,
			"student_id": t.Student.ParticipantID, "held_at": t.HeldAt, "minutes": t.Minutes, "account_id": nullID(t.AccountID), "now": tx.Now})
		t.ID, t.CreatedAt = id, tx.Now
		return err
	})
}

// FindTalks lists a program year's talks.
func (st *Desks) FindTalks(ctx context.Context, programID int64, year int) (out []desks.Talk, err error) {
	out = []desks.Talk{}
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindTalks, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var t desks.Talk
			err := r.Scan(&t.ID, &t.ProgramID, &t.Year, &t.Mentor.ParticipantID, &t.Mentor.Ref, &t.Mentor.Name,
				&t.Student.ParticipantID, &t.Student.Ref, &t.Student.Name, &t.HeldAt, &t.Minutes, &t.CreatedAt)
			t.HeldAt, t.CreatedAt = utc(t.HeldAt), utc(t.CreatedAt)
			out = append(out, t)
			return err
		})
	})
	return out, err
}

// SaveNote records (or replaces) a participant's reflection note.
func (st *Desks) SaveNote(ctx context.Context, n *desks.Note) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qSaveNote, P{"participant_id": n.Participant.ParticipantID, "program_id": n.ProgramID, "year": n.Year,
			"state": n.State, "credit": n.Credit, "recorded_on": n.RecordedOn, "account_id": nullID(n.AccountID), "now": tx.Now})
		n.UpdatedAt = tx.Now
		return err
	})
}

// FindNotes lists a program year's reflection notes.
func (st *Desks) FindNotes(ctx context.Context, programID int64, year int) (out []desks.Note, err error) {
	out = []desks.Note{}
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindNotes, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			n := desks.Note{ProgramID: programID, Year: year}
			err := r.Scan(&n.Participant.ParticipantID, &n.Participant.Ref, &n.Participant.Name, &n.State, &n.Credit,
				&n.RecordedOn, &n.UpdatedAt)
			n.RecordedOn, n.UpdatedAt = utc(n.RecordedOn), utc(n.UpdatedAt)
			out = append(out, n)
			return err
		})
	})
	return out, err
}

// CreateOfficeHour stores an office-hour slot.
func (st *Desks) CreateOfficeHour(ctx context.Context, o *desks.OfficeHour) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateOfficeHour, P{"program_id": o.ProgramID, "year": o.Year, "participant_id": o.Mentor.ParticipantID,
			"starts_at": o.StartsAt, "ends_at": o.EndsAt, "place": o.Place, "now": tx.Now})
		o.ID = id
		return err
	})
}

func (st *Desks) findOfficeHours(ctx context.Context, q *queryRef, p P) (out []desks.OfficeHour, err error) {
	out = []desks.OfficeHour{}
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(q, p)
		return each(rows, err, func(r *sql.Rows) error {
			var o desks.OfficeHour
			var a desks.Appointment
			var cancelled, created, updated sql.NullTime
			if err := r.Scan(&o.ID, &o.ProgramID, &o.Year, &o.Mentor.ParticipantID, &o.Mentor.Ref, &o.Mentor.Name,
				&o.StartsAt, &o.EndsAt, &o.Place, &o.Sequence, &cancelled, &o.UpdatedAt,
				&a.ID, &a.Student.ParticipantID, &a.Student.Ref, &a.Student.Name, &a.Sequence, &created, &updated); err != nil {
				return err
			}
			o.StartsAt, o.EndsAt, o.UpdatedAt, o.CancelledAt = utc(o.StartsAt), utc(o.EndsAt), utc(o.UpdatedAt), optTime(cancelled)
			if a.ID != 0 {
				a.SlotID, a.CreatedAt, a.UpdatedAt = o.ID, utc(created.Time), utc(updated.Time)
				o.Booking, o.Booked = &a, true
			}
			out = append(out, o)
			return nil
		})
	})
	return out, err
}

// FindOfficeHour returns a slot with its open booking.
func (st *Desks) FindOfficeHour(ctx context.Context, id int64) (desks.OfficeHour, error) {
	out, err := st.findOfficeHours(ctx, qFindOfficeHour, P{"id": id})
	if err != nil {
		return desks.OfficeHour{}, err
	}
	if len(out) == 0 {
		return desks.OfficeHour{}, app.NotFound("office hour")
	}
	return out[0], nil
}

// FindOfficeHours lists a program year's slots with their open bookings.
func (st *Desks) FindOfficeHours(ctx context.Context, programID int64, year int) ([]desks.OfficeHour, error) {
	return st.findOfficeHours(ctx, qFindOfficeHours, P{"program_id": programID, "year": year})
}

// Book books a free slot; a conflict when it has an open booking.
func (st *Desks) Book(ctx context.Context, slotID, studentID int64) (a desks.Appointment, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qBook, P{"slot_id": slotID, "participant_id": studentID, "now": tx.Now})
		if app.ErrorCode(err) == app.CodeNotFound {
			return app.Errorf(app.CodeConflict, "office_hours.taken", "the office hour is booked")
		}
		a = desks.Appointment{ID: id, SlotID: slotID, Student: desks.Person{ParticipantID: studentID}, CreatedAt: tx.Now, UpdatedAt: tx.Now}
		return err
	})
	return a, err
}

// CancelBooking cancels a slot's open booking.
func (st *Desks) CancelBooking(ctx context.Context, slotID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qCancelBooking, P{"now": tx.Now, "slot_id": slotID})
		return err
	})
}

// CancelOfficeHour cancels a slot and its open booking.
func (st *Desks) CancelOfficeHour(ctx context.Context, slotID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(qCancelOfficeHour, P{"now": tx.Now, "id": slotID}); err != nil {
			return err
		}
		_, err := tx.exec(qCancelBooking, P{"now": tx.Now, "slot_id": slotID})
		return err
	})
}

// FindPersonEvents lists a person's appointments, office-hour slots and
// desk shifts for their calendar feed.
func (st *Desks) FindPersonEvents(ctx context.Context, personID int64) (out []desks.Event, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		p := P{"person_id": personID}
		for _, k := range []struct {
			q    *queryRef
			kind string
		}{{qFindPersonAppointments, desks.EventAppointment}, {qFindPersonOfficeHours, desks.EventOfficeHour}} {
			rows, err := tx.query(k.q, p)
			if err := each(rows, err, func(r *sql.Rows) error {
				e := desks.Event{Kind: k.kind}
				var cancelled sql.NullTime
				if err := r.Scan(&e.ID, &e.Location, &e.Start, &e.End, &e.Sequence, &cancelled, &e.Updated); err != nil {
					return err
				}
				e.Start, e.End, e.Updated, e.Cancelled = utc(e.Start), utc(e.End), utc(e.Updated), cancelled.Valid
				out = append(out, e)
				return nil
			}); err != nil {
				return err
			}
		}
		rows, err := tx.query(qFindPersonShifts, p)
		return each(rows, err, func(r *sql.Rows) error {
			e := desks.Event{Kind: desks.EventShift}
			var gone int
			if err := r.Scan(&e.ID, &e.Title, &e.Location, &e.Start, &e.End, &e.Sequence, &e.Updated, &gone); err != nil {
				return err
			}
			e.Start, e.End, e.Updated, e.Cancelled = utc(e.Start), utc(e.End), utc(e.Updated), gone == 1
			out = append(out, e)
			return nil
		})
	})
	return out, err
}
