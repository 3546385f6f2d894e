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

// Auditor runs a change and its audit entry as one unit of work.
type Auditor struct {
	Units Units
	// WriteEntry writes one audit entry; its error fails the change.
	WriteEntry func(ctx context.Context, action, target, outcome, details string) error
}

// AuditedChange runs write and then the change's audit entry as one unit
// of work: both commit, or neither does.
func (a Auditor) AuditedChange(ctx context.Context, write func(ctx context.Context) error, action, target, outcome, details string) error {
	u := a.Units
	if u == nil {
		u = NoUnits{}
	}
	return u.Unit(ctx, func(ctx context.Context) error {
		if err := write(ctx); err != nil {
			return err
		}
		if a.WriteEntry == nil {
			return nil
		}
		return a.WriteEntry(ctx, action, target, outcome, details)
	})
}

// AuditOnly is an Auditor without units of work: each write commits on
// its own, and the entry is written by audit, which cannot fail a change.
func AuditOnly(audit func(ctx context.Context, action, target, outcome, details string)) Auditor {
	return Auditor{Units: NoUnits{}, WriteEntry: func(ctx context.Context, action, target, outcome, details string) error {
		audit(ctx, action, target, outcome, details)
		return nil
	}}
}
