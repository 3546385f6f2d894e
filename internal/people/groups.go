package people

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/program"
)

// AllocationParams are what the coordinator chooses for an allocation.
type AllocationParams struct {
	GroupMin        int   `json:"group_min"`
	GroupMax        int   `json:"group_max"`
	MentorsPerGroup int   `json:"mentors_per_group"`
	Seed            int64 `json:"seed"`
	// MentorMix asks for one mentor of each listed kind in every group
	// (`--mentor-mix`); empty: any kinds.
	MentorMix []string `json:"mentor_mix,omitempty"`
	// Replace forms every group anew; otherwise, once groups are stored,
	// new students go into the existing groups first and nobody placed
	// is moved.
	Replace bool `json:"replace,omitempty"`
}

func (p AllocationParams) options() allocate.Options {
	return allocate.Options{GroupMin: p.GroupMin, GroupMax: p.GroupMax, MentorsPerGroup: p.MentorsPerGroup, MentorMix: p.MentorMix, Seed: p.Seed}
}

// maxMixKinds and maxMixKind bound a mentor mix: one kind per mentor of a
// group (at most 10), none longer than the longest known kind.
const maxMixKinds, maxMixKind = 10, 40

// Validate checks the parameters, naming every bad one.
func (p AllocationParams) Validate() error {
	var ds []app.Detail
	if p.GroupMin < 1 {
		ds = append(ds, app.Detail{Column: "group_min", Message: "must be at least 1"})
	}
	if p.GroupMax < max(p.GroupMin, 1) {
		ds = append(ds, app.Detail{Column: "group_max", Message: "must be at least group_min"})
	}
	if p.GroupMax > 500 {
		ds = append(ds, app.Detail{Column: "group_max", Message: "must be at most 500"})
	}
	if p.MentorsPerGroup < 0 || p.MentorsPerGroup > 10 {
		ds = append(ds, app.Detail{Column: "mentors_per_group", Message: "must be between 0 and 10"})
	}
	if len(p.MentorMix) > maxMixKinds || slices.ContainsFunc(p.MentorMix, func(k string) bool { return len(k) > maxMixKind }) {
		// Bounded before parsing: the parser's message quotes a bad kind,
		// and the API hands it back.
		ds = append(ds, app.Detail{Column: "mentor_mix", Message: "must list at most 10 mentor kinds"})
	} else if len(p.MentorMix) > 0 {
		if _, err := allocate.ParseMentorMix(strings.Join(p.MentorMix, "+"), p.MentorsPerGroup); err != nil {
			ds = append(ds, app.Detail{Column: "mentor_mix", Message: err.Error()})
		}
	}
	if len(ds) > 0 {
		return &app.Error{Code: app.CodeInvalid, Key: "groups.bad_params", Message: "invalid allocation parameters", Details: ds}
	}
	return nil
}

// DefaultParams proposes parameters from the program's record: its group
// size ("8-12", "up to 25", "25") and mentors per group.
func DefaultParams(p program.Program) AllocationParams {
	out := AllocationParams{GroupMin: 8, GroupMax: 15, MentorsPerGroup: 2, Seed: 1}
	if p.MentorsPerGroup != nil {
		out.MentorsPerGroup = *p.MentorsPerGroup
	}
	var nums []int
	for _, f := range strings.FieldsFunc(p.GroupSize, func(r rune) bool { return r < '0' || r > '9' }) {
		if n, err := strconv.Atoi(f); err == nil && n > 0 && n <= 500 {
			nums = append(nums, n)
		}
	}
	switch len(nums) {
	case 0:
	case 1:
		out.GroupMax = nums[0]
		out.GroupMin = max(1, min(out.GroupMin, nums[0]*2/3))
	default:
		out.GroupMin, out.GroupMax = min(nums[0], nums[1]), max(nums[0], nums[1])
	}
	return out
}

// Shortage is, for one programme, how many students could not be placed
// and how many more mentor places it would take to place them.
type Shortage struct {
	Programme     string
	Students      int
	Unplaced      int
	Mentors       int
	MentorsNeeded int // more group places of mentors needed
}

