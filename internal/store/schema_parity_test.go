package store_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

var updateSchema = flag.Bool("update-schema", false, "rewrite testdata/schema.txt from the SQLite migrations")

// schemaFile is the schema both dialects' migrations must build, in the
// dialect-neutral form schemaOf describes: tables, views, column names,
// primary keys, foreign keys with their ON DELETE, unique constraints and
// indexes. On SQLite alone the migrated schema is compared with it; on
// PostgreSQL both engines are, so the two migrations agree with each other.
// A migration that changes the schema updates it (go test ./internal/store
// -run SchemaParity -update-schema) in the same commit, for review.
const schemaFile = "testdata/schema.txt"

func TestSchemaParityOfTheDialectsMigrations(t *testing.T) {
	ctx := context.Background()
	// SQLite always, also when the suite runs on PostgreSQL.
	lite, err := store.OpenAndMigrate(ctx, store.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	got := schemaOf(t, lite)
	if *updateSchema {
		if err := os.MkdirAll(filepath.Dir(schemaFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(schemaFile, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("%v (write it with -update-schema)", err)
	}
	want := strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
	if len(want) < 100 {
		t.Fatalf("%s describes only %d schema elements", schemaFile, len(want))
	}
	compareSchema(t, "sqlite migrations", got, schemaFile, want)
	if testutil.IsPostgres() {
		pg := schemaOf(t, testutil.MustOpenDB(t))
		compareSchema(t, "postgres migrations", pg, "sqlite migrations", got)
	}
}

// compareSchema reports the lines one schema has and the other lacks.
func compareSchema(t *testing.T, gotName string, got []string, wantName string, want []string) {
	t.Helper()
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("%s have, %s lack: %s", gotName, wantName, l)
		}
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("%s lack, %s have: %s", gotName, wantName, l)
		}
	}
}

// schemaOf describes a migrated schema as sorted lines that do not depend
// on the engine: names of tables, views and columns (not their types),
// primary keys, foreign keys and their ON DELETE action, unique
// constraints, and indexes (name, columns — "(expr)" for an expression —,
// unique, partial). River's tables are left out: its own migrations make
// them.
func schemaOf(t *testing.T, db *store.DB) []string {
	t.Helper()
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	in := introspector{t: t, db: db.SQL()}
	if db.Dialect == store.Postgres {
		in.postgres(add)
	} else {
		in.sqlite(add)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

type introspector struct {
	t  *testing.T
	db *sql.DB
}

// rows runs q and returns every row's columns as strings (NULL as "").
func (in introspector) rows(q string, args ...any) [][]string {
	in.t.Helper()
	rs, err := in.db.Query(q, args...)
	if err != nil {
		in.t.Fatalf("%s: %v", q, err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out [][]string
	for rs.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			in.t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rs.Err(); err != nil {
		in.t.Fatal(err)
	}
	return out
}

func list(cols []string) string { return "(" + strings.Join(cols, ", ") + ")" }

func (in introspector) sqlite(add func(string, ...any)) {
	pks := map[string][]string{}
	tables := in.rows(`SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')
		AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'river_%' ORDER BY name`)
	for _, tb := range tables {
		name := tb[0]
		add("%s %s", tb[1], name)
		var pk []string
		for _, c := range in.rows(`SELECT name, pk FROM pragma_table_info(?) ORDER BY pk, cid`, name) {
			add("column %s.%s", name, c[0])
			if c[1] != "0" {
				pk = append(pk, c[0])
			}
		}
		pks[name] = pk
	}
	for _, tb := range tables {
		name := tb[0]
		if tb[1] != "table" {
			continue
		}
		if len(pks[name]) > 0 {
			add("primary key %s %s", name, list(pks[name]))
		}
		fks := map[string]*[4]string{} // id → from, table, to, on delete
		var ids []string
		for _, fk := range in.rows(`SELECT id, "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, name) {
			f, ok := fks[fk[0]]
			if !ok {
				f = &[4]string{"", fk[1], "", fk[4]}
				fks[fk[0]] = f
				ids = append(ids, fk[0])
			}
			f[0] += "," + fk[2]
			f[2] += "," + fk[3] // "" when the key is the parent's primary key
		}
		for _, id := range ids {
			f := fks[id]
			from := strings.Split(f[0][1:], ",")
			to := strings.Split(f[2][1:], ",")
			if slices.Equal(to, make([]string, len(to))) {
				to = pks[f[1]]
			}
			add("foreign key %s %s references %s %s on delete %s", name, list(from), f[1], list(to), f[3])
		}
		for _, ix := range in.rows(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, name) {
			if ix[2] == "pk" {
				continue
			}
			var cols []string
			for _, c := range in.rows(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix[0]) {
				cols = append(cols, orDefault(c[0], "(expr)"))
			}
			if ix[2] == "u" {
				add("unique %s %s", name, list(cols))
				continue
			}
			add("index %s %s on %s %s", indexKind(ix[1] == "1", ix[3] == "1"), ix[0], name, list(cols))
		}
	}
}

func (in introspector) postgres(add func(string, ...any)) {
	tables := in.rows(`SELECT table_name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END
		FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE 'river\_%'
		ORDER BY table_name`)
	for _, tb := range tables {
		name := tb[0]
		add("%s %s", tb[1], name)
		for _, c := range in.rows(`SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1`, name) {
			add("column %s.%s", name, c[0])
		}
		if tb[1] != "table" {
			continue
		}
		var pk []string
		for _, c := range in.rows(`SELECT a.attname FROM pg_constraint c
			CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(att, ord)
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att
			WHERE c.conrelid = ($1::text)::regclass AND c.contype = 'p' ORDER BY k.ord`, name) {
			pk = append(pk, c[0])
		}
		if len(pk) > 0 {
			add("primary key %s %s", name, list(pk))
		}
		type fk struct{ from, to []string }
		fks := map[[3]string]*fk{}
		var keys [][3]string
		for _, r := range in.rows(`SELECT c.oid::text, rt.relname, CASE c.confdeltype WHEN 'a' THEN 'NO ACTION'
				WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END,
				a.attname, ra.attname
			FROM pg_constraint c
			JOIN pg_class rt ON rt.oid = c.confrelid
			CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(att, ratt, ord)
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att
			JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.ratt
			WHERE c.conrelid = ($1::text)::regclass AND c.contype = 'f' ORDER BY c.oid, k.ord`, name) {
			key := [3]string{r[0], r[1], r[2]}
			f, ok := fks[key]
			if !ok {
				f = &fk{}
				fks[key] = f
				keys = append(keys, key)
			}
			f.from, f.to = append(f.from, r[3]), append(f.to, r[4])
		}
		for _, k := range keys {
			add("foreign key %s %s references %s %s on delete %s", name, list(fks[k].from), k[1], list(fks[k].to), k[2])
		}
		type index struct {
			kind string
			cols []string
		}
		idx := map[string]*index{}
		var names []string
		for _, r := range in.rows(`SELECT i.relname, x.indisunique, x.indpred IS NOT NULL,
				COALESCE((SELECT con.contype::text FROM pg_constraint con
					WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u')), ''),
				COALESCE(a.attname, '(expr)')
			FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid
			CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(att, ord)
			LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.att AND k.att > 0
			WHERE x.indrelid = ($1::text)::regclass ORDER BY i.relname, k.ord`, name) {
			ix, ok := idx[r[0]]
			if !ok {
				kind := r[3]
				if kind == "" {
					kind = indexKind(r[1] == "true", r[2] == "true")
				}
				ix = &index{kind: kind}
				idx[r[0]] = ix
				names = append(names, r[0])
			}
			ix.cols = append(ix.cols, r[4])
		}
		for _, n := range names {
			switch ix := idx[n]; ix.kind {
			case "p":
			case "u":
				add("unique %s %s", name, list(ix.cols))
			default:
				add("index %s %s on %s %s", ix.kind, n, name, list(ix.cols))
			}
		}
	}
}

func indexKind(unique, partial bool) string {
	k := "plain"
	if unique {
		k = "unique"
	}
	if partial {
		k += ",partial"
	}
	return k
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
