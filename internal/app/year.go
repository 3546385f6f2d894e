package app

import "context"

type yearKey struct{}

// WithYear returns ctx asking for one program year (a request's ?year=):
// the services that work per year use it instead of the program's
// current year.
func WithYear(ctx context.Context, year int) context.Context {
	return context.WithValue(ctx, yearKey{}, year)
}

// YearFrom returns the program year ctx asks for, 0 when none.
func YearFrom(ctx context.Context) int {
	y, _ := ctx.Value(yearKey{}).(int)
	return y
}
