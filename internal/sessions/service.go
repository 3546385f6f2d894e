package sessions

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// Store keeps sessions, check-ins, follow-up actions and calendar feeds.
type Store interface {
	// Together runs independent reads at once and returns the first
	// error (one after the other inside a unit of work).
	Together(ctx context.Context, fns ...func(ctx context.Context) error) error
	CreateSession(ctx context.Context, s Session) (int64, error)
	UpdateSession(ctx context.Context, s Session) error
	FindSession(ctx context.Context, id int64) (Session, error)
	FindSessionByCode(ctx context.Context, code string) (Session, error)
	// FindSessions lists a program year's sessions in time order.
	FindSessions(ctx context.Context, programID int64, year int) ([]Session, error)
	// FindGroupRef returns a group's program, year and name.
	FindGroupRef(ctx context.Context, groupID int64) (programID int64, year int, name, slot string, err error)
	// FindYearGroups lists a program year's groups with their meeting slots.
	FindYearGroups(ctx context.Context, programID int64, year int) ([]GroupRef, error)

	// FindRole returns a person's part in a program year: role ("" when
	// none), participant id and the groups they are in now.
	FindRole(ctx context.Context, programID int64, year int, personID int64) (role string, participantID int64, groups []int64, err error)
	// FindExpected lists the students expected at a session, with their
	// check-ins.
	FindExpected(ctx context.Context, s Session) ([]Attendee, error)
	// FindExpectedStudent finds one expected student by participant or
	// student number (not found when not expected).
	FindExpectedStudent(ctx context.Context, s Session, participantID int64, studentNumber string) (Attendee, error)
	// SaveCheckin writes a check-in (one row per student and session);
	// created is false when a row was there already.
	SaveCheckin(ctx context.Context, c Checkin) (created bool, at time.Time, err error)
	// CheckInIf reads the facts of checking in the student with
	// studentNumber at session sessionID (the actor being personID, 0 for
	// none) and, when allow accepts them, saves c for that student as
	// SaveCheckin does (on SQLite in the same unit of work as the read).
	// found is false when the session does not exist; saved is false when
	// allow refused.
	CheckInIf(ctx context.Context, sessionID, personID int64, studentNumber string, c Checkin, allow func(CheckinFacts) bool) (f CheckinFacts, found, saved, created bool, at time.Time, err error)

	// FindMembers lists the program year's students in a group now.
	FindMembers(ctx context.Context, programID int64, year int) ([]Member, error)
	// FindMarks lists the program year's check-ins that are not absent.
	FindMarks(ctx context.Context, programID int64, year int) ([]Mark, error)
	FindActions(ctx context.Context, programID int64, year int) (map[int64][]Action, error)
	CreateAction(ctx context.Context, programID int64, year int, participantID int64, action string, serviceID, accountID int64) (int64, error)
	FindRequirement(ctx context.Context, programID int64, year int) (float64, bool, error)
	// FindYearSessions lists a program year's sessions in time order with
	// only what attendance needs: id, group, title, starts_at, roster_at,
	// cancelled_at and the present count.
	FindYearSessions(ctx context.Context, programID int64, year int) ([]Session, error)
	// FindStudentSpans lists the student memberships of a program year's
	// groups, past ones too.
	FindStudentSpans(ctx context.Context, programID int64, year int) ([]Span, error)
	// FindYearStudents lists the program year's students who count
	// (active, in the roster, not opted out: those expected at a
	// plenary) with their programme and cohort.
	FindYearStudents(ctx context.Context, programID int64, year int) ([]YearStudent, error)
	// FindGroupHeldOf, FindGroupSpansOf and CountStudentsOf sum an
	// institution's (0: every) year by group for the institution-wide
	// view; CountExpectedInGroup counts the students expected at a
	// group's held sessions one by one.
	FindGroupHeldOf(ctx context.Context, institutionID int64, year int, now time.Time) ([]GroupHeld, error)
	FindGroupSpansOf(ctx context.Context, institutionID int64, year int) (map[int64]GroupSpans, error)
	CountExpectedInGroup(ctx context.Context, groupID int64, now time.Time) (int, error)
	CountStudentsOf(ctx context.Context, institutionID int64, year int) (map[int64]int, error)
	SaveRequirement(ctx context.Context, programID int64, year int, share *float64) error

	FindServices(ctx context.Context, institutionID int64) ([]SupportService, error)
	// SaveService adds or updates (by name) a support service.
	SaveService(ctx context.Context, s SupportService, position int) (int64, error)
	RetireService(ctx context.Context, institutionID, id int64) error

	// FindFeedSecret returns a person's calendar secret, creating one
	// when they have none; NewFeedSecret replaces it.
	FindFeedSecret(ctx context.Context, personID int64, fresh string) (string, error)
	NewFeedSecret(ctx context.Context, personID int64, fresh string) error
	FindFeedPerson(ctx context.Context, secret string) (int64, error)
	// FindPersonSessions lists every session a person is expected at
	// (as student or mentor), cancelled ones too, in every program year.
	FindPersonSessions(ctx context.Context, personID int64) ([]Session, error)
	// FindPersonRef finds a person of an institution by student number or
	// mentor id, else by mentorhub id (not found otherwise).
	FindPersonRef(ctx context.Context, institutionID int64, ref string) (int64, error)
	// FindPersonPrograms lists the programs a person takes part in (any year).
	FindPersonPrograms(ctx context.Context, personID int64) ([]int64, error)
}

