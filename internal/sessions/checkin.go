package sessions

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// validStatus reads a status ("" is present).
func validStatus(st string) (string, error) {
	switch st {
	case "":
		return Present, nil
	case Present, Absent, Excused:
		return st, nil
	}
	return "", invalid("checkin.bad_status", "status", "status must be present, absent or excused")
}

func errCancelled() error {
	return &app.Error{Code: app.CodeConflict, Key: "checkin.cancelled", Message: "the session is cancelled"}
}

func errNotExpected() error {
	return &app.Error{Code: app.CodeInvalid, Key: "checkin.not_expected", Message: "the student is not expected at this session (not in its group, or not taking part in the program this year)",
		Details: []app.Detail{{Column: "student_number", Message: "not expected at this session"}}}
}

// CheckIn records a student's attendance by student number: a mentor of
// the session's group (any of the program's mentors at a plenary) or a
// coordinator. status "" is present.
func (s *Service) CheckIn(ctx context.Context, sessionID int64, studentNumber, status string) (CheckinResult, error) {
	st, verr := validStatus(status)
	studentNumber = strings.TrimSpace(studentNumber)
	if verr == nil && (studentNumber == "" || len(studentNumber) > 64) {
		verr = invalid("checkin.number_required", "student_number", "give the student's student number")
	}
	if verr == nil {
		// The common case in one unit of work: the facts read and the row
		// written together, accepted only where every check below would
		// accept. Anything else takes the full path, which says why (and
		// audits a refusal).
		a := app.ActorFrom(ctx)
		var personID int64
		if a != nil {
			personID = a.PersonID
		}
		c := Checkin{Status: st, Method: ByRoster, AccountID: accountOf(ctx)}
		f, _, saved, created, at, err := s.store.CheckInIf(ctx, sessionID, personID, studentNumber, c, func(f CheckinFacts) bool {
			return mayCheckIn(a, f)
		})
		if err != nil {
			return CheckinResult{}, err
		}
		if saved {
			return CheckinResult{SessionID: sessionID, StudentNumber: f.Student.StudentNumber, Name: f.Student.Name, Status: st, Created: created, CheckedAt: at}, nil
		}
	}
	// Who may comes before the body: someone kept out learns nothing
	// from it.
	se, p, err := s.session(ctx, sessionID, false)
	if err != nil {
		return CheckinResult{}, err
	}
	if err := s.need(ctx, p, Mentor, "checkin.record"); err != nil {
		return CheckinResult{}, err
	}
	if verr != nil {
		return CheckinResult{}, verr
	}
	if se.Cancelled() {
		return CheckinResult{}, errCancelled()
	}
	who, err := s.store.FindExpectedStudent(ctx, se, 0, studentNumber)
	if app.ErrorCode(err) == app.CodeNotFound {
		return CheckinResult{}, errNotExpected()
	}
	if err != nil {
		return CheckinResult{}, err
	}
	return s.save(ctx, se, who, st, ByRoster)
}

// mayCheckIn is what CheckIn's full path allows, on the facts of one
// unit: a coordinator (program.CanEdit) at any session, a mentor of the
// program year of the same institution at its plenaries and their
// groups' sessions; never at a cancelled session, and only a student
// expected there. It must never allow what the full path refuses.
func mayCheckIn(a *app.Actor, f CheckinFacts) bool {
	if !f.Expected || f.Session.Cancelled() {
		return false
	}
	switch {
	case program.CanEdit(a, program.Program{ID: f.Session.ProgramID, InstitutionID: f.InstitutionID}):
		return true // Manager: reaches every session
	case a == nil || a.InstitutionID != f.InstitutionID || a.PersonID == 0:
		return false
	case f.Role != "mentor":
		return false
	}
	return f.Session.Plenary() || f.InGroup
}

// CheckInSelf checks the logged-in student in with the session's code.
func (s *Service) CheckInSelf(ctx context.Context, sessionID int64, code string) (CheckinResult, error) {
	// A session the actor cannot reach is not found, whatever the code.
	se, p, err := s.session(ctx, sessionID, false)
	if err != nil {
		return CheckinResult{}, err
	}
	if !sameCode(se.CheckinCode, code) {
		s.audit(ctx, "checkin.code", "", "denied", "")
		return CheckinResult{}, errBadCode()
	}
	a := app.ActorFrom(ctx)
	if a == nil || a.PersonID == 0 {
		return CheckinResult{}, app.Forbidden()
	}
	if se.Cancelled() {
		return CheckinResult{}, errCancelled()
	}
	if p.ParticipantID == 0 {
		return CheckinResult{}, errNotExpected()
	}
	who, err := s.store.FindExpectedStudent(ctx, se, p.ParticipantID, "")
	if app.ErrorCode(err) == app.CodeNotFound {
		return CheckinResult{}, errNotExpected()
	}
	if err != nil {
		return CheckinResult{}, err
	}
	return s.save(ctx, se, who, Present, ByCode)
}

