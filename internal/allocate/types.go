// Package allocate forms mentor groups: given the students and mentors of
// a program, it places every student who has not opted out into a group of
// their programme and cohort, of balanced size, with mentors of their
// programme (from different cohorts where possible), honouring with/avoid
// requests, never isolating a minority member, and choosing a meeting slot
// — the rules of spec/INTERCHANGE.md in their priority order. It is pure Go
// with no database, and deterministic for a seed.
package allocate

import (
	"fmt"
	"slices"
	"strings"
)

// Student is one student to place.
type Student struct {
	Number        string // student_number, unique
	Programme     string // programme_code
	Cohort        string // start term, e.g. 2025H
	Gender        string // "f", "m", "x" or "" (not given)
	International bool
	Slots         []string // weekly slots the student can meet, e.g. "mon10"
	With          string   // student_number asked to be grouped with, or ""
	Avoid         string   // student_number never to be grouped with, or ""
	OptOut        bool     // an opted-out student is never placed and appears nowhere
}

// Mentor is one mentor available for groups.
type Mentor struct {
	ID        string   // mentor_id, unique
	Programme string   // programme_code the mentor serves
	Cohort    string   // the mentor's own start term; "" for staff and externals
	Kind      string   // senior_student, master_student, …
	MaxGroups int      // at least 1
	Slots     []string // weekly slots the mentor can meet
}

// Options are the allocation's parameters.
type Options struct {
	GroupMin        int
	GroupMax        int
	MentorsPerGroup int
	// MentorMix, when not empty, lists one mentor kind per mentor place
	// (len == MentorsPerGroup): every group gets one mentor of each listed
	// kind (`--mentor-mix external+senior_student`). Empty: any kinds.
	MentorMix []string
	Seed      int64
}

// MentorKinds are the kinds a mentor may be (mentors.csv `kind`).
var MentorKinds = []string{"senior_student", "master_student", "scientific_assistant", "academic_staff", "external", "alumni"}

// Group is one formed group.
type Group struct {
	ID           string   `json:"id"`
	Name         string   `json:"name,omitempty"` // display name set by a coordinator; Allocate leaves it empty
	Programme    string   `json:"programme_code"`
	Cohort       string   `json:"cohort"`
	Students     []string `json:"students"`
	Mentors      []string `json:"mentors"`
	MeetingSlot  string   `json:"meeting_slot"`
	SlotCoverage float64  `json:"slot_coverage"`
	Undersized   bool     `json:"undersized"`
}

// Unassigned is a student left without a group, and why.
type Unassigned struct {
	StudentNumber string `json:"student_number"`
	Reason        string `json:"reason"`
}

// Stats sums up an allocation.
type Stats struct {
	Students int `json:"students"` // students not opted out
	Placed   int `json:"placed"`
	Groups   int `json:"groups"`
}

// Result is the allocation, in the JSON shape of `mentorhub allocate`.
type Result struct {
	Groups             []Group      `json:"groups"`
	UnassignedStudents []Unassigned `json:"unassigned_students"`
	UnassignedMentors  []string     `json:"unassigned_mentors"`
	Stats              Stats        `json:"stats"`
}

// ParseMentorMix reads the `--mentor-mix` value "KIND+KIND…" (empty: no
// mix) for groups of mpg mentors: as many kinds as mentors per group, each
// one of MentorKinds.
func ParseMentorMix(s string, mpg int) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if len(s) > maxMixChars {
		return nil, fmt.Errorf("mentor-mix: longer than %d characters", maxMixChars)
	}
	kinds := strings.Split(s, "+")
	for i, k := range kinds {
		kinds[i] = strings.TrimSpace(k)
		if !slices.Contains(MentorKinds, kinds[i]) {
			return nil, fmt.Errorf("mentor-mix: %q is not a mentor kind (%s)", kinds[i], strings.Join(MentorKinds, ", "))
		}
	}
	if len(kinds) != mpg {
		return nil, fmt.Errorf("mentor-mix: %d kinds listed for %d mentors per group", len(kinds), mpg)
	}
	return kinds, nil
}

// maxMixChars bounds a mentor mix: ten places of the longest kind.
const maxMixChars = 10 * (len("scientific_assistant") + 1)
