package desks

import "time"

// Topics is the fixed vocabulary of a visit's topic tag.
var Topics = []string{"study_technique", "assignment", "exam", "course_choice", "other"}

// Feedback kinds: a text for feedback (biORAKEL) or written work to assess
// (the Law model).
var Kinds = []string{"text", "written_work"}

// Reflection-note states.
var NoteStates = []string{"received", "approved", "rejected"}

// Person is a participant of the program year as others see them: the
// program's reference (student number or mentor id) and name.
type Person struct {
	ParticipantID int64  `json:"-"`
	Ref           string `json:"ref"`
	Name          string `json:"name"`
}

// Desk is a drop-in desk of a program year.
type Desk struct {
	ID        int64     `json:"id"`
	ProgramID int64     `json:"program_id"`
	Year      int       `json:"year"`
	Name      string    `json:"name"`
	Place     string    `json:"place"`
	OnDuty    int       `json:"on_duty"` // mentors per shift
	Slots     []Slot    `json:"slots"`
	Mentors   []Person  `json:"mentors"` // the rota's pool, in order
	CreatedAt time.Time `json:"created_at"`
}

// Slot is a desk's weekly opening: ISO weekday (1 = Monday) and local
// (Europe/Oslo) times "15:04".
type Slot struct {
	ID      int64  `json:"id"`
	Weekday int    `json:"weekday"`
	Starts  string `json:"starts"`
	Ends    string `json:"ends"`
	Place   string `json:"place"`
}

// Shift is one opening of a desk with the mentors on duty.
type Shift struct {
	ID        int64     `json:"id"`
	DeskID    int64     `json:"desk_id"`
	SlotID    int64     `json:"slot_id"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Place     string    `json:"place"`
	Sequence  int       `json:"sequence"`
	OnDuty    []Duty    `json:"on_duty"`
	Visitors  int       `json:"visitors"` // mentors and coordinators only
	UpdatedAt time.Time `json:"updated_at"`
}

// Duty is a mentor on duty at a shift; Offered while they offer it away.
type Duty struct {
	Person
	Offered bool `json:"offered"`
}

// Visit is one line of a shift's visitor log: a student who checked in
// (Student set, Visitors 1) or an anonymous count.
type Visit struct {
	ID        int64     `json:"id"`
	ShiftID   int64     `json:"shift_id"`
	Student   *Person   `json:"student,omitempty"`
	Visitors  int       `json:"visitors"`
	Topic     string    `json:"topic"`
	CreatedAt time.Time `json:"created_at"`
	AccountID int64     `json:"-"`
}

// Item is a text in the feedback queue.
type Item struct {
	ID          int64      `json:"id"`
	ProgramID   int64      `json:"program_id"`
	Year        int        `json:"year"`
	Kind        string     `json:"kind"`
	Title       string     `json:"title"`
	Body        string     `json:"text"`
	Student     Person     `json:"student"`
	SubmittedAt time.Time  `json:"submitted_at"`
	ClaimedBy   *Person    `json:"claimed_by,omitempty"`
	ClaimedAt   *time.Time `json:"claimed_at,omitempty"`
	Feedback    string     `json:"feedback"`
	ReturnedAt  *time.Time `json:"returned_at,omitempty"`
	State       string     `json:"state"` // open, claimed, returned
}

// SetState derives State from the claim and the return.
func (it *Item) SetState() {
	switch {
	case it.ReturnedAt != nil:
		it.State = "returned"
	case it.ClaimedBy != nil:
		it.State = "claimed"
	default:
		it.State = "open"
	}
}

// Count is what a mentor did in a month of one pay category (feedback:
// items returned), months in Europe/Oslo time.
type Count struct {
	Mentor   Person `json:"mentor"`
	Month    string `json:"month"` // 2026-09
	Category string `json:"category"`
	Count    int    `json:"count"`
}

// Returned is one thing a mentor did at a time (a returned feedback item,
// a shift on duty, a talk), for counts.
type Returned struct {
	Mentor     Person
	ReturnedAt time.Time
}

// Talk is a one-to-one talk recorded as held: who, when, how long; never
// what was said.
type Talk struct {
	ID        int64     `json:"id"`
	ProgramID int64     `json:"program_id"`
	Year      int       `json:"year"`
	Mentor    Person    `json:"mentor"`
	Student   Person    `json:"student"`
	HeldAt    time.Time `json:"held_at"`
	Minutes   int       `json:"minutes"`
	AccountID int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Note is the reflection note as the program records it: state, date and
// whether it gives credits; the note's text is not kept.
type Note struct {
	Participant Person    `json:"participant"`
	ProgramID   int64     `json:"-"`
	Year        int       `json:"-"`
	State       string    `json:"state"`
	Credit      bool      `json:"credit"`
	RecordedOn  time.Time `json:"recorded_on"`
	AccountID   int64     `json:"-"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// OfficeHour is a slot a mentor publishes for one student to book.
type OfficeHour struct {
	ID          int64        `json:"id"`
	ProgramID   int64        `json:"program_id"`
	Year        int          `json:"year"`
	Mentor      Person       `json:"mentor"`
	StartsAt    time.Time    `json:"starts_at"`
	EndsAt      time.Time    `json:"ends_at"`
	Place       string       `json:"place"`
	Sequence    int          `json:"sequence"`
	CancelledAt *time.Time   `json:"cancelled_at,omitempty"`
	Booked      bool         `json:"booked"`
	Booking     *Appointment `json:"booking,omitempty"` // the slot's mentor, coordinators and the booking student
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Appointment is a student's booking of an office-hour slot.
type Appointment struct {
	ID          int64      `json:"id"`
	SlotID      int64      `json:"slot_id"`
	Student     Person     `json:"student"`
	Sequence    int        `json:"sequence"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Event kinds of a calendar feed.
const (
	EventAppointment = "appointment"
	EventOfficeHour  = "office-hour"
	EventShift       = "desk-shift"
)

// Event is an appointment, office-hour slot or desk shift in a person's
// calendar feed; UID is "<kind>-<id>@mentorhub".
type Event struct {
	Kind      string
	ID        int64
	Title     string // the desk's name for a shift; "" otherwise
	Location  string
	Start     time.Time
	End       time.Time
	Sequence  int
	Cancelled bool
	Updated   time.Time
}
