package testutil

import (
	"context"
	"database/sql"
	"net"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/store"
)

// TestDatabaseURLEnv selects PostgreSQL for tests when set.
const TestDatabaseURLEnv = "MENTORHUB_TEST_DATABASE_URL"

// Epoch is the fake clock's starting time in tests.
var Epoch = time.Date(2026, 8, 10, 8, 0, 0, 0, time.UTC)

// MustOpenDB returns a migrated, empty database for one test: SQLite in a
// temporary folder, or, when MENTORHUB_TEST_DATABASE_URL is set, a fresh
// PostgreSQL schema that is dropped when the test ends.
func MustOpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	return MustOpenDBWithClock(tb, app.NewFakeClock(Epoch))
}

// MustOpenDBWithClock is MustOpenDB with the given clock.
func MustOpenDBWithClock(tb testing.TB, clock app.Clock) *store.DB {
	tb.Helper()
	ctx := context.Background()
	opts := store.Options{Clock: clock}
	if base := os.Getenv(TestDatabaseURLEnv); base != "" {
		opts.DatabaseURL = freshSchema(tb, base)
	} else {
		opts.DataDir = tb.TempDir()
	}
	db, err := store.OpenAndMigrate(ctx, opts)
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := jobs.Migrate(ctx, db); err != nil {
		tb.Fatalf("migrate the job queue: %v", err)
	}
	return db
}

// Services returns the services over a migrated, empty database for one
// test (as MustOpenDB: SQLite, or PostgreSQL when
// MENTORHUB_TEST_DATABASE_URL is set), on a fake clock at Epoch — the
// same clock the database's units of work read. Tests advance it through
// Services.Clock.
func Services(tb testing.TB) *server.Services {
	tb.Helper()
	return ServicesWithClock(tb, app.NewFakeClock(Epoch))
}

// ServicesWithClock is Services on the given clock.
func ServicesWithClock(tb testing.TB, clock app.Clock) *server.Services {
	tb.Helper()
	return server.NewServices(MustOpenDBWithClock(tb, clock), clock)
}

// IsPostgres reports whether tests run against PostgreSQL.
func IsPostgres() bool { return os.Getenv(TestDatabaseURLEnv) != "" }

// freshSchema creates a uniquely named schema and returns base with its
// search_path set to it.
func freshSchema(tb testing.TB, base string) string {
	tb.Helper()
	schema := "t_" + randomHex(6)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("open %s: %v", TestDatabaseURLEnv, err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create test schema: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", TestDatabaseURLEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	lastSchemaURL = u.String()
	return lastSchemaURL
}

// MustOpenUnmigrated returns an empty database (fresh SQLite folder or
// PostgreSQL schema) that has not been migrated.
func MustOpenUnmigrated(tb testing.TB) *store.DB {
	tb.Helper()
	opts := store.Options{Clock: app.NewFakeClock(Epoch)}
	if base := os.Getenv(TestDatabaseURLEnv); base != "" {
		opts.DatabaseURL = freshSchema(tb, base)
	} else {
		opts.DataDir = tb.TempDir()
	}
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// lastSchemaURL remembers the URL of the newest fresh PostgreSQL schema.
var lastSchemaURL string

// LastSchemaURL returns the database URL of the newest schema made by
// MustOpenDB or MustOpenUnmigrated on PostgreSQL ("" on SQLite).
func LastSchemaURL() string { return lastSchemaURL }

// FreeAddr returns a 127.0.0.1 address with a port that was free just now.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