// CheckInByNumber checks a student in with the session's code and their
// student number, without logging in: only on the session's day (Oslo
// time), and the caller must rate-limit it (codes must not be guessed).
func (s *Service) CheckInByNumber(ctx context.Context, code, studentNumber string) (CheckinResult, error) {
	c := NormaliseCode(code)
	studentNumber = strings.TrimSpace(studentNumber)
	if c == "" {
		return CheckinResult{}, errBadCode()
	}
	if studentNumber == "" || len(studentNumber) > 64 {
		return CheckinResult{}, invalid("checkin.number_required", "student_number", "give your student number")
	}
	se, err := s.store.FindSessionByCode(ctx, c)
	if app.ErrorCode(err) == app.CodeNotFound {
		s.audit(ctx, "checkin.code", "", "denied", "")
		return CheckinResult{}, errBadCode()
	}
	if err != nil {
		return CheckinResult{}, err
	}
	if se.Cancelled() {
		return CheckinResult{}, errCancelled()
	}
	if !sameDay(se.StartsAt, s.clock.Now()) {
		return CheckinResult{}, &app.Error{Code: app.CodeConflict, Key: "checkin.not_today", Message: "the code works on the day of the session only"}
	}
	who, err := s.store.FindExpectedStudent(ctx, se, 0, studentNumber)
	if app.ErrorCode(err) == app.CodeNotFound {
		return CheckinResult{}, errNotExpected()
	}
	if err != nil {
		return CheckinResult{}, err
	}
	return s.save(app.WithActor(ctx, app.SystemActor), se, who, Present, ByNumber)
}

func errBadCode() error {
	return &app.Error{Code: app.CodeInvalid, Key: "checkin.bad_code", Message: "the code is not this session's code",
		Details: []app.Detail{{Column: "code", Message: "wrong code"}}}
}

func sameCode(want, got string) bool {
	g := NormaliseCode(got)
	return g != "" && subtle.ConstantTimeCompare([]byte(want), []byte(g)) == 1
}

var oslo = mustOslo()

func mustOslo() *time.Location {
	l, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return l
}

// Oslo is the time zone sessions are planned and shown in.
func Oslo() *time.Location { return oslo }

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.In(oslo).Date()
	by, bm, bd := b.In(oslo).Date()
	return ay == by && am == bm && ad == bd
}

// accountOf is the account a check-in is recorded by (0: the system).
func accountOf(ctx context.Context) int64 {
	if a := app.ActorFrom(ctx); a != nil && !a.System {
		return a.AccountID
	}
	return 0
}

func (s *Service) save(ctx context.Context, se Session, who Attendee, status, method string) (CheckinResult, error) {
	created, at, err := s.store.SaveCheckin(ctx, Checkin{SessionID: se.ID, ParticipantID: who.ParticipantID, Status: status, Method: method, AccountID: accountOf(ctx)})
	if err != nil {
		return CheckinResult{}, err
	}
	return CheckinResult{SessionID: se.ID, StudentNumber: who.StudentNumber, Name: who.Name, Status: status, Created: created, CheckedAt: at}, nil
}

// Attendance lists who was expected at a session and who came: the
// session's mentors (any mentor of the program for a plenary) and
// coordinators.
func (s *Service) Attendance(ctx context.Context, sessionID int64) (Attendance, error) {
	se, p, err := s.session(ctx, sessionID, false)
	if err != nil {
		return Attendance{}, err
	}
	if err := s.need(ctx, p, Mentor, "attendance.read"); err != nil {
		return Attendance{}, err
	}
	exp, err := s.store.FindExpected(ctx, se)
	if err != nil {
		return Attendance{}, err
	}
	out := Attendance{Session: se, Expected: exp}
	out.Counts.Expected = len(exp)
	for _, a := range exp {
		switch a.Status {
		case Present:
			out.Counts.Present++
		case Absent:
			out.Counts.Absent++
		case Excused:
			out.Counts.Excused++
		default:
			out.Counts.Unrecorded++
		}
	}
	return out, nil
}

// CheckInMine checks the logged-in student in with the code the mentor
// shows, without naming the session: the code finds it. A code of no
// session is the same error as a wrong one; the caller must rate-limit
// it as CheckInByNumber.
func (s *Service) CheckInMine(ctx context.Context, code string) (CheckinResult, error) {
	c := NormaliseCode(code)
	if c == "" {
		return CheckinResult{}, errBadCode()
	}
	se, err := s.store.FindSessionByCode(ctx, c)
	if app.ErrorCode(err) == app.CodeNotFound {
		s.audit(ctx, "checkin.code", "", "denied", "")
		return CheckinResult{}, errBadCode()
	}
	if err != nil {
		return CheckinResult{}, err
	}
	return s.CheckInSelf(ctx, se.ID, c)
}
