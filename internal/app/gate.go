package app

import "context"

// Gate bounds how many of one kind of costly work (parsing an upload) run
// at once, and how many more may wait for their turn: beyond those, a
// caller is refused at once instead of piling up memory and CPU.
type Gate struct {
	run      chan struct{} // one token per running caller
	admit    chan struct{} // one token per running or waiting caller
	key, msg string
}

// NewGate lets running callers in at once and waiting more wait; a refusal
// is a CodeTooMany error with message key key (msg in English) and, as
// argument RetryAfter, the seconds after which to try again.
func NewGate(running, waiting int, key, msg string) *Gate {
	return &Gate{run: make(chan struct{}, running), admit: make(chan struct{}, running+waiting), key: key, msg: msg}
}

// Enter waits for a turn and returns the function that ends it. It fails at
// once when the queue is full, and when ctx ends while waiting.
func (g *Gate) Enter(ctx context.Context) (func(), error) {
	busy := (&Error{Code: CodeTooMany, Key: g.key, Message: g.msg}).
		WithArgs("RetryAfter", int64(60))
	select {
	case g.admit <- struct{}{}:
	default:
		return nil, busy
	}
	select {
	case g.run <- struct{}{}:
		return func() { <-g.run; <-g.admit }, nil
	case <-ctx.Done():
		<-g.admit
		return nil, busy
	}
}
