package app

import (
	"context"
	"runtime"
	"testing"
)

func TestGateRunsSomeQueuesSomeAndRefusesTheRest(t *testing.T) {
	g := NewGate(2, 1, "busy", "the server is busy")
	ctx := context.Background()
	var ends []func()
	for range 2 {
		end, err := g.Enter(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ends = append(ends, end)
	}
	// The third waits for a turn; the fourth is refused at once.
	entered := make(chan func())
	go func() {
		end, err := g.Enter(ctx)
		if err != nil {
			t.Error(err)
		}
		entered <- end
	}()
	// Until the waiter holds its admission token, a fourth caller could
	// take it; wait until the queue is seen full.
	for len(g.admit) < 3 {
		select {
		case <-entered:
			t.Fatal("a third caller ran beside two")
		default:
			runtime.Gosched()
		}
	}
	if _, err := g.Enter(ctx); ErrorCode(err) != CodeTooMany || AsError(err).Key != "busy" || AsError(err).Args["RetryAfter"] != int64(60) {
		t.Fatalf("a caller beyond the queue: %v", err)
	}
	select {
	case <-entered:
		t.Fatal("a third caller ran beside two")
	default:
	}
	ends[0]()
	third := <-entered
	// A waiter whose request ends gives up its place.
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { _, err := g.Enter(cctx); done <- err }()
	for len(g.admit) < 3 {
		runtime.Gosched()
	}
	cancel()
	if err := <-done; ErrorCode(err) != CodeTooMany {
		t.Fatalf("a cancelled waiter: %v", err)
	}
	ends[1]()
	third()
	if len(g.run) != 0 || len(g.admit) != 0 {
		t.Fatalf("tokens left: %d running, %d admitted", len(g.run), len(g.admit))
	}
}
