package store

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestRewriteNamedParameters(t *testing.T) {
	src := `SELECT ':not_a_param', x::text FROM t WHERE a = :a AND (b = :b OR :a = 0) AND c = "col:umn"`
	got, params := rewrite(src, Postgres)
	want := `SELECT ':not_a_param', x::text FROM t WHERE a = $1 AND (b = $2 OR $3 = 0) AND c = "col:umn"`
	if got != want || !reflect.DeepEqual(params, []string{"a", "b", "a"}) {
		t.Fatalf("postgres:\n got %s %v\nwant %s [a b a]", got, params, want)
	}
	got, _ = rewrite(src, SQLite)
	want = `SELECT ':not_a_param', x::text FROM t WHERE a = ? AND (b = ? OR ? = 0) AND c = "col:umn"`
	if got != want {
		t.Fatalf("sqlite:\n got %s\nwant %s", got, want)
	}
}

func TestParseQueryFileRejectsDuplicatesAndStraySQL(t *testing.T) {
	if _, err := parseQueryFile("x.sql", "SELECT 1\n-- name: A\nSELECT 2"); err == nil {
		t.Error("SQL before the first marker was accepted")
	}
	if _, err := parseQueryFile("x.sql", "-- name: A\nSELECT 1\n-- name: A\nSELECT 2"); err == nil {
		t.Error("a duplicate query name was accepted")
	}
	qs, err := parseQueryFile("x.sql", "-- a comment\n-- name: A\n-- what A does\nSELECT 1;\n\n-- name: B\nSELECT 2")
	if err != nil || qs["A"] != "SELECT 1" || qs["B"] != "SELECT 2" {
		t.Fatalf("got %v, %v", qs, err)
	}
}

func TestEveryQueryLoadsForBothDialects(t *testing.T) {
	for _, d := range []Dialect{SQLite, Postgres} {
		qs, err := loadQueries(d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if len(qs) < 40 {
			t.Errorf("%s: only %d queries loaded", d, len(qs))
		}
	}
}

func TestGoQueriesMatchTheSQLOfBothDialects(t *testing.T) {
	for _, d := range []Dialect{SQLite, Postgres} {
		qs, err := loadQueries(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkQueries(registered, qs, d); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
}

// plant swaps a registration for the test's length.
func plant(t *testing.T, name string, r *queryRef) {
	t.Helper()
	old, had := registered[name]
	if r == nil {
		delete(registered, name)
	} else {
		registered[name] = r
	}
	t.Cleanup(func() {
		if had {
			registered[name] = old
		} else {
			delete(registered, name)
		}
	})
}

func TestPrepareFailsOnAWrongQueryNameOrParameter(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	if err := db.Prepare(ctx); err != nil {
		t.Fatalf("the queries as they are: %v", err)
	}
	cases := []struct {
		what, name string
		ref        *queryRef // nil: the name is unregistered
		want       string
	}{
		{"a name with no SQL", "CreateAuditEntyr", &queryRef{name: "CreateAuditEntyr", params: qCreateAuditEntry.params}, "CreateAuditEntyr is run by the Go code but has no SQL"},
		{"a parameter the SQL does not take", "CreateAuditEntry",
			&queryRef{name: "CreateAuditEntry", params: append(slices.Clone(qCreateAuditEntry.params), "actor")}, "declared with parameter actor"},
		{"a parameter the SQL takes but Go does not give", "CreateAuditEntry",
			&queryRef{name: "CreateAuditEntry", params: slices.DeleteFunc(slices.Clone(qCreateAuditEntry.params), func(p string) bool { return p == "outcome" })}, "takes :outcome"},
		{"SQL that no Go code runs", "FindAuditEntries", nil, "FindAuditEntries in the .sql files is not registered"},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			plant(t, c.name, c.ref)
			err := db.Prepare(ctx)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Prepare: %v, want an error with %q", err, c.want)
			}
		})
	}
	if err := db.Prepare(ctx); err != nil {
		t.Fatalf("after the plants are gone: %v", err)
	}
}
