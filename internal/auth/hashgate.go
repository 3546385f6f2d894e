package auth

import (
	"context"
	"sync/atomic"
	"time"
)

// hashGate bounds how many password hashes run at once: each argon2id
// check takes 19 MiB and a core for tens of milliseconds, so a burst of
// logins would otherwise take the server's memory. It also counts the
// hashes, for metrics and tests.
type hashGate struct {
	slots    chan struct{}
	total    atomic.Int64
	inFlight atomic.Int64
	peak     atomic.Int64
}

// SetConcurrentHashes sets how many password checks may run at once (at
// least one). Call it before the service is used.
func (s *Service) SetConcurrentHashes(n int) {
	s.hashes.slots = make(chan struct{}, max(n, 1))
}

// HashCount is the number of password checks run so far.
func (s *Service) HashCount() int64 { return s.hashes.total.Load() }

// HashPeak is the largest number of password checks that ran at once.
func (s *Service) HashPeak() int64 { return s.hashes.peak.Load() }

// acquire takes a hashing slot, waiting at most wait; false: none came free.
func (g *hashGate) acquire(ctx context.Context, wait time.Duration) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	if wait <= 0 {
		return false
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (g *hashGate) release() { <-g.slots }

// check runs CheckPassword holding a slot taken by acquire.
func (g *hashGate) check(hash, pw string) bool {
	n := g.inFlight.Add(1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			break
		}
	}
	g.total.Add(1)
	defer g.inFlight.Add(-1)
	return CheckPassword(hash, pw)
}
