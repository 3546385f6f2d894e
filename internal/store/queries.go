package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode"
)

//go:embed queries/*.sql
var queryFiles embed.FS

// query is one named statement, rewritten for the dialect.
type query struct {
	name   string
	text   string   // with positional placeholders
	params []string // parameter name per placeholder, in order
	stmt   *sql.Stmt
}

// queryRef is a query the Go code runs: its name in the .sql files and the
// names of the parameters the Go code gives it. Every one is declared as a
// package-level value with register, so Prepare knows them all before any
// runs: a name without SQL, a parameter the SQL does not take (or one it
// takes that is not declared) and SQL no Go code runs all stop boot, not
// the first request that takes that path.
type queryRef struct {
	name   string
	params []string
}

// registered holds every queryRef by name; register fills it while the
// package initialises and nothing changes it after.
var registered = map[string]*queryRef{}

// register declares a query the Go code runs, with its parameters.
func register(name string, params ...string) *queryRef {
	if _, dup := registered[name]; dup {
		panic("store: query " + name + " registered twice")
	}
	r := &queryRef{name: name, params: params}
	registered[name] = r
	return r
}

// checkQueries compares the declared queries with the dialect's SQL.
func checkQueries(refs map[string]*queryRef, qs map[string]*query, d Dialect) error {
	var errs []string
	for name, r := range refs {
		q, ok := qs[name]
		if !ok {
			errs = append(errs, fmt.Sprintf("query %s is run by the Go code but has no SQL for %s", name, d))
			continue
		}
		declared := map[string]bool{}
		for _, p := range r.params {
			declared[p] = true
		}
		used := map[string]bool{}
		for _, p := range q.params {
			used[p] = true
			if !declared[p] {
				errs = append(errs, fmt.Sprintf("query %s takes :%s, which its register call does not declare", name, p))
				declared[p] = true // report once
			}
		}
		for _, p := range r.params {
			if !used[p] {
				errs = append(errs, fmt.Sprintf("query %s is declared with parameter %s, which its SQL does not take", name, p))
			}
		}
	}
	for name := range qs {
		if _, ok := refs[name]; !ok {
			errs = append(errs, fmt.Sprintf("query %s in the .sql files is not registered (no Go code runs it)", name))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	sort.Strings(errs)
	return fmt.Errorf("store: the queries do not match the Go code:\n  %s", strings.Join(errs, "\n  "))
}

// parseQueryFile splits a file into its "-- name: X" sections.
func parseQueryFile(file, src string) (map[string]string, error) {
	out := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() error {
		if name == "" {
			if strings.TrimSpace(body.String()) != "" {
				return fmt.Errorf("%s: SQL before the first -- name: marker", file)
			}
			return nil
		}
		text := strings.TrimSpace(body.String())
		if text == "" {
			return fmt.Errorf("%s: query %s is empty", file, name)
		}
		if _, dup := out[name]; dup {
			return fmt.Errorf("%s: query %s defined twice", file, name)
		}
		out[name] = strings.TrimSuffix(text, ";")
		return nil
	}
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "-- name:") {
			if err := flush(); err != nil {
				return nil, err
			}
			name = strings.TrimSpace(strings.TrimPrefix(t, "-- name:"))
			body.Reset()
			continue
		}
		if strings.HasPrefix(t, "--") {
			continue
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	return out, flush()
}

// rewrite turns :named parameters into the dialect's positional placeholders,
// leaving string literals, quoted identifiers and PostgreSQL ::casts alone.
func rewrite(src string, d Dialect) (string, []string) {
	var b strings.Builder
	var params []string
	r := []rune(src)
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(r) && r[j] != c {
				j++
			}
			b.WriteString(string(r[i:min(j+1, len(r))]))
			i = j
		case c == ':' && i+1 < len(r) && r[i+1] == ':':
			b.WriteString("::")
			i++
		case c == ':' && i+1 < len(r) && (unicode.IsLetter(r[i+1]) || r[i+1] == '_'):
			j := i + 1
			for j < len(r) && (unicode.IsLetter(r[j]) || unicode.IsDigit(r[j]) || r[j] == '_') {
				j++
			}
			params = append(params, string(r[i+1:j]))
			if d == Postgres {
				fmt.Fprintf(&b, "$%d", len(params))
			} else {
				b.WriteByte('?')
			}
			i = j - 1
		default:
			b.WriteRune(c)
		}
	}
	return b.String(), params
}

// loadQueries reads every query file for the dialect; a <area>.<dialect>.sql
// file overrides queries of the same name.
func loadQueries(d Dialect) (map[string]*query, error) {
	entries, err := fs.ReadDir(queryFiles, "queries")
	if err != nil {
		return nil, err
	}
	var base, over []string
	for _, e := range entries {
		n := e.Name()
		parts := strings.Split(strings.TrimSuffix(n, ".sql"), ".")
		switch {
		case len(parts) == 1:
			base = append(base, n)
		case len(parts) == 2 && Dialect(parts[1]) == d:
			over = append(over, n)
		}
	}
	sort.Strings(base)
	sort.Strings(over)
	out := map[string]*query{}
	for i, n := range append(base, over...) {
		src, err := queryFiles.ReadFile("queries/" + n)
		if err != nil {
			return nil, err
		}
		qs, err := parseQueryFile(n, string(src))
		if err != nil {
			return nil, err
		}
		for name, text := range qs {
			if _, exists := out[name]; exists && i < len(base) {
				return nil, fmt.Errorf("%s: query %s is also defined in another file", n, name)
			}
			t, params := rewrite(text, d)
			out[name] = &query{name: name, text: t, params: params}
		}
	}
	return out, nil
}

// Prepare loads every query, checks that the queries the Go code runs
// are exactly those of the .sql files with the parameters declared, and
// prepares them against the migrated schema.
func (db *DB) Prepare(ctx context.Context) error {
	qs, err := loadQueries(db.Dialect)
	if err != nil {
		return err
	}
	if err := checkQueries(registered, qs, db.Dialect); err != nil {
		return err
	}
	for name, q := range qs {
		q.stmt, err = db.sql.PrepareContext(ctx, q.text)
		if err != nil {
			return fmt.Errorf("prepare query %s: %w", name, err)
		}
	}
	db.queries = qs
	return nil
}

// bind finds a query and orders p's values for its placeholders.
func (db *DB) bind(r *queryRef, p P) (*query, []any, error) {
	name := r.name
	q, ok := db.queries[name]
	if !ok {
		return nil, nil, fmt.Errorf("store: no query named %s", name)
	}
	args := make([]any, len(q.params))
	for i, n := range q.params {
		v, ok := p[n]
		if !ok {
			return nil, nil, fmt.Errorf("store: query %s: parameter %s not given", name, n)
		}
		args[i] = v
	}
	return q, args, nil
}
