package store

import (
	"context"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/sessions"
)

// cacheScenario is one group with two students and a mentor, and a
// session of that group next week.
func cacheScenario(t *testing.T, db *DB) *LoadProgram {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	lp := &LoadProgram{Code: "cache", Year: 2026, Groups: []string{"A"},
		Students: []LoadStudent{{Number: "s1", Programme: "BIO", Cohort: "2026H", Group: 0, From: now.Add(-48 * time.Hour)},
			{Number: "s2", Programme: "BIO", Cohort: "2026H", Group: 0, From: now.Add(-48 * time.Hour)},
			{Number: "s3", Programme: "BIO", Cohort: "2026H", Group: 0, From: now.Add(-48 * time.Hour)}},
		Mentors:  []LoadMentor{{Number: "m1", Group: 0}},
		Sessions: []LoadSession{{Group: 0, Title: "A1", StartsAt: now.Add(7 * 24 * time.Hour)}},
	}
	if err := db.LoadAttendance(context.Background(), lp); err != nil {
		t.Fatal(err)
	}
	return lp
}

// asMentor is what the sessions service allows a mentor of the
// program year (sessions.mayCheckIn, for a mentor of the same
// institution): the group's session, not cancelled, an expected student.
func asMentor(f sessions.CheckinFacts) bool {
	return f.Expected && !f.Session.Cancelled() && f.Role == "mentor" && f.InGroup
}

func checkIn(t *testing.T, db *DB, lp *LoadProgram, number string, allow func(sessions.CheckinFacts) bool) (sessions.CheckinFacts, bool) {
	t.Helper()
	c := sessions.Checkin{Status: sessions.Present, Method: sessions.ByRoster}
	f, _, saved, _, _, err := NewSessions(db).CheckInIf(context.Background(), lp.Sessions[0].ID, lp.Mentors[0].Person, number, c, allow)
	if err != nil {
		t.Fatal(err)
	}
	return f, saved
}

