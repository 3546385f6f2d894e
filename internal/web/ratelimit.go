package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Check-in codes are six characters of 31 (see sessions.CodeLength): a
// client may try a few a minute, and all clients together a few a second,
// so guessing one takes longer than the day it works.
const (
	codeBurstPerIP  = 10              // attempts a client may make at once
	codeRefillPerIP = 6 * time.Second // one more attempt per client after this
	codeBurstAll    = 200             // attempts all clients may make at once
	codeRefillAll   = 200 * time.Millisecond
	codeClients     = 10000 // clients remembered; beyond, new ones share one bucket
)

// bucket is a token bucket: tokens at last, refilled one per every.
type bucket struct {
	tokens float64
	last   time.Time
}

// take refills the bucket up to burst and takes one token if there is one.
func (b *bucket) take(now time.Time, burst int, every time.Duration) (bool, time.Duration) {
	if b.last.IsZero() {
		b.tokens, b.last = float64(burst), now
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(float64(burst), b.tokens+float64(d)/float64(every))
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(every))
}

// codeLimiter bounds the attempts at a check-in code per client IP and in
// all, with bounded memory: a client whose bucket has filled up again is
// forgotten when room is needed, and when every remembered client is
// still limited, the clients not remembered share one bucket.
type codeLimiter struct {
	mu       sync.Mutex
	clients  map[string]*bucket
	overflow bucket
	all      bucket
}

func newCodeLimiter() *codeLimiter { return &codeLimiter{clients: map[string]*bucket{}} }

// allow takes one attempt for ip at now; when refused it says how long
// to wait.
func (l *codeLimiter) allow(ip string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.clients[ip]
	if !ok {
		if len(l.clients) >= codeClients {
			l.forgetIdle(now)
		}
		if len(l.clients) < codeClients {
			b = &bucket{}
			l.clients[ip] = b
		} else {
			b = &l.overflow
		}
	}
	if ok, wait := b.take(now, codeBurstPerIP, codeRefillPerIP); !ok {
		return false, wait
	}
	if ok, wait := l.all.take(now, codeBurstAll, codeRefillAll); !ok {
		b.tokens++ // the client's attempt was not made
		return false, wait
	}
	return true, 0
}

// forgetIdle drops the clients whose buckets are full again: they are
// no different from a client never seen.
func (l *codeLimiter) forgetIdle(now time.Time) {
	full := time.Duration(codeBurstPerIP) * codeRefillPerIP
	for ip, b := range l.clients {
		if now.Sub(b.last) >= full {
			delete(l.clients, ip)
		}
	}
}

// clientIP is the address the request came from: the connection's, or,
// when that is a trusted proxy (Options.TrustedProxies), the nearest
// address in X-Forwarded-For that is not a trusted proxy itself — read
// from the right, since a client can write anything to the left of
// what its proxies append.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if len(s.opt.TrustedProxies) == 0 {
		return host
	}
	trusted := func(a string) bool {
		ip, err := netip.ParseAddr(strings.TrimSpace(a))
		if err != nil {
			return false
		}
		ip = ip.Unmap()
		for _, p := range s.opt.TrustedProxies {
			if p.Contains(ip) {
				return true
			}
		}
		return false
	}
	if !trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if h == "" {
			continue
		}
		if _, err := netip.ParseAddr(h); err != nil {
			return host // not an address: believe nothing further left
		}
		if !trusted(h) {
			return h
		}
	}
	return host
}

// errTooManyCodes is the answer (429) to a client trying codes too fast.
func errTooManyCodes(wait time.Duration) error {
	secs := int64(wait/time.Second) + 1
	return (&app.Error{Code: app.CodeTooMany, Key: "checkin.too_many",
		Message: "too many check-in attempts; wait a minute and try again"}).WithArgs("RetryAfter", secs)
}

// limitCode takes one attempt at a code for the request's client.
func (s *Server) limitCode(r *http.Request) error {
	if ok, wait := s.codes.allow(s.clientIP(r), s.now()); !ok {
		return errTooManyCodes(wait)
	}
	return nil
}
