package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// BenchmarkImportAndListPublicPrograms measures a 1,000-program catalogue
// import in one transaction and the public listing behind /catalogue.
func BenchmarkImportAndListPublicPrograms(b *testing.B) {
	db := testutil.MustOpenDB(b)
	ctx := context.Background()
	items := make([]program.ImportItem, 1000)
	for i := range items {
		p := program.Program{Code: fmt.Sprintf("p-%04d", i), Name: fmt.Sprintf("Program %d", i), Level: "faculty", Transition: "first_year",
			Model: catalogue.Models[i%len(catalogue.Models)], MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2019,
			Status: "active", Public: true}
		for c := range p.Criteria {
			p.Criteria[c].Met = true
		}
		items[i] = program.ImportItem{Program: p, Institution: fmt.Sprintf("Institution %d", i%24)}
	}
	b.Run("import-1000", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			for j := range items {
				items[j].Program.Code = fmt.Sprintf("r%d-p-%04d", i, j)
			}
			b.StartTimer()
			if _, err := db.ImportPrograms(ctx, items, "bench", 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("list-public", func(b *testing.B) {
		for b.Loop() {
			ps, err := db.FindPublicPrograms(app.WithActor(ctx, app.SystemActor))
			if err != nil || len(ps) < 1000 {
				b.Fatal(len(ps), err)
			}
		}
	})
}
