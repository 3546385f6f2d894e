package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// checkin is one (session, student) pair of the crash test.
type checkin struct {
	session int64
	student string
}

// spec/API.md: "A check-in answered 2xx is durable: it survives kill -9".
// The real binary serves a database with the demo institution and a few
// sessions per group (SQLite in a temporary folder, or PostgreSQL when
// MENTORHUB_TEST_DATABASE_URL is set); 32 clients check students in, and
// once enough check-ins are acknowledged the server gets SIGKILL with
// requests in flight. Restarted on the same database, it must hold every
// acknowledged check-in (a repeat answers 200, not 201), one row each,
// and every session's present count must match its rows.
func TestCheckinsSurviveKill9(t *testing.T) {
	ctx := context.Background()
	bin := buildMentorhub(t)

	// The database, set up through the services on the system clock (the
	// server runs on it too), then closed before the server opens it.
	svc := testutil.ServicesWithClock(t, app.SystemClock{})
	var dbFlag []string
	if testutil.IsPostgres() {
		dbFlag = []string{"--database-url", testutil.LastSchemaURL()}
	} else {
		dbFlag = []string{"--data", filepath.Dir(svc.DB.DSN)}
	}
	sys := app.WithActor(ctx, app.SystemActor)
	res, err := demo.Seed(ctx, svc.Auth, svc.Org, svc.Programs, svc.People, svc.Training)
	if err != nil {
		t.Fatal(err)
	}
	pilot := res.Programs["uib-mn-pilot"].ID
	groups, err := svc.People.Groups(sys, pilot)
	if err != nil || len(groups) == 0 {
		t.Fatalf("the pilot's groups: %d, %v", len(groups), err)
	}
	start := time.Now().UTC().Truncate(time.Hour)
	var pairs []checkin
	for k := range 4 {
		for _, g := range groups {
			at := start.Add(time.Duration(k) * 24 * time.Hour)
			se, err := svc.Sessions.Create(sys, pilot, sessions.Draft{GroupID: g.ID, Title: "Mentormøte", StartsAt: at, EndsAt: at.Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range g.Students {
				pairs = append(pairs, checkin{se.ID, s.ID})
			}
		}
	}
	token, err := svc.Auth.IssueToken(sys, "coordinator@demo.mentorhub.no")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.DB.Close(); err != nil {
		t.Fatal(err)
	}

	// Check in from 32 clients; SIGKILL once 150 are acknowledged.
	srv := startServe(t, bin, dbFlag)
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
	var (
		mu    sync.Mutex
		acked []checkin
		next  atomic.Int64
		wg    sync.WaitGroup
	)
	killed := make(chan struct{})
	var once sync.Once
	kill := func() {
		once.Do(func() {
			srv.cmd.Process.Kill() // SIGKILL
			close(killed)
		})
	}
	for range 32 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(pairs) {
					return
				}
				code, _, err := post(client, srv.url, token, pairs[i])
				if err != nil {
					select {
					case <-killed:
						return // the server is gone: this one was in flight
					default:
						t.Errorf("check-in before the kill: %v", err)
						return
					}
				}
				if code == http.StatusCreated || code == http.StatusOK {
					mu.Lock()
					acked = append(acked, pairs[i])
					n := len(acked)
					mu.Unlock()
					if n >= 150 {
						kill()
					}
				} else {
					select {
					case <-killed:
						return
					default:
						t.Errorf("check-in of %v: status %d", pairs[i], code)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	kill()
	srv.cmd.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if next.Load() >= int64(len(pairs)) {
		t.Logf("every pair was sent before the kill took effect")
	}
	t.Logf("%d check-ins acknowledged of %d sent before SIGKILL", len(acked), min(next.Load(), int64(len(pairs))))

	// Restarted on the same database: every acknowledged check-in is there.
	srv = startServe(t, bin, dbFlag)
	for _, c := range acked {
		code, body, err := post(client, srv.url, token, c)
		if err != nil {
			t.Fatal(err)
		}
		if code != http.StatusOK {
			t.Errorf("acknowledged check-in %v after the restart: status %d (want 200: already there): %s", c, code, body)
		}
	}
	srv.cmd.Process.Kill()
	srv.cmd.Wait()

	// One row per pair (the key says so; check it), and present counts
	// that match the rows: the count and the row commit together.
	opts := store.Options{}
	if testutil.IsPostgres() {
		opts.DatabaseURL = dbFlag[1]
	} else {
		opts.DataDir = dbFlag[1]
	}
	db, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var dups, mismatched int
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM (SELECT session_id, participant_id FROM checkins
		GROUP BY session_id, participant_id HAVING count(*) > 1) d`).Scan(&dups); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM mentor_sessions s WHERE s.present_count <>
		(SELECT count(*) FROM checkins c WHERE c.session_id = s.id AND c.status = 'present')`).Scan(&mismatched); err != nil {
		t.Fatal(err)
	}
	if dups != 0 || mismatched != 0 {
		t.Errorf("%d duplicated check-ins, %d sessions whose present count does not match their rows", dups, mismatched)
	}
}

// buildMentorhub builds this command into a temporary folder.
func buildMentorhub(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mentorhub")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type served struct {
	cmd *exec.Cmd
	url string
}

// startServe starts `mentorhub serve` on a free port of the loopback and
// waits (up to a minute) until /readyz answers 200.
func startServe(t *testing.T, bin string, dbFlag []string) *served {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, dbFlag...)...)
	// Nothing of the caller's configuration: the flags say it all.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MENTORHUB_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// serve logs the address it listens on ({"msg":"mentorhub serving","url":…}).
	urls := make(chan string, 1)
	var logMu sync.Mutex
	var log bytes.Buffer
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			logMu.Lock()
			if log.Len() < 64<<10 {
				log.Write(line)
				log.WriteByte('\n')
			}
			logMu.Unlock()
			var rec struct {
				Msg string `json:"msg"`
				URL string `json:"url"`
			}
			if json.Unmarshal(line, &rec) == nil && rec.Msg == "mentorhub serving" && rec.URL != "" {
				select {
				case urls <- rec.URL:
				default:
				}
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	logs := func() string { logMu.Lock(); defer logMu.Unlock(); return log.String() }
	deadline := time.After(time.Minute)
	var url string
	select {
	case url = <-urls:
	case <-deadline:
		t.Fatalf("mentorhub serve did not say where it listens within a minute:\n%s", logs())
	}
	c := &http.Client{Timeout: 5 * time.Second}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		r, err := c.Get(url + "/readyz")
		if err == nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return &served{cmd: cmd, url: url}
			}
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("mentorhub serve not ready within a minute (last: %v):\n%s", err, logs())
		}
	}
}

// post checks c in as the coordinator.
func post(client *http.Client, base, token string, c checkin) (int, string, error) {
	body := fmt.Sprintf(`{"student_number": %q}`, c.student)
	req, err := http.NewRequest("POST", base+"/api/v1/sessions/"+strconv.FormatInt(c.session, 10)+"/checkins", strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	r, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return 0, "", err
	}
	return r.StatusCode, string(b), nil
}
