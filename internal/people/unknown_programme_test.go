package people_test

import (
	"slices"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/org"
)

// An import naming study programmes the institution does not know is
// accepted, with a warning naming each code and its lines.
func TestUnknownProgrammesAreWarnedOfNotRefused(t *testing.T) {
	f := setup(t, nil)
	students, _ := allocate.Generate(60, 3)
	for i := range students {
		students[i].Programme = []string{"BAMN-BIO", "BAMN-KJEM", "BAMN-FYS"}[i%3]
	}
	data := studentsCSV(students)
	// An empty catalogue has nothing to compare with.
	pl, err := f.svc.Preview(f.coord, f.prog.ID, "students", data, nil)
	if err != nil || len(pl.Unknown) != 0 {
		t.Fatalf("with no catalogue: %v %v", pl.Unknown, err)
	}
	codes := map[string][]int{}
	for i, s := range students {
		codes[s.Programme] = append(codes[s.Programme], i+2) // line 1 is the header
	}
	if len(codes) < 2 {
		t.Fatalf("the fixture has %d programmes", len(codes))
	}
	var all []string
	for c := range codes {
		all = append(all, c)
	}
	slices.Sort(all)
	known, unknown := all[0], all[1:]
	if _, err := f.repos.Org.CreateProgramme(f.sys, org.Programme{InstitutionID: f.inst.ID, Code: known, Name: "Known"}); err != nil {
		t.Fatal(err)
	}
	pl, err = f.svc.Preview(f.coord, f.prog.ID, "students", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]int{}
	for _, u := range pl.Unknown {
		got[u.Code] = u.Lines
	}
	if len(got) != len(unknown) {
		t.Errorf("unknown codes %v, want %v", got, unknown)
	}
	for _, c := range unknown {
		if !slices.Equal(got[c], codes[c]) {
			t.Errorf("%s: lines %v, want %v", c, got[c], codes[c])
		}
	}
	if _, ok := got[known]; ok {
		t.Errorf("the known code %s is warned of", known)
	}
	if pl, err = f.svc.Import(f.coord, f.prog.ID, "students", data, nil); err != nil || pl.Imported() != 60 {
		t.Fatalf("the import was refused: %v", err)
	}
}