// AllocationPreview is an allocation computed but not yet stored.
type AllocationPreview struct {
	Params     AllocationParams
	Mode       string // full or extend
	Kept       int    // existing groups kept (extend)
	Result     allocate.Result
	Violations []allocate.Violation
	Quality    allocate.QualityReport
	Shortages  []Shortage
	// Untrained are the mentors left out for want of the required
	// training (the program year's training gate).
	Untrained   []Untrained
	Fingerprint string // of the input: accepting needs the same
	// Names of the people in the result, for the page.
	StudentNames map[string]string
	MentorNames  map[string]string

	in *inputs // what it was computed from
}

// inputs are a program's placeable students and available mentors in the
// engine's terms, with requests naming someone not placeable dropped.
type inputs struct {
	students     []allocate.Student
	mentors      []allocate.Mentor
	studentPID   map[string]int64
	mentorPID    map[string]int64
	studentNames map[string]string
	mentorNames  map[string]string
	// Mentors the training gate keeps out of new groups (see gateMentors).
	untrained []Untrained
	gated     []allocate.Mentor
}

func (s *Service) inputs(ctx context.Context, programID int64) (*inputs, error) {
	sts, err := s.participants(ctx, programID, Student)
	if err != nil {
		return nil, err
	}
	ms, err := s.participants(ctx, programID, Mentor)
	if err != nil {
		return nil, err
	}
	in := &inputs{studentPID: map[string]int64{}, mentorPID: map[string]int64{},
		studentNames: map[string]string{}, mentorNames: map[string]string{}}
	for _, p := range sts {
		if p.Placeable() && p.Source != FromApplication {
			in.studentPID[p.ExternalID] = p.ID
			in.studentNames[p.ExternalID] = p.Name()
		}
	}
	for _, p := range sts {
		if _, ok := in.studentPID[p.ExternalID]; !ok {
			continue
		}
		st := p.asStudent()
		if _, ok := in.studentPID[st.With]; !ok {
			st.With = ""
		}
		if _, ok := in.studentPID[st.Avoid]; !ok {
			st.Avoid = ""
		}
		in.students = append(in.students, st)
	}
	for _, p := range ms {
		if p.Placeable() {
			in.mentors = append(in.mentors, p.asMentor())
			in.mentorPID[p.ExternalID] = p.ID
			in.mentorNames[p.ExternalID] = p.Name()
		}
	}
	if err := s.gateMentors(ctx, programID, in); err != nil {
		return nil, err
	}
	return in, nil
}

// AsAllocate turns stored groups into the engine's groups (for checks and exports).
func AsAllocate(groups []Group) []allocate.Group {
	out := make([]allocate.Group, 0, len(groups))
	for _, g := range groups {
		ag := allocate.Group{ID: g.Code, Programme: g.Programme, Cohort: g.Cohort, MeetingSlot: g.MeetingSlot,
			SlotCoverage: g.SlotCoverage, Undersized: g.Undersized, Students: []string{}, Mentors: []string{}, Name: g.Name}
		for _, m := range g.Students {
			ag.Students = append(ag.Students, m.ID)
		}
		for _, m := range g.Mentors {
			ag.Mentors = append(ag.Mentors, m.ID)
		}
		out = append(out, ag)
	}
	return out
}

func fingerprint(in *inputs, existing []allocate.Group, p AllocationParams) string {
	h := sha256.New()
	json.NewEncoder(h).Encode(struct {
		S []allocate.Student
		M []allocate.Mentor
		G []allocate.Group
		P AllocationParams
	}{in.students, in.mentors, existing, p})
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// PlanAllocation computes an allocation of the program's students and
// mentors and reports on it, storing nothing. With stored groups (and not
// Replace) it extends them: new students go into existing groups first.
func (s *Service) PlanAllocation(ctx context.Context, programID int64, params AllocationParams) (*AllocationPreview, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return nil, err
	}
	return s.planAllocation(ctx, programID, params)
}

