package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/chart"
	"github.com/mentorhub/mentorhub/internal/groupexport"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// groupsData is the coordinator's page of a program's groups.
type groupsData struct {
	Program    program.Program
	Tab        string
	YearBar    *yearBar
	Groups     []people.Group
	Params     people.AllocationParams
	Unplaced   []people.Participant // placeable students in no group
	Placed     []people.Participant // students in a group (for the move form)
	Mentors    []people.Participant // available mentors (for the swap form)
	Move       *moveView            // a move waiting for confirmation
	Errors     map[string]string
	Done       string
	OneToOne   bool
	GroupNames map[int64]string
	// Why each unplaced student (by participant id) is in no group.
	Reasons map[int64]string
	// Students and mentors taking part, for the page without groups.
	Students, MentorCount int
	Swap                  *swapView    // the group whose mentor is being swapped
	MoveError             string       // why a move or swap was not done
	Summary               errorSummary // the allocation form's problems, linked to their fields
}

// swapView is the second step of swapping a mentor: the group chosen, its
// mentors, and the mentors who may come in.
type swapView struct {
	Group           people.Group
	Leaving, Coming []people.Participant
}

// chooseSwap loads the swap form's second step for group gid; a group
// that is not the program's is said in d.MoveError.
func (s *Server) chooseSwap(r *http.Request, d *groupsData, gid int64) error {
	g, leaving, coming, err := s.People.SwapCandidates(r.Context(), d.Program.ID, gid)
	if app.ErrorCode(err) == app.CodeInvalid {
		d.MoveError = errorText(r, err)
		return nil
	}
	if err != nil {
		return err
	}
	d.Swap = &swapView{Group: g, Leaving: leaving, Coming: coming}
	return nil
}

// errorText is an app.Error in the reader's language; without a
// translation of its own, the generic text of its code (as the error
// page says it), never the English message.
func errorText(r *http.Request, err error) string {
	e := app.AsError(err)
	pr := printerOf(r)
	if msg := pr.TMap(e.Key, e.Args); msg != e.Key {
		return msg
	}
	return pr.T("error." + string(e.Code))
}

type moveView struct {
	Broken                                   []string // each rule the move breaks, in words
	Student, ToGroup, Group, Old, New        int64
	StudentName, GroupName, OldName, NewName string
}

func (s *Server) groupsData(r *http.Request, p program.Program) (*groupsData, error) {
	d := &groupsData{Program: p, Tab: "groups", Errors: map[string]string{}, OneToOne: people.OneToOne(p.Model)}
	var err error
	if d.YearBar, err = s.yearBarOf(r, p.ID); err != nil {
		return nil, err
	}
	if d.Groups, err = s.People.Groups(r.Context(), p.ID); err != nil {
		return nil, err
	}
	d.GroupNames = map[int64]string{}
	for _, g := range d.Groups {
		d.GroupNames[g.ID] = g.Name
	}
	sts, err := s.People.Participants(r.Context(), p.ID, people.Student)
	if err != nil {
		return nil, err
	}
	for _, x := range sts {
		switch {
		case len(x.GroupIDs) > 0:
			d.Placed = append(d.Placed, x)
		case x.Placeable() && x.Source != people.FromApplication:
			d.Unplaced = append(d.Unplaced, x)
		}
	}
	ms, err := s.People.Participants(r.Context(), p.ID, people.Mentor)
	if err != nil {
		return nil, err
	}
	for _, x := range ms {
		if x.Placeable() {
			d.Mentors = append(d.Mentors, x)
		}
	}
	d.Params = s.People.LastParams(r.Context(), p)
	d.Students, d.MentorCount = len(d.Placed)+len(d.Unplaced), len(d.Mentors)
	if len(d.Unplaced) > 0 {
		reasons, err := s.People.UnplacedReasons(r.Context(), p.ID)
		if err != nil {
			return nil, err
		}
		d.Reasons = map[int64]string{}
		pr := printerOf(r)
		for _, x := range d.Unplaced {
			d.Reasons[x.ID] = unplacedReason(pr, reasons[x.ExternalID])
		}
	}
	return d, nil
}

