package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// Migration 0008 moves every program's participants, allocations, groups,
// memberships and drafts into the program's current year (the academic
// year, starting 1 August, of the day it runs), keeps every row, opens
// the memberships from their group's creation, and keys to persons no
// longer cascade.
func TestMigrationMovesExistingDataIntoTheCurrentYear(t *testing.T) {
	ctx := context.Background()
	db, exec := migratedTo(t, 7)
	raw := db.SQL()
	exec(`INSERT INTO institutions (slug, name, created_at) VALUES ('uib', 'UiB', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO programs (institution_id, code, name, created_at) VALUES (1, 'a', 'A', CURRENT_TIMESTAMP), (1, 'b', 'B', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO persons (institution_id, given_name, family_name, email, student_number, created_at)
		VALUES (1, 'Ada', 'Lovelace', 'ada@example.no', 'S1', CURRENT_TIMESTAMP), (1, 'Alan', 'Turing', NULL, 'S2', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO accounts (person_id, institution_id, email, created_at) VALUES (1, 1, 'c@example.no', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO participants (program_id, person_id, role, external_id, programme_code, source, created_at, updated_at)
		VALUES (1, 1, 'student', 'S1', 'BIO', 'import', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
		       (1, 2, 'mentor', 'S2', 'BIO', 'import', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
		       (2, 2, 'student', 'S2', 'BIO', 'signup', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO allocations (program_id, account_id, mode, params, result, created_at) VALUES (1, 1, 'full', '{}', '{}', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO mentor_groups (program_id, allocation_id, code, name, programme_code, created_at) VALUES (1, 1, 'G1', 'G1', 'BIO', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO group_members (group_id, participant_id, program_id, role, position) VALUES (1, 1, 1, 'student', 0), (1, 2, 1, 'mentor', 1)`)
	exec(`INSERT INTO import_drafts (program_id, account_id, kind, data, created_at) VALUES (1, 1, 'student', 'x', CURRENT_TIMESTAMP)`)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	want := now.Year()
	if now.Month() < time.August {
		want--
	}
	var years, participants, allocations, groups, members, open, drafts int
	err := raw.QueryRowContext(ctx, fmt.Sprintf(`SELECT
		(SELECT COUNT(*) FROM program_years WHERE year = %[1]d),
		(SELECT COUNT(*) FROM participants WHERE year = %[1]d),
		(SELECT COUNT(*) FROM allocations WHERE year = %[1]d),
		(SELECT COUNT(*) FROM mentor_groups WHERE year = %[1]d AND dissolved_at IS NULL),
		(SELECT COUNT(*) FROM group_members m JOIN mentor_groups g ON g.id = m.group_id WHERE m.year = %[1]d AND m.valid_from = g.created_at),
		(SELECT COUNT(*) FROM group_members WHERE valid_to IS NULL),
		(SELECT COUNT(*) FROM import_drafts WHERE year = %[1]d)`, want)).
		Scan(&years, &participants, &allocations, &groups, &members, &open, &drafts)
	if err != nil {
		t.Fatal(err)
	}
	if got := [7]int{years, participants, allocations, groups, members, open, drafts}; got != [7]int{2, 3, 1, 1, 2, 2, 1} {
		t.Errorf("in year %d after the migration (years, participants, allocations, groups, memberships, open, drafts) = %v", want, got)
	}
	// A person with participations cannot be deleted away: erasure will
	// pseudonymise the row instead.
	if _, err := raw.ExecContext(ctx, `DELETE FROM persons WHERE id = 2`); err == nil {
		t.Error("deleting a person with participations cascaded into history")
	}
}

// migratedTo opens an empty database and applies its first n migrations
// by hand (as an older mentorhub left it); exec runs a statement on it.
func migratedTo(t *testing.T, n int) (db *store.DB, exec func(q string)) {
	t.Helper()
	db = testutil.MustOpenUnmigrated(t)
	ms, err := store.Migrations(db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	ts := "TIMESTAMP"
	if db.Dialect == store.Postgres {
		ts = "TIMESTAMPTZ"
	}
	exec = func(q string) {
		t.Helper()
		if _, err := db.SQL().ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%.80s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ` + ts + ` NOT NULL)`)
	for _, m := range ms[:n] {
		exec(m.SQL)
		exec(fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, '%s', CURRENT_TIMESTAMP)`, m.Version, m.Name))
	}
	return db, exec
}
