package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"

	"github.com/mentorhub/mentorhub/internal/training"
)

// Training keeps training modules, completions and program years'
// required modules.
type Training struct{ db *DB }

// NewTraining returns the training repository over db.
func NewTraining(db *DB) *Training { return &Training{db} }

// FindModules lists the national modules and the institution's own.
func (st *Training) FindModules(ctx context.Context, inst int64) (out []training.Module, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindTrainingModules, P{"institution_id": inst})
		return each(rows, err, func(r *sql.Rows) error {
			var m training.Module
			err := r.Scan(&m.ID, &m.InstitutionID, &m.Code, &m.Name, &m.Provider, &m.Format, &m.Hours, &m.Credits,
				&m.Minimum, &m.Recommended, &m.Position)
			out = append(out, m)
			return err
		})
	})
	return out, err
}

// FindPeople lists the institution's persons, or those taking part in one
// of programs when programs is not nil.
func (st *Training) FindPeople(ctx context.Context, inst int64, programs []int64) (out []training.Person, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		scan := func(r *sql.Rows) error {
			var p training.Person
			err := r.Scan(&p.ID, &p.StudentNumber, &p.EmployeeID)
			out = append(out, p)
			return err
		}
		if programs == nil {
			rows, err := tx.query(qFindInstitutionPeople, P{"institution_id": inst})
			return each(rows, err, scan)
		}
		for _, id := range programs {
			rows, err := tx.query(qFindProgramPeople, P{"program_id": id, "institution_id": inst})
			if err := each(rows, err, scan); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// FindPersonRef finds a person of an institution by student number,
// employee id or mentor id, else by mentorhub id.
func (st *Training) FindPersonRef(ctx context.Context, inst int64, ref string) (int64, error) {
	return (&Sessions{st.db}).FindPersonRef(ctx, inst, ref)
}

// FindPersonPrograms lists the programs a person takes part in.
func (st *Training) FindPersonPrograms(ctx context.Context, personID int64) ([]int64, error) {
	return (&Sessions{st.db}).FindPersonPrograms(ctx, personID)
}

// SaveCompletions records completions in one unit, skipping those
// recorded before (multi-row statements: an import of 50,000 rows holds
// the writer for a few hundred statements, not 50,000); imported counts
// the new rows.
func (st *Training) SaveCompletions(ctx context.Context, cs []training.Completion) (imported int, err error) {
	err = st.db.Write(ctx, func(tx *Tx) error {
		imported = 0
		rows := make([][]any, len(cs))
		for i, c := range cs {
			rows[i] = []any{c.PersonID, c.ModuleID, c.CompletedOn, c.Source, nullID(c.AccountID), tx.Now}
		}
		return tx.batch("INSERT INTO training_completions (person_id, module_id, completed_on, source, account_id, recorded_at)",
			"ON CONFLICT (person_id, module_id, completed_on) DO NOTHING RETURNING id", 6, rows, func(r *sql.Rows) error {
				imported++
				return nil
			})
	})
	return imported, err
}

// FindCompletions lists a person's completions, newest first.
func (st *Training) FindCompletions(ctx context.Context, personID int64) (out []training.Completion, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindCompletions, P{"person_id": personID})
		return each(rows, err, func(r *sql.Rows) error {
			var c training.Completion
			err := r.Scan(&c.ID, &c.PersonID, &c.ModuleID, &c.Module, &c.CompletedOn, &c.Source, &c.AccountID, &c.RecordedAt)
			c.CompletedOn, c.RecordedAt = utc(c.CompletedOn), utc(c.RecordedAt)
			out = append(out, c)
			return err
		})
	})
	return out, err
}