// unplacedReason says in the reader's language why the last allocation
// left a student out; none: she came or came back after it.
func unplacedReason(pr *i18n.Printer, reason string) string {
	for _, k := range []struct{ prefix, key string }{
		{"no mentor available for ", "groups.reason.no_mentor"},
		{"group size limits leave no room in ", "groups.reason.no_room"},
		{"every group of ", "groups.reason.avoid"},
		{"the groups of ", "groups.reason.full"},
	} {
		if rest, ok := strings.CutPrefix(reason, k.prefix); ok {
			what, _, _ := strings.Cut(rest, " are full")
			what, _, _ = strings.Cut(what, " with room")
			return pr.T(k.key, "What", what)
		}
	}
	switch {
	case reason == "":
		return pr.T("groups.reason.since")
	case strings.HasPrefix(reason, "avoid request"):
		// Rule 5: one of an avoid pair left out where no arrangement
		// parts them ("avoid request cannot be met in P C").
		_, what, _ := strings.Cut(reason, " in ")
		return pr.T("groups.reason.avoid_request", "What", what)
	}
	// A reason this page does not know yet still says that the allocation
	// left her out, with the engine's own words.
	return pr.T("groups.reason.other", "Reason", reason)
}

func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	d, err := s.groupsData(r, p)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	if v := r.URL.Query().Get("swap"); v != "" {
		gid, _ := strconv.ParseInt(v, 10, 64)
		if err := s.chooseSwap(r, d, gid); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "programs/groups", d)
	return nil
}

// formParams reads the allocation form; problems go to errs by field.
func formParams(r *http.Request, errs map[string]string) people.AllocationParams {
	num := func(name string) int64 {
		v, err := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
		if err != nil {
			errs[name] = printerOf(r).T("groups.bad_number")
		}
		return v
	}
	p := people.AllocationParams{GroupMin: int(num("group_min")), GroupMax: int(num("group_max")),
		MentorsPerGroup: int(num("mentors_per_group")), Seed: num("seed"), Replace: r.FormValue("replace") == "true",
		MentorMix: splitMix(r.FormValue("mentor_mix"))}
	if len(errs) == 0 {
		sizes := p.GroupMin >= 1 && p.GroupMin > p.GroupMax && p.GroupMax <= 500
		if sizes {
			sizeOrder(r, p, errs)
		}
		if err := p.Validate(); err != nil {
			for _, d := range app.AsError(err).Details {
				if sizes && (d.Column == "group_min" || d.Column == "group_max") || errs[d.Column] != "" {
					continue
				}
				errs[d.Column] = printerOf(r).T("groups.bad." + d.Column)
			}
		}
	}
	return p
}

// sizeOrder places the message of a smallest group above the largest at
// the field the coordinator changed (the form carries the values it
// showed): raising "Smallest group" past "Largest group" is a problem of
// the smallest group, not of the largest. When both (or neither) changed,
// both fields say so.
func sizeOrder(r *http.Request, p people.AllocationParams, errs map[string]string) {
	pr := printerOf(r)
	shown := func(name string, v int) bool {
		return strings.TrimSpace(r.FormValue("shown_"+name)) == strconv.Itoa(v)
	}
	minKept, maxKept := shown("group_min", p.GroupMin), shown("group_max", p.GroupMax)
	if !minKept || maxKept {
		errs["group_min"] = pr.T("a11y.groups.min_above_max", "Max", p.GroupMax)
	}
	if !maxKept || minKept {
		errs["group_max"] = pr.T("a11y.groups.max_below_min", "Min", p.GroupMin)
	}
}

// allocationFields are the allocation form's fields in order, with their
// labels' keys, for its error summary.
var allocationFields = []string{"group_min", "group_max", "mentors_per_group", "mentor_mix", "seed"}