func (s *Service) planAllocation(ctx context.Context, programID int64, params AllocationParams) (*AllocationPreview, error) {
	if err := params.Validate(); err != nil {
		return nil, err
	}
	in, err := s.inputs(ctx, programID)
	if err != nil {
		return nil, err
	}
	stored, err := s.groups(ctx, programID)
	if err != nil {
		return nil, err
	}
	var existing []allocate.Group
	for _, g := range stored {
		if g.Reasons == "" { // one-to-one pairs are not mentor groups
			existing = append(existing, AsAllocate([]Group{g})...)
		}
	}
	pv := &AllocationPreview{Params: params, Mode: "full", StudentNames: in.studentNames, MentorNames: in.mentorNames, Untrained: in.untrained, in: in}
	opt := params.options()
	if len(existing) > 0 && !params.Replace {
		pv.Mode, pv.Kept = "extend", len(existing)
		// Kept groups keep their mentors, trained or not.
		in.mentors = withGated(in, existing)
		pv.Result = allocate.Extend(existing, in.students, in.mentors, opt)
	} else {
		existing = nil
		pv.Result, err = allocate.Allocate(in.students, in.mentors, opt)
		if err != nil {
			if errors.Is(err, allocate.ErrInvalidOptions) {
				return nil, app.Invalid("groups.bad_params", err.Error())
			}
			return nil, app.Internal(err)
		}
	}
	if pv.Mode == "extend" {
		pv.Violations = allocate.CheckExtend(existing, in.students, in.mentors, opt, pv.Result)
	} else {
		pv.Violations = allocate.Check(in.students, in.mentors, opt, pv.Result)
	}
	pv.Quality = allocate.Quality(in.students, in.mentors, opt, pv.Result)
	nameGroups(pv.Result.Groups)
	pv.Shortages = shortages(in, pv.Result, params)
	pv.Fingerprint = fingerprint(in, existing, params)
	return pv, nil
}

func shortages(in *inputs, r allocate.Result, p AllocationParams) []Shortage {
	by := map[string]*Shortage{}
	get := func(code string) *Shortage {
		if by[code] == nil {
			by[code] = &Shortage{Programme: code}
		}
		return by[code]
	}
	for _, st := range in.students {
		get(st.Programme).Students++
	}
	for _, m := range in.mentors {
		get(m.Programme).Mentors++
	}
	programme := make(map[string]string, len(in.students))
	for _, st := range in.students {
		programme[st.Number] = st.Programme
	}
	for _, u := range r.UnassignedStudents {
		get(programme[u.StudentNumber]).Unplaced++
	}
	var out []Shortage
	for _, sh := range by {
		if sh.Unplaced > 0 && p.GroupMax > 0 {
			sh.MentorsNeeded = (sh.Unplaced + p.GroupMax - 1) / p.GroupMax * p.MentorsPerGroup
		}
		out = append(out, *sh)
	}
	slices.SortFunc(out, func(a, b Shortage) int { return strings.Compare(a.Programme, b.Programme) })
	return out
}

// nameGroups names the groups that have no name yet after their
// programme, cohort and number: "BAMN-BIO 2026H · 3".
func nameGroups(gs []allocate.Group) {
	for i := range gs {
		if gs[i].Name == "" {
			gs[i].Name = fmt.Sprintf("%s %s · %s", gs[i].Programme, gs[i].Cohort, strings.TrimPrefix(gs[i].ID, "g"))
		}
	}
}

// Allocate computes the allocation as PlanAllocation does and stores its
// groups. A non-empty fingerprint must match the preview's: if students
// or mentors changed since, it fails with a conflict and stores nothing.
func (s *Service) Allocate(ctx context.Context, programID int64, params AllocationParams, fp string) (*AllocationPreview, error) {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return nil, err
	}
	pv, err := s.planAllocation(ctx, programID, params)
	if err != nil {
		return nil, err
	}
	if fp != "" && fp != pv.Fingerprint {
		return nil, &app.Error{Code: app.CodeConflict, Key: "groups.changed",
			Message: "students or mentors changed since the preview; look at the new preview before accepting"}
	}
	in := pv.in
	groups := make([]Group, 0, len(pv.Result.Groups))
	for _, g := range pv.Result.Groups {
		sg := Group{ProgramID: programID, Code: g.ID, Name: g.Name, Programme: g.Programme, Cohort: g.Cohort,
			MeetingSlot: g.MeetingSlot, SlotCoverage: g.SlotCoverage, Undersized: g.Undersized}
		for _, id := range g.Students {
			sg.Students = append(sg.Students, Member{ParticipantID: in.studentPID[id], ID: id})
		}
		for _, id := range g.Mentors {
			sg.Mentors = append(sg.Mentors, Member{ParticipantID: in.mentorPID[id], ID: id})
		}
		groups = append(groups, sg)
	}
	paramsJS, _ := json.Marshal(params)
	resultJS, _ := json.Marshal(pv.Result)
	a := app.ActorFrom(ctx)
	rec := AllocationRecord{ProgramID: programID, AccountID: a.AccountID, Mode: pv.Mode, Params: string(paramsJS), Result: string(resultJS)}
	err = s.auditedChange(ctx, func(ctx context.Context) error {
		_, err := s.saveGroups(ctx, rec, groups)
		return err
	}, "groups.allocate", p.Code, "ok", fmt.Sprintf("%s: %d groups, %d placed, %d unplaced",
		pv.Mode, len(pv.Result.Groups), pv.Result.Stats.Placed, len(pv.Result.UnassignedStudents)))
	if err != nil {
		return nil, err
	}
	return pv, nil
}

