package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// With both lists imported and no groups, the Groups tab says the groups
// are not formed yet (not "no groups yet: import …"); after accepting,
// a student left out for want of a mentor is shown with that reason, not
// as "new, late or moved to another programme".
func TestGroupsPageSaysWhyAndWhatIsLeft(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.token(t, "coordinator@demo.mentorhub.no")
	id := createGroupProgram(t, e, coord, "Kjemi mentorgrupper")
	base := fmt.Sprintf("/api/v1/programs/%d", id)
	students, mentors := allocate.Generate(120, 7)
	sdata, mdata := genCSV(students, mentors[:len(mentors)/3])
	c := e.client(t)
	e.login(t, c, "coordinator@demo.mentorhub.no")
	page := func() string {
		t.Helper()
		r, err := c.Get(fmt.Sprintf("%s/programs/%d/groups", e.srv.URL, id))
		if err != nil {
			t.Fatal(err)
		}
		if r.StatusCode != 200 {
			t.Fatalf("groups page: %d", r.StatusCode)
		}
		return body(t, r)
	}
	if b := page(); !strings.Contains(b, "Ingen grupper ennå") || !strings.Contains(b, "Importer studenter og mentorer") {
		t.Errorf("with nobody imported the page does not say to import: %.300s", b)
	}
	if code, b := e.put(t, coord, base+"/students", "text/csv", sdata); code != 200 {
		t.Fatalf("students: %d %s", code, b)
	}
	if b := page(); !strings.Contains(b, "Importer mentorene") || strings.Contains(b, "Importer studenter og mentorer") {
		t.Errorf("with the students in, the page still asks for both lists")
	}
	code, b := e.put(t, coord, base+"/mentors", "text/csv", mdata)
	if code != 200 {
		t.Fatalf("mentors: %d %s", code, b)
	}
	b = page()
	if strings.Contains(b, "Ingen grupper ennå") || strings.Contains(b, "Importer studenter") || !strings.Contains(b, "Gruppene er ikke satt sammen ennå") {
		t.Errorf("with both lists in, the page does not say the groups are yet to be formed: %.400s", b[strings.Index(b, "<main"):])
	}
	if code, b = e.send(t, coord, "POST", base+"/allocations", `{"group_min": 8, "group_max": 15, "mentors_per_group": 1, "seed": 5}`); code != 201 {
		t.Fatalf("allocate: %d %s", code, b)
	}
	var res allocate.Result
	json.Unmarshal([]byte(b), &res)
	if len(res.UnassignedStudents) == 0 || !strings.HasPrefix(res.UnassignedStudents[0].Reason, "no mentor available for ") {
		t.Fatalf("the fixture leaves nobody out for want of a mentor: %v", res.UnassignedStudents)
	}
	b = page()
	if strings.Contains(b, "byttet studieprogram") || !strings.Contains(b, "ingen mentor ledig for ") {
		t.Errorf("the unplaced students' reason is not the allocation's: %.600s", b[strings.Index(b, `id="unplaced"`):])
	}
}
