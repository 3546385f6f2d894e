package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// Sessions keeps mentor sessions, check-ins, follow-up actions, support
// services and calendar feeds.
type Sessions struct{ db *DB }

// NewSessions returns the sessions repository over db.
func NewSessions(db *DB) *Sessions { return &Sessions{db} }

// Together runs independent reads at once (DB.Together).
func (st *Sessions) Together(ctx context.Context, fns ...func(ctx context.Context) error) error {
	return st.db.Together(ctx, fns...)
}

func scanSession(r interface{ Scan(...any) error }) (sessions.Session, error) {
	var s sessions.Session
	var cancelled sql.NullTime
	err := r.Scan(&s.ID, &s.ProgramID, &s.Year, &s.GroupID, &s.GroupName, &s.Series, &s.Title, &s.Topic, &s.Location,
		&s.Responsible, &s.Checklist, &s.StartsAt, &s.EndsAt, &s.RosterAt, &s.CheckinCode, &s.Sequence, &cancelled,
		&s.Present, &s.CreatedAt, &s.UpdatedAt)
	if err != nil {
		return s, err
	}
	s.StartsAt, s.EndsAt, s.RosterAt, s.CreatedAt, s.UpdatedAt = utc(s.StartsAt), utc(s.EndsAt), utc(s.RosterAt), utc(s.CreatedAt), utc(s.UpdatedAt)
	if cancelled.Valid {
		t := utc(cancelled.Time)
		s.CancelledAt = &t
	}
	return s, nil
}

func (st *Sessions) findSessions(ctx context.Context, q *queryRef, p P) (out []sessions.Session, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(q, p)
		return each(rows, err, func(r *sql.Rows) error {
			s, err := scanSession(r)
			out = append(out, s)
			return err
		})
	})
	return out, err
}

func (st *Sessions) findSession(ctx context.Context, q *queryRef, p P) (sessions.Session, error) {
	out, err := st.findSessions(ctx, q, p)
	if err != nil {
		return sessions.Session{}, err
	}
	if len(out) == 0 {
		return sessions.Session{}, app.NotFound("session")
	}
	return out[0], nil
}

// CreateSession stores a new session.
func (st *Sessions) CreateSession(ctx context.Context, s sessions.Session) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateSession, P{"program_id": s.ProgramID, "year": s.Year, "group_id": nullID(s.GroupID),
			"series": s.Series, "title": s.Title, "topic": s.Topic, "location": s.Location, "responsible": s.Responsible,
			"checklist": s.Checklist, "starts_at": s.StartsAt, "ends_at": s.EndsAt, "roster_at": s.RosterAt,
			"checkin_code": s.CheckinCode, "now": tx.Now})
		return err
	})
	return id, err
}

// UpdateSession saves a session's changeable fields.
func (st *Sessions) UpdateSession(ctx context.Context, s sessions.Session) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		var cancelled any
		if s.CancelledAt != nil {
			cancelled = s.CancelledAt.UTC()
		}
		_, err := tx.exec(qUpdateSession, P{"title": s.Title, "topic": s.Topic, "location": s.Location, "responsible": s.Responsible,
			"checklist": s.Checklist, "starts_at": s.StartsAt, "ends_at": s.EndsAt, "roster_at": s.RosterAt,
			"sequence": s.Sequence, "cancelled_at": cancelled, "now": tx.Now, "id": s.ID})
		return err
	})
}

// FindSession returns a session by id.
func (st *Sessions) FindSession(ctx context.Context, id int64) (sessions.Session, error) {
	return st.findSession(ctx, qFindSession, P{"id": id})
}

// FindSessionByCode returns the session of a check-in code.
func (st *Sessions) FindSessionByCode(ctx context.Context, code string) (sessions.Session, error) {
	return st.findSession(ctx, qFindSessionByCode, P{"code": code})
}

// FindSessions lists a program year's sessions in time order.
func (st *Sessions) FindSessions(ctx context.Context, programID int64, year int) ([]sessions.Session, error) {
	return st.findSessions(ctx, qFindSessions, P{"program_id": programID, "year": year})
}