// Programs is what this package needs of programs: Get with the
// visibility check of the program service, FindProgramByID without.
type Programs interface {
	Get(ctx context.Context, id int64) (program.Program, error)
}

// ProgramStore finds a program without checking who asks: a student or
// mentor takes part in a program they may not otherwise see.
type ProgramStore interface {
	FindProgramByID(ctx context.Context, id int64) (program.Program, error)
}

// Years resolves the program year a request works in.
type Years interface {
	// ReadYear is the year asked for (?year=, which must exist) or the
	// current one.
	ReadYear(ctx context.Context, programID int64) (int, error)
	// WriteYear is the current year; asking for another is refused.
	WriteYear(ctx context.Context, programID int64) (int, error)
	// FindYear is ReadYear (write: WriteYear) without opening the
	// current year: not found when the program has none.
	FindYear(ctx context.Context, programID int64, write bool) (int, error)
}

// Service holds the rules of sessions and attendance.
type Service struct {
	store    Store
	programs Programs
	find     ProgramStore
	years    Years
	clock    app.Clock
	audit    func(ctx context.Context, action, target, outcome, details string)
	changes  app.Auditor
	// units runs work of its own (a periodic job) as one unit.
	units   app.Units
	mail    MailStore
	mailing Mailing
}

// NewService returns a Service.
func NewService(st Store, p Programs, find ProgramStore, y Years, clock app.Clock, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	if clock == nil {
		clock = app.SystemClock{}
	}
	out := &Service{store: st, programs: p, find: find, years: y, clock: clock, audit: audit, changes: app.AuditOnly(audit), units: app.NoUnits{}}
	if ms, ok := st.(MailStore); ok {
		out.mail = ms
	}
	return out
}

// UseUnits makes the service's changes units of work with their audit
// entry (see app.Auditor).
func (s *Service) UseUnits(a app.Auditor) {
	s.changes = a
	if a.Units != nil {
		s.units = a.Units
	}
}

// Level is what an actor may do with a program year's sessions.
type Level int

// The levels, each allowing what the one before does.
const (
	None    Level = iota
	Student       // their group's and the plenary sessions; check themself in
	Mentor        // their groups' sessions and plenaries: rosters, check-ins, follow-ups
	Manager       // every session: plan, change, cancel (coordinators, admins)
)

// Part is an actor's part in a program year.
type Part struct {
	Program       program.Program
	Year          int
	Level         Level
	ParticipantID int64          // the actor's participation (students, mentors)
	Groups        map[int64]bool // the groups they are in now
}

// inGroupOf reports whether the part reaches a session: managers every
// one, others plenaries and their groups'.
func (p Part) reaches(se Session) bool {
	return p.Level == Manager || se.Plenary() || p.Groups[se.GroupID]
}

