package web

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/config"
)

// A client gets codeBurstPerIP attempts at once and one more per
// codeRefillPerIP; others are not held up by it.
func TestCodeLimiterPerClient(t *testing.T) {
	l := newCodeLimiter()
	now := time.Date(2026, 9, 2, 10, 0, 0, 0, time.UTC)
	for i := range codeBurstPerIP {
		if ok, _ := l.allow("192.0.2.1", now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	ok, wait := l.allow("192.0.2.1", now)
	if ok || wait <= 0 || wait > codeRefillPerIP {
		t.Fatalf("attempt %d: allowed %v, wait %v", codeBurstPerIP+1, ok, wait)
	}
	if ok, _ := l.allow("192.0.2.2", now); !ok {
		t.Error("another client was refused")
	}
	if ok, _ := l.allow("192.0.2.1", now.Add(codeRefillPerIP)); !ok {
		t.Error("no attempt after the refill time")
	}
}

// All clients together get codeBurstAll attempts at once.
func TestCodeLimiterGlobal(t *testing.T) {
	l := newCodeLimiter()
	now := time.Date(2026, 9, 2, 10, 0, 0, 0, time.UTC)
	for i := range codeBurstAll {
		if ok, _ := l.allow(fmt.Sprintf("198.51.100.%d/%d", i%250, i), now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if ok, _ := l.allow("203.0.113.9", now); ok {
		t.Errorf("attempt %d of all clients allowed", codeBurstAll+1)
	}
}

// Memory stays bounded: beyond codeClients clients still limited, new ones
// share one bucket; clients whose buckets are full again are forgotten.
func TestCodeLimiterIsBounded(t *testing.T) {
	l := newCodeLimiter()
	now := time.Date(2026, 9, 2, 10, 0, 0, 0, time.UTC)
	for i := range codeClients {
		l.clients[fmt.Sprint("c", i)] = &bucket{tokens: 0, last: now}
	}
	for i := range codeBurstPerIP {
		if ok, _ := l.allow(fmt.Sprint("new", i), now); !ok {
			t.Fatalf("new client %d refused", i)
		}
	}
	if ok, _ := l.allow("one more", now); ok {
		t.Error("the shared bucket of unremembered clients gave more than a burst")
	}
	if len(l.clients) != codeClients {
		t.Errorf("%d clients remembered, at most %d", len(l.clients), codeClients)
	}
	later := now.Add(time.Duration(codeBurstPerIP) * codeRefillPerIP)
	if ok, _ := l.allow("fresh", later); !ok {
		t.Error("a new client refused after the others' buckets filled up again")
	}
	if len(l.clients) != 1 {
		t.Errorf("%d clients remembered after forgetting the idle ones, want 1", len(l.clients))
	}
}

// The client's address: the connection's, unless that is a trusted
// proxy; then the nearest untrusted address X-Forwarded-For names, read
// from the right (a client can write anything to its left).
func TestClientIPBelievesOnlyTrustedProxies(t *testing.T) {
	proxies, err := config.ParseProxies("10.0.0.0/8, 2001:db8::1")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		proxies []netip.Prefix
		remote  string
		xff     []string
		want    string
	}{
		{nil, "10.0.0.5:1234", []string{"192.0.2.9"}, "10.0.0.5"},                              // no proxy trusted
		{proxies, "192.0.2.7:1234", []string{"192.0.2.9"}, "192.0.2.7"},                        // not from a proxy: the header is the client's own
		{proxies, "10.0.0.5:1234", []string{"192.0.2.9"}, "192.0.2.9"},                         // one proxy
		{proxies, "10.0.0.5:1234", []string{"198.51.100.1, 192.0.2.9, 10.1.2.3"}, "192.0.2.9"}, // two proxies; a forged entry on the left
		{proxies, "10.0.0.5:1234", []string{"198.51.100.1", "192.0.2.9"}, "192.0.2.9"},         // the header twice
		{proxies, "10.0.0.5:1234", []string{"not-an-address, 192.0.2.9"}, "192.0.2.9"},
		{proxies, "10.0.0.5:1234", []string{"192.0.2.9, not-an-address"}, "10.0.0.5"}, // garbage next to the proxy: nothing further is believed
		{proxies, "10.0.0.5:1234", nil, "10.0.0.5"},                                   // a proxy that forwards nothing
		{proxies, "10.0.0.5:1234", []string{"10.0.0.6"}, "10.0.0.5"},                  // only proxies
		{proxies, "[2001:db8::1]:443", []string{"2001:db8::2"}, "2001:db8::2"},
		{proxies, "[::ffff:10.0.0.5]:443", []string{"192.0.2.9"}, "192.0.2.9"}, // IPv4 mapped in IPv6
	}
	for i, c := range cases {
		s := &Server{opt: Options{TrustedProxies: c.proxies}}
		r := httptest.NewRequest("GET", "/checkin", nil)
		r.RemoteAddr = c.remote
		for _, h := range c.xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		if got := s.clientIP(r); got != c.want {
			t.Errorf("case %d (%s, %q): %s, want %s", i, c.remote, c.xff, got, c.want)
		}
	}
}
