// Package store is the database/sql implementation of every area's Store
// interface, on embedded SQLite (modernc.org/sqlite) or PostgreSQL (pgx).
// DB is the database itself (open, migrate, prepare, units of work); each
// area has a repository type over it — Auth, Org, Programs, People (see
// repos.go) — so that method names stay short and never collide.
//
// SQL lives in queries/<area>.sql under "-- name: X" markers, written with
// :named parameters; a queries/<area>.postgres.sql overrides a query where the
// dialects differ. The Go code runs a query through a value declared with
// register (<area>_queries.go) naming its parameters; Prepare checks those
// against the SQL of the dialect and prepares every query at start, so a
// typo in a name or a parameter stops boot, not a user. A public method is
// a unit of work (Write) or a read; helpers take *Tx.
package store
