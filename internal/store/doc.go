// Package store is the database/sql implementation of every area's Store
// interface, on embedded SQLite (modernc.org/sqlite) or PostgreSQL (pgx).
//
// SQL lives in queries/<area>.sql under "-- name: X" markers, written with
// :named parameters; a queries/<area>.postgres.sql overrides a query where the
// dialects differ. Every query is prepared at start, so a typo stops boot, not
// a user. A public method is a transaction boundary; helpers take *Tx.
package store