// FindPersonSessions lists every session a person is expected at.
func (st *Sessions) FindPersonSessions(ctx context.Context, personID int64) ([]sessions.Session, error) {
	return st.findSessions(ctx, qFindPersonSessions, P{"person_id": personID})
}

// FindGroupRef returns a group's program, year, name and meeting slot.
func (st *Sessions) FindGroupRef(ctx context.Context, groupID int64) (programID int64, year int, name, slot string, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindGroupRef, P{"id": groupID}, "group", &programID, &year, &name, &slot)
	})
	return
}

// FindRole returns a person's part in a program year.
func (st *Sessions) FindRole(ctx context.Context, programID int64, year int, personID int64) (role string, participantID int64, groups []int64, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		p := P{"program_id": programID, "year": year, "person_id": personID}
		rows, err := tx.query(qFindRole, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			var id int64
			var ro string
			if err := r.Scan(&id, &ro); err != nil {
				return err
			}
			if role == "" {
				role, participantID = ro, id
			}
			return nil
		}); err != nil {
			return err
		}
		if role == "" {
			return nil
		}
		rows, err = tx.query(qFindRoleGroups, p)
		return each(rows, err, func(r *sql.Rows) error {
			var g int64
			err := r.Scan(&g)
			groups = append(groups, g)
			return err
		})
	})
	return
}

func scanAttendee(r *sql.Rows, withMark bool) (sessions.Attendee, error) {
	var a sessions.Attendee
	if !withMark {
		err := r.Scan(&a.ParticipantID, &a.PersonID, &a.StudentNumber, &a.Name)
		return a, err
	}
	var at sql.NullTime
	if err := r.Scan(&a.ParticipantID, &a.PersonID, &a.StudentNumber, &a.Name, &a.Status, &a.Method, &at); err != nil {
		return a, err
	}
	if at.Valid {
		t := utc(at.Time)
		a.CheckedAt = &t
	}
	return a, nil
}

// FindExpected lists the students expected at a session with their check-ins.
func (st *Sessions) FindExpected(ctx context.Context, s sessions.Session) (out []sessions.Attendee, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		var rows *sql.Rows
		var err error
		if s.GroupID != 0 {
			rows, err = tx.query(qFindExpectedInGroup, P{"session_id": s.ID, "group_id": s.GroupID, "roster_at": s.RosterAt, "starts_at": s.StartsAt})
		} else {
			rows, err = tx.query(qFindExpectedInProgram, P{"session_id": s.ID, "program_id": s.ProgramID, "year": s.Year})
		}
		return each(rows, err, func(r *sql.Rows) error {
			a, err := scanAttendee(r, true)
			out = append(out, a)
			return err
		})
	})
	return out, err
}

// FindExpectedStudent finds one student expected at a session.
func (st *Sessions) FindExpectedStudent(ctx context.Context, s sessions.Session, participantID int64, studentNumber string) (a sessions.Attendee, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		a, err = findExpectedStudent(tx, s, participantID, studentNumber)
		return err
	})
	return a, err
}

func findExpectedStudent(tx *Tx, s sessions.Session, participantID int64, studentNumber string) (a sessions.Attendee, err error) {
	found := false
	p := P{"program_id": s.ProgramID, "year": s.Year, "participant_id": participantID, "student_number": studentNumber}
	q := qFindExpectedStudentInProgram
	if s.GroupID != 0 {
		q = qFindExpectedStudentInGroup
		p["group_id"], p["roster_at"], p["starts_at"] = s.GroupID, s.RosterAt, s.StartsAt
	}
	rows, err := tx.query(q, p)
	err = each(rows, err, func(r *sql.Rows) error {
		if found {
			return nil
		}
		found = true
		a, err = scanAttendee(r, false)
		return err
	})
	if err == nil && !found {
		err = app.NotFound("student")
	}
	return a, err
}