// part finds the actor's part in the program year (the year of the
// request, or year when not 0); no part at all is 403 for those who may
// see the program and 404 for the rest.
func (s *Service) part(ctx context.Context, programID int64, year int, write bool) (Part, error) {
	p, err := s.find.FindProgramByID(ctx, programID)
	if err != nil {
		return Part{}, err
	}
	a := app.ActorFrom(ctx)
	if !program.CanEdit(a, p) && (a == nil || a.InstitutionID != p.InstitutionID) {
		// Nobody of another institution takes part: hide it unless the
		// program service shows it (a published program).
		if _, err := s.programs.Get(ctx, programID); err != nil {
			return Part{}, err
		}
		return Part{Program: p}, nil
	}
	if year == 0 {
		switch {
		case !program.CanEdit(a, p):
			// Only a manager opens the program's current year on the
			// way: others take part in a year that is open, or in none
			// (and a refusal changes nothing).
			year, err = s.years.FindYear(ctx, programID, write)
			if app.ErrorCode(err) == app.CodeNotFound && app.YearFrom(ctx) == 0 {
				if _, err := s.programs.Get(ctx, programID); err != nil {
					return Part{}, err
				}
				return Part{Program: p}, nil
			}
		case write:
			year, err = s.years.WriteYear(ctx, programID)
		default:
			year, err = s.years.ReadYear(ctx, programID)
		}
		if err != nil {
			return Part{}, err
		}
	}
	out := Part{Program: p, Year: year, Groups: map[int64]bool{}}
	if program.CanEdit(a, p) {
		out.Level = Manager
		return out, nil
	}
	if a == nil || a.PersonID == 0 {
		return out, nil
	}
	role, pid, groups, err := s.store.FindRole(ctx, programID, year, a.PersonID)
	if err != nil {
		return Part{}, err
	}
	out.ParticipantID = pid
	for _, g := range groups {
		out.Groups[g] = true
	}
	switch role {
	case "mentor":
		out.Level = Mentor
	case "student":
		out.Level = Student
	default:
		if _, err := s.programs.Get(ctx, programID); err != nil {
			return Part{}, err
		}
	}
	return out, nil
}

// PartOf is the actor's part in a program year (see part), for the areas
// that share its rule of who manages, mentors or takes part (the desks).
func (s *Service) PartOf(ctx context.Context, programID int64, year int, write bool) (Part, error) {
	return s.part(ctx, programID, year, write)
}

// need refuses a part below min.
func (s *Service) need(ctx context.Context, p Part, min Level, action string) error {
	if p.Level >= min {
		return nil
	}
	s.audit(ctx, "sessions.access", p.Program.Code, "denied", action)
	return app.Forbidden()
}

// Limits on what a session holds.
const (
	maxTitle     = 200
	maxText      = 2000
	maxChecklist = 4000
	maxLength    = 12 * time.Hour
)

// invalid is a refusal of one field; the detail carries the message key
// too, so a page shows it in the reader's language, not the English msg.
func invalid(key, column, msg string) *app.Error {
	return &app.Error{Code: app.CodeInvalid, Key: key, Message: msg, Details: []app.Detail{{Column: column, Key: key, Message: msg}}}
}