// FindMentorships lists the person's active mentor participations, the
// latest year of each program, with each year's chosen modules.
func (st *Training) FindMentorships(ctx context.Context, personID int64) (out []training.Mentorship, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindMentorships, P{"person_id": personID})
		if err := each(rows, err, func(r *sql.Rows) error {
			var m training.Mentorship
			err := r.Scan(&m.ProgramID, &m.ProgramName, &m.InstitutionID, &m.Year, &m.Custom)
			out = append(out, m)
			return err
		}); err != nil {
			return err
		}
		for i := range out {
			if !out[i].Custom {
				continue
			}
			if out[i].Required, err = requirementModules(tx, out[i].ProgramID, out[i].Year); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func requirementModules(tx *Tx, programID int64, year int) (out []int64, err error) {
	rows, err := tx.query(qFindRequirementModules, P{"program_id": programID, "year": year})
	err = each(rows, err, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}

// FindRequirement tells whether a program year chose its own modules and
// which.
func (st *Training) FindRequirement(ctx context.Context, programID int64, year int) (custom bool, modules []int64, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		if err := tx.get(qFindRequirementCustom, P{"program_id": programID, "year": year}, "program year", &custom); err != nil {
			return err
		}
		if custom {
			modules, err = requirementModules(tx, programID, year)
		}
		return err
	})
	return custom, modules, err
}

// SetRequirement makes modules the program year's own requirement; none
// returns the year to the catalogue's minimum.
func (st *Training) SetRequirement(ctx context.Context, programID int64, year int, modules []int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		p := P{"program_id": programID, "year": year}
		if _, err := tx.exec(qClearRequirement, p); err != nil {
			return err
		}
		for _, id := range modules {
			if _, err := tx.exec(qAddRequirement, P{"program_id": programID, "year": year, "module_id": id}); err != nil {
				return err
			}
		}
		_, err := tx.exec(qSetRequirementCustom, P{"custom": len(modules) > 0, "program_id": programID, "year": year})
		return err
	})
}

// FindYear returns what the gate needs of a program year: whether it is
// on, the year's own modules (nil for the minimum), its active mentors
// with their overrides, and the modules each mentor's person completed.
func (st *Training) FindYear(ctx context.Context, programID int64, year int) (y training.Year, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		p := P{"program_id": programID, "year": year}
		var custom bool
		if err := tx.get(qFindGate, p, "program year", &y.Gate, &custom); err != nil {
			return err
		}
		if custom {
			if y.Required, err = requirementModules(tx, programID, year); err != nil {
				return err
			}
			if y.Required == nil {
				y.Required = []int64{}
			}
		}
		rows, err := tx.query(qFindYearMentors, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			var m training.YearMentor
			err := r.Scan(&m.ParticipantID, &m.PersonID, &m.Ref, &m.Name, &m.Override)
			y.Mentors = append(y.Mentors, m)
			return err
		}); err != nil {
			return err
		}
		y.Done = map[int64][]int64{}
		rows, err = tx.query(qFindYearMentorCompletions, p)
		return each(rows, err, func(r *sql.Rows) error {
			var person, module int64
			err := r.Scan(&person, &module)
			y.Done[person] = append(y.Done[person], module)
			return err
		})
	})
	return y, err
}

// SetGate turns a program year's gate on or off.
func (st *Training) SetGate(ctx context.Context, programID int64, year int, on bool) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qSetGate, P{"gate": on, "program_id": programID, "year": year})
		return err
	})
}

// SetOverride ends a mentor's override and, with a reason, starts a new one.
func (st *Training) SetOverride(ctx context.Context, participantID int64, reason string, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(qEndOverrides, P{"now": tx.Now, "participant_id": participantID}); err != nil {
			return err
		}
		if reason == "" {
			return nil
		}
		_, err := tx.exec(qAddOverride, P{"participant_id": participantID, "reason": reason, "account_id": nullID(accountID), "now": tx.Now})
		return err
	})
}

// CreateEvent stores a training event.
func (st *Training) CreateEvent(ctx context.Context, e *training.Event, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateTrainingEvent, P{"institution_id": e.InstitutionID, "module_id": e.ModuleID, "starts_at": e.StartsAt,
			"ends_at": e.EndsAt, "place": e.Place, "capacity": e.Capacity, "account_id": nullID(accountID), "now": tx.Now, "code": nullStr(e.CheckinCode)})
		e.ID = id
		return err
	})
}

