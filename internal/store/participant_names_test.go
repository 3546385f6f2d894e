package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/store"
)

// Migration 0006 gives every imported participant the name and e-mail
// its program showed before (the person record's), so that an upgrade
// changes no list; a signed-up participant keeps following the person.
func TestMigrationKeepsWhatEachProgramShowed(t *testing.T) {
	ctx := context.Background()
	db, exec := migratedTo(t, 4)
	raw := db.SQL()
	exec(`INSERT INTO institutions (slug, name, created_at) VALUES ('uib', 'UiB', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO programs (institution_id, code, name, created_at) VALUES (1, 'a', 'A', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO persons (institution_id, given_name, family_name, email, student_number, created_at)
		VALUES (1, 'Ada', 'Lovelace', 'ada@example.no', 'S1', CURRENT_TIMESTAMP), (1, 'Alan', 'Turing', NULL, 'S2', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO participants (program_id, person_id, role, external_id, programme_code, source, created_at, updated_at)
		VALUES (1, 1, 'student', 'S1', 'BIO', 'import', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
		       (1, 2, 'student', 'S2', 'BIO', 'signup', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	var given, email string
	var signupGiven *string
	err := raw.QueryRowContext(ctx, `SELECT (SELECT given_name FROM participants WHERE external_id = 'S1'),
		(SELECT email FROM participants WHERE external_id = 'S1'),
		(SELECT given_name FROM participants WHERE external_id = 'S2')`).Scan(&given, &email, &signupGiven)
	if err != nil {
		t.Fatal(err)
	}
	if given != "Ada" || email != "ada@example.no" || signupGiven != nil {
		t.Errorf("after the migration: imported %q <%s>, signed-up %v", given, email, signupGiven)
	}
	// The person record changing later (their own or an admin's) leaves the
	// imported participant as the program imported it; the signed-up one follows.
	exec(`UPDATE persons SET given_name = 'Changed', email = 'changed@example.no'`)
	var year int
	if err := raw.QueryRowContext(ctx, `SELECT year FROM program_years WHERE program_id = 1`).Scan(&year); err != nil {
		t.Fatal(err)
	}
	xs, err := store.NewPeople(db).FindParticipants(ctx, 1, year, people.Student)
	if err != nil || len(xs) != 2 {
		t.Fatalf("participants: %v %v", xs, err)
	}
	var got []string
	for _, x := range xs {
		got = append(got, x.ExternalID+" "+x.Name()+" "+x.Email)
	}
	if want := "S1 Ada Lovelace ada@example.no|S2 Changed Turing changed@example.no"; strings.Join(got, "|") != want {
		t.Errorf("participants read %q, want %q", strings.Join(got, "|"), want)
	}
}