// SaveCheckin writes a check-in and keeps the session's present count:
// one row per student and session, a repeat changes it (or leaves it).
func (st *Sessions) SaveCheckin(ctx context.Context, c sessions.Checkin) (created bool, at time.Time, err error) {
	if st.db.b != nil && c.Status == sessions.Present && st.db.joining(ctx) == nil {
		// The common case, a first "present" (or its repeat), goes with
		// the others waiting (checkin_batch.go); anything else — another
		// status, or a batch that failed, which the unit below then
		// explains — takes the unit.
		var present bool
		created, present, at, err = st.db.insertPresent(ctx, c)
		if err == nil && (created || present) {
			return created, at, nil
		}
		if errors.Is(err, ErrClosed) {
			return false, time.Time{}, err
		}
		if err := ctx.Err(); err != nil {
			return false, time.Time{}, err
		}
	}
	// A check-in changes nothing the caches keep (cache.go).
	err = st.db.writeKeeping(ctx, func(tx *Tx) error {
		created, at, err = saveCheckin(tx, c)
		return err
	})
	return created, at, err
}

// CheckInIf reads the facts of a check-in by student number and, when
// allow accepts them, saves it. The facts come from the check-in cache
// (cache.go) when it holds them: the session, the students expected at
// it and the actor's part in its program year. On SQLite the write is a
// unit on the writer that first sees whether any unit that might have
// changed those facts ran since they were read; if one did, it reads
// them again inside the unit and decides on those: nothing changes
// between the check and the write. On PostgreSQL the check reads
// committed data just before the write, as the full path does.
func (st *Sessions) CheckInIf(ctx context.Context, sessionID, personID int64, studentNumber string, c sessions.Checkin,
	allow func(sessions.CheckinFacts) bool) (f sessions.CheckinFacts, found, saved, created bool, at time.Time, err error) {
	if st.db.joining(ctx) != nil {
		// Inside a unit: what it has written so far decides.
		err = st.db.read(ctx, func(tx *Tx) (err error) {
			found, err = findCheckinFacts(tx, sessionID, personID, studentNumber, &f)
			return err
		})
		if err != nil || !found || !allow(f) {
			return f, found, false, false, time.Time{}, err
		}
		c.SessionID, c.ParticipantID = sessionID, f.Student.ParticipantID
		created, at, err = st.SaveCheckin(ctx, c)
		return f, found, err == nil, created, at, err
	}
	found, g, err := st.keptCheckinFacts(ctx, sessionID, personID, studentNumber, &f)
	if err != nil || !found || !allow(f) {
		return f, found, false, false, time.Time{}, err
	}
	c.SessionID, c.ParticipantID = sessionID, f.Student.ParticipantID
	if st.db.Dialect != SQLite {
		created, at, err = st.SaveCheckin(ctx, c)
		return f, found, err == nil, created, at, err
	}
	err = st.db.writeKeeping(ctx, func(tx *Tx) error {
		saved, created, at = false, false, time.Time{}
		if st.db.gen.Load() != g {
			// A unit that may have changed the facts ran since they
			// were read: decide on what this unit sees.
			f = sessions.CheckinFacts{}
			var err error
			found, err = findCheckinFacts(tx, sessionID, personID, studentNumber, &f)
			if err != nil || !found || !allow(f) {
				return err
			}
			c.ParticipantID = f.Student.ParticipantID
		}
		var err error
		created, at, err = saveCheckin(tx, c)
		saved = err == nil
		return err
	})
	if err != nil {
		saved = false
	}
	return f, found, saved, created, at, err
}

// checkinSession is what the check-in cache keeps of a session.
type checkinSession struct {
	s             sessions.Session // ID, ProgramID, Year, GroupID, StartsAt, RosterAt, CancelledAt
	institutionID int64
}

// rosterKey names the students a session may expect: a group's (every
// membership of its program year, past ones too), or for a plenary
// (group 0) the program year's.
type rosterKey struct {
	groupID, programID int64
	year               int
}

// roster is what the check-in cache keeps of a rosterKey's students, by
// student number, in participant id order.
type roster map[string][]rosterEntry