func (st *Training) findEvents(ctx context.Context, p P) (out []training.Event, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindTrainingEvents, p)
		return each(rows, err, func(r *sql.Rows) error {
			var e training.Event
			var cancelled sql.NullTime
			err := r.Scan(&e.ID, &e.InstitutionID, &e.ModuleID, &e.Module, &e.ModuleName, &e.StartsAt, &e.EndsAt, &e.Place, &e.Capacity,
				&e.SignedUp, &cancelled, &e.CheckinCode)
			e.StartsAt, e.EndsAt, e.CancelledAt = utc(e.StartsAt), utc(e.EndsAt), optTime(cancelled)
			out = append(out, e)
			return err
		})
	})
	return out, err
}

// FindEvent returns a training event.
func (st *Training) FindEvent(ctx context.Context, id int64) (training.Event, error) {
	es, err := st.findEvents(ctx, P{"id": id, "institution_id": 0, "from": time.Time{}, "code": ""})
	if err == nil && len(es) == 0 {
		err = app.NotFound("event")
	}
	if err != nil {
		return training.Event{}, err
	}
	return es[0], nil
}

// FindEvents lists an institution's events from a time on.
func (st *Training) FindEvents(ctx context.Context, inst int64, from time.Time) ([]training.Event, error) {
	return st.findEvents(ctx, P{"id": 0, "institution_id": inst, "from": from, "code": ""})
}

// SignUp puts a person on an event's roster while there is room: a place
// is taken by a conditional UPDATE of the event's count (re-checked under
// the row's lock on PostgreSQL), so concurrent sign-ups cannot take more
// places than there are; signing up again changes nothing.
func (st *Training) SignUp(ctx context.Context, eventID, personID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get(qIsSignedUp, P{"event_id": eventID, "person_id": personID}, "sign-up", &n); err != nil || n > 0 {
			return err
		}
		res, err := tx.exec(qTakePlace, P{"event_id": eventID})
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return &app.Error{Code: app.CodeConflict, Key: "training.event_full", Message: "the event is full"}
		}
		res, err = tx.exec(qSignUpForEvent, P{"event_id": eventID, "person_id": personID, "now": tx.Now})
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			// Signed up meanwhile by a request of their own: the place back.
			_, err = tx.exec(qGiveBackPlace, P{"event_id": eventID})
		}
		return err
	})
}

// FindSignups lists an event's roster.
func (st *Training) FindSignups(ctx context.Context, eventID int64) (out []training.Signup, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindSignups, P{"event_id": eventID})
		return each(rows, err, func(r *sql.Rows) error {
			var s training.Signup
			err := r.Scan(&s.PersonID, &s.Ref, &s.Name, &s.Status)
			out = append(out, s)
			return err
		})
	})
	return out, err
}

// Mark sets a person's status at an event and, for attended, records the
// module as completed on the event's day (Oslo) in the same unit.
func (st *Training) Mark(ctx context.Context, ev training.Event, personID int64, status string, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(qMarkSignup, P{"event_id": ev.ID, "person_id": personID, "status": status, "now": tx.Now}); err != nil {
			return err
		}
		if status != training.Attended {
			return nil
		}
		day := ev.StartsAt.In(osloZone)
		return tx.batch("INSERT INTO training_completions (person_id, module_id, completed_on, source, account_id, recorded_at)",
			"ON CONFLICT (person_id, module_id, completed_on) DO NOTHING", 6,
			[][]any{{personID, ev.ModuleID, time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC), training.FromEvent, nullID(accountID), tx.Now}}, nil)
	})
}

var osloZone = func() *time.Location {
	l, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return l
}()

// FindPairMentors lists a program year's active mentors with their
// earlier years as mentors.
func (st *Training) FindPairMentors(ctx context.Context, programID int64, year int) (out []training.PairMentor, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindYearMentorsExperience, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var m training.PairMentor
			err := r.Scan(&m.ParticipantID, &m.Ref, &m.Name, &m.Programme, &m.EarlierYears)
			out = append(out, m)
			return err
		})
	})
	return out, err
}

