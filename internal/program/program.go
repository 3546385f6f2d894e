package program

import (
	"context"
	"time"
)

// Criteria is the number of minimum-standard criteria (DOMAIN.md).
const Criteria = 5

// Criterion is one minimum-standard criterion on a program.
type Criterion struct {
	Met      bool   `json:"met"`
	Evidence string `json:"evidence"`
	// Trained, on criterion 2 of a program whose current year has
	// mentors in mentorhub, is what Met was computed from (see
	// TrainingCriterion); nil where the criterion is declared.
	Trained *Trained `json:"trained,omitempty"`
}

// Trained counts a program year's active mentors and those who have
// completed every training module the year requires.
type Trained struct {
	Mentors int `json:"mentors"`
	Trained int `json:"trained"`
	// Declared is the criterion as declared (and stored), which the
	// computed one stands in for.
	Declared bool `json:"-"`
}

// TrainingCriterion is criterion 2 ("it uses mentors who have completed
// training") computed from the training records: met when every active
// mentor of the year has completed the required modules. The declared
// evidence is kept beside it.
func TrainingCriterion(declared Criterion, t Trained) Criterion {
	t.Declared = declared.Met
	return Criterion{Met: t.Mentors > 0 && t.Trained == t.Mentors, Evidence: declared.Evidence, Trained: &t}
}

// stored is p as its record stores it: a computed criterion 2 gives way to
// the declared one.
func stored(p Program) Program {
	if t := p.Criteria[1].Trained; t != nil {
		p.Criteria[1] = Criterion{Met: t.Declared, Evidence: p.Criteria[1].Evidence}
	}
	return p
}

// Served is a study programme (and optionally one cohort) a program is
// offered to; Cohort "" means every cohort.
type Served struct {
	ProgrammeID   int64  `json:"programme_id"`
	ProgrammeCode string `json:"programme_code"`
	Cohort        string `json:"cohort,omitempty"`
}

// Example is what a program shares with others in the example collection.
type Example struct {
	Worked    string `json:"worked"`
	NotWorked string `json:"not_worked"`
	Links     string `json:"links"`
}

// Program is a mentor program of an institution.
type Program struct {
	ID              int64               `json:"id"`
	InstitutionID   int64               `json:"institution_id"`
	InstitutionName string              `json:"institution"`
	UnitID          int64               `json:"unit_id,omitempty"`
	Code            string              `json:"program_id"`
	Name            string              `json:"name"`
	UnitName        string              `json:"unit"`
	Level           string              `json:"level"`
	Transition      string              `json:"transition"`
	Model           string              `json:"model"`
	MentorKinds     []string            `json:"mentor_kinds"`
	Mandatory       bool                `json:"mandatory"`
	Enrolment       string              `json:"enrolment"`
	Credits         *bool               `json:"credits"`
	Paid            bool                `json:"paid"`
	GroupSize       string              `json:"group_size"`
	MentorsPerGroup *int                `json:"mentors_per_group"`
	StudentsOffered *int                `json:"students_offered"`
	Started         int                 `json:"started"`
	Ended           *int                `json:"ended"`
	EndReason       string              `json:"end_reason"`
	Status          string              `json:"status"`
	Relevance       string              `json:"relevance"`
	Funding         string              `json:"funding"`
	URL             string              `json:"url"`
	Contact         string              `json:"contact"`
	Purpose         string              `json:"purpose"`
	Expectations    string              `json:"expectations"`
	HowToJoin       string              `json:"how_to_join"`
	Public          bool                `json:"public"`
	Criteria        [Criteria]Criterion `json:"criteria"`
	Served          []Served            `json:"programmes"`
	IsExample       bool                `json:"is_example"`
	Example         Example             `json:"example"`
	Language        string              `json:"content_language"` // the language of its texts: nb, nn or en
	CreatedAt       time.Time           `json:"created_at"`
	UpdatedAt       time.Time           `json:"updated_at"`
	Version         int                 `json:"version"`
}

// MinStandard returns the criteria met, as numbers 1–5.
func (p Program) MinStandard() []int {
	var out []int
	for i, c := range p.Criteria {
		if c.Met {
			out = append(out, i+1)
		}
	}
	return out
}

// MeetsStandard reports whether every minimum-standard criterion is met.
func (p Program) MeetsStandard() bool { return len(p.MinStandard()) == Criteria }

// ActiveIn reports whether the program ran in year y.
func (p Program) ActiveIn(y int) bool {
	return p.Started <= y && (p.Ended == nil || *p.Ended >= y) && !(p.Status == "closed" && p.Ended == nil)
}

// HistoryEntry is one recorded change of a program.
type HistoryEntry struct {
	At      time.Time            `json:"at"`
	Actor   string               `json:"actor"`
	Changes map[string][2]string `json:"changes"` // field → [old, new]
}

// Store is what program needs from the database.
type Store interface {
	CreateProgram(ctx context.Context, p Program) (int64, error)
	FindProgramByID(ctx context.Context, id int64) (Program, error)
	FindProgramByCode(ctx context.Context, institutionID int64, code string) (Program, error)
	FindProgramByAnyCode(ctx context.Context, code string) (Program, error)
	FindPrograms(ctx context.Context, institutionID int64) ([]Program, error) // 0 = all
	FindPublicPrograms(ctx context.Context) ([]Program, error)
	// SaveProgram writes every field, criteria and served programmes of p
	// if its version is still p.Version, bumps the version, and records
	// the history entry; a stale version is a conflict.
	SaveProgram(ctx context.Context, p Program, h HistoryEntry, accountID int64) (Program, error)
	FindProgramHistory(ctx context.Context, id int64) ([]HistoryEntry, error)
	// ImportPrograms creates or updates programs by program_id in one
	// transaction, creating institutions named by the file as needed.
	ImportPrograms(ctx context.Context, items []ImportItem, actor string, accountID int64) (ImportResult, error)
	// FindYearFigures counts groups and students taking part per program
	// year from..to, of an institution's programs (0: all) or of one
	// program (programID not 0).
	FindYearFigures(ctx context.Context, inst, programID int64, from, to int) ([]YearFigures, error)
}

// ImportItem is one program of a catalogue import, resolved against what
// is stored: a new program (Existing false), or a change (with History) of
// the stored one at Program.Version.
type ImportItem struct {
	Program     Program
	Institution string // name; the institution is created when missing
	Existing    bool
	History     HistoryEntry
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created      int `json:"created"`
	Updated      int `json:"updated"`
	Unchanged    int `json:"unchanged"`
	Institutions int `json:"institutions_created"`
}
