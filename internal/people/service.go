package people

import (
	"context"
	"strings"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// Store keeps participants, groups and what belongs to them.
type Store interface {
	// FindParticipants lists a program year's participants of a role.
	FindParticipants(ctx context.Context, programID int64, year int, role string) ([]Participant, error)
	FindParticipant(ctx context.Context, id int64) (Participant, error)
	// FindParticipationsOfPerson lists a person's participations in every
	// program year.
	FindParticipationsOfPerson(ctx context.Context, personID int64) ([]Participant, error)
	// ApplyImport writes an import plan in one transaction: persons and
	// participants added or changed, those removed marked as no longer in
	// the roster and taken out of their groups.
	ApplyImport(ctx context.Context, institutionID int64, plan *Plan) error
	// CreateParticipant adds a participant of a person already known.
	CreateParticipant(ctx context.Context, p Participant) (int64, error)
	// UpdateParticipant saves the self-service fields (state, reason,
	// profile, ranking, motivation, chief) and, when it leaves the groups,
	// takes the participant out of them.
	UpdateParticipant(ctx context.Context, p Participant, leaveGroups bool) error
	// DeleteApplication removes an application still awaiting a decision
	// (not found once it is decided).
	DeleteApplication(ctx context.Context, id int64) error

	FindGroups(ctx context.Context, programID int64, year int) ([]Group, error)
	FindGroup(ctx context.Context, id int64) (Group, error)
	// CountTakingPart counts the students for whom Placeable holds.
	CountTakingPart(ctx context.Context, programID int64, year int) (int, error)
	// SaveGroups stores an accepted allocation: the program year's groups
	// become exactly groups (matched by Code: existing groups keep their id
	// and name unless given), with their members in order; memberships
	// that end are closed, not deleted, and groups no longer formed are
	// dissolved.
	SaveGroups(ctx context.Context, a AllocationRecord, groups []Group) (int64, error)
	LastAllocation(ctx context.Context, programID int64, year int) (AllocationRecord, error)
	// FindLastGroup returns the group of a participant's latest closed
	// student membership.
	FindLastGroup(ctx context.Context, participantID int64) (int64, error)
	// FindMembersOn returns a group with who was in it at a moment.
	FindMembersOn(ctx context.Context, groupID int64, at time.Time) (Group, error)
	// JoinGroup opens a student's membership of a group (last) from now
	// and sets its coverage.
	JoinGroup(ctx context.Context, groupID, participantID int64, coverage float64) error
	RenameGroup(ctx context.Context, programID int64, year int, groupID int64, name string) error

	FindMapping(ctx context.Context, institutionID int64, kind, key string) (string, error)
	SaveMapping(ctx context.Context, institutionID int64, kind, key, mapping string) error
	CreateDraft(ctx context.Context, d Draft) (int64, error)
	FindDraft(ctx context.Context, id int64) (Draft, error)
	DeleteDraft(ctx context.Context, id int64) error
	DeleteDraftsBefore(ctx context.Context, t time.Time) error

	// FindProgrammeCodes lists the codes of the institution's study
	// programmes (its catalogue, which may be incomplete).
	FindProgrammeCodes(ctx context.Context, institutionID int64) ([]string, error)

	// FindYears lists a program's years, oldest first, with figures.
	FindYears(ctx context.Context, programID int64) ([]Year, error)
	// CurrentYear returns the latest year opened up to academic, else the
	// earliest; a program without years gets academic opened.
	CurrentYear(ctx context.Context, programID int64, academic int) (int, error)
	// FindCurrentYear is CurrentYear without opening a year (not found).
	FindCurrentYear(ctx context.Context, programID int64, academic int) (int, error)
	// OpenYear opens a year (a conflict when open already), carrying the
	// active mentors of year carryFrom over unless it is 0.
	OpenYear(ctx context.Context, programID int64, year, carryFrom int) (int, error)

	FindSignup(ctx context.Context, programID int64) (Signup, error)
	SaveSignup(ctx context.Context, s Signup) error
}

// Programs is what this package needs of programs.
type Programs interface {
	Get(ctx context.Context, id int64) (program.Program, error)
}

// Service holds the rules of people and groups.
type Service struct {
	store    Store
	programs Programs
	clock    app.Clock
	audit    func(ctx context.Context, action, target, outcome, details string)
	// changes composes a change's writes and its audit entry into one
	// unit of work (see UseUnits).
	changes app.Auditor
	gate    TrainingGate // nil: no mentor is kept out for want of training
}

// NewService returns a Service.
func NewService(st Store, p Programs, clock app.Clock, audit func(ctx context.Context, action, target, outcome, details string)) *Service {
	if audit == nil {
		audit = func(context.Context, string, string, string, string) {}
	}
	if clock == nil {
		clock = app.SystemClock{}
	}
	s := &Service{store: st, programs: p, clock: clock, audit: audit}
	s.changes = app.AuditOnly(audit)
	return s
}

// auditedChange runs write and the audit entry of the change as one unit
// of work: both commit, or neither.
func (s *Service) auditedChange(ctx context.Context, write func(ctx context.Context) error, action, target, outcome, details string) error {
	return s.changes.AuditedChange(ctx, write, action, target, outcome, details)
}

// UseUnits makes the service's changes units of work (see app.Auditor):
// without it each write commits alone.
func (s *Service) UseUnits(a app.Auditor) { s.changes = a }

// Editable returns program id if the actor may manage its people and
// groups (its coordinators and the institution's admins); others who may
// see it get 403, the rest 404.
func (s *Service) Editable(ctx context.Context, id int64) (program.Program, error) {
	p, err := s.programs.Get(ctx, id)
	if err != nil {
		return program.Program{}, err
	}
	if !program.CanEdit(app.ActorFrom(ctx), p) {
		s.audit(ctx, "people.manage", p.Code, "denied", "")
		return program.Program{}, app.Forbidden()
	}
	return p, nil
}

// Participants lists a program's participants of a role (coordinators and admins).
func (s *Service) Participants(ctx context.Context, programID int64, role string) ([]Participant, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return nil, err
	}
	return s.participants(ctx, programID, role)
}