// LastParams are the parameters of the program's last allocation, or
// proposals from its record.
func (s *Service) LastParams(ctx context.Context, p program.Program) AllocationParams {
	return s.lastParams(ctx, p)
}

// lastParams are the parameters of the program's last allocation (for
// checking moves against the same rules), or the program's defaults.
func (s *Service) lastParams(ctx context.Context, p program.Program) AllocationParams {
	a, err := s.lastAllocation(ctx, p.ID)
	return paramsOf(a, err, p)
}

// paramsOf are the parameters of allocation a (read with err), or the
// program's defaults.
func paramsOf(a AllocationRecord, err error, p program.Program) AllocationParams {
	if err == nil {
		var ap AllocationParams
		if json.Unmarshal([]byte(a.Params), &ap) == nil && ap.Validate() == nil {
			return ap
		}
	}
	return DefaultParams(p)
}

// SwapCandidates are, for one group, the mentors who may leave it (its
// mentors) and those who may come in: the program's mentors available for
// groups who are not already in it.
func (s *Service) SwapCandidates(ctx context.Context, programID, groupID int64) (g Group, leaving, coming []Participant, err error) {
	if _, err = s.Editable(ctx, programID); err != nil {
		return
	}
	if g, err = s.store.FindGroup(ctx, groupID); err != nil || g.ProgramID != programID || g.Reasons != "" {
		return Group{}, nil, nil, app.Invalid("groups.swap_no_group", "that group is not one of the program's groups (any more)")
	}
	ms, err := s.participants(ctx, programID, Mentor)
	if err != nil {
		return
	}
	in := map[int64]bool{}
	for _, m := range g.Mentors {
		in[m.ParticipantID] = true
	}
	for _, m := range ms {
		switch {
		case in[m.ID]:
			leaving = append(leaving, m)
		case m.Placeable():
			coming = append(coming, m)
		}
	}
	return g, leaving, coming, nil
}

// UnplacedReasons says, by student number, why the program's last
// allocation left each student out ("no mentor available for …"), as the
// engine said it. A student not named came (back) after it.
func (s *Service) UnplacedReasons(ctx context.Context, programID int64) (map[string]string, error) {
	if _, err := s.Editable(ctx, programID); err != nil {
		return nil, err
	}
	a, err := s.lastAllocation(ctx, programID)
	return reasonsOf(a, err), nil
}

// reasonsOf are the unplaced students' reasons of allocation a (read with
// err), by student number.
func reasonsOf(a AllocationRecord, err error) map[string]string {
	out := map[string]string{}
	if err != nil {
		return out
	}
	var r allocate.Result
	if json.Unmarshal([]byte(a.Result), &r) != nil {
		return out
	}
	for _, u := range r.UnassignedStudents {
		if u.Reason != notInAGroup {
			out[u.StudentNumber] = u.Reason
		}
	}
	return out
}

// notInAGroup is the reason wrap gives: no reason at all.
const notInAGroup = "not in a group"

// Move is a change to stored groups: a student moved to another group, or
// one mentor of a group swapped for another.
type Move struct {
	Student   int64 // participant id of the student to move …
	ToGroup   int64 // … into this group
	Group     int64 // the group whose mentor is swapped
	OldMentor int64 // participant ids
	NewMentor int64
	Force     bool // apply even if it breaks a rule
}