// FindPairs lists a program year's open pairs.
func (st *Training) FindPairs(ctx context.Context, programID int64, year int) (ids, experienced, newcomer []int64, since []time.Time, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(qFindMentorPairs, P{"program_id": programID, "year": year})
		return each(rows, err, func(r *sql.Rows) error {
			var id, e, n int64
			var t time.Time
			err := r.Scan(&id, &e, &n, &t)
			ids, experienced, newcomer, since = append(ids, id), append(experienced, e), append(newcomer, n), append(since, utc(t))
			return err
		})
	})
	return ids, experienced, newcomer, since, err
}

// CreatePair opens a pair; a conflict when the newcomer has one.
func (st *Training) CreatePair(ctx context.Context, programID int64, year int, experienced, newcomer, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		ids, err := tx.ids(qCreateMentorPair, P{"program_id": programID, "year": year, "experienced_id": experienced, "newcomer_id": newcomer,
			"account_id": nullID(accountID), "now": tx.Now})
		if err == nil && len(ids) == 0 {
			err = &app.Error{Code: app.CodeConflict, Key: "training.paired", Message: "the new mentor has a pair already"}
		}
		return err
	})
}

// EndPair ends an open pair of the program; not found when there is none.
func (st *Training) EndPair(ctx context.Context, programID, id int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qEndMentorPair, P{"now": tx.Now, "id": id, "program_id": programID})
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.NotFound("pair")
		}
		return nil
	})
}

// CreateMeeting stores a mentors' meeting.
func (st *Training) CreateMeeting(ctx context.Context, programID int64, year int, m *training.MentorMeeting, accountID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateMentorMeeting, P{"program_id": programID, "year": year, "kind": m.Kind, "title": m.Title,
			"starts_at": m.StartsAt, "ends_at": m.EndsAt, "place": m.Place, "account_id": nullID(accountID), "now": tx.Now})
		m.ID = id
		return err
	})
}

// FindMeetings lists a program year's mentor meetings with their marks,
// and the year's active mentors.
func (st *Training) FindMeetings(ctx context.Context, programID int64, year int) (ms []training.MentorMeeting, mentors []training.MeetingMentor, err error) {
	p := P{"program_id": programID, "year": year}
	err = st.db.read(ctx, func(tx *Tx) error {
		idx := map[int64]int{}
		rows, err := tx.query(qFindMentorMeetings, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			m := training.MentorMeeting{Marks: map[int64]string{}}
			err := r.Scan(&m.ID, &m.Kind, &m.Title, &m.StartsAt, &m.EndsAt, &m.Place)
			m.StartsAt, m.EndsAt = utc(m.StartsAt), utc(m.EndsAt)
			idx[m.ID] = len(ms)
			ms = append(ms, m)
			return err
		}); err != nil {
			return err
		}
		rows, err = tx.query(qFindMeetingMentors, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			var m training.MeetingMentor
			err := r.Scan(&m.ParticipantID, &m.Ref, &m.Name, &m.Programme, &m.Chief, &m.PersonID)
			mentors = append(mentors, m)
			return err
		}); err != nil {
			return err
		}
		rows, err = tx.query(qFindMeetingMarks, p)
		return each(rows, err, func(r *sql.Rows) error {
			var mid, pid int64
			var status string
			err := r.Scan(&mid, &pid, &status)
			if i, ok := idx[mid]; ok {
				ms[i].Marks[pid] = status
			}
			return err
		})
	})
	return ms, mentors, err
}

// MarkMeeting sets a mentor's mark at a meeting.
func (st *Training) MarkMeeting(ctx context.Context, meetingID, participantID int64, status string) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qMarkMeeting, P{"meeting_id": meetingID, "participant_id": participantID, "status": status, "now": tx.Now})
		return err
	})
}

// CreateModule adds a module of an institution's own.
func (st *Training) CreateModule(ctx context.Context, m *training.Module) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		id, err := tx.insert(qCreateTrainingModule, P{"institution_id": m.InstitutionID, "code": m.Code, "name": m.Name, "provider": m.Provider,
			"format": m.Format, "hours": m.Hours, "credits": m.Credits, "recommended": m.Recommended, "now": tx.Now})
		m.ID = id
		return err
	})
}

