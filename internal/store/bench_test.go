package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

var benchRun atomic.Int64

// benchItems is a catalogue of n published programs at 24 institutions,
// every criterion met, with program_ids unique to this call.
func benchItems(n int) []program.ImportItem {
	run := benchRun.Add(1)
	items := make([]program.ImportItem, n)
	for i := range items {
		p := program.Program{Code: fmt.Sprintf("r%d-p-%04d", run, i), Name: fmt.Sprintf("Program %d", i), Level: "faculty", Transition: "first_year",
			Model: catalogue.Models[i%len(catalogue.Models)], MentorKinds: []string{"senior_student"}, Enrolment: "opt_out", Started: 2019,
			Status: "active", Public: true}
		for c := range p.Criteria {
			p.Criteria[c] = program.Criterion{Met: true, Evidence: "evidence"}
		}
		items[i] = program.ImportItem{Program: p, Institution: fmt.Sprintf("Institution %d", i%24)}
	}
	return items
}

func seeded(b *testing.B, n int) *store.DB {
	db := testutil.MustOpenDB(b)
	if _, err := store.NewPrograms(db).ImportPrograms(context.Background(), benchItems(n), "bench", 0); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkImportPrograms: a 1,000-program catalogue import, one transaction.
func BenchmarkImportPrograms(b *testing.B) {
	db := testutil.MustOpenDB(b)
	for b.Loop() {
		b.StopTimer()
		items := benchItems(1000)
		b.StartTimer()
		if _, err := store.NewPrograms(db).ImportPrograms(context.Background(), items, "bench", 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindPublicPrograms: the listing behind /catalogue and the open
// data, with criteria, over 1,000 published programs.
func BenchmarkFindPublicPrograms(b *testing.B) {
	db := seeded(b, 1000)
	for b.Loop() {
		ps, err := store.NewPrograms(db).FindPublicPrograms(context.Background())
		if err != nil || len(ps) != 1000 {
			b.Fatal(len(ps), err)
		}
	}
}

// BenchmarkFindPublicProgramsBesideParticipants: the same listing over
// 1,000 published programs while six program years of 5,000 students and
// 250 mentors each (31,500 participants) are in the database: criterion 2
// is computed from the mentors' training records on every read, and must
// not cost a pass over every participant.
func BenchmarkFindPublicProgramsBesideParticipants(b *testing.B) {
	db := seeded(b, 1000)
	for k := range 6 {
		lp := benchProgram(fmt.Sprintf("pp%d", k), 0, uint64(k))
		lp.Sessions = nil
		loadBench(b, db, lp)
	}
	analyze(b, db)
	for b.Loop() {
		ps, err := store.NewPrograms(db).FindPublicPrograms(context.Background())
		if err != nil || len(ps) != 1000 {
			b.Fatal(len(ps), err)
		}
	}
}
