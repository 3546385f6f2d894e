package main

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"time"
)

// The reference target is ../shared/PERFORMANCE-FACTS.md's "check-in
// endpoint with one durable INSERT": a handler that reads the body and
// inserts one row, durably, before answering 201 — with nothing of
// mentorhub's (no token, no authorisation, no middleware, no JSON read).
// On SQLite (WAL, synchronous=FULL, one connection) handlers hand their
// rows to one writer goroutine that commits whatever is pending (at most
// 256) in one transaction and then answers all of them (group commit);
// on PostgreSQL each request is one autocommitted INSERT from a pool of
// 16 connections. Run beside the bare handler and mentorhub in the same
// rounds, it shows how large a share of the bare handler any durable
// check-in reaches on this machine at that moment.

type refReq struct {
	body []byte
	done chan error
}

// startReference opens the reference's own table — in a database file of
// its own in dir (SQLite), or in the run's schema at url (PostgreSQL) —
// and serves the handler; stop ends both.
func startReference(dir, url string) (addr string, stop func(), err error) {
	var db *sql.DB
	if url != "" {
		if db, err = sql.Open("pgx", url); err != nil {
			return "", nil, err
		}
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		_, err = db.Exec(`CREATE TABLE perf_reference (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)`)
	} else {
		path := filepath.Join(dir, "reference.db")
		if db, err = sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"); err != nil {
			return "", nil, err
		}
		db.SetMaxOpenConns(1)
		_, err = db.Exec(`CREATE TABLE perf_reference (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`)
	}
	if err != nil {
		db.Close()
		return "", nil, err
	}
	var insert func(ctx context.Context, body []byte) error
	stopWriter := func() {}
	if url != "" {
		insert = func(ctx context.Context, body []byte) error {
			_, err := db.ExecContext(ctx, `INSERT INTO perf_reference (body) VALUES ($1)`, string(body))
			return err
		}
	} else {
		reqs := make(chan refReq, 1024)
		quit := make(chan struct{})
		go func() {
			var batch []refReq
			for {
				select {
				case r := <-reqs:
					batch = append(batch[:0], r)
				case <-quit:
					return
				}
			more:
				for len(batch) < 256 {
					select {
					case r := <-reqs:
						batch = append(batch, r)
					default:
						break more
					}
				}
				err := func() error {
					tx, err := db.Begin()
					if err != nil {
						return err
					}
					for _, r := range batch {
						if _, err := tx.Exec(`INSERT INTO perf_reference (body) VALUES (?)`, string(r.body)); err != nil {
							tx.Rollback()
							return err
						}
					}
					return tx.Commit()
				}()
				for _, r := range batch {
					r.done <- err
				}
			}
		}()
		stopWriter = func() { close(quit) }
		insert = func(ctx context.Context, body []byte) error {
			r := refReq{body: body, done: make(chan error, 1)}
			reqs <- r
			return <-r.done
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		stopWriter()
		db.Close()
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<10))
		if err == nil {
			err = insert(r.Context(), body)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"status":"present"}` + "\n"))
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	return "http://" + l.Addr().String(), func() { srv.Close(); stopWriter(); db.Close() }, nil
}
