package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
)

// openTestDB is a migrated database of the engine the suite runs on: a
// fresh PostgreSQL schema where MENTORHUB_TEST_DATABASE_URL is set (as
// testutil does, which this package cannot import), else SQLite.
func openTestDB(t *testing.T) *DB {
	t.Helper()
	base := os.Getenv("MENTORHUB_TEST_DATABASE_URL")
	if base == "" {
		return openSQLite(t)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := OpenAndMigrate(context.Background(), Options{DatabaseURL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A check-in finds its (session, student) pair through the key whatever
// the table holds. On PostgreSQL the batch statement's generic plan —
// the one a prepared statement keeps after its first runs, here made
// while checkins is empty, as after a deploy before autovacuum has
// analysed it — looks each pair up through checkins_pkey: a plain join
// hashed the whole table on every batch from then on, and check-ins
// slowed as the table grew. On SQLite the lookup searches by the key.
func TestCheckinLookupsUseTheKeyOnAnEmptyTable(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plan := func(stmt string) string {
		rows, err := conn.QueryContext(ctx, stmt)
		if err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				switch v := v.(type) {
				case string:
					out = append(out, v)
				case []byte:
					out = append(out, string(v))
				}
			}
		}
		return strings.Join(out, "\n")
	}
	if db.Dialect != Postgres {
		q := db.queries[qFindCheckin.name]
		p := plan("EXPLAIN QUERY PLAN " + strings.NewReplacer("?", "1").Replace(q.text))
		if strings.Contains(p, "SCAN checkins") || !strings.Contains(p, "SEARCH checkins") {
			t.Errorf("FindCheckin does not search checkins by its key:\n%s", p)
		}
		return
	}
	q := db.queries[qInsertCheckinsPresent.name]
	types := map[string]string{"session_ids": "bigint[]", "participant_ids": "bigint[]", "methods": "text[]",
		"account_ids": "bigint[]", "now": "timestamptz"}
	var ts, args []string
	for _, n := range q.params {
		ts = append(ts, types[n])
		args = append(args, map[string]string{"session_ids": "'{1}'", "participant_ids": "'{1}'", "methods": "'{code}'",
			"account_ids": "'{0}'", "now": "now()"}[n])
	}
	if _, err := conn.ExecContext(ctx, "SET plan_cache_mode = force_generic_plan"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "PREPARE batch("+strings.Join(ts, ", ")+") AS "+q.text); err != nil {
		t.Fatal(err)
	}
	p := plan("EXPLAIN EXECUTE batch(" + strings.Join(args, ", ") + ")")
	if strings.Contains(p, "Seq Scan on checkins") || !strings.Contains(p, "Index Scan using checkins_pkey on checkins") {
		t.Errorf("the batch statement's generic plan on an empty checkins does not look pairs up by the key:\n%s", p)
	}
}
