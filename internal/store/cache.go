package store

import (
	"sync"
	"time"
)

// Facts that every request of a kind is decided on — a Bearer token's
// account, a session and its roster for a check-in — are kept in memory
// between requests (../../docs/PERFORMANCE.md "Check-in": one SQL read
// per request costs more than the whole bare HTTP exchange). A kept fact
// is used only while
//
//   - no unit of work that may have changed it has run in this process
//     since it was read: every unit bumps the database's generation when
//     it begins and again when it ends, except the few marked as changing
//     nothing kept (check-ins, audit entries, "last used" stamps), and a
//     fact is tagged with the generation read before its query; and
//   - it is younger than cacheTTL, for what another process changed (the
//     CLI, a second server on the same PostgreSQL): such a change reaches
//     this process within cacheTTL.
//
// A fact that is not found is never kept, and no cache grows past its
// bound: it starts afresh instead.

// cacheTTL bounds how old a kept fact may be.
const cacheTTL = 2 * time.Second

// bump marks a unit of work's beginning or end.
func (db *DB) bump() { db.gen.Add(1) }

type kept[V any] struct {
	v   V
	gen uint64
	at  time.Time
}

type loading[V any] struct {
	done chan struct{}
	v    V
	gen  uint64
	err  error
}

// cache keeps facts by key under the rules above; concurrent misses of
// one key share one load.
type cache[K comparable, V any] struct {
	db        *DB
	maxWeight int         // the bound: the sum of weight over the entries
	weight    func(V) int // nil: 1 per entry
	mu        sync.Mutex
	m         map[K]kept[V]
	inflight  map[K]*loading[V]
	total     int
}

func newCache[K comparable, V any](db *DB, maxWeight int, weight func(V) int) *cache[K, V] {
	return &cache[K, V]{db: db, maxWeight: maxWeight, weight: weight, m: map[K]kept[V]{}, inflight: map[K]*loading[V]{}}
}

// get returns the fact under k, loading it when it is missing or no
// longer usable, and the generation it was read at.
func (c *cache[K, V]) get(k K, load func() (V, error)) (V, uint64, error) {
	g := c.db.gen.Load()
	c.mu.Lock()
	if e, ok := c.m[k]; ok && e.gen == g && time.Since(e.at) < cacheTTL {
		c.mu.Unlock()
		return e.v, e.gen, nil
	}
	if l, ok := c.inflight[k]; ok && l.gen == g {
		c.mu.Unlock()
		<-l.done
		return l.v, l.gen, l.err
	}
	l := &loading[V]{done: make(chan struct{}), gen: g}
	c.inflight[k] = l
	c.mu.Unlock()

	// g was read before the load: a unit that begins meanwhile makes the
	// fact unusable at once.
	l.v, l.err = load()
	c.mu.Lock()
	if c.inflight[k] == l {
		delete(c.inflight, k)
	}
	if l.err == nil {
		w := c.weightOf(l.v)
		if old, ok := c.m[k]; ok {
			c.total -= c.weightOf(old.v)
		}
		if c.total+w > c.maxWeight {
			clear(c.m)
			c.total = 0
		}
		if w <= c.maxWeight {
			c.m[k] = kept[V]{v: l.v, gen: g, at: time.Now()}
			c.total += w
		}
	}
	c.mu.Unlock()
	close(l.done)
	return l.v, g, l.err
}

func (c *cache[K, V]) weightOf(v V) int {
	if c.weight == nil {
		return 1
	}
	return c.weight(v)
}

// caches are the database's kept facts.
type caches struct {
	// tokens: an API token's row and account (no password hash), by the
	// token's hash.
	tokens *cache[string, tokenAccount]
	// checkinSessions: a session and its institution, by session id.
	checkinSessions *cache[int64, *checkinSession]
	// rosters: the students a group's sessions (or a program year's
	// plenaries) may expect, with their memberships.
	rosters *cache[rosterKey, roster]
	// parts: a person's part in a program year (FindRole).
	parts *cache[partKey, part]
}

func newCaches(db *DB) caches {
	return caches{
		tokens:          newCache[string, tokenAccount](db, 10_000, nil),
		checkinSessions: newCache[int64, *checkinSession](db, 20_000, nil),
		// Bounded by the students they hold (about 150 bytes each): a
		// plenary's roster is a whole program year.
		rosters: newCache[rosterKey](db, 50_000, func(r roster) int { return 1 + len(r) }),
		parts:   newCache[partKey, part](db, 10_000, nil),
	}
}
