package app

import "context"

// Units starts units of work. Every write a service makes through its
// repositories with the ctx that fn is given — and its audit entry —
// commits together with the others when fn returns nil, or not at all;
// reads with that ctx see the unit's writes so far.
type Units interface {
	Unit(ctx context.Context, fn func(ctx context.Context) error) error
}

// NoUnits runs fn directly: each write commits on its own (for tests of
// a service without a database).
type NoUnits struct{}

// Unit calls fn.
func (NoUnits) Unit(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) }
