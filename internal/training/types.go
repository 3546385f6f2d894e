package training

import "time"

// Formats of a module.
const (
	ELearning = "e_learning"
	Workshop  = "workshop"
	Seminar   = "seminar"
	Meeting   = "meeting"
)

// Sources of a completion.
const (
	FromImport      = "import"      // the e-learning system's export
	FromEvent       = "event"       // checked in at a training event
	FromCoordinator = "coordinator" // recorded by hand
)

// Module is one training module of the catalogue: a national one
// (InstitutionID 0, the seeds' modules) or an institution's own.
type Module struct {
	ID            int64
	InstitutionID int64
	Code          string // the id the API and the e-learning system use
	Name          string
	Provider      string
	Format        string
	Hours         float64
	Credits       float64 // study credits it gives; 0 for none
	// Minimum marks the seeds' minimum training: what a program year
	// requires until it chooses its own modules.
	Minimum     bool
	Recommended bool
	Position    int
}

// Completion is a person's completion of a module on a day.
type Completion struct {
	ID          int64
	PersonID    int64
	ModuleID    int64
	Module      string // the module's code
	CompletedOn time.Time
	Source      string
	AccountID   int64 // who recorded it; 0 for the system
	RecordedAt  time.Time
}

// Person is a person of an institution as imports name them.
type Person struct {
	ID            int64
	StudentNumber string
	EmployeeID    string
}

// Mentorship is a person's part as mentor in a program year.
type Mentorship struct {
	ProgramID     int64
	ProgramName   string
	InstitutionID int64
	Year          int
	Custom        bool    // the year chose its own modules
	Required      []int64 // the modules chosen (when Custom)
}

// Need is what one program year asks of a person: its required modules
// and those the person has not completed.
type Need struct {
	ProgramID   int64
	ProgramName string
	Year        int
	Required    []string // module codes
	Missing     []string
}

// Record is a person's training: every completion, newest first, and what
// each program year they mentor in still requires.
type Record struct {
	PersonID    int64
	Completions []Completion
	Needs       []Need
}

// Result counts an import's rows: completions recorded now, and those
// recorded before (the same person, module and day).
type Result struct {
	Imported  int
	Unchanged int
}

// YearMentor is an active mentor of a program year.
type YearMentor struct {
	ParticipantID int64
	PersonID      int64
	Ref           string // mentor id
	Name          string
	Override      string // the reason a coordinator let them lead a group untrained; "" for none
}

// Year is what the gate reads of a program year.
type Year struct {
	Gate     bool              // untrained mentors may not lead a group
	Required []int64           // the year's own modules; nil for the catalogue's minimum
	Mentors  []YearMentor      // active mentors
	Done     map[int64][]int64 // person → modules completed
}

// MentorStatus is a mentor's standing against the program year's
// requirement.
type MentorStatus struct {
	YearMentor
	Missing []string // required module codes not completed
}

// Blocked tells whether the gate keeps the mentor from leading a group.
func (m MentorStatus) Blocked(gate bool) bool { return gate && len(m.Missing) > 0 && m.Override == "" }

// Standing is a program year's training requirement and its mentors'
// standing against it.
type Standing struct {
	Year     int
	Gate     bool
	Required []Module
	Mentors  []MentorStatus
}

// Event is a module given at a time and place, with sign-up.
type Event struct {
	ID            int64
	InstitutionID int64
	ModuleID      int64
	Module        string // code
	ModuleName    string
	StartsAt      time.Time
	EndsAt        time.Time
	Place         string
	Capacity      int
	SignedUp      int
	CancelledAt   *time.Time
	// CheckinCode is the code the trainer shows and those who came type;
	// "" for events planned before codes, and for readers who do not run
	// events.
	CheckinCode string
}

// Statuses of a sign-up.
const (
	SignedUp = "signed_up"
	Attended = "attended"
	Absent   = "absent"
)

// Signup is a person on an event's roster.
type Signup struct {
	PersonID int64
	Ref      string // student number or employee id
	Name     string
	Status   string
}

// EventDraft is an event as a coordinator plans it.
type EventDraft struct {
	Module   string // code
	StartsAt time.Time
	EndsAt   time.Time
	Place    string
	Capacity int
}