func allocationSummary(r *http.Request, errs map[string]string) errorSummary {
	pr := printerOf(r)
	fields := map[string][2]string{}
	for _, f := range allocationFields {
		fields[f] = [2]string{f, pr.T("groups.param." + f)}
	}
	return summarise("allocation-errors", pr.T("groups.bad_params"), errs, allocationFields, fields)
}

// allocationData is the preview of an allocation.
type allocationData struct {
	Program    program.Program
	Tab        string
	Preview    *people.AllocationPreview
	SizeChart  any
	Unassigned []unassignedView
	Violations []ruleView // each broken rule once, in words
}

type unassignedView struct{ ID, Name, Reason string }

// handleAllocationPreview computes an allocation and shows it before
// anything is stored.
func (s *Server) handleAllocationPreview(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	params := formParams(r, errs)
	if len(errs) > 0 {
		d, err := s.groupsData(r, p)
		if err != nil {
			return err
		}
		d.Params, d.Errors, d.Summary = params, errs, allocationSummary(r, errs)
		s.render(w, r, http.StatusUnprocessableEntity, "programs/groups", d)
		return nil
	}
	pv, err := s.People.PlanAllocation(r.Context(), p.ID, params)
	if err != nil {
		return err
	}
	pr := printerOf(r)
	ad := allocationData{Program: p, Tab: "groups", Preview: pv, Violations: brokenRules(pr, pv.Violations)}
	sizes := map[int]int{}
	for _, g := range pv.Result.Groups {
		sizes[len(g.Students)]++
	}
	var keys []int
	for k := range sizes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var bars []chart.Bar
	for _, k := range keys {
		bars = append(bars, chart.Bar{Label: pr.T("groups.size_label", "Count", k), Value: float64(sizes[k])})
	}
	ad.SizeChart = chart.BarChart{ID: "sizes", Title: pr.T("groups.sizes_title"), Caption: pr.T("groups.sizes_caption"),
		Bars: bars, Format: func(f float64) string { return pr.Int(int64(f)) }}.SVG()
	for _, u := range pv.Result.UnassignedStudents[:min(len(pv.Result.UnassignedStudents), listLimit)] {
		ad.Unassigned = append(ad.Unassigned, unassignedView{ID: u.StudentNumber, Name: pv.StudentNames[u.StudentNumber], Reason: unplacedReason(pr, u.Reason)})
	}
	s.render(w, r, http.StatusOK, "programs/allocation", ad)
	return nil
}