// Groups lists a program's stored groups with their members.
func (s *Service) Groups(ctx context.Context, programID int64) ([]Group, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return nil, err
	}
	return s.groups(ctx, programID)
}

// RenameGroup gives a group a name.
func (s *Service) RenameGroup(ctx context.Context, programID, groupID int64, name string) error {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return err
	}
	name = trimName(name)
	if name == "" {
		return app.Invalid("groups.name_required", "a group needs a name")
	}
	year, err := s.writableYear(ctx, programID, false)
	if err != nil {
		return err
	}
	return s.auditedChange(ctx, func(ctx context.Context) error {
		return s.store.RenameGroup(ctx, programID, year, groupID, name)
	}, "group.rename", p.Code, "ok", "")
}

// SetChief names (or un-names) a mentor as a chief mentor of their programme.
func (s *Service) SetChief(ctx context.Context, programID, participantID int64, chief bool) error {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return err
	}
	m, err := s.store.FindParticipant(ctx, participantID)
	if err != nil {
		return err
	}
	if m.ProgramID != programID || m.Role != Mentor {
		return app.NotFound("mentor")
	}
	if err := s.inCurrentYear(ctx, m); err != nil {
		return err
	}
	m.Chief = chief
	return s.auditedChange(ctx, func(ctx context.Context) error {
		return s.store.UpdateParticipant(ctx, m, false)
	}, "mentor.chief", p.Code, "ok", "")
}

// DraftTTL is how long an upload waits for the coordinator to confirm it.
const DraftTTL = 24 * time.Hour

// ForgetOldDrafts removes uploads never confirmed (housekeeping): the
// files hold personal data and are kept no longer than needed.
func (s *Service) ForgetOldDrafts(ctx context.Context) error {
	return s.store.DeleteDraftsBefore(ctx, s.clock.Now().Add(-DraftTTL))
}

func trimName(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 120 {
		r = r[:120]
	}
	return string(r)
}