type rosterEntry struct {
	a        sessions.Attendee
	from, to time.Time // the group membership's valid_from and valid_to (zero: open); plenaries: unused
}

// expected is the student with that number expected at s: for a group
// session a member when the roster was taken who had not left when it
// began (FindExpectedStudentInGroup), for a plenary any student the
// roster holds (FindExpectedStudentInProgram).
func (r roster) expected(s sessions.Session, number string) (sessions.Attendee, bool) {
	for _, e := range r[number] {
		if s.GroupID == 0 || (!e.from.After(s.RosterAt) && (e.to.IsZero() || e.to.After(s.StartsAt))) {
			return e.a, true
		}
	}
	return sessions.Attendee{}, false
}

type partKey struct {
	programID int64
	year      int
	personID  int64
}

// part is a person's part in a program year, as FindRole gives it.
type part struct {
	role   string
	groups []int64
}

// keptCheckinFacts gives the facts findCheckinFacts reads, from the
// check-in cache, and the generation they were read at; false: no such
// session.
func (st *Sessions) keptCheckinFacts(ctx context.Context, sessionID, personID int64, studentNumber string, f *sessions.CheckinFacts) (bool, uint64, error) {
	// Shared with whoever waits for the same facts: no one request's
	// cancellation may fail the others.
	bg := context.WithoutCancel(ctx)
	cs, g, err := st.db.caches.checkinSessions.get(sessionID, func() (*checkinSession, error) {
		return st.findCheckinSession(bg, sessionID)
	})
	if app.ErrorCode(err) == app.CodeNotFound {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, err
	}
	// Facts read at different generations mean a unit ran meanwhile (so
	// the generation is past 0): the writer reads them again.
	same := func(other uint64) {
		if other != g {
			g = 0
		}
	}
	f.Session, f.InstitutionID = cs.s, cs.institutionID
	if personID != 0 {
		key := partKey{cs.s.ProgramID, cs.s.Year, personID}
		pt, pg, err := st.db.caches.parts.get(key, func() (part, error) {
			role, _, groups, err := st.FindRole(bg, key.programID, key.year, key.personID)
			return part{role, groups}, err
		})
		if err != nil {
			return false, 0, err
		}
		same(pg)
		f.Role = pt.role
		f.InGroup = cs.s.GroupID != 0 && slices.Contains(pt.groups, cs.s.GroupID)
	}
	rk := rosterKey{cs.s.GroupID, cs.s.ProgramID, cs.s.Year}
	ro, rg, err := st.db.caches.rosters.get(rk, func() (roster, error) { return st.findRoster(bg, rk) })
	if err != nil {
		return false, 0, err
	}
	same(rg)
	f.Student, f.Expected = ro.expected(cs.s, studentNumber)
	return true, g, nil
}

// findCheckinSession reads a session as the check-in cache keeps it.
func (st *Sessions) findCheckinSession(ctx context.Context, sessionID int64) (*checkinSession, error) {
	cs := &checkinSession{}
	err := st.db.read(ctx, func(tx *Tx) error {
		s := &cs.s
		var cancelled sql.NullTime
		if err := tx.get(qFindCheckinSession, P{"id": sessionID}, "session",
			&s.ID, &s.ProgramID, &s.Year, &s.GroupID, &s.StartsAt, &s.RosterAt, &cancelled, &cs.institutionID); err != nil {
			return err
		}
		s.StartsAt, s.RosterAt = utc(s.StartsAt), utc(s.RosterAt)
		if cancelled.Valid {
			t := utc(cancelled.Time)
			s.CancelledAt = &t
		}
		return nil
	})
	return cs, err
}

