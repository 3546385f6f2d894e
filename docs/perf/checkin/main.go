// Command checkin measures the check-in API (issue 12) against a bare
// net/http handler, side by side in one run, over loopback: it starts a
// "hello" server, a reference handler that makes one durable INSERT and
// nothing else (reference.go), and the real mentorhub HTTP server (server.New over a
// fresh database holding the demo institution plus extra sessions), then
// drives each with -clients keep-alive clients for -duration, -rounds
// times, alternating the targets. Every mentorhub request is a check-in
// (POST /api/v1/sessions/{id}/checkins with a Bearer token) of a
// (session, student) pair not used before — 201 — except every
// -repeat-th, a pair already checked in — 200. Tokens are the pilot
// coordinator's and the demo mentor's (for their groups' sessions).
// Progress goes to stderr; the Markdown table goes to stdout.
//
//	go run ./docs/perf/checkin                       # SQLite (WAL, synchronous=FULL) in a temp dir
//	go run ./docs/perf/checkin -database-url "$(bash .ci/postgres-url)"
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/demo"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/store"
)

func main() {
	clients := flag.Int("clients", 64, "concurrent keep-alive clients per target")
	duration := flag.Duration("duration", 5*time.Second, "length of one round per target")
	rounds := flag.Int("rounds", 3, "rounds (each runs every target once)")
	dbURL := flag.String("database-url", "", "PostgreSQL server URL (a fresh schema is made and dropped); empty: SQLite in a temp dir")
	perGroup := flag.Int("sessions", 300, "sessions planned per group (pairs = sessions × students)")
	repeat := flag.Int("repeat", 10, "every n-th request repeats a check-in already made (200)")
	keep := flag.String("keep", "", "SQLite: use this (empty) folder for the database and keep it; PostgreSQL: keep the schema (any value)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the first mentorhub round to this file")
	blockprofile := flag.String("blockprofile", "", "write a blocking profile (every blocking event) of the whole run to this file")
	flag.Parse()
	ctx := context.Background()

	opts := store.Options{}
	engine := "SQLite (WAL, synchronous=FULL)"
	if *dbURL != "" {
		u, drop, err := freshSchema(*dbURL)
		if err != nil {
			fatal(err)
		}
		if *keep == "" {
			defer drop()
		} else {
			fmt.Fprintln(os.Stderr, "keeping the database at", u)
		}
		opts.DatabaseURL = u
		engine = "PostgreSQL"
	} else {
		dir := *keep
		if dir == "" {
			d, err := os.MkdirTemp("", "checkin-perf-")
			if err != nil {
				fatal(err)
			}
			defer os.RemoveAll(d)
			dir = d
		}
		opts.DataDir = dir
	}
	t0 := time.Now()
	svc, err := server.OpenServices(ctx, opts)
	if err != nil {
		fatal(err)
	}
	sys := app.WithActor(ctx, app.SystemActor)
	res, err := demo.Seed(ctx, svc.Auth, svc.Org, svc.Programs, svc.People, svc.Training)
	if err != nil {
		fatal(err)
	}
	pilot := res.Programs["uib-mn-pilot"]
	groups, err := svc.People.Groups(sys, pilot.ID)
	if err != nil {
		fatal(err)
	}
	coord, err := svc.Auth.IssueToken(sys, "coordinator@demo.mentorhub.no")
	if err != nil {
		fatal(err)
	}
	mentor, err := svc.Auth.IssueToken(sys, "mentor@demo.mentorhub.no")
	if err != nil {
		fatal(err)
	}
	// The sessions begin every ten minutes around now: without this the
	// reminders of the next day (tens of thousands of mail jobs) would be
	// what the run measures. Students who declined e-mail get none.
	if _, err := svc.DB.SQL().ExecContext(ctx, `UPDATE participants SET mail_opt_out = TRUE WHERE role = 'student'`); err != nil {
		fatal(err)
	}
	pairs, students, err := plan(sys, svc.Sessions, groups, *perGroup, coord, mentor)
	if err != nil {
		fatal(err)
	}
	fmt.Fprintf(os.Stderr, "set up in %s: %s, %d groups, %d students in them, %d sessions, %d (session, student) pairs\n",
		time.Since(t0).Round(time.Second), engine, len(groups), students, len(groups)**perGroup, len(pairs))

	logger := slog.New(slog.DiscardHandler)
	a, err := server.New(ctx, svc, server.Config{Addr: "127.0.0.1:0", Logger: logger})
	if err != nil {
		fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(runCtx) }()
	defer func() { stop(); <-done; a.Close() }()
	// The periodic jobs run on start (the reminders and welcomes of the
	// sessions just planned: thousands of mail jobs); measure once they
	// are done, so the figures are the check-ins' and not the queue's.
	if err := drain(ctx, a.Jobs, 5*time.Minute); err != nil {
		fatal(err)
	}

	bare, err := startBare()
	if err != nil {
		fatal(err)
	}
	defer bare.Close()
	bareURL := "http://" + bare.Addr().String()

	refURL, refClose, err := startReference(opts.DataDir, opts.DatabaseURL)
	if err != nil {
		fatal(err)
	}
	defer refClose()

	var next atomic.Int64 // the next fresh pair
	targets := []target{
		{name: "bare net/http \"hello\"", fn: func(c *http.Client, i int) (int, error) {
			return post(c, bareURL+"/hello", "", []byte(`{"student_number":"100001"}`))
		}},
		{name: "reference: one durable INSERT, " + engine, fn: func(c *http.Client, i int) (int, error) {
			return post(c, refURL+"/checkin", "", []byte(`{"student_number":"100001"}`))
		}},
		{name: "mentorhub check-in, " + engine, fn: func(c *http.Client, i int) (int, error) {
			var p pair
			if *repeat > 0 && i%*repeat == *repeat-1 && next.Load() > 0 {
				p = pairs[int(uint64(i)*2654435761%uint64(next.Load()))%len(pairs)]
			} else {
				p = pairs[int(next.Add(1)-1)%len(pairs)]
			}
			return post(c, a.URL()+p.path, p.token, p.body)
		}},
	}
	fmt.Fprintf(os.Stderr, "GOMAXPROCS %d, %s, %d clients, %s × %d rounds\n", runtime.GOMAXPROCS(0), runtime.Version(), *clients, *duration, *rounds)
	results := make([][]result, len(targets))
	var prof *os.File
	if *cpuprofile != "" {
		if prof, err = os.Create(*cpuprofile); err != nil {
			fatal(err)
		}
	}
	if *blockprofile != "" {
		runtime.SetBlockProfileRate(1)
		defer func() {
			f, err := os.Create(*blockprofile)
			if err == nil {
				pprof.Lookup("block").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	for r := range *rounds {
		for ti, t := range targets {
			if prof != nil && ti == len(targets)-1 {
				pprof.StartCPUProfile(prof)
			}
			cpu0 := cpuTime()
			res := drive(t, *clients, *duration)
			res.cpuPerReq = (cpuTime() - cpu0) / time.Duration(max(1, res.n))
			if prof != nil && ti == len(targets)-1 {
				pprof.StopCPUProfile()
				prof.Close()
				prof = nil
			}
			fmt.Fprintf(os.Stderr, "round %d %-50s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  %4.0f µs CPU/req (both ends)  %v\n",
				r+1, t.name, res.rps, ms(res.p50), ms(res.p99), float64(res.cpuPerReq)/1e3, res.codes)
			results[ti] = append(results[ti], res)
		}
	}
	if int(next.Load()) > len(pairs) {
		fmt.Fprintf(os.Stderr, "warning: %d fresh pairs asked for, %d planned: raise -sessions\n", next.Load(), len(pairs))
	}
	// Every check-in answered 2xx is in the database.
	if n, err := countCheckins(ctx, svc.DB); err == nil {
		fmt.Fprintf(os.Stderr, "check-ins in the database: %d\n", n)
	}

	fmt.Printf("%s, %d clients, %s per round; share of bare per round (same round), medians of %d rounds in bold\n\n", engine, *clients, *duration, *rounds)
	fmt.Println("| target | round | req/s | share of bare | p50 | p99 | answers |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for ti, t := range targets {
		var rps, share, p50, p99 []float64
		for r, res := range results[ti] {
			sh := res.rps / results[0][r].rps
			rps, share, p50, p99 = append(rps, res.rps), append(share, sh), append(p50, ms(res.p50)), append(p99, ms(res.p99))
			fmt.Printf("| %s | %d | %.0f | %.0f %% | %.2f ms | %.2f ms | %s |\n", t.name, r+1, res.rps, 100*sh, ms(res.p50), ms(res.p99), codes(res.codes))
		}
		fmt.Printf("| **%s** | median | **%.0f** | **%.0f %%** | **%.2f ms** | **%.2f ms** | |\n", t.name, median(rps), 100*median(share), median(p50), median(p99))
	}
}

type pair struct {
	path, token string
	body        []byte
}

// plan creates perGroup sessions for every group and lists every
// (session, student) pair in an order that spreads consecutive requests
// over sessions; the demo mentor's groups go with the mentor's token.
func plan(ctx context.Context, ss *sessions.Service, groups []people.Group, perGroup int, coord, mentor string) ([]pair, int, error) {
	ids := make([][]int64, len(groups))
	for i := range ids {
		ids[i] = make([]int64, perGroup)
	}
	jobs := make(chan [2]int)
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	start := time.Now().UTC().Truncate(time.Hour).Add(-24 * time.Hour)
	for range 32 {
		wg.Go(func() {
			for j := range jobs {
				gi, k := j[0], j[1]
				at := start.Add(time.Duration(k) * 10 * time.Minute)
				se, err := ss.Create(ctx, groups[gi].ProgramID, sessions.Draft{GroupID: groups[gi].ID, Title: "Mentormøte " + strconv.Itoa(k+1),
					StartsAt: at, EndsAt: at.Add(90 * time.Minute), Location: "Realfagbygget"})
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					continue
				}
				ids[gi][k] = se.ID
			}
		})
	}
	for k := range perGroup {
		for gi := range groups {
			jobs <- [2]int{gi, k}
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, 0, firstErr
	}
	var out []pair
	students := 0
	for _, g := range groups {
		students += len(g.Students)
	}
	// Round-robin: session k of every group, then each student of it.
	for k := range perGroup {
		for si := 0; ; si++ {
			more := false
			for gi, g := range groups {
				if si >= len(g.Students) {
					continue
				}
				more = true
				tok := coord
				if slices.ContainsFunc(g.Mentors, func(m people.Member) bool { return m.ID == "90001" }) {
					tok = mentor
				}
				out = append(out, pair{path: "/api/v1/sessions/" + strconv.FormatInt(ids[gi][k], 10) + "/checkins", token: tok,
					body: []byte(`{"student_number":"` + g.Students[si].ID + `"}`)})
			}
			if !more {
				break
			}
		}
	}
	return out, students, nil
}

type target struct {
	name string
	fn   func(c *http.Client, i int) (int, error)
}

type result struct {
	n         int
	cpuPerReq time.Duration // the process's CPU time (clients and servers) per request
	rps       float64
	p50, p99  time.Duration
	codes     map[int]int
}

// drive runs n clients against t for d and measures every request.
func drive(t target, n int, d time.Duration) result {
	tr := &http.Transport{MaxIdleConns: n, MaxIdleConnsPerHost: n, MaxConnsPerHost: n, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	lat := make([][]time.Duration, n)
	codes := make([]map[int]int, n)
	var count atomic.Int64
	deadline := time.Now().Add(d)
	began := time.Now()
	var wg sync.WaitGroup
	for w := range n {
		codes[w] = map[int]int{}
		wg.Go(func() {
			for time.Now().Before(deadline) {
				i := int(count.Add(1))
				t0 := time.Now()
				code, err := t.fn(c, i)
				lat[w] = append(lat[w], time.Since(t0))
				if err != nil {
					code = -1
				}
				codes[w][code]++
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	var all []time.Duration
	out := result{codes: map[int]int{}}
	for w := range n {
		all = append(all, lat[w]...)
		for k, v := range codes[w] {
			out.codes[k] += v
		}
	}
	slices.Sort(all)
	out.n = len(all)
	out.rps = float64(len(all)) / elapsed.Seconds()
	if len(all) > 0 {
		out.p50 = all[len(all)/2]
		out.p99 = all[int(math.Ceil(float64(len(all))*0.99))-1]
	}
	return out
}

func post(c *http.Client, u, token string, body []byte) (int, error) {
	req, err := http.NewRequest("POST", u, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	r, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	return r.StatusCode, nil
}

// startBare serves a handler that reads the body and answers a small JSON
// 201, as the check-in does, with nothing behind it.
func startBare() (net.Listener, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"hello":"world"}` + "\n"))
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	return l, nil
}

// freshSchema makes a schema of its own on the server at base and returns
// base with its search_path set to it, and a function dropping it.
func freshSchema(base string) (string, func(), error) {
	b := make([]byte, 6)
	rand.Read(b)
	schema := "perf_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		return "", nil, err
	}
	u, err := url.Parse(base)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() { admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); admin.Close() }, nil
}

func countCheckins(ctx context.Context, db *store.DB) (int, error) {
	var n int
	err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM checkins").Scan(&n)
	return n, err
}

func codes(m map[int]int) string {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	var b bytes.Buffer
	for i, k := range ks {
		if i > 0 {
			b.WriteString(", ")
		}
		if k == -1 {
			fmt.Fprintf(&b, "%d errors", m[k])
		} else {
			fmt.Fprintf(&b, "%d× %d", m[k], k)
		}
	}
	return b.String()
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "checkin:", err)
	os.Exit(1)
}

// drain waits until the periodic reminders have run once and the job
// queue has nothing queued or running.
func drain(ctx context.Context, j *jobs.Jobs, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		busy := 0
		for _, g := range []jobs.Group{jobs.Queued, jobs.Running} {
			list, err := j.List(ctx, g, 10)
			if err != nil {
				return err
			}
			busy += len(list)
		}
		done, err := j.List(ctx, jobs.Finished, 1000)
		if err != nil {
			return err
		}
		reminded := slices.ContainsFunc(done, func(x jobs.Job) bool { return x.Kind == jobs.KindReminders })
		if busy == 0 && reminded {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the job queue is still busy after %v", within)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
