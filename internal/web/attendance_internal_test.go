package web

import (
	"testing"

	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/sessions"
)

// A program year with fewer than MinCell students shows neither its
// count nor its rate on the leaders' view; one with MinCell shows both.
func TestInstitutionRowSuppressesSmallCells(t *testing.T) {
	pr := program.Program{ID: 1, Name: "P"}
	for n := 1; n < program.MinCell; n++ {
		row := institutionRowOf(pr, sessions.ProgramAttendance{ProgramID: 1, Students: n, Held: 3, Rate: 0.5})
		if !row.Hidden || !row.Students.Fewer || row.Students.N != 0 {
			t.Errorf("%d students: students %+v, hidden %v, want the count and rate hidden", n, row.Students, row.Hidden)
		}
	}
	row := institutionRowOf(pr, sessions.ProgramAttendance{ProgramID: 1, Students: program.MinCell, Held: 3, Rate: 0.5})
	if row.Hidden || row.Students.Fewer || row.Students.N != program.MinCell {
		t.Errorf("%d students: students %+v, hidden %v, want shown", program.MinCell, row.Students, row.Hidden)
	}
	row = institutionRowOf(pr, sessions.ProgramAttendance{ProgramID: 1, Held: 0})
	if row.Hidden || !row.None {
		t.Errorf("no students, no sessions: hidden %v, none %v", row.Hidden, row.None)
	}
}
