package store

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// A lane answers everything sent to it exactly once: run by the loop, or
// refused when the lane closes with it still queued; after close, send is
// refused at once.
func TestLaneRunsOrRefusesEverySend(t *testing.T) {
	for round := range 20 {
		l := newLane[int]()
		started, release := make(chan struct{}), make(chan struct{})
		var mu sync.Mutex
		var ran []int
		go l.loop(func(batch []int) {
			mu.Lock()
			ran = append(ran, batch...)
			mu.Unlock()
			if slices.Contains(batch, 1) {
				close(started)
				<-release // hold the loop while more is queued
			}
		})
		ctx := context.Background()
		if err := l.send(ctx, 1); err != nil {
			t.Fatal(err)
		}
		<-started
		for v := 2; v <= 4; v++ {
			if err := l.send(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
		var refused []int
		closed := make(chan bool)
		go func() { closed <- l.close(func(v int) { refused = append(refused, v) }) }()
		// close marks the lane before it waits for the loop.
		for {
			l.mu.RLock()
			c := l.closed
			l.mu.RUnlock()
			if c {
				break
			}
			runtime.Gosched()
		}
		if err := l.send(ctx, 5); !errors.Is(err, ErrClosed) {
			t.Fatalf("round %d: a send after close: %v, want ErrClosed", round, err)
		}
		close(release)
		if !<-closed {
			t.Fatal("the first close reported the lane closed already")
		}
		if l.close(func(int) { t.Error("a second close refused something") }) {
			t.Error("a second close reported closing")
		}
		mu.Lock()
		all := slices.Concat(ran, refused)
		mu.Unlock()
		slices.Sort(all)
		if !slices.Equal(all, []int{1, 2, 3, 4}) {
			t.Fatalf("round %d: ran %v, refused %v: want 1–4 each once", round, ran, refused)
		}
	}
}
