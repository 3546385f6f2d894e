package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// Many first check-ins at once — several of the same student, as a
// double tap on a phone sends them — record one row per student and
// session, exactly one of each pair's callers hears "created", and the
// sessions' present counts match their rows. (On PostgreSQL they go
// through the batcher, several to a statement; on SQLite through the
// writer's batches.) A repeat with another status changes the row and
// the count.
func TestConcurrentFirstCheckinsRecordOneRowEach(t *testing.T) {
	t.Parallel()
	db := testutil.MustOpenDB(t)
	lp, _ := scenario(t, db)
	st := store.NewSessions(db)
	ctx := context.Background()
	// A4 (group A, nobody checked in yet) and the B sessions' group.
	a4 := lp.Sessions[3]
	type pair struct{ session, participant int64 }
	var pairs []pair
	for _, i := range []int{0, 1, 2} {
		pairs = append(pairs, pair{a4.ID, lp.Students[i].ID})
	}
	const taps = 8
	created := make([]int, len(pairs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for k := range taps {
		for i, p := range pairs {
			wg.Go(func() {
				c, _, err := st.SaveCheckin(ctx, sessions.Checkin{SessionID: p.session, ParticipantID: p.participant,
					Status: sessions.Present, Method: sessions.ByRoster})
				if err != nil {
					t.Errorf("tap %d of %v: %v", k, p, err)
				}
				if c {
					mu.Lock()
					created[i]++
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	for i, n := range created {
		if n != 1 {
			t.Errorf("pair %v: %d callers heard created, want 1", pairs[i], n)
		}
	}
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	rows := `SELECT COUNT(*) FROM checkins WHERE session_id = $1`
	present := `SELECT present_count FROM mentor_sessions WHERE id = $1`
	if db.Dialect == store.SQLite {
		rows, present = `SELECT COUNT(*) FROM checkins WHERE session_id = ?`, `SELECT present_count FROM mentor_sessions WHERE id = ?`
	}
	if n, p := count(rows, a4.ID), count(present, a4.ID); n != 3 || p != 3 {
		t.Fatalf("A4 has %d rows and a present count of %d, want 3 and 3", n, p)
	}
	// The second student was absent after all.
	c, _, err := st.SaveCheckin(ctx, sessions.Checkin{SessionID: a4.ID, ParticipantID: lp.Students[1].ID, Status: sessions.Absent, Method: sessions.ByRoster})
	if err != nil || c {
		t.Fatalf("the change to absent: created %v, %v", c, err)
	}
	if n, p := count(rows, a4.ID), count(present, a4.ID); n != 3 || p != 2 {
		t.Fatalf("after the change A4 has %d rows and a present count of %d, want 3 and 2", n, p)
	}
	// She came after all: "present" again changes the row back.
	c, _, err = st.SaveCheckin(ctx, sessions.Checkin{SessionID: a4.ID, ParticipantID: lp.Students[1].ID, Status: sessions.Present, Method: sessions.ByCode})
	if err != nil || c || count(present, a4.ID) != 3 {
		t.Fatalf("present after absent: created %v, %v, present count %d, want 3", c, err, count(present, a4.ID))
	}
	// A repeat of a present check-in changes nothing and is not created.
	c, _, err = st.SaveCheckin(ctx, sessions.Checkin{SessionID: a4.ID, ParticipantID: lp.Students[0].ID, Status: sessions.Present, Method: sessions.ByCode})
	if err != nil || c || count(present, a4.ID) != 3 {
		t.Fatalf("a repeat: created %v, %v, present count %d, want 3", c, err, count(present, a4.ID))
	}
}

// After Close a check-in is refused with ErrClosed (on PostgreSQL by
// the batcher, on SQLite by the writer), and closing again is harmless.
func TestACheckinAfterCloseIsRefused(t *testing.T) {
	t.Parallel()
	db := testutil.MustOpenDB(t)
	lp, _ := scenario(t, db)
	st := store.NewSessions(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, err := st.SaveCheckin(context.Background(), sessions.Checkin{SessionID: lp.Sessions[3].ID, ParticipantID: lp.Students[0].ID,
		Status: sessions.Present, Method: sessions.ByRoster})
	if !errors.Is(err, store.ErrClosed) {
		t.Fatalf("a check-in after Close: %v, want ErrClosed", err)
	}
	db.Close()
}