// MoveResult says what a move did, or why it waits for confirmation.
type MoveResult struct {
	Applied  bool
	Warnings []string // what the move breaks that held before, in the checker's English ("rule N: …")
	Rules    []int    // the rules the move breaks, each once, in order: what a page says
}

// ApplyMove moves a student or swaps a mentor. If the change breaks a rule
// that held before (size bounds, programme and cohort, avoid/with,
// isolating a minority member, a mentor's capacity, mentors from one
// cohort), it is not applied unless Force is set, and the warnings say why.
func (s *Service) ApplyMove(ctx context.Context, programID int64, mv Move) (*MoveResult, error) {
	p, err := s.Editable(ctx, programID)
	if err != nil {
		return nil, err
	}
	stored, err := s.groups(ctx, programID)
	if err != nil {
		return nil, err
	}
	in, err := s.inputs(ctx, programID)
	if err != nil {
		return nil, err
	}
	// One read of the last allocation: its parameters check the move, its
	// reasons stay on the new record.
	last, lastErr := s.lastAllocation(ctx, programID)
	params := paramsOf(last, lastErr, p)
	before := AsAllocate(stored)
	after := AsAllocate(stored)
	in.mentors = withGated(in, before)
	idx := func(id int64) int {
		for i, g := range stored {
			if g.ID == id {
				return i
			}
		}
		return -1
	}
	switch {
	case mv.Student != 0:
		st, err := s.store.FindParticipant(ctx, mv.Student)
		if err != nil || st.ProgramID != programID || st.Role != Student {
			return nil, app.NotFound("student")
		}
		if _, ok := in.studentPID[st.ExternalID]; !ok {
			// Opted out, left the roster or an applicant: not placed by hand either.
			return nil, app.Invalid("groups.not_placeable", "the student is not taking part and cannot be put in a group")
		}
		to := idx(mv.ToGroup)
		if to < 0 {
			return nil, app.NotFound("group")
		}
		for i := range after {
			after[i].Students = slices.DeleteFunc(slices.Clone(after[i].Students), func(x string) bool { return x == st.ExternalID })
		}
		// Members stay sorted, as the contract lists them (rule 8): a
		// student appended at the end is no breach the coordinator made.
		after[to].Students = append(after[to].Students, st.ExternalID)
		slices.Sort(after[to].Students)
	case mv.Group != 0:
		// A wrong pick on the swap form is the coordinator's to correct,
		// so it is invalid (said on the groups page), not a missing page.
		g := idx(mv.Group)
		if g < 0 || stored[g].Reasons != "" {
			return nil, app.Invalid("groups.swap_no_group", "that group is not one of the program's groups (any more)")
		}
		oldM, err1 := s.store.FindParticipant(ctx, mv.OldMentor)
		if err1 != nil || oldM.ProgramID != programID || oldM.Role != Mentor || !slices.Contains(after[g].Mentors, oldM.ExternalID) {
			return nil, app.Invalid("groups.swap_not_in_group", "the mentor leaving is not a mentor of that group")
		}
		newM, err2 := s.store.FindParticipant(ctx, mv.NewMentor)
		if err2 != nil || newM.ProgramID != programID || newM.Role != Mentor {
			return nil, app.Invalid("groups.swap_unknown", "the mentor coming in is not a mentor of the program")
		}
		if slices.Contains(after[g].Mentors, newM.ExternalID) {
			return nil, app.Invalid("groups.already_mentor", "that mentor is already in the group")
		}
		for _, u := range in.untrained {
			if u.Ref == newM.ExternalID {
				return nil, errUntrained(u)
			}
		}
		if _, ok := in.mentorPID[newM.ExternalID]; !ok {
			return nil, app.Invalid("groups.swap_unavailable", "the mentor coming in is not available for groups")
		}
		after[g].Mentors = slices.Clone(after[g].Mentors)
		after[g].Mentors[slices.Index(after[g].Mentors, oldM.ExternalID)] = newM.ExternalID
		slices.Sort(after[g].Mentors)
	default:
		return nil, app.Invalid("groups.bad_move", "say which student to move or which mentor to swap")
	}
	for i := range after {
		if !slices.Equal(after[i].Students, before[i].Students) {
			after[i].SlotCoverage = coverage(after[i], in.students)
		}
	}
	opt := params.options()
	// A rule already broken in a group before the move is not the move's
	// doing, however the checker's words for it change (a size, say); a
	// breach of no group in particular is told apart by its words.
	type breach struct {
		rule         int
		group, words string
	}
	breachOf := func(v allocate.Violation) breach {
		if v.Group != "" {
			return breach{v.Rule, v.Group, ""}
		}
		return breach{v.Rule, "", v.Message}
	}
	had := map[breach]bool{}
	for _, v := range allocate.Check(in.students, in.mentors, opt, wrap(before, in)) {
		had[breachOf(v)] = true
	}
	res := &MoveResult{}
	for _, v := range allocate.Check(in.students, in.mentors, opt, wrap(after, in)) {
		if !had[breachOf(v)] {
			res.Warnings = append(res.Warnings, fmt.Sprintf("rule %d: %s", v.Rule, v.Message))
			if !slices.Contains(res.Rules, v.Rule) {
				res.Rules = append(res.Rules, v.Rule)
			}
		}
	}
	slices.Sort(res.Rules)
	if len(res.Warnings) > 0 && !mv.Force {
		return res, nil
	}
	groups := make([]Group, len(stored))
	for i, g := range stored {
		ng := g
		ng.SlotCoverage = after[i].SlotCoverage
		ng.Students, ng.Mentors = nil, nil
		for _, id := range after[i].Students {
			ng.Students = append(ng.Students, Member{ParticipantID: in.studentPID[id], ID: id})
		}
		for _, id := range after[i].Mentors {
			ng.Mentors = append(ng.Mentors, Member{ParticipantID: in.mentorPID[id], ID: id})
		}
		groups[i] = ng
	}
	// The record keeps each unplaced student's reason from the allocation
	// that left her out: a move does not make it "not in a group".
	saved := wrap(after, in)
	reasons := reasonsOf(last, lastErr)
	for i, u := range saved.UnassignedStudents {
		if r := reasons[u.StudentNumber]; r != "" {
			saved.UnassignedStudents[i].Reason = r
		}
	}
	paramsJS, _ := json.Marshal(params)
	resultJS, _ := json.Marshal(saved)
	rec := AllocationRecord{ProgramID: programID, AccountID: app.ActorFrom(ctx).AccountID, Mode: "move",
		Params: string(paramsJS), Result: string(resultJS)}
	outcome := "ok"
	if len(res.Warnings) > 0 {
		outcome = "ok, breaking a rule"
	}
	err = s.auditedChange(ctx, func(ctx context.Context) error {
		_, err := s.saveGroups(ctx, rec, groups)
		return err
	}, "groups.move", p.Code, outcome, "")
	if err != nil {
		return nil, err
	}
	res.Applied = true
	return res, nil
}

