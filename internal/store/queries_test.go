package store

import (
	"reflect"
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
