package people_test

import (
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
)

// BenchmarkImportAndAllocate5000 imports a 5,000-student intake and its
// mentors into a program and allocates and stores its groups, as a
// coordinator's upload and accept do (on the test database: SQLite, or
// PostgreSQL with MENTORHUB_TEST_DATABASE_URL).
func BenchmarkImportAndAllocate5000(b *testing.B) {
	students, mentors := allocate.Generate(5000, 1)
	sdata, mdata := studentsCSV(students), mentorsCSV(mentors)
	for b.Loop() {
		b.StopTimer()
		f := setup(b, nil)
		b.StartTimer()
		if _, err := f.svc.Import(f.coord, f.prog.ID, "students", sdata, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := f.svc.Import(f.coord, f.prog.ID, "mentors", mdata, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := f.svc.Allocate(f.coord, f.prog.ID, testParams, ""); err != nil {
			b.Fatal(err)
		}
		// A re-import of the same file changes nothing.
		if pl, err := f.svc.Import(f.coord, f.prog.ID, "students", sdata, nil); err != nil || pl.Imported() != 0 {
			b.Fatal(err)
		}
	}
}