// findRoster reads the students a group's sessions (or a program year's
// plenaries) may expect.
func (st *Sessions) findRoster(ctx context.Context, k rosterKey) (roster, error) {
	ro := roster{}
	err := st.db.read(ctx, func(tx *Tx) error {
		var rows *sql.Rows
		var err error
		if k.groupID != 0 {
			rows, err = tx.query(qFindRosterInGroup, P{"group_id": k.groupID, "program_id": k.programID, "year": k.year})
		} else {
			rows, err = tx.query(qFindRosterInProgram, P{"program_id": k.programID, "year": k.year})
		}
		return each(rows, err, func(r *sql.Rows) error {
			var e rosterEntry
			var to sql.NullTime
			a := &e.a
			if err := r.Scan(&a.ParticipantID, &a.PersonID, &a.StudentNumber, &a.Name, &e.from, &to); err != nil {
				return err
			}
			e.from = utc(e.from)
			if to.Valid {
				e.to = utc(to.Time)
			}
			ro[a.StudentNumber] = append(ro[a.StudentNumber], e)
			return nil
		})
	})
	return ro, err
}

// findCheckinFacts reads the facts of a check-in; false: no such session.
func findCheckinFacts(tx *Tx, sessionID, personID int64, studentNumber string, f *sessions.CheckinFacts) (bool, error) {
	s, e := &f.Session, &f.Student
	var cancelled sql.NullTime
	err := tx.get(qFindCheckinFacts, P{"id": sessionID, "person_id": personID, "student_number": studentNumber}, "session",
		&s.ID, &s.ProgramID, &s.Year, &s.GroupID, &s.StartsAt, &s.RosterAt, &cancelled, &f.InstitutionID, &f.Role, &f.InGroup,
		&e.ParticipantID, &e.PersonID, &e.StudentNumber, &e.Name)
	if app.ErrorCode(err) == app.CodeNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	f.Expected = e.ParticipantID != 0
	s.StartsAt, s.RosterAt = utc(s.StartsAt), utc(s.RosterAt)
	if cancelled.Valid {
		t := utc(cancelled.Time)
		s.CancelledAt = &t
	}
	return true, nil
}

func saveCheckin(tx *Tx, c sessions.Checkin) (created bool, at time.Time, err error) {
	key := P{"session_id": c.SessionID, "participant_id": c.ParticipantID}
	p := P{"session_id": c.SessionID, "participant_id": c.ParticipantID, "status": c.Status, "method": c.Method,
		"account_id": nullID(c.AccountID), "now": tx.Now}
	res, err := tx.exec(qInsertCheckin, p)
	if err != nil {
		return false, at, err
	}
	delta := 0
	if n, _ := res.RowsAffected(); n == 1 {
		created, at = true, tx.Now
		if c.Status == sessions.Present {
			delta = 1
		}
	} else {
		var old string
		if err := tx.get(qFindCheckin, key, "check-in", &old, &at); err != nil {
			return false, at, err
		}
		at = utc(at)
		if old == c.Status {
			return false, at, nil
		}
		if _, err := tx.exec(qUpdateCheckin, p); err != nil {
			return false, at, err
		}
		at = tx.Now
		switch {
		case c.Status == sessions.Present:
			delta = 1
		case old == sessions.Present:
			delta = -1
		}
	}
	if delta != 0 {
		_, err = tx.exec(qAddPresent, P{"delta": delta, "id": c.SessionID})
	}
	return created, at, err
}

// FindMembers lists the program year's students in a group now.
func (st *Sessions) FindMembers(ctx context.Context, programID int64, year int) (out []sessions.Member, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindMembersNow, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var m sessions.Member
			err := r.Scan(&m.ParticipantID, &m.PersonID, &m.StudentNumber, &m.Name, &m.GroupID, &m.GroupName, &m.ValidFrom)
			m.ValidFrom = utc(m.ValidFrom)
			out = append(out, m)
			return err
		})
	})
	return out, err
}

// FindMarks lists the program year's check-ins that are not absences.
func (st *Sessions) FindMarks(ctx context.Context, programID int64, year int) (out []sessions.Mark, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindMarks, P{"program_id": programID, "year": year})
		var packed []byte
		return each(rows, err, func(r *sql.Rows) error {
			var session int64
			if err := r.Scan(&session, &packed); err != nil {
				return err
			}
			out, err = unpackMarks(out, session, packed)
			return err
		})
	})
	return out, err
}