// handleAllocationAccept stores the previewed allocation, unless the
// students or mentors changed since the preview.
func (s *Server) handleAllocationAccept(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	params := formParams(r, errs)
	if len(errs) > 0 {
		return app.Invalid("groups.bad_params", "invalid allocation parameters")
	}
	if _, err := s.People.Allocate(r.Context(), p.ID, params, r.FormValue("fingerprint")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/groups?done=allocated", p.ID), http.StatusSeeOther)
	return nil
}

// handleGroupMove moves a student or swaps a mentor; a move that breaks a
// rule waits for the coordinator to confirm it.
func (s *Server) handleGroupMove(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	mv := people.Move{Student: formID(r, "student"), ToGroup: formID(r, "to_group"), Group: formID(r, "group"),
		OldMentor: formID(r, "old_mentor"), NewMentor: formID(r, "new_mentor"), Force: r.FormValue("force") == "true"}
	res, err := s.People.ApplyMove(r.Context(), p.ID, mv)
	if app.ErrorCode(err) == app.CodeInvalid {
		// A wrong pick: the groups page again, saying what was wrong.
		d, derr := s.groupsData(r, p)
		if derr != nil {
			return derr
		}
		if mv.Group != 0 {
			if derr := s.chooseSwap(r, d, mv.Group); derr != nil {
				return derr
			}
		}
		d.MoveError = errorText(r, err)
		s.render(w, r, http.StatusUnprocessableEntity, "programs/groups", d)
		return nil
	}
	if err != nil {
		return err
	}
	if res.Applied {
		done := "moved"
		if mv.Group != 0 {
			done = "swapped"
		}
		http.Redirect(w, r, fmt.Sprintf("/programs/%d/groups?done=%s", p.ID, done), http.StatusSeeOther)
		return nil
	}
	d, err := s.groupsData(r, p)
	if err != nil {
		return err
	}
	v := &moveView{Broken: ruleTexts(printerOf(r), res.Rules), Student: mv.Student, ToGroup: mv.ToGroup, Group: mv.Group, Old: mv.OldMentor, New: mv.NewMentor}
	for _, g := range d.Groups {
		if g.ID == mv.ToGroup || g.ID == mv.Group {
			v.GroupName = g.Name
		}
	}
	for _, x := range append(append([]people.Participant{}, d.Placed...), d.Mentors...) {
		switch x.ID {
		case mv.Student:
			v.StudentName = x.Name()
		case mv.OldMentor:
			v.OldName = x.Name()
		case mv.NewMentor:
			v.NewName = x.Name()
		}
	}
	d.Move = v
	s.render(w, r, http.StatusConflict, "programs/groups", d)
	return nil
}

// handleGroupRename names a group.
func (s *Server) handleGroupRename(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	gid, err := strconv.ParseInt(r.PathValue("gid"), 10, 64)
	if err != nil {
		return app.NotFound("group")
	}
	if err := s.People.RenameGroup(r.Context(), p.ID, gid, r.FormValue("name")); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/groups?done=renamed#group-%d", p.ID, gid), http.StatusSeeOther)
	return nil
}

// handleGroupsExport downloads the groups: CSV, XLSX or a Canvas SIS zip.
func (s *Server) handleGroupsExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	groups, err := s.People.Groups(r.Context(), p.ID)
	if err != nil {
		return err
	}
	ag := people.AsAllocate(groups)
	contacts := map[string][2]string{}
	for _, g := range groups {
		for _, m := range append(append([]people.Member{}, g.Students...), g.Mentors...) {
			contacts[m.ID] = [2]string{m.Name(), m.Email}
		}
	}
	dir := func(id string) (string, string) { c := contacts[id]; return c[0], c[1] }
	var buf bytes.Buffer
	var ctype, name string
	switch r.PathValue("format") {
	case "groups.csv":
		ctype, name = "text/csv; charset=utf-8", p.Code+"-groups.csv"
		err = groupexport.GroupsCSVDialect(&buf, ag, dir, tabular.DialectOf(r.URL.Query().Get("sep"), groupexport.GroupsDialect))
	case "groups.xlsx":
		ctype, name = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", p.Code+"-groups.xlsx"
		pr := printerOf(r)
		err = groupexport.GroupsXLSXFor(&buf, ag, dir, groupexport.Labels{Sheet: pr.T("export.sheet"),
			Header: func(c string) string { return pr.T("export.col." + c) },
			Role:   func(role string) string { return pr.T("export.role." + role) },
			Slot:   pr.Slot})
	case "canvas.zip":
		ctype, name = "application/zip", p.Code+"-canvas-groups.zip"
		course := strings.TrimSpace(r.URL.Query().Get("course"))
		if course == "" {
			course = p.Code
		}
		err = groupexport.CanvasZip(&buf, groupexport.Canvas{CourseID: course, CategoryID: "mentorhub-" + p.Code,
			CategoryName: p.Name}, ag)
	default:
		return app.NotFound("export")
	}
	if err != nil {
		return app.Internal(err)
	}
	s.Auth.Audit(r.Context(), "groups.export", p.Code, "ok", r.PathValue("format"))
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
	return nil
}

// splitMix reads a mentor mix as the CLI takes it, "external+senior_student"
// (spaces around kinds and an empty value allowed); Validate judges the kinds.
func splitMix(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	// Empty places ("external++senior_student") stay, for Validate to
	// refuse as the CLI does, rather than be dropped unseen.
	out := strings.Split(v, "+")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}
