package store

import (
	"database/sql"
	"time"
)

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullStr stores "" as NULL for optional unique identifiers.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// each runs scan for every row and closes rows.
func each(rows *sql.Rows, err error, scan func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return wrapErr("scan", err)
		}
	}
	return wrapErr("rows", rows.Err())
}

// utc normalises a time read from either engine.
func utc(t time.Time) time.Time { return t.UTC() }