// unpackMarks appends a session's marks as FindMarks packs them:
// "participant id" + p (present) or e (excused), comma separated.
func unpackMarks(out []sessions.Mark, session int64, packed []byte) ([]sessions.Mark, error) {
	if len(packed) == 0 {
		return out, nil
	}
	for item := range bytes.SplitSeq(packed, []byte{','}) {
		n := len(item) - 1
		if n < 1 || n > 18 {
			return out, fmt.Errorf("store: a packed mark %q", item)
		}
		var status string
		switch item[n] {
		case 'p':
			status = sessions.Present
		case 'e':
			status = sessions.Excused
		default:
			return out, fmt.Errorf("store: a packed mark %q", item)
		}
		var id int64
		for _, c := range item[:n] {
			if c < '0' || c > '9' {
				return out, fmt.Errorf("store: a packed mark %q", item)
			}
			id = id*10 + int64(c-'0')
		}
		out = append(out, sessions.Mark{SessionID: session, ParticipantID: id, Status: status})
	}
	return out, nil
}

// FindActions returns the program year's follow-up actions by participant.
func (st *Sessions) FindActions(ctx context.Context, programID int64, year int) (out map[int64][]sessions.Action, err error) {
	out = map[int64][]sessions.Action{}
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindActions, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var a sessions.Action
			var pid int64
			err := r.Scan(&a.ID, &pid, &a.Action, &a.ServiceID, &a.Service, &a.By, &a.At)
			a.At = utc(a.At)
			out[pid] = append(out[pid], a)
			return err
		})
	})
	return out, err
}

// CreateAction records a follow-up action.
func (st *Sessions) CreateAction(ctx context.Context, programID int64, year int, participantID int64, action string, serviceID, accountID int64) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateAction, P{"program_id": programID, "year": year, "participant_id": participantID,
			"action": action, "service_id": nullID(serviceID), "account_id": nullID(accountID), "now": tx.Now})
		return err
	})
	return id, err
}

// FindRequirement returns the program year's attendance requirement.
func (st *Sessions) FindRequirement(ctx context.Context, programID int64, year int) (share float64, ok bool, err error) {
	var v sql.NullFloat64
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindRequirement, P{"program_id": programID, "year": year}, "program year", &v)
	})
	return v.Float64, v.Valid, err
}

// SaveRequirement sets or clears the program year's attendance requirement.
func (st *Sessions) SaveRequirement(ctx context.Context, programID int64, year int, share *float64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		var v any
		if share != nil {
			v = *share
		}
		_, err := tx.exec(qSaveRequirement, P{"share": v, "program_id": programID, "year": year})
		return err
	})
}

// FindServices lists an institution's support services.
func (st *Sessions) FindServices(ctx context.Context, institutionID int64) (out []sessions.SupportService, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindServices, P{"institution_id": institutionID})
		return each(rows, err, func(r *sql.Rows) error {
			var s sessions.SupportService
			err := r.Scan(&s.ID, &s.InstitutionID, &s.Name, &s.About, &s.URL, &s.Email, &s.Phone)
			out = append(out, s)
			return err
		})
	})
	return out, err
}

// SaveService adds or updates (by name) an institution's support service.
func (st *Sessions) SaveService(ctx context.Context, s sessions.SupportService, position int) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		id, err = tx.insert(qCreateService, P{"institution_id": s.InstitutionID, "name": s.Name, "about": s.About, "url": s.URL,
			"email": s.Email, "phone": s.Phone, "position": position, "now": tx.Now})
		return err
	})
	return id, err
}

// RetireService takes a support service off the directory (referrals to
// it stay as they were).
func (st *Sessions) RetireService(ctx context.Context, institutionID, id int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qRetireService, P{"now": tx.Now, "id": id, "institution_id": institutionID})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("support service")
		}
		return nil
	})
}

