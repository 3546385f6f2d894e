package recruit

import (
	"slices"
	"testing"
	"time"
)

func TestTermAndWarning(t *testing.T) {
	if got := Term(time.Date(2027, 6, 15, 0, 0, 0, 0, time.UTC)); got != "2027V" {
		t.Errorf("15 June 2027 is in %s", got)
	}
	if got := Term(time.Date(2027, 8, 1, 0, 0, 0, 0, time.UTC)); got != "2027H" {
		t.Errorf("1 August 2027 is in %s", got)
	}
	for _, c := range []struct {
		n      int
		byTerm map[string]int
		warn   string
		terms  []string
	}{
		{10, map[string]int{"2027V": 6, "2027H": 2}, "2027V", []string{"2027V", "2027H"}},
		{10, map[string]int{"2027V": 5, "2026H": 5}, "", []string{"2026H", "2027V"}}, // half is not more than half
		{20, map[string]int{"2028V": 11}, "2028V", []string{"2028V"}},
		{0, map[string]int{}, "", nil},
	} {
		terms, warn := warnTerm(c.n, c.byTerm)
		if warn != c.warn || !slices.Equal(terms, c.terms) {
			t.Errorf("%d mentors, %v: %v %q, want %v %q", c.n, c.byTerm, terms, warn, c.terms, c.warn)
		}
	}
}
