package desks

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// Store keeps desks, rotas, visits, the feedback queue, talks, reflection
// notes, office hours and appointments.
type Store interface {
	// FindParticipant finds an active participant of the program year by
	// role and reference (student number or mentor id).
	FindParticipant(ctx context.Context, programID int64, year int, role, ref string) (Person, error)

	CreateDesk(ctx context.Context, d *Desk) error
	FindDesk(ctx context.Context, id int64) (Desk, error)
	FindDesks(ctx context.Context, programID int64, year int) ([]Desk, error)
	// CreateShift stores a shift with its duties; created is false (and
	// nothing written) when the slot has a shift at that time already.
	CreateShift(ctx context.Context, sh *Shift) (created bool, err error)
	CountShifts(ctx context.Context, deskID int64) (int, error)
	FindShift(ctx context.Context, id int64) (Shift, error)
	FindShifts(ctx context.Context, deskID int64) ([]Shift, error)
	// OfferDuty sets or clears a duty's offer; not found when the mentor
	// is not on duty.
	OfferDuty(ctx context.Context, shiftID, participantID int64, offered bool) error
	// MoveDuty gives a duty to another mentor (only an offered one when
	// offeredOnly), logs the swap and bumps the shift's sequence; a
	// conflict when the duty is not there (or not offered) any more.
	MoveDuty(ctx context.Context, shiftID, from, to int64, offeredOnly bool, accountID int64) error
	// AddVisit logs a visit; created is false when the student had
	// checked in to the shift already.
	AddVisit(ctx context.Context, v *Visit) (created bool, err error)
	FindVisits(ctx context.Context, shiftID int64) ([]Visit, error)

	CreateItem(ctx context.Context, it *Item) error
	FindItem(ctx context.Context, id int64) (Item, error)
	// FindItems lists the program year's queue, oldest first; only the
	// student's own when studentID is not 0.
	FindItems(ctx context.Context, programID int64, year int, studentID int64) ([]Item, error)
	// ClaimItem claims an unclaimed item for mentorID and returns who
	// holds the claim afterwards (mentorID when this call or an earlier one
	// of theirs won).
	ClaimItem(ctx context.Context, id, mentorID int64) (holder int64, err error)
	// ReturnItem stores the feedback of a claimed, unreturned item of
	// mentorID; a conflict otherwise.
	ReturnItem(ctx context.Context, id, mentorID int64, feedback string) error
	FindReturned(ctx context.Context, programID int64, year int) ([]Returned, error)
	// FindDutiesDone lists the program year's duties at shifts begun by
	// before, with their mentors and starts.
	FindDutiesDone(ctx context.Context, programID int64, year int, before time.Time) ([]Returned, error)

	CreateTalk(ctx context.Context, t *Talk) error
	FindTalks(ctx context.Context, programID int64, year int) ([]Talk, error)
	SaveNote(ctx context.Context, n *Note) error
	FindNotes(ctx context.Context, programID int64, year int) ([]Note, error)

	CreateOfficeHour(ctx context.Context, o *OfficeHour) error
	FindOfficeHour(ctx context.Context, id int64) (OfficeHour, error)
	FindOfficeHours(ctx context.Context, programID int64, year int) ([]OfficeHour, error)
	// Book books a free slot for the student; a conflict when it is
	// booked (by anyone) already.
	Book(ctx context.Context, slotID, studentID int64) (Appointment, error)
	// CancelBooking cancels the slot's open booking (bumping its sequence).
	CancelBooking(ctx context.Context, slotID int64) error
	// CancelOfficeHour cancels a slot and its open booking.
	CancelOfficeHour(ctx context.Context, slotID int64) error

	// FindFeedPerson returns the person a calendar secret belongs to.
	FindFeedPerson(ctx context.Context, secret string) (int64, error)
	// FindPersonEvents lists a person's appointments (as student or
	// mentor), their office-hour slots and desk shifts on duty.
	FindPersonEvents(ctx context.Context, personID int64) ([]Event, error)
}

// Years resolves the program year a request works in.
type Years interface {
	ReadYear(ctx context.Context, programID int64) (int, error)
	WriteYear(ctx context.Context, programID int64) (int, error)
}

// Parts resolves an actor's part in a program year: the one rule of who
// manages, mentors or takes part, kept by sessions.Service.PartOf.
type Parts interface {
	PartOf(ctx context.Context, programID int64, year int, write bool) (sessions.Part, error)
}

// Service holds the rules of desks, the feedback queue, talks and office hours.
type Service struct {
	store   Store
	parts   Parts
	years   Years
	clock   app.Clock
	audit   func(ctx context.Context, action, target, outcome, details string)
	changes app.Auditor
}

// NewService returns a Service.
func NewService(st Store, parts Parts, y Years, clock app.Clock, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	if clock == nil {
		clock = app.SystemClock{}
	}
	return &Service{store: st, parts: parts, years: y, clock: clock, audit: audit, changes: app.AuditOnly(audit)}
}

// UseUnits makes the service's changes units of work with their audit entry.
func (s *Service) UseUnits(a app.Auditor) { s.changes = a }

// Level is what an actor may do in a program year's desks.
type Level int

// The levels, each allowing what the one before does.
const (
	None    Level = iota
	Student       // check in, submit texts, book office hours, see their own
	Mentor        // duties, visitor logs, the queue, talks, office hours of their own
	Manager       // desks, rotas, reassigning, counts, reflection notes (coordinators, admins)
)

