// Package catalogue reads and writes the program catalogue interchange
// format (spec/INTERCHANGE.md, "catalogue.csv") and the study-programme
// population file. It knows nothing of the database: it turns bytes into
// validated Rows, every bad line named, and Rows back into CSV and JSON.
package catalogue

// Columns are the catalogue.csv columns, in the order they are written.
var Columns = []string{
	"program_id", "institution", "unit", "level", "name", "transition", "model", "mentor_kinds",
	"mandatory", "enrolment", "credits", "paid", "group_size", "mentors_per_group", "students_offered",
	"started", "ended", "end_reason", "status", "relevance", "funding", "url", "min_standard",
}

// The closed vocabularies of the catalogue.
var (
	Levels      = []string{"institution", "faculty", "department", "programme", "course"}
	Transitions = []string{"first_year", "work_life", "bachelor_master", "practicum", "other"}
	Models      = []string{"fixed_group_mandatory", "fixed_group_voluntary", "self_signup_group", "assigned_dropin",
		"open_dropin", "staff_one_to_one", "work_life_one_to_one", "disability_support"}
	MentorKinds = []string{"senior_student", "master_student", "scientific_assistant", "academic_staff", "external", "alumni"}
	Enrolments  = []string{"opt_out", "opt_in"}
	Statuses    = []string{"pilot", "active", "closed"}
	Relevances  = []string{"high", "medium", "low"}
)

// Row is one program of a catalogue file, validated. Optional values that
// were not given are nil (pointers) or "" (strings).
type Row struct {
	Line            int      // line number in the file (1 = header)
	ProgramID       string   // program_id, required, unique in a file
	Institution     string   // required
	Unit            string   // free text: faculty / department / programme name
	Level           string   // one of Levels
	Name            string   // required
	Transition      string   // one of Transitions
	Model           string   // one of Models
	MentorKinds     []string // one or more of MentorKinds, order kept, no duplicates
	Mandatory       bool
	Enrolment       string // one of Enrolments
	Credits         *bool  // not given = nil
	Paid            bool
	GroupSize       string // "" or an integer "8" or a range "10-12" (min ≤ max, both ≥ 1), as normalised digits
	MentorsPerGroup *int   // ≥ 1
	StudentsOffered *int   // ≥ 0
	Started         int    // year, 1950–2100
	Ended           *int   // year ≥ Started; required when Status is closed, forbidden otherwise? (see Validate)
	EndReason       string
	Status          string // one of Statuses
	Relevance       string // "" or one of Relevances
	Funding         string
	URL             string // "" or an absolute http(s) URL
	MinStandard     []int  // criteria 1–5 met, ascending, no duplicates
}