// FindFeedSecret returns a person's calendar secret, storing fresh as
// theirs when they have none.
func (st *Sessions) FindFeedSecret(ctx context.Context, personID int64, fresh string) (secret string, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindFeedSecret, P{"person_id": personID}, "calendar", &secret)
	})
	if app.ErrorCode(err) != app.CodeNotFound {
		return secret, err
	}
	err = st.db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(qCreateFeedSecret, P{"person_id": personID, "secret": fresh, "now": tx.Now}); err != nil {
			return err
		}
		return tx.get(qFindFeedSecret, P{"person_id": personID}, "calendar", &secret)
	})
	return secret, err
}

// NewFeedSecret replaces a person's calendar secret.
func (st *Sessions) NewFeedSecret(ctx context.Context, personID int64, fresh string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qReplaceFeedSecret, P{"person_id": personID, "secret": fresh, "now": tx.Now})
		return err
	})
}

// FindFeedPerson returns the person a calendar secret belongs to.
func (st *Sessions) FindFeedPerson(ctx context.Context, secret string) (id int64, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindFeedPerson, P{"secret": secret}, "calendar", &id)
	})
	return id, err
}

// FindPersonRef finds a person of an institution by student number or
// mentor id, else by mentorhub id.
func (st *Sessions) FindPersonRef(ctx context.Context, institutionID int64, ref string) (id int64, err error) {
	if ref == "" || len(ref) > 64 {
		return 0, app.NotFound("person")
	}
	err = st.db.read(ctx, func(tx *Tx) error {
		var ids []int64
		rows, err := tx.query(qFindPersonRef, P{"institution_id": institutionID, "ref": ref})
		if err := each(rows, err, func(r *sql.Rows) error {
			var x int64
			err := r.Scan(&x)
			ids = append(ids, x)
			return err
		}); err != nil {
			return err
		}
		if len(ids) == 1 {
			id = ids[0]
			return nil
		}
		n, perr := strconv.ParseInt(ref, 10, 64)
		if len(ids) > 1 || perr != nil {
			return app.NotFound("person")
		}
		return tx.get(qFindPersonByID, P{"id": n, "institution_id": institutionID}, "person", &id)
	})
	return id, err
}

// FindPersonPrograms lists the programs a person takes part in.
func (st *Sessions) FindPersonPrograms(ctx context.Context, personID int64) (out []int64, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindPersonPrograms, P{"person_id": personID})
		return each(rows, err, func(r *sql.Rows) error {
			var x int64
			err := r.Scan(&x)
			out = append(out, x)
			return err
		})
	})
	return out, err
}

// FindYearGroups lists a program year's groups with their meeting slots.
func (st *Sessions) FindYearGroups(ctx context.Context, programID int64, year int) (out []sessions.GroupRef, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindYearGroups, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var g sessions.GroupRef
			err := r.Scan(&g.ID, &g.Name, &g.Slot)
			out = append(out, g)
			return err
		})
	})
	return out, err
}

// ids runs an INSERT/UPDATE … RETURNING id and collects the ids.
func (tx *Tx) ids(q *queryRef, p P) (out []int64, err error) {
	rows, err := tx.query(q, p)
	err = each(rows, err, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}

// QueueWelcome records a welcome for every student of the program year
// who has none; resend queues again those that did not go.
func (st *Sessions) QueueWelcome(ctx context.Context, programID int64, year int, resend bool) (ids []int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		p := P{"program_id": programID, "year": year, "now": tx.Now}
		if resend {
			if ids, err = tx.ids(qRequeueWelcome, p); err != nil {
				return err
			}
		}
		more, err := tx.ids(qQueueWelcome, p)
		ids = append(ids, more...)
		return err
	})
	return ids, err
}

// QueueReminders records a reminder for each student expected at a
// session starting in [from, to) who has none for it, and a welcome for
// each student placed in a group of a program year whose sessions begin
// within two weeks who has had none: at most 5,000 of each kind a call
// (the next run, a quarter of an hour later, takes the rest), so one
// unit never holds the writer long enough to slow check-ins.
func (st *Sessions) QueueReminders(ctx context.Context, from, to time.Time) (ids []int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		p := P{"from": from.UTC(), "to": to.UTC(), "now": tx.Now}
		if ids, err = tx.ids(qQueueGroupReminders, p); err != nil {
			return err
		}
		more, err := tx.ids(qQueuePlenaryReminders, p)
		ids = append(ids, more...)
		if err != nil {
			return err
		}
		more, err = tx.ids(qQueueWelcomesDue, P{"now": tx.Now, "soon": tx.Now.Add(14 * 24 * time.Hour)})
		ids = append(ids, more...)
		return err
	})
	return ids, err
}

