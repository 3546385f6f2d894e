package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// dump prints the instance, for reproducing a row by hand (-v).
func (in *instance) dump(w io.Writer) {
	fmt.Fprintf(w, "  options %+v\n", in.opt)
	for _, s := range in.students {
		fmt.Fprintf(w, "  student %s %s intl=%v slots=%s with=%s avoid=%s\n", s.Number, s.Gender, s.International,
			strings.Join(s.Slots, ","), s.With, s.Avoid)
	}
	for _, m := range in.mentors {
		fmt.Fprintf(w, "  mentor %s cohort %s max %d slots=%s\n", m.ID, m.Cohort, m.MaxGroups, strings.Join(m.Slots, ","))
	}
	for _, c := range in.cats {
		fmt.Fprintf(w, "  minority %v\n", c)
	}
}

// dumpResult prints r's groups with their coverage in students (-v).
func dumpResult(w io.Writer, who string, in *instance, r allocate.Result) {
	fmt.Fprintf(w, "  %s: %d covered\n", who, in.covered(r))
	for _, g := range r.Groups {
		fmt.Fprintf(w, "    %s %s mentors=%s slot=%s free %d/%d: %s\n", who, g.ID, strings.Join(g.Mentors, ","), g.MeetingSlot,
			in.free(g.Students, g.MeetingSlot), len(g.Students), strings.Join(g.Students, ","))
	}
	for _, u := range r.UnassignedStudents {
		fmt.Fprintf(w, "    %s unassigned %s: %s\n", who, u.StudentNumber, u.Reason)
	}
}