func rawWrite(t *testing.T, db *DB, q string, args ...any) {
	t.Helper()
	if err := db.Write(context.Background(), func(tx *Tx) error {
		_, err := tx.tx.ExecContext(tx.ctx, q, args...)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// A kept fact is not used once a unit of work has run: the mentor who
// leaves the group, or a cancelled session, is refused at the next
// check-in, although both were kept a moment before.
func TestKeptCheckinFactsGiveWayToAUnitOfWork(t *testing.T) {
	db := openSQLite(t)
	lp := cacheScenario(t, db)
	if _, saved := checkIn(t, db, lp, "s1", asMentor); !saved {
		t.Fatal("the mentor could not check s1 in")
	}
	g := db.gen.Load()
	if _, saved := checkIn(t, db, lp, "s1", asMentor); !saved || db.gen.Load() != g {
		t.Fatalf("a repeat: saved %v; a check-in moved the generation from %d to %d", saved, g, db.gen.Load())
	}
	rawWrite(t, db, `UPDATE group_members SET valid_to = ? WHERE participant_id IN (SELECT id FROM participants WHERE role = 'mentor')`, time.Now().UTC())
	f, saved := checkIn(t, db, lp, "s2", asMentor)
	if saved || f.InGroup || !f.Expected {
		t.Fatalf("after the mentor left the group: saved %v, facts %+v", saved, f)
	}
	rawWrite(t, db, `UPDATE mentor_sessions SET cancelled_at = ?`, time.Now().UTC())
	f, saved = checkIn(t, db, lp, "s2", func(f sessions.CheckinFacts) bool { return f.Expected && !f.Session.Cancelled() })
	if saved || !f.Session.Cancelled() {
		t.Fatalf("after the session was cancelled: saved %v, facts %+v", saved, f)
	}
}

// A unit that runs between the read of the kept facts and the writer's
// turn makes the writer read them again in the check-in's own unit and
// decide on those.
func TestTheWriterReadsTheFactsAgainWhenAUnitRanMeanwhile(t *testing.T) {
	db := openSQLite(t)
	lp := cacheScenario(t, db)
	if _, saved := checkIn(t, db, lp, "s1", asMentor); !saved {
		t.Fatal("the mentor could not check s1 in")
	}
	calls := 0
	f, saved := checkIn(t, db, lp, "s2", func(f sessions.CheckinFacts) bool {
		calls++
		if calls == 1 {
			// Between the kept read and the write: the mentor leaves.
			rawWrite(t, db, `UPDATE group_members SET valid_to = ? WHERE participant_id IN (SELECT id FROM participants WHERE role = 'mentor')`, time.Now().UTC())
		}
		return asMentor(f)
	})
	if saved || calls != 2 || f.InGroup {
		t.Fatalf("saved %v after %d decisions (want refused after 2), facts %+v", saved, calls, f)
	}
	var n int
	if err := db.sql.QueryRow(`SELECT COUNT(*) FROM checkins`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d check-ins (%v), want s1's only", n, err)
	}
}

// What another process changes (the CLI, a second server) reaches a
// kept fact within cacheTTL.
func TestAnotherProcesssChangeReachesKeptFacts(t *testing.T) {
	dir := t.TempDir()
	open := func() *DB {
		db, err := OpenAndMigrate(context.Background(), Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db, other := open(), open()
	lp := cacheScenario(t, db)
	if _, saved := checkIn(t, db, lp, "s1", asMentor); !saved {
		t.Fatal("the mentor could not check s1 in")
	}
	rawWrite(t, other, `UPDATE mentor_sessions SET cancelled_at = ?`, time.Now().UTC())
	changed := time.Now()
	// Until the kept session expires s2 may still get in; then not.
	for {
		f, saved := checkIn(t, db, lp, "s2", asMentor)
		if !saved {
			if !f.Session.Cancelled() {
				t.Fatalf("refused for another reason: %+v", f)
			}
			break
		}
		if time.Since(changed) > cacheTTL+30*time.Second {
			t.Fatalf("the other process's cancellation is not seen after %s", time.Since(changed))
		}
		time.Sleep(20 * time.Millisecond) // polling, not waiting for an event
	}
}

// A change and a check-in that wait for the writer together run in one
// batch: the change, run first, makes the check-in behind it decide on
// the facts as the change left them, not on those kept before it.
func TestACheckinBehindAChangeInOneBatchSeesTheChange(t *testing.T) {
	db := openSQLite(t)
	lp := cacheScenario(t, db)
	if _, saved := checkIn(t, db, lp, "s1", asMentor); !saved {
		t.Fatal("the mentor could not check s1 in")
	}
	// Hold the writer (with a unit that changes nothing kept) until both
	// are queued behind it.
	hold, held := make(chan struct{}), make(chan struct{})
	go db.writeKeeping(context.Background(), func(*Tx) error { close(held); <-hold; return nil })
	<-held
	queued := func(n int) {
		for len(db.w.units.ch) < n {
			time.Sleep(time.Millisecond) // polling the queue's length
		}
	}
	changed := make(chan struct{})
	go func() {
		rawWrite(t, db, `UPDATE group_members SET valid_to = ? WHERE participant_id IN (SELECT id FROM participants WHERE role = 'mentor')`, time.Now().UTC())
		close(changed)
	}()
	queued(1)
	type outcome struct {
		f     sessions.CheckinFacts
		saved bool
	}
	got := make(chan outcome, 1)
	go func() {
		f, saved := checkIn(t, db, lp, "s2", asMentor)
		got <- outcome{f, saved}
	}()
	queued(2)
	close(hold)
	<-changed
	o := <-got
	if o.saved || o.f.InGroup {
		t.Fatalf("the check-in behind the change in its batch was saved %v on facts %+v", o.saved, o.f)
	}
}

// The kept facts decide as findCheckinFacts' SQL does, for every
// session and student of a year where students joined and left groups
// at different times, at group sessions and plenaries.
func TestKeptCheckinFactsMatchTheQuery(t *testing.T) {
	db := openSQLite(t)
	t0 := time.Date(2026, 8, 17, 10, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	lp := &LoadProgram{Code: "match", Year: 2026, Groups: []string{"A", "B"},
		Students: []LoadStudent{
			{Number: "s1", Programme: "BIO", Cohort: "2026H", Group: 0, From: t0.Add(-day)},
			{Number: "s2", Programme: "BIO", Cohort: "2026H", Group: 0, From: t0.Add(5 * day)},
			{Number: "s3", Programme: "BIO", Cohort: "2026H", Group: 1, From: t0.Add(-day)},
			{Number: "s4", Programme: "BIO", Cohort: "2026H", Group: 1, From: t0.Add(12 * day)},
			{Number: "s5", Programme: "BIO", Cohort: "2026H", Group: 0, From: t0.Add(-day)},
		},
		Mentors: []LoadMentor{{Number: "m1", Group: 0}},
	}
	for k := range 6 {
		lp.Sessions = append(lp.Sessions, LoadSession{Group: k % 3, Title: "x", StartsAt: t0.Add(time.Duration(k*4) * day)})
	}
	for i := range lp.Sessions {
		if lp.Sessions[i].Group == 2 {
			lp.Sessions[i].Group = -1 // a plenary
		}
	}
	if err := db.LoadAttendance(context.Background(), lp); err != nil {
		t.Fatal(err)
	}
	// s5 left group A on day 9; s3 opted out of the program (no plenaries).
	rawWrite(t, db, `UPDATE group_members SET valid_to = ? WHERE participant_id = ?`, t0.Add(9*day), lp.Students[4].ID)
	rawWrite(t, db, `UPDATE participants SET file_opt_out = TRUE WHERE id = ?`, lp.Students[2].ID)
	st := NewSessions(db)
	checked := 0
	for _, se := range lp.Sessions {
		for _, n := range []string{"s1", "s2", "s3", "s4", "s5", "nobody"} {
			var kept, want sessions.CheckinFacts
			found, _, err := st.keptCheckinFacts(context.Background(), se.ID, lp.Mentors[0].Person, n, &kept)
			if err != nil || !found {
				t.Fatal(found, err)
			}
			if err := db.read(context.Background(), func(tx *Tx) error {
				_, err := findCheckinFacts(tx, se.ID, lp.Mentors[0].Person, n, &want)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if kept.Expected != want.Expected || kept.Student != want.Student || kept.Role != want.Role || kept.InGroup != want.InGroup ||
				kept.InstitutionID != want.InstitutionID || !kept.Session.StartsAt.Equal(want.Session.StartsAt) {
				t.Errorf("session %d (group %d), %s: kept %+v, the query %+v", se.ID, se.Group, n, kept, want)
			}
			if want.Expected {
				checked++
			}
		}
	}
	if checked < 8 {
		t.Fatalf("only %d expected pairs: the scenario does not exercise the rule", checked)
	}
}
