// Package groupexport writes formed mentor groups for other systems: a
// plain CSV for people and spreadsheets, and a Canvas SIS import zip
// (group_categories.csv, groups.csv, groups_membership.csv) so the groups
// appear in the learning platform.
package groupexport

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// safe neutralises a cell a spreadsheet would run as a formula.
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func writeAll(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		for i := range r {
			r[i] = safe(r[i])
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// GroupsCSV writes one line per member: group, programme, cohort, meeting
// slot, role (student or mentor) and the member's id.
func GroupsCSV(w io.Writer, groups []allocate.Group) error {
	var rows [][]string
	for _, g := range groups {
		for _, m := range g.Mentors {
			rows = append(rows, []string{g.ID, g.Programme, g.Cohort, g.MeetingSlot, "mentor", m})
		}
		for _, s := range g.Students {
			rows = append(rows, []string{g.ID, g.Programme, g.Cohort, g.MeetingSlot, "student", s})
		}
	}
	return writeAll(w, []string{"group_id", "programme_code", "cohort", "meeting_slot", "role", "member_id"}, rows)
}

// Canvas says where in Canvas the groups go.
type Canvas struct {
	CourseID     string // SIS id of the course the group category belongs to
	AccountID    string // optional SIS account id
	CategoryID   string // SIS id of the group category, e.g. "mentorhub-uib-mn-pilot-2026H"
	CategoryName string // shown in Canvas, e.g. "Mentor groups"
	// UserID maps a student number or mentor id to the SIS user id Canvas
	// knows; nil uses the id as it is.
	UserID func(string) string
}

// CanvasZip writes a Canvas SIS import zip for the groups. Canvas allows a
// user in one group per category, which the allocation guarantees.
func CanvasZip(w io.Writer, c Canvas, groups []allocate.Group) error {
	if c.CourseID == "" || c.CategoryID == "" {
		return fmt.Errorf("canvas export needs a course id and a group category id")
	}
	if c.CategoryName == "" {
		c.CategoryName = "Mentor groups"
	}
	user := c.UserID
	if user == nil {
		user = func(s string) string { return s }
	}
	zw := zip.NewWriter(w)
	file := func(name string, header []string, rows [][]string) error {
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		return writeAll(f, header, rows)
	}
	if err := file("group_categories.csv", []string{"group_category_id", "account_id", "course_id", "category_name", "status"},
		[][]string{{c.CategoryID, c.AccountID, c.CourseID, c.CategoryName, "active"}}); err != nil {
		return err
	}
	var gs, ms [][]string
	for _, g := range groups {
		gid := c.CategoryID + "-" + g.ID
		name := fmt.Sprintf("%s %s %s", g.Programme, g.Cohort, g.ID)
		gs = append(gs, []string{gid, c.CategoryID, c.AccountID, c.CourseID, name, "available"})
		for _, m := range g.Mentors {
			ms = append(ms, []string{gid, user(m), "accepted"})
		}
		for _, s := range g.Students {
			ms = append(ms, []string{gid, user(s), "accepted"})
		}
	}
	if err := file("groups.csv", []string{"group_id", "group_category_id", "account_id", "course_id", "name", "status"}, gs); err != nil {
		return err
	}
	if err := file("groups_membership.csv", []string{"group_id", "user_id", "status"}, ms); err != nil {
		return err
	}
	return zw.Close()
}
