package groupexport

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
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
	if err := GroupsCSV(&buf, groups); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if len(rows) != 8 || rows[0][5] != "member_id" || rows[1][4] != "mentor" || rows[7][5] != "'=cmd" {
		t.Fatalf("groups csv: %v", rows)
	}
}
