package groupexport

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

var groups = []allocate.Group{
	{ID: "g1", Programme: "BAMN-BIO", Cohort: "2026H", Students: []string{"s1", "s2"}, Mentors: []string{"m1", "m2"}, MeetingSlot: "wed14"},
	{ID: "g2", Programme: "BAMN-BIO", Cohort: "2026H", Students: []string{"s3", "=cmd"}, Mentors: []string{"m3"}},
}

func readZip(t *testing.T, data []byte) map[string][][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = rows
	}
	return out
}

func TestCanvasZipHasTheThreeSISFiles(t *testing.T) {
	var buf bytes.Buffer
	err := CanvasZip(&buf, Canvas{CourseID: "BIO100-2026H", CategoryID: "mh-pilot-2026H", UserID: func(s string) string { return "uib:" + s }}, groups)
	if err != nil {
		t.Fatal(err)
	}
	files := readZip(t, buf.Bytes())
	cats, gs, ms := files["group_categories.csv"], files["groups.csv"], files["groups_membership.csv"]
	if strings.Join(cats[0], ",") != "group_category_id,account_id,course_id,category_name,status" ||
		strings.Join(cats[1], ",") != "mh-pilot-2026H,,BIO100-2026H,Mentor groups,active" {
		t.Fatalf("group_categories.csv: %v", cats)
	}
	if strings.Join(gs[0], ",") != "group_id,group_category_id,account_id,course_id,name,status" || len(gs) != 3 ||
		gs[1][0] != "mh-pilot-2026H-g1" || gs[1][4] != "BAMN-BIO 2026H g1" {
		t.Fatalf("groups.csv: %v", gs)
	}
	if strings.Join(ms[0], ",") != "group_id,user_id,status" || len(ms) != 8 || ms[1][1] != "uib:m1" {
		t.Fatalf("groups_membership.csv: %v", ms)
	}
	// Every member is in exactly one group of the category, as Canvas requires.
	seen := map[string]bool{}
	for _, r := range ms[1:] {
		if seen[r[1]] {
			t.Fatalf("%s is in two groups", r[1])
		}
		seen[r[1]] = true
	}
	if err := CanvasZip(&buf, Canvas{}, groups); err == nil {
		t.Fatal("an export without course and category was accepted")
	}
}

func TestGroupsCSVIsFormulaSafe(t *testing.T) {
	var buf bytes.Buffer
	if err := GroupsCSV(&buf, groups, nil); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if len(rows) != 8 || rows[0][5] != "member_id" || rows[1][4] != "mentor" || rows[7][5] != "'=cmd" {
		t.Fatalf("groups csv: %v", rows)
	}
}

// unsafeGroups has member ids a spreadsheet would take for formulas and a
// named group.
var unsafeGroups = []allocate.Group{
	{ID: "g1", Name: "Blå gruppe", Programme: "BAMN-BIO", Cohort: "2026H", Students: []string{"s1", "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)"}, Mentors: []string{"m1"}, MeetingSlot: "wed14"},
	{ID: "g2", Programme: "BAMN-BIO", Cohort: "2026H", Students: []string{"s3", " padded "}, Mentors: []string{}},
}

func TestGroupsXLSXHasTheCSVCells(t *testing.T) {
	var csvBuf, xlsxBuf bytes.Buffer
	if err := GroupsCSV(&csvBuf, unsafeGroups, nil); err != nil {
		t.Fatal(err)
	}
	if err := GroupsXLSX(&xlsxBuf, unsafeGroups, nil); err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBuf.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(xlsxBuf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != "Groups" {
		t.Fatalf("sheets %v", sheets)
	}
	got, err := f.GetRows("Groups")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) != 9 {
		t.Fatalf("xlsx %d rows, csv %d rows", len(got), len(want))
	}
	for i := range want {
		row := got[i]
		for len(row) < len(want[i]) { // GetRows drops trailing empty cells
			row = append(row, "")
		}
		for j, w := range want[i] {
			// The CSV guards formula-like cells with an apostrophe; the
			// XLSX needs none, its cells being text.
			if strings.HasPrefix(w, "'") && strings.ContainsRune("=+-@\t\r", rune(w[1])) {
				w = w[1:]
			}
			if row[j] != w {
				t.Errorf("row %d col %d: xlsx %q, csv %q", i+1, j+1, row[j], want[i][j])
			}
		}
	}
	if want[2][6] != "Blå gruppe" || want[1][4] != "mentor" || want[3][5] != "'=cmd|' /C calc'!A0" {
		t.Errorf("csv rows %v", want[:4])
	}
	// No cell is a formula; member cells are text, even "-2".
	for r := 1; r <= len(got); r++ {
		for c := 1; c <= 7; c++ {
			cell, _ := excelize.CoordinatesToCellName(c, r)
			if fm, err := f.GetCellFormula("Groups", cell); err != nil || fm != "" {
				t.Errorf("%s: formula %q (%v)", cell, fm, err)
			}
		}
	}
	for _, cell := range []string{"F3", "F4", "F5", "F6", "F7"} {
		if typ, err := f.GetCellType("Groups", cell); err != nil || typ != excelize.CellTypeInlineString {
			t.Errorf("%s: type %v (%v), want text", cell, typ, err)
		}
	}
	// Bold header, frozen above the data.
	id, err := f.GetCellStyle("Groups", "A1")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style %+v (%v)", st, err)
	}
	if id, _ := f.GetCellStyle("Groups", "A2"); id != 0 {
		t.Errorf("data row styled %d", id)
	}
	panes, err := f.GetPanes("Groups")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v (%v)", panes, err)
	}
}

func TestGroupsXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := GroupsXLSX(&buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Groups")
	if len(rows) != 1 || strings.Join(rows[0], ",") != "group_id,programme_code,cohort,meeting_slot,role,member_id,group_name,name,email" {
		t.Errorf("rows %v", rows)
	}
}

func TestNamesInExports(t *testing.T) {
	var buf bytes.Buffer
	if err := CanvasZip(&buf, Canvas{CourseID: "BIO100", CategoryID: "mh"}, unsafeGroups); err != nil {
		t.Fatal(err)
	}
	gs := readZip(t, buf.Bytes())["groups.csv"]
	if gs[1][4] != "Blå gruppe" || gs[2][4] != "BAMN-BIO 2026H g2" {
		t.Errorf("canvas names %q, %q", gs[1][4], gs[2][4])
	}
	buf.Reset()
	if err := GroupsCSV(&buf, groups, nil); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if rows[0][6] != "group_name" || rows[1][6] != "" {
		t.Errorf("unnamed group's name column: %v", rows[:2])
	}
}

func TestExportsCarryNamesAndEmailsFromTheDirectory(t *testing.T) {
	dir := func(id string) (string, string) { return "Name of " + id, id + "@example.no" }
	var buf bytes.Buffer
	if err := GroupsCSV(&buf, groups, dir); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	id := rows[1][5]
	if rows[0][7] != "name" || rows[0][8] != "email" || rows[1][7] != "Name of "+id || rows[1][8] != id+"@example.no" {
		t.Errorf("rows %v", rows[:2])
	}
}

// TestGroupsCSVIsForSpreadsheets: the CSV starts with a BOM, every data
// cell is quoted (so that no separator inside a cell starts another cell in
// a spreadsheet splitting at the other separator), and the semicolon
// dialect reads back with encoding/csv and Comma ';'.
func TestGroupsCSVIsForSpreadsheets(t *testing.T) {
	named := []allocate.Group{{ID: "g1", Name: "Blå; =gruppe", Programme: "BAMN-BIO", Cohort: "2026H", Students: []string{"s1"}, Mentors: []string{"m1"}}}
	for _, d := range []tabular.CSVDialect{GroupsDialect, tabular.ExcelDialect} {
		var buf bytes.Buffer
		if err := GroupsCSVDialect(&buf, named, nil, d); err != nil {
			t.Fatal(err)
		}
		out, ok := strings.CutPrefix(buf.String(), "\uFEFF")
		if !ok {
			t.Errorf("%+v: no BOM", d)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		sep := string(d.Comma)
		if lines[0] != strings.Join(groupsHeader, sep) || len(lines) != 3 {
			t.Fatalf("%+v: %q", d, out)
		}
		for _, l := range lines[1:] {
			if !strings.HasPrefix(l, `"`) || !strings.HasSuffix(l, `"`) || strings.Count(l, `"`+sep+`"`) != len(groupsHeader)-1 {
				t.Errorf("%+v: a cell is not quoted: %s", d, l)
			}
		}
		cr := csv.NewReader(strings.NewReader(out))
		cr.Comma = rune(d.Comma)
		rows, err := cr.ReadAll()
		if err != nil || len(rows) != 3 || rows[1][6] != "Blå; =gruppe" || rows[2][4] != "student" {
			t.Errorf("%+v: read back %q, %v", d, rows, err)
		}
	}
}

// The workbook for people speaks the reader's words: headers, sheet, roles
// and the meeting slot as Labels say them; the member ids stay as they are.
func TestGroupsXLSXForSaysTheReadersWords(t *testing.T) {
	var buf bytes.Buffer
	l := Labels{Sheet: "Grupper", Header: func(c string) string { return "H:" + c },
		Role: func(r string) string { return "R:" + r }, Slot: func(s string) string { return "S:" + s }}
	if err := GroupsXLSXFor(&buf, unsafeGroups, nil, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Grupper")
	if err != nil || len(rows) != 9 {
		t.Fatalf("%d rows (%v)", len(rows), err)
	}
	if rows[0][0] != "H:group_id" || rows[0][3] != "H:meeting_slot" || rows[0][8] != "H:email" {
		t.Errorf("header %q", rows[0])
	}
	if rows[1][3] != "S:wed14" || rows[1][4] != "R:mentor" || rows[1][5] != "m1" || rows[2][4] != "R:student" {
		t.Errorf("rows %q", rows[1:3])
	}
	// A group without a slot has an empty cell, not a label of nothing.
	for _, r := range rows[7:] {
		if len(r) > 3 && r[3] != "" {
			t.Errorf("slot of g2: %q", r[3])
		}
	}
}
