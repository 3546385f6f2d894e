package web

import (
	"fmt"
	"testing"
	"time"
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