// Part is an actor's part in a program year.
type Part struct {
	Program       program.Program
	Year          int
	Level         Level
	ParticipantID int64
}

// part finds the actor's part in a program year (the request's when year
// is 0), by the rule the sessions keep (sessions.Service.PartOf): managers
// by program.CanEdit, mentors and students by their participation; nobody
// of another institution sees an unpublished program, and only a
// manager's change opens the program's current year.
func (s *Service) part(ctx context.Context, programID int64, year int, write bool) (Part, error) {
	sp, err := s.parts.PartOf(ctx, programID, year, write)
	if err != nil {
		return Part{}, err
	}
	return Part{Program: sp.Program, Year: sp.Year, Level: Level(sp.Level), ParticipantID: sp.ParticipantID}, nil
}

// current refuses a change to a year that is not the current one.
func (s *Service) current(ctx context.Context, programID int64, year int) error {
	cur, err := s.years.ReadYear(app.WithYear(ctx, 0), programID)
	if err != nil {
		return err
	}
	if cur != year {
		return &app.Error{Code: app.CodeConflict, Key: "years.read_only", Message: "an earlier program year cannot be changed"}
	}
	return nil
}

// within finds the actor's part in the program year an object belongs to;
// one who has no part in it is told it does not exist.
func (s *Service) within(ctx context.Context, programID int64, year int, what string, write bool) (Part, error) {
	p, err := s.part(ctx, programID, year, false)
	if err != nil {
		return Part{}, err
	}
	if p.Level == None {
		s.audit(ctx, "desks.read", p.Program.Code, "denied", what)
		return Part{}, app.NotFound(what)
	}
	if write {
		if err := s.current(ctx, programID, year); err != nil {
			return Part{}, err
		}
	}
	return p, nil
}

// need refuses a part below min.
func (s *Service) need(ctx context.Context, p Part, min Level, action string) error {
	if p.Level >= min {
		return nil
	}
	s.audit(ctx, "desks.access", p.Program.Code, "denied", action)
	return app.Forbidden()
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Limits on what the package keeps.
const (
	maxName     = 200
	MaxText     = 20000 // characters of a text for feedback, and of feedback
	maxOnDuty   = 20
	maxPool     = 100 // mentors in a desk's rota pool
	maxSlots    = 14  // weekly openings of a desk
	maxWeeks    = 53
	maxMinutes  = 480
	maxSlotLen  = 8 * time.Hour
	maxVisitors = 500
)

// faults collects what is wrong with an input.
type faults []app.Detail

func (f *faults) add(col, msg string) { *f = append(*f, app.Detail{Column: col, Message: msg}) }

// keyed adds a problem whose message has a key (desks.field.*), so a page
// shows it in the reader's language; the API keeps the English Message.
func (f *faults) keyed(d app.Detail) { *f = append(*f, d) }

func (f faults) err(key, what string) error {
	if len(f) == 0 {
		return nil
	}
	return &app.Error{Code: app.CodeInvalid, Key: key, Message: what + " is not valid: " + f[0].Column + ": " + f[0].Message, Details: f}
}

// line checks a one-line text field and trims it.
func (f *faults) line(v *string, col string, max int, required bool) {
	*v = strings.TrimSpace(*v)
	switch {
	case !utf8.ValidString(*v):
		f.add(col, "not valid UTF-8")
	case utf8.RuneCountInString(*v) > max:
		f.add(col, fmt.Sprintf("longer than %d characters", max))
	case strings.ContainsFunc(*v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		f.add(col, "one line without control characters")
	case required && *v == "":
		f.add(col, "required")
	}
}

// text checks a plain multi-line text and tidies its line ends.
func (f *faults) text(v *string, col string, max int, required bool) {
	*v = strings.TrimSpace(strings.ReplaceAll(*v, "\r\n", "\n"))
	switch {
	case !utf8.ValidString(*v):
		f.add(col, "not valid UTF-8")
	case utf8.RuneCountInString(*v) > max:
		f.add(col, fmt.Sprintf("longer than %d characters", max))
	case strings.ContainsFunc(*v, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f }):
		f.add(col, "control characters")
	case required && *v == "":
		f.add(col, "required")
	}
}

// mentor resolves ref to a mentor of the program year (invalid when not one).
func (s *Service) participant(ctx context.Context, p Part, role, ref, col string) (Person, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > 64 {
		return Person{}, &app.Error{Code: app.CodeInvalid, Key: "desks.bad_person", Message: col + ": required",
			Details: []app.Detail{{Column: col, Key: "desks.field.required", Message: "required"}}}
	}
	per, err := s.store.FindParticipant(ctx, p.Program.ID, p.Year, role, ref)
	if app.ErrorCode(err) == app.CodeNotFound {
		key := "desks.field.not_student"
		if role == "mentor" {
			key = "desks.field.not_mentor"
		}
		return Person{}, &app.Error{Code: app.CodeInvalid, Key: "desks.bad_person", Message: col + ": not a " + role + " of this program year",
			Details: []app.Detail{{Column: col, Key: key, Message: "not a " + role + " of this program year"}}}
	}
	return per, err
}

// MyPart returns the actor's part in the program year of the request:
// refused (403, or 404 for those who may not see the program) when they
// have none.
func (s *Service) MyPart(ctx context.Context, programID int64) (Part, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return Part{}, err
	}
	return p, s.need(ctx, p, Student, "desks.page")
}
