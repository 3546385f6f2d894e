package sessions

import "time"

// Check-in statuses.
const (
	Present = "present"
	Absent  = "absent"
	Excused = "excused"
)

// Check-in methods: ticked on the roster by a mentor or coordinator, by
// the student with the session's code, or by code and student number
// without logging in.
const (
	ByRoster = "roster"
	ByCode   = "code"
	ByNumber = "number"
)

// Session is one meeting of a group, or a plenary of the whole program.
type Session struct {
	ID          int64      `json:"id"`
	ProgramID   int64      `json:"program_id"`
	Year        int        `json:"year"`
	GroupID     int64      `json:"group_id,omitempty"` // 0: plenary
	GroupName   string     `json:"group_name,omitempty"`
	Series      string     `json:"series,omitempty"` // sessions planned together share it
	Title       string     `json:"title"`
	Topic       string     `json:"topic"`
	Location    string     `json:"location"`
	Responsible string     `json:"responsible,omitempty"` // who leads a plenary (faculty, welfare organisation, …)
	Checklist   string     `json:"checklist,omitempty"`   // points for mentors, one per line
	StartsAt    time.Time  `json:"starts_at"`
	EndsAt      time.Time  `json:"ends_at"`
	RosterAt    time.Time  `json:"-"`
	CheckinCode string     `json:"checkin_code,omitempty"` // only for those who check others in
	Sequence    int        `json:"sequence"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
	Present     int        `json:"present"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Plenary reports whether the session is for the whole program.
func (s Session) Plenary() bool { return s.GroupID == 0 }

// Cancelled reports whether the session is cancelled.
func (s Session) Cancelled() bool { return s.CancelledAt != nil }

// Draft is what a coordinator gives to plan or change a session.
type Draft struct {
	GroupID     int64
	Series      string
	Title       string
	Topic       string
	Location    string
	Responsible string
	Checklist   string
	StartsAt    time.Time
	EndsAt      time.Time
}

// Attendee is a student expected at a session, with their check-in.
type Attendee struct {
	ParticipantID int64      `json:"-"`
	PersonID      int64      `json:"-"`
	StudentNumber string     `json:"student_number"`
	Name          string     `json:"name"`
	Status        string     `json:"status"` // "" when not recorded
	Method        string     `json:"method,omitempty"`
	CheckedAt     *time.Time `json:"checked_at,omitempty"`
}

// Attendance is who was expected at a session and who came.
type Attendance struct {
	Session  Session    `json:"session"`
	Expected []Attendee `json:"expected"`
	Counts   Counts     `json:"counts"`
}

// Counts sums an attendance list.
type Counts struct {
	Expected   int `json:"expected"`
	Present    int `json:"present"`
	Absent     int `json:"absent"`
	Excused    int `json:"excused"`
	Unrecorded int `json:"unrecorded"`
}

// Checkin is one check-in to record.
type Checkin struct {
	SessionID     int64
	ParticipantID int64
	Status        string
	Method        string
	AccountID     int64
}

// CheckinFacts is what a check-in by student number is decided on, read
// in the unit of work that writes it (Store.CheckInIf).
type CheckinFacts struct {
	// Session holds ID, ProgramID, Year, GroupID, StartsAt, RosterAt and
	// CancelledAt only.
	Session       Session
	InstitutionID int64  // the program's
	Role          string // the actor's part in the program year, as FindRole ("" none)
	InGroup       bool   // the actor is in the session's group now
	Student       Attendee
	Expected      bool // Student is expected at the session
}

// CheckinResult is what a check-in did.
type CheckinResult struct {
	SessionID     int64     `json:"session_id"`
	StudentNumber string    `json:"student_number"`
	Name          string    `json:"name"`
	Status        string    `json:"status"`
	Created       bool      `json:"created"` // false: the student was checked in already
	CheckedAt     time.Time `json:"checked_at"`
}

// Follow-up reasons.
const (
	ReasonAbsentStreak = "absent_streak" // absent from their group's last two or more sessions
	ReasonNeverCame    = "never_came"    // expected, never present
	ReasonAtRisk       = "at_risk"       // below the program year's attendance requirement
)

// Follow-up actions (structured only: never free text about a student).
var Actions = []string{"message_sent", "talked", "no_answer", "referred", "resolved"}

// FollowUp is a student to follow up.
type FollowUp struct {
	ParticipantID int64      `json:"-"`
	PersonID      int64      `json:"-"`
	StudentNumber string     `json:"student_number"`
	Name          string     `json:"name"`
	GroupID       int64      `json:"group_id"`
	GroupName     string     `json:"group_name"`
	Reasons       []string   `json:"reasons"`
	MissedInARow  int        `json:"missed_in_a_row"` // of their group's latest sessions
	Expected      int        `json:"expected"`        // sessions held where they were expected
	Attended      int        `json:"attended"`
	Excused       int        `json:"excused"`
	Share         float64    `json:"share"` // attended / (expected − excused)
	LastPresent   *time.Time `json:"last_present,omitempty"`
	Actions       []Action   `json:"actions"`
}

// Action is one thing done to follow a student up.
type Action struct {
	ID        int64     `json:"id"`
	Action    string    `json:"action"`
	ServiceID int64     `json:"service_id,omitempty"`
	Service   string    `json:"service,omitempty"`
	By        string    `json:"by,omitempty"`
	At        time.Time `json:"at"`
}

// Service directory entry: where a student can get help.
type SupportService struct {
	ID            int64  `json:"id"`
	InstitutionID int64  `json:"-"`
	Name          string `json:"name"`
	About         string `json:"about"`
	URL           string `json:"url"`
	Email         string `json:"email"`
	Phone         string `json:"phone"`
}

// Member is a student's open membership of a group, for follow-ups.
type Member struct {
	ParticipantID int64
	PersonID      int64
	StudentNumber string
	Name          string
	GroupID       int64
	GroupName     string
	ValidFrom     time.Time
}

// Mark is one check-in of a program year that is not "absent".
type Mark struct {
	SessionID     int64
	ParticipantID int64
	Status        string
}