// clean validates and tidies a draft; each problem names its field and
// has a message key (sessions.field.*) for the pages.
func (d *Draft) clean() error {
	var errs []app.Detail
	fault := func(col, key, msg string, args ...any) {
		dt := app.Detail{Column: col, Key: "sessions.field." + key, Message: msg}
		if len(args) == 2 {
			dt.Args = map[string]any{args[0].(string): args[1]}
		}
		errs = append(errs, dt)
	}
	for _, f := range []struct {
		v     *string
		col   string
		max   int
		multi bool
	}{{&d.Title, "title", maxTitle, false}, {&d.Topic, "topic", maxText, true}, {&d.Location, "location", maxTitle, false},
		{&d.Responsible, "responsible", maxTitle, false}, {&d.Checklist, "checklist", maxChecklist, true}, {&d.Series, "series", 64, false}} {
		*f.v = strings.TrimSpace(strings.ReplaceAll(*f.v, "\r\n", "\n"))
		switch {
		case !utf8.ValidString(*f.v):
			fault(f.col, "utf8", "not valid UTF-8")
		case len(*f.v) > f.max:
			fault(f.col, "too_long", fmt.Sprintf("longer than %d bytes", f.max), "Max", f.max)
		case !f.multi && strings.ContainsAny(*f.v, "\n\r"):
			fault(f.col, "one_line", "one line only")
		case strings.ContainsFunc(*f.v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }):
			fault(f.col, "control", "control characters")
		}
	}
	if d.Title == "" {
		fault("title", "required", "required")
	}
	switch {
	case d.StartsAt.IsZero():
		fault("starts_at", "required", "required (RFC 3339)")
	case d.EndsAt.IsZero():
		fault("ends_at", "required", "required (RFC 3339)")
	case !d.EndsAt.After(d.StartsAt):
		fault("ends_at", "end_before_start", "must be after starts_at")
	case d.EndsAt.Sub(d.StartsAt) > maxLength:
		fault("ends_at", "too_long_session", "a session lasts at most 12 hours")
	case d.StartsAt.Year() < 2000 || d.StartsAt.Year() > 2999:
		fault("starts_at", "year", "year out of range")
	}
	if len(errs) > 0 {
		return &app.Error{Code: app.CodeInvalid, Key: "sessions.bad", Message: "the session is not valid: " + errs[0].Column + ": " + errs[0].Message, Details: errs}
	}
	d.StartsAt, d.EndsAt = d.StartsAt.UTC(), d.EndsAt.UTC()
	return nil
}

// codeAlphabet leaves out letters and digits read alike (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLength is the length of a check-in code: 31⁶ ≈ 887 million codes,
// against a few guesses a minute per client.
const CodeLength = 6

// NewCode is a fresh check-in code of CodeLength letters and digits from
// codeAlphabet (sessions and training events use the same kind).
func NewCode() string {
	b := make([]byte, CodeLength)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// NormaliseCode reads a code as people type it: any case, spaces and
// dashes ignored.
func NormaliseCode(c string) string {
	c = strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, c))
	if len(c) != CodeLength {
		return ""
	}
	for _, r := range c {
		if !strings.ContainsRune(codeAlphabet, r) {
			return ""
		}
	}
	return c
}

// Create plans a session of the program's current year.
func (s *Service) Create(ctx context.Context, programID int64, d Draft) (Session, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Session{}, err
	}
	if err := s.need(ctx, p, Manager, "session.create"); err != nil {
		return Session{}, err
	}
	if err := d.clean(); err != nil {
		return Session{}, err
	}
	se := Session{ProgramID: programID, Year: p.Year, GroupID: d.GroupID, Series: d.Series, Title: d.Title, Topic: d.Topic,
		Location: d.Location, Responsible: d.Responsible, Checklist: d.Checklist, StartsAt: d.StartsAt, EndsAt: d.EndsAt}
	if d.GroupID != 0 {
		gp, gy, name, _, err := s.store.FindGroupRef(ctx, d.GroupID)
		if err != nil || gp != programID {
			return Session{}, invalid("sessions.bad_group", "group_id", "the group is not one of this program's")
		}
		if gy != p.Year {
			return Session{}, invalid("sessions.group_other_year", "group_id", "the group belongs to another program year")
		}
		se.GroupName = name
	}
	now := s.clock.Now().UTC()
	se.RosterAt = rosterAt(se.StartsAt, now)
	se.CreatedAt, se.UpdatedAt = now, now
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.createWithCode(ctx, &se)
	}, "session.create", p.Program.Code, "ok", "")
	return se, err
}

// rosterAt is the moment whose group members are expected: the start,
// or now for a session recorded after it began.
func rosterAt(start, now time.Time) time.Time {
	if now.After(start) {
		return now
	}
	return start
}

