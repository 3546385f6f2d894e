package payroll

import "time"

// Categories of paid work (API.md).
var Categories = []string{"sessions", "preparation", "feedback", "desk", "meetings", "reports", "training"}

// States of a timesheet.
const (
	Submitted = "submitted"
	Approved  = "approved"
	Returned  = "returned"
)

// Rates are a program year's pay: hourly, per item by category, and
// whether training hours are paid.
type Rates struct {
	ProgramID    int64
	Year         int
	Hourly       NOK
	PerItem      map[string]NOK
	TrainingPaid bool
	SetAt        time.Time
}

// Line is one category of a timesheet: hours, items and the item rate in
// force when it was submitted.
type Line struct {
	Category string   `json:"category"`
	Hours    Quarters `json:"hours"`
	Items    int      `json:"items"`
	ItemRate NOK      `json:"-"`
}

// Timesheet is a mentor's month in a program year.
type Timesheet struct {
	ID            int64
	ProgramID     int64
	Year          int
	ParticipantID int64
	MentorID      string // the mentor's id in the program
	MentorName    string
	EmployeeID    string // the person's employee id, or the mentor id
	Month         string // YYYY-MM
	State         string
	Hourly        NOK // the hourly rate in force when submitted
	// Contract tells that Hourly is the mentor's own, from the contract of
	// the posting they were hired through (the position's rate), rather
	// than the program year's.
	Contract    bool
	Lines       []Line
	Amount      NOK
	Comment     string // the coordinator's, on approval or return
	SubmittedAt time.Time
	DecidedAt   *time.Time
}

// Draft is a timesheet as submitted.
type Draft struct {
	MentorID string
	Month    string
	Lines    []DraftLine
}

// DraftLine is one line as submitted, in the units people write.
type DraftLine struct {
	Category string
	Hours    float64
	Items    float64
}

// Row is one mentor's approved month in the payroll.
type Row struct {
	EmployeeID string
	MentorID   string
	Name       string
	Month      string
	Hours      map[string]Quarters
	Items      int
	Rate       NOK
	Amount     NOK
}

// Span is a stretch of time worked.
type Span struct{ Start, End time.Time }

// Work is what mentorhub knows a mentor did in a month.
type Work struct {
	Sessions []Span // group sessions led
	Shifts   []Span // desk shifts worked
	Feedback int    // feedback items returned
}