// QueueMessage records one message of a kind to a participant (0: no
// address).
func (st *Sessions) QueueMessage(ctx context.Context, kind string, participantID, sessionID int64) (id int64, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		ids, err := tx.ids(qQueueMessage, P{"session_id": nullID(sessionID), "kind": kind, "participant_id": participantID, "now": tx.Now})
		if len(ids) > 0 {
			id = ids[0]
		}
		return err
	})
	return id, err
}

// FindMessage returns a recorded message.
func (st *Sessions) FindMessage(ctx context.Context, id int64) (m sessions.MessageRecord, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindMessage, P{"id": id}, "message", &m.ID, &m.Kind, &m.Recipient, &m.Lang, &m.State, &m.ProgramID, &m.Year,
			&m.ParticipantID, &m.SessionID, &m.Attempts, &m.CreatedAt)
	})
	return m, err
}

// SaveMessageOutcome records what became of a send.
func (st *Sessions) SaveMessageOutcome(ctx context.Context, id int64, state, errText, messageID string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qSaveMessageOutcome, P{"state": state, "error": errText, "message_id": messageID, "now": tx.Now, "id": id})
		return err
	})
}

// CountMessages counts a program year's messages by kind and state.
func (st *Sessions) CountMessages(ctx context.Context, programID int64, year int) (out map[string]map[string]int, err error) {
	out = map[string]map[string]int{}
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qCountMessages, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var k, s string
			var n int
			if err := r.Scan(&k, &s, &n); err != nil {
				return err
			}
			if out[k] == nil {
				out[k] = map[string]int{}
			}
			out[k][s] = n
			return nil
		})
	})
	return out, err
}

// FindMailContext returns what a message to a participant says.
func (st *Sessions) FindMailContext(ctx context.Context, participantID int64) (c sessions.MailContext, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		if err := tx.get(qFindMailContext, P{"id": participantID}, "participant", &c.Name, &c.OptedOut, &c.Program, &c.About, &c.Contact,
			&c.GroupID, &c.Group); err != nil {
			return err
		}
		if c.GroupID == 0 {
			return nil
		}
		rows, err := tx.query(qFindGroupMentorNames, P{"group_id": c.GroupID})
		return each(rows, err, func(r *sql.Rows) error {
			var n, e string
			err := r.Scan(&n, &e)
			c.Mentors = append(c.Mentors, n)
			c.MentorEmails = append(c.MentorEmails, e)
			return err
		})
	})
	return c, err
}

// FindNextSession returns the next session a student of a group (0: of
// none) is expected at after a moment (not found when none).
func (st *Sessions) FindNextSession(ctx context.Context, programID int64, year int, groupID int64, after time.Time) (sessions.Session, error) {
	return st.findSession(ctx, qFindNextSession, P{"program_id": programID, "year": year, "after": after.UTC(), "group_id": groupID})
}

// FindGroupMentorIDs lists the participations of a group's mentors now.
func (st *Sessions) FindGroupMentorIDs(ctx context.Context, groupID int64) (out []int64, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		out, err = tx.ids(qFindGroupMentorIDs, P{"group_id": groupID})
		return err
	})
	return out, err
}

// LastMessageAt is when a participant was last sent a message of a kind
// (zero when never).
func (st *Sessions) LastMessageAt(ctx context.Context, participantID int64, kind string) (at time.Time, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qLastMessageAt, P{"participant_id": participantID, "kind": kind}, "message", &at)
	})
	if app.ErrorCode(err) == app.CodeNotFound {
		return time.Time{}, nil
	}
	return utc(at), err
}