// FindFeedPerson returns the person a calendar secret belongs to.
func (st *Training) FindFeedPerson(ctx context.Context, secret string) (int64, error) {
	return (&Sessions{st.db}).FindFeedPerson(ctx, secret)
}

// FindPersonFeed lists the mentors' meetings a person is expected at and
// the training events they signed up for.
func (st *Training) FindPersonFeed(ctx context.Context, personID int64) (out []training.FeedEntry, err error) {
	p := P{"person_id": personID}
	err = st.db.read(ctx, func(tx *Tx) error {
		out = out[:0]
		rows, err := tx.query(qFindPersonMeetingsFeed, p)
		if err := each(rows, err, func(r *sql.Rows) error {
			e := training.FeedEntry{Kind: training.FeedMeeting}
			err := r.Scan(&e.ID, &e.Title, &e.Program, &e.Place, &e.StartsAt, &e.EndsAt, &e.Updated)
			e.StartsAt, e.EndsAt, e.Updated = utc(e.StartsAt), utc(e.EndsAt), utc(e.Updated)
			out = append(out, e)
			return err
		}); err != nil {
			return err
		}
		rows, err = tx.query(qFindPersonEventsFeed, p)
		return each(rows, err, func(r *sql.Rows) error {
			e := training.FeedEntry{Kind: training.FeedEvent}
			var cancelled sql.NullTime
			err := r.Scan(&e.ID, &e.Title, &e.Place, &e.StartsAt, &e.EndsAt, &cancelled, &e.Updated)
			e.StartsAt, e.EndsAt, e.Updated = utc(e.StartsAt), utc(e.EndsAt), utc(e.Updated)
			if cancelled.Valid {
				e.Cancelled, e.Updated = true, utc(cancelled.Time)
			}
			out = append(out, e)
			return err
		})
	})
	return out, err
}

// FindEventByCode returns the training event of institution inst with a
// check-in code.
func (st *Training) FindEventByCode(ctx context.Context, inst int64, code string) (training.Event, error) {
	es, err := st.findEvents(ctx, P{"id": 0, "institution_id": inst, "from": time.Time{}, "code": code})
	if err == nil && len(es) == 0 {
		err = app.NotFound("event")
	}
	if err != nil {
		return training.Event{}, err
	}
	return es[0], nil
}

// CancelEvent marks a training event cancelled (once: a second time
// changes nothing).
func (st *Training) CancelEvent(ctx context.Context, id int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(qCancelTrainingEvent, P{"id": id, "now": tx.Now})
		return err
	})
}

// FindContact returns a person's e-mail address, given name and
// language ("" where no participation gives one).
func (st *Training) FindContact(ctx context.Context, personID int64) (email, name, lang string, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		return tx.get(qFindPersonContact, P{"id": personID}, "person", &email, &name, &lang)
	})
	return email, name, lang, err
}

// FindPersonSignups returns the status of each of a person's sign-ups,
// by event.
func (st *Training) FindPersonSignups(ctx context.Context, personID int64) (out map[int64]string, err error) {
	err = st.db.read(ctx, func(tx *Tx) error {
		out = map[int64]string{}
		rows, err := tx.query(qFindPersonSignups, P{"person_id": personID})
		return each(rows, err, func(r *sql.Rows) error {
			var id int64
			var status string
			err := r.Scan(&id, &status)
			out[id] = status
			return err
		})
	})
	return out, err
}

// Withdraw takes a person off an event's roster, giving their place
// back; nothing changes for one not signed up (or marked already).
func (st *Training) Withdraw(ctx context.Context, eventID, personID int64) error {
	return st.db.Write(ctx, func(tx *Tx) error {
		res, err := tx.exec(qWithdrawSignup, P{"event_id": eventID, "person_id": personID})
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			_, err = tx.exec(qGiveBackPlace, P{"event_id": eventID})
		}
		return err
	})
}
