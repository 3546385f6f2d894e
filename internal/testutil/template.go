package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/store"
)

// Template is a database that is seeded once per test binary and copied
// for each test that asks for it, so that tests needing the same large
// fixture (the demo institution) do not each build it again.
//
// On SQLite the seeded database file is copied into the test's temporary
// folder. On PostgreSQL the seed goes into a template database and each
// test gets a new database made from it (CREATE DATABASE … TEMPLATE …),
// dropped when the test ends. The value Seed returns (ids and the like) is
// kept and handed to every test as a deep copy: it is the same for every
// copy of the database.
//
// Call Close from TestMain after m.Run to remove the template.
type Template[T any] struct {
	// Clock is the clock the seed runs on; nil is a fake clock at Epoch.
	Clock app.Clock
	// Seed fills a migrated, empty database through its services.
	Seed func(ctx context.Context, s *server.Services) (T, error)

	once     sync.Once
	err      error
	value    []byte // Seed's result as JSON, decoded afresh for each test
	dir      string // SQLite: the folder holding the seeded mentorhub.db
	base     string // PostgreSQL: MENTORHUB_TEST_DATABASE_URL
	database string // PostgreSQL: the template database's name
}

// Open returns the services over a copy of the seeded database, on clock,
// and the seed's result. The copy is closed (and on PostgreSQL dropped)
// when tb ends.
func (tp *Template[T]) Open(tb testing.TB, clock app.Clock) (*server.Services, T) {
	tb.Helper()
	var zero T
	tp.once.Do(tp.build)
	if tp.err != nil {
		tb.Fatalf("seed the template database: %v", tp.err)
	}
	var v T
	if err := json.Unmarshal(tp.value, &v); err != nil {
		tb.Fatalf("template database: decode the seed's result: %v", err)
		return nil, zero
	}
	opts := store.Options{Clock: clock}
	if tp.database != "" {
		opts.DatabaseURL = tp.cloneDatabase(tb)
	} else {
		opts.DataDir = tb.TempDir()
		if err := copyFile(filepath.Join(tp.dir, "mentorhub.db"), filepath.Join(opts.DataDir, "mentorhub.db")); err != nil {
			tb.Fatalf("copy the template database: %v", err)
		}
	}
	db, err := store.OpenAndMigrate(context.Background(), opts)
	if err != nil {
		tb.Fatalf("open a copy of the template database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return server.NewServices(db, clock), v
}

// Close removes the template database. The template cannot be used after.
func (tp *Template[T]) Close() {
	if tp.dir != "" {
		os.RemoveAll(tp.dir)
	}
	if tp.database != "" {
		if admin, err := sql.Open("pgx", tp.base); err == nil {
			admin.Exec(`DROP DATABASE IF EXISTS ` + tp.database + ` WITH (FORCE)`)
			admin.Close()
		}
	}
}

// build seeds the template once.
func (tp *Template[T]) build() {
	ctx := context.Background()
	clock := tp.Clock
	if clock == nil {
		clock = app.NewFakeClock(Epoch)
	}
	opts := store.Options{Clock: clock}
	if base := os.Getenv(TestDatabaseURLEnv); base != "" {
		tp.base = base
		tp.database = "tpl_" + randomHex(6)
		if tp.err = createDatabase(base, tp.database, ""); tp.err != nil {
			tp.database = ""
			return
		}
		opts.DatabaseURL, tp.err = withDatabase(base, tp.database)
	} else {
		tp.dir, tp.err = os.MkdirTemp("", "mentorhub-template-")
		opts.DataDir = tp.dir
	}
	if tp.err != nil {
		return
	}
	db, err := store.OpenAndMigrate(ctx, opts)
	if err != nil {
		tp.err = err
		return
	}
	if _, err := jobs.Migrate(ctx, db); err != nil {
		db.Close()
		tp.err = err
		return
	}
	v, err := tp.Seed(ctx, server.NewServices(db, clock))
	// Closing the last connection checkpoints SQLite's write-ahead log into
	// mentorhub.db (and removes the log), so the file alone is the database;
	// a PostgreSQL template may have no open connections when it is copied.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tp.err = err
		return
	}
	if tp.dir != "" {
		if _, err := os.Stat(filepath.Join(tp.dir, "mentorhub.db-wal")); err == nil {
			tp.err = fmt.Errorf("the write-ahead log of %s was not checkpointed when it closed", tp.dir)
			return
		}
	}
	if tp.value, tp.err = json.Marshal(v); tp.err != nil {
		return
	}
	// Every test gets a decoded copy: make sure decoding gives back the
	// same value, or tests would see something else than the seed made.
	var back T
	if tp.err = json.Unmarshal(tp.value, &back); tp.err == nil && !reflect.DeepEqual(back, v) {
		tp.err = fmt.Errorf("the seed's result (%T) does not survive a JSON round trip", v)
	}
}

// cloneDatabase creates a database from the template for one test and
// returns its URL; it is dropped when the test ends.
func (tp *Template[T]) cloneDatabase(tb testing.TB) string {
	tb.Helper()
	name := "t_" + randomHex(6)
	if err := createDatabase(tp.base, name, tp.database); err != nil {
		tb.Fatalf("copy the template database: %v", err)
	}
	// Registered before the store's Close, so it runs after it.
	tb.Cleanup(func() {
		if admin, err := sql.Open("pgx", tp.base); err == nil {
			admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			admin.Close()
		}
	})
	u, err := withDatabase(tp.base, name)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// createDatabase creates database name, from template if not "", through
// a connection to base.
func createDatabase(base, name, template string) error {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return fmt.Errorf("open %s: %w", TestDatabaseURLEnv, err)
	}
	defer admin.Close()
	q := `CREATE DATABASE ` + name
	if template != "" {
		q += ` TEMPLATE ` + template
	}
	if _, err := admin.Exec(q); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}

// withDatabase returns base with its database name replaced (and any
// search_path removed: a new database has only the public schema).
func withDatabase(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", TestDatabaseURLEnv, err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