// Change edits or moves a session; the calendar feeds see a new SEQUENCE.
func (s *Service) Change(ctx context.Context, id int64, d Draft) (Session, error) {
	se, p, err := s.session(ctx, id, true)
	if err != nil {
		return Session{}, err
	}
	if err := s.need(ctx, p, Manager, "session.change"); err != nil {
		return Session{}, err
	}
	if err := d.clean(); err != nil {
		return Session{}, err
	}
	if d.GroupID != se.GroupID {
		return Session{}, invalid("sessions.group_fixed", "group_id", "a session stays with its group; cancel it and plan another")
	}
	now := s.clock.Now().UTC()
	moved := !d.StartsAt.Equal(se.StartsAt)
	se.Title, se.Topic, se.Location, se.Responsible, se.Checklist = d.Title, d.Topic, d.Location, d.Responsible, d.Checklist
	se.StartsAt, se.EndsAt = d.StartsAt, d.EndsAt
	if moved {
		se.RosterAt = rosterAt(se.StartsAt, now)
	}
	se.Sequence++
	se.UpdatedAt = now
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateSession(ctx, se); err != nil {
			return err
		}
		if moved && s.mail != nil {
			return s.tellChanged(ctx, se)
		}
		return nil
	}, "session.change", p.Program.Code, "ok", "")
	return se, err
}

// Cancel cancels a session: it stays, marked cancelled, in lists and feeds.
func (s *Service) Cancel(ctx context.Context, id int64) (Session, error) {
	se, p, err := s.session(ctx, id, true)
	if err != nil {
		return Session{}, err
	}
	if err := s.need(ctx, p, Manager, "session.cancel"); err != nil {
		return Session{}, err
	}
	if se.Cancelled() {
		return se, nil
	}
	now := s.clock.Now().UTC()
	se.CancelledAt = &now
	se.Sequence++
	se.UpdatedAt = now
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateSession(ctx, se); err != nil {
			return err
		}
		if s.mail != nil {
			return s.tellChanged(ctx, se)
		}
		return nil
	}, "session.cancel", p.Program.Code, "ok", "")
	return se, err
}

// session loads a session with the actor's part in its program year; a
// session the actor cannot reach is not found.
func (s *Service) session(ctx context.Context, id int64, write bool) (Session, Part, error) {
	se, err := s.store.FindSession(ctx, id)
	if err != nil {
		return Session{}, Part{}, err
	}
	p, err := s.part(ctx, se.ProgramID, se.Year, false)
	if err != nil {
		return Session{}, Part{}, err
	}
	if p.Level == None || !p.reaches(se) {
		s.audit(ctx, "session.read", p.Program.Code, "denied", "")
		return Session{}, Part{}, app.NotFound("session")
	}
	if write {
		cur, err := s.years.WriteYear(app.WithYear(ctx, 0), se.ProgramID)
		if err != nil {
			return Session{}, Part{}, err
		}
		if cur != se.Year {
			return Session{}, Part{}, &app.Error{Code: app.CodeConflict, Key: "years.read_only", Message: "an earlier program year cannot be changed"}
		}
	}
	return se, p, nil
}

// Get returns a session the actor may see (without its code for students).
func (s *Service) Get(ctx context.Context, id int64) (Session, Part, error) {
	se, p, err := s.session(ctx, id, false)
	if err != nil {
		return Session{}, Part{}, err
	}
	if p.Level < Mentor {
		se.CheckinCode = ""
	}
	return se, p, nil
}

// List returns the sessions of the program year the actor may see, in
// time order: all for managers, plenaries and their groups' for others.
// Only managers and mentors see check-in codes.
func (s *Service) List(ctx context.Context, programID int64) ([]Session, Part, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return nil, Part{}, err
	}
	if err := s.need(ctx, p, Student, "session.list"); err != nil {
		return nil, Part{}, err
	}
	all, err := s.store.FindSessions(ctx, programID, p.Year)
	if err != nil {
		return nil, Part{}, err
	}
	out := all[:0]
	for _, se := range all {
		if !p.reaches(se) {
			continue
		}
		if p.Level < Mentor {
			se.CheckinCode = ""
		}
		out = append(out, se)
	}
	return out, p, nil
}
