package store

import (
	"database/sql"
	"fmt"
	"strings"
)

// batchRows is how many rows one multi-row statement carries: few round
// trips (PostgreSQL pays ~0.3 ms per statement here) and far below both
// engines' limits on parameters (SQLite 32,766; PostgreSQL 65,535).
const batchRows = 400

// batch runs "head VALUES (…), (…) tail" for rows in chunks of batchRows,
// with the dialect's placeholders, calling scan for every row a RETURNING
// tail gives back (scan nil: no rows are read). It is for the bulk writes
// of imports and allocations, where one statement per row would be slow;
// every value is a parameter, never spliced into the SQL.
func (tx *Tx) batch(head, tail string, cols int, rows [][]any, scan func(*sql.Rows) error) error {
	for start := 0; start < len(rows); start += batchRows {
		chunk := rows[start:min(start+batchRows, len(rows))]
		var b strings.Builder
		b.WriteString(head)
		b.WriteString(" VALUES ")
		args := make([]any, 0, len(chunk)*cols)
		for i, r := range chunk {
			if len(r) != cols {
				return fmt.Errorf("batch: row %d has %d values, want %d", start+i, len(r), cols)
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j := range cols {
				if j > 0 {
					b.WriteString(", ")
				}
				if tx.db.Dialect == Postgres {
					fmt.Fprintf(&b, "$%d", len(args)+1)
				} else {
					b.WriteByte('?')
				}
				args = append(args, r[j])
			}
			b.WriteByte(')')
		}
		b.WriteString(" ")
		b.WriteString(tail)
		if scan == nil {
			if _, err := tx.tx.ExecContext(tx.ctx, b.String(), args...); err != nil {
				return wrapErr("batch", err)
			}
			continue
		}
		rs, err := tx.tx.QueryContext(tx.ctx, b.String(), args...)
		if err := each(rs, wrapErr("batch", err), scan); err != nil {
			return err
		}
	}
	return nil
}