// wrap makes a Result of groups, listing placeable students not in any of
// them as unassigned (for Check).
func wrap(groups []allocate.Group, in *inputs) allocate.Result {
	placed := map[string]bool{}
	for _, g := range groups {
		for _, id := range g.Students {
			placed[id] = true
		}
	}
	r := allocate.Result{Groups: groups, UnassignedStudents: []allocate.Unassigned{}, UnassignedMentors: []string{}}
	for _, st := range in.students {
		if !placed[st.Number] {
			r.UnassignedStudents = append(r.UnassignedStudents, allocate.Unassigned{StudentNumber: st.Number, Reason: notInAGroup})
		}
	}
	r.Stats = allocate.Stats{Students: len(in.students), Placed: len(placed), Groups: len(groups)}
	return r
}

// coverage is the share of a group's students who can meet at its slot.
func coverage(g allocate.Group, students []allocate.Student) float64 {
	if g.MeetingSlot == "" || len(g.Students) == 0 {
		return g.SlotCoverage
	}
	slots := map[string][]string{}
	for _, st := range students {
		slots[st.Number] = st.Slots
	}
	n := 0
	for _, id := range g.Students {
		if slices.Contains(slots[id], g.MeetingSlot) {
			n++
		}
	}
	return float64(int(float64(n)/float64(len(g.Students))*100+0.5)) / 100
}
