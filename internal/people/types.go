package people

import (
	"time"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// Roles of a participant.
const (
	Student = "student"
	Mentor  = "mentor"
)

// Sources of a participant.
const (
	FromImport      = "import"      // the program's roster file
	FromSignup      = "signup"      // signed up themself (opt-in programs)
	FromApplication = "application" // applied for a one-to-one mentor
)

// States of a participant.
const (
	Active   = "active"    // takes part (placeable)
	OptedOut = "opted_out" // the student opted out themself
	Applied  = "applied"   // an application awaiting selection
	Declined = "declined"  // an application not selected
)

// Participant is a student or mentor of one program.
type Participant struct {
	ID         int64
	ProgramID  int64
	Year       int // the program year (see program.AcademicYear)
	PersonID   int64
	Role       string // Student or Mentor
	ExternalID string // student_number or mentor_id

	GivenName, FamilyName, Email string // as the program imported them, else the person's

	Programme     string
	Cohort        string
	Campus        string
	Language      string
	Gender        string
	International bool
	Slots         []string
	With, Avoid   string
	FileOptOut    bool // opt_out in the imported file

	Kind       string // mentors
	MaxGroups  int    // mentors, ≥ 1
	Field      string // one-to-one profile
	Sector     string
	Languages  []string
	Ranking    []string // one-to-one applicants: mentor ids, most wanted first
	Motivation string

	Chief    bool
	Source   string
	InRoster bool // false: no longer in the imported roster (left)
	State    string
	Reason   string // why the student opted out, if they said
	StateAt  time.Time

	GroupIDs []int64 // the groups the participant is in now (open memberships)

	CreatedAt, UpdatedAt time.Time
}

// Name is the participant's full name.
func (p Participant) Name() string { return p.GivenName + " " + p.FamilyName }

// Placeable reports whether a student is to be placed in a group, or a
// mentor available for groups.
func (p Participant) Placeable() bool {
	return p.InRoster && !p.FileOptOut && p.State == Active
}

// asStudent is the allocation engine's view of a student.
func (p Participant) asStudent() allocate.Student {
	return allocate.Student{Number: p.ExternalID, Programme: p.Programme, Cohort: p.Cohort, Gender: p.Gender,
		International: p.International, Slots: p.Slots, With: p.With, Avoid: p.Avoid, OptOut: !p.Placeable()}
}

// asMentor is the allocation engine's view of a mentor.
func (p Participant) asMentor() allocate.Mentor {
	return allocate.Mentor{ID: p.ExternalID, Programme: p.Programme, Cohort: p.Cohort, Kind: p.Kind,
		MaxGroups: max(p.MaxGroups, 1), Slots: p.Slots}
}

// Member is a participant as shown in a group.
type Member struct {
	ParticipantID int64  `json:"-"`
	ID            string `json:"id"`
	GivenName     string `json:"given_name"`
	FamilyName    string `json:"family_name"`
	Email         string `json:"email"`
	Cohort        string `json:"cohort,omitempty"`
	Kind          string `json:"kind,omitempty"`
	Chief         bool   `json:"chief,omitempty"`
}

// Name is the member's full name.
func (m Member) Name() string { return m.GivenName + " " + m.FamilyName }

// Group is a stored mentor group (or a one-to-one pair).
type Group struct {
	ID           int64    `json:"id"`
	ProgramID    int64    `json:"program_id"`
	Year         int      `json:"year"`
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	Programme    string   `json:"programme_code"`
	Cohort       string   `json:"cohort"`
	MeetingSlot  string   `json:"meeting_slot"`
	SlotCoverage float64  `json:"slot_coverage"`
	Undersized   bool     `json:"undersized"`
	Reasons      string   `json:"reasons,omitempty"` // one-to-one: why this pair
	Students     []Member `json:"students"`
	Mentors      []Member `json:"mentors"`
}

// AllocationRecord is one accepted allocation.
type AllocationRecord struct {
	ID        int64
	ProgramID int64
	Year      int
	AccountID int64
	Mode      string // full, extend or match
	Params    string // JSON
	Result    string // JSON
	CreatedAt time.Time
}

// Signup holds an opt-in program's sign-up settings.
type Signup struct {
	ProgramID int64
	Deadline  *time.Time // nil: open
	Capacity  *int       // nil: unlimited
}

// Draft is an uploaded file waiting for the coordinator to confirm its
// import after the preview.
type Draft struct {
	ID        int64
	ProgramID int64
	Year      int
	AccountID int64
	Kind      string // Student or Mentor
	Filename  string
	Data      []byte
	Mapping   string // JSON of roster.Mapping, or ""
	CreatedAt time.Time
}

// Year is one program year with its figures.
type Year struct {
	Year         int       `json:"year"`
	OpenedAt     time.Time `json:"opened_at"`
	Current      bool      `json:"current"`
	Students     int       `json:"students"`     // in the roster
	Participants int       `json:"participants"` // students and mentors in the roster
	Groups       int       `json:"groups"`
	Sessions     int       `json:"sessions"`        // none yet: sessions are to come
	Attendance   *float64  `json:"attendance_rate"` // null until sessions are
}
