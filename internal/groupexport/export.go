// Package groupexport writes formed mentor groups for other systems: a
// plain CSV and an XLSX workbook for people and spreadsheets, and a Canvas
// SIS import zip (group_categories.csv, groups.csv, groups_membership.csv)
// so the groups appear in the learning platform.
package groupexport

import (
	"archive/zip"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// safe neutralises a cell a spreadsheet would run as a formula.
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeAll writes a CSV file in dialect d, every data cell quoted and
// formula-safe.
func writeAll(w io.Writer, d tabular.CSVDialect, header []string, rows [][]string) error {
	cw := tabular.NewCSVWriter(w, d)
	if err := cw.WriteHeader(header); err != nil {
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
	return cw.Flush()
}

// groupsHeader are the columns of GroupsCSV and GroupsXLSX.
var groupsHeader = []string{"group_id", "programme_code", "cohort", "meeting_slot", "role", "member_id", "group_name", "name", "email"}

// Directory gives a member's name and e-mail address (by student number or
// mentor id) for the exports people read; nil leaves those columns empty.
type Directory func(id string) (name, email string)

// groupRows is one row per member, mentors first, as the cells are (not
// yet made formula-safe).
func groupRows(groups []allocate.Group, dir Directory) [][]string {
	var rows [][]string
	row := func(g allocate.Group, role, id string) []string {
		var name, email string
		if dir != nil {
			name, email = dir(id)
		}
		return []string{g.ID, g.Programme, g.Cohort, g.MeetingSlot, role, id, g.Name, name, email}
	}
	for _, g := range groups {
		for _, m := range g.Mentors {
			rows = append(rows, row(g, "mentor", m))
		}
		for _, s := range g.Students {
			rows = append(rows, row(g, "student", s))
		}
	}
	return rows
}

// GroupsCSV writes one line per member: group, programme, cohort, meeting
// slot, role (student or mentor), the member's id, the group's display
// name (empty when it has none), and the member's name and e-mail address
// from dir. The file is for spreadsheets: it starts with a UTF-8 BOM (so
// that Excel reads æ, ø and å), every data cell is quoted, and a cell a
// spreadsheet would run as a formula gets a leading apostrophe.
func GroupsCSV(w io.Writer, groups []allocate.Group, dir Directory) error {
	return GroupsCSVDialect(w, groups, dir, GroupsDialect)
}

// GroupsDialect is the dialect of GroupsCSV: commas and a BOM.
var GroupsDialect = tabular.CSVDialect{Comma: ',', BOM: true}

// GroupsCSVDialect is GroupsCSV in dialect d (tabular.ExcelDialect for
// semicolons).
func GroupsCSVDialect(w io.Writer, groups []allocate.Group, dir Directory, d tabular.CSVDialect) error {
	return writeAll(w, d, slices.Clone(groupsHeader), groupRows(groups, dir))
}

// GroupsXLSX writes the rows of GroupsCSV as an XLSX workbook: one sheet,
// "Groups", with a bold header row frozen above the rest. Every cell is a
// text cell, so a value such as "=cmd" is shown as it is and never run as a
// formula; unlike the CSV it needs no apostrophe. The sheet is streamed, so
// large programmes do not build the whole workbook in memory first.
func GroupsXLSX(w io.Writer, groups []allocate.Group, dir Directory) error {
	return GroupsXLSXFor(w, groups, dir, Labels{})
}

// Labels are the words of a workbook for people to read: the sheet's
// name, each column's header (by its GroupsCSV name), each role, and the
// meeting slot as the reader says it ("fredag 12:00" for "fri12"). Empty
// or nil fields keep GroupsCSV's names and codes.
type Labels struct {
	Sheet  string
	Header func(column string) string
	Role   func(role string) string
	Slot   func(code string) string
}

func (l Labels) word(f func(string) string, s string) string {
	if f == nil || s == "" {
		return s
	}
	return f(s)
}

// GroupsXLSXFor is GroupsXLSX in the reader's words l.
func GroupsXLSXFor(w io.Writer, groups []allocate.Group, dir Directory, l Labels) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Groups"
	if l.Sheet != "" {
		sheet = l.Sheet
	}
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetColWidth(1, len(groupsHeader), 16); err != nil {
		return err
	}
	row := make([]any, len(groupsHeader))
	for i, h := range groupsHeader {
		row[i] = excelize.Cell{StyleID: bold, Value: l.word(l.Header, h)}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for n, r := range groupRows(groups, dir) {
		r[3], r[4] = l.word(l.Slot, r[3]), l.word(l.Role, r[4]) // meeting_slot, role
		for i, v := range r {
			row[i] = v // a string is always written as a text cell
		}
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
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
// user in one group per category, which the allocation guarantees. A
// group is named in Canvas by its Name, or else "programme cohort id".
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
		return writeAll(f, tabular.CSVDialect{}, header, rows)
	}
	if err := file("group_categories.csv", []string{"group_category_id", "account_id", "course_id", "category_name", "status"},
		[][]string{{c.CategoryID, c.AccountID, c.CourseID, c.CategoryName, "active"}}); err != nil {
		return err
	}
	var gs, ms [][]string
	for _, g := range groups {
		gid := c.CategoryID + "-" + g.ID
		name := g.Name
		if name == "" {
			name = fmt.Sprintf("%s %s %s", g.Programme, g.Cohort, g.ID)
		}
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
