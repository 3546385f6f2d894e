package payroll

import "testing"

func TestParseNOKAndHours(t *testing.T) {
	for in, want := range map[float64]NOK{0: 0, 215.5: 21550, 215.55: 21555, 0.01: 1, 100000: 10000000, 1.1: 110, 2.675: 0} {
		got, ok := ParseNOK(in)
		if want == 0 && in != 0 {
			if ok {
				t.Errorf("ParseNOK(%v) accepted a third decimal: %v", in, got)
			}
			continue
		}
		if !ok || got != want {
			t.Errorf("ParseNOK(%v) = %v %v, want %v", in, got, ok, want)
		}
	}
	for _, bad := range []float64{-0.01, 100000.01, 1.005} {
		if _, ok := ParseNOK(bad); ok {
			t.Errorf("ParseNOK(%v) accepted", bad)
		}
	}
	for in, want := range map[float64]Quarters{0: 0, 0.25: 1, 7.25: 29, 744: 2976} {
		if got, ok := ParseHours(in); !ok || got != want {
			t.Errorf("ParseHours(%v) = %v %v, want %v", in, got, ok, want)
		}
	}
	for _, bad := range []float64{-0.25, 0.3, 744.25, 1.1} {
		if _, ok := ParseHours(bad); ok {
			t.Errorf("ParseHours(%v) accepted", bad)
		}
	}
}

// The amount is exact until it is rounded once, half up, to the øre:
// 12.75 h × 215.50 = 2747.625, plus 12 items × 150 = 1800 → 4547.63.
func TestAmountRoundsOnceHalfUp(t *testing.T) {
	lines := []Line{{Category: "sessions", Hours: 29}, {Category: "preparation", Hours: 14}, {Category: "feedback", Hours: 8, Items: 12, ItemRate: 15000}}
	if got := amount(21550, lines); got.String() != "4547.63" {
		t.Fatalf("amount = %s, want 4547.63", got)
	}
	// Rounded per line it would be 1562.38 + 754.25 + 2231.00 = 4547.63
	// too; 0.25 h × 0.05 = 0.0125 (rounds to 0.01) three times is 0.04 once
	// exact (0.0375), 0.03 per line.
	thin := []Line{{Category: "sessions", Hours: 1}, {Category: "desk", Hours: 1}, {Category: "meetings", Hours: 1}}
	if got := amount(5, thin); got.String() != "0.04" {
		t.Fatalf("amount = %s, want 0.04", got)
	}
}

// A cost per student is rounded half up to the krone, from the øre.
func TestPerRoundsToTheKrone(t *testing.T) {
	for _, c := range []struct {
		a    NOK
		n    int
		want string
	}{{8487500, 2, "42438.00"}, {8487500, 1, "84875.00"}, {12399, 1, "124.00"}, {12349, 1, "123.00"}, {100, 3, "0.00"}, {150, 1, "2.00"}, {5, 0, "0.00"}} {
		if got := per(c.a, c.n); got.String() != c.want {
			t.Errorf("per(%s, %d) = %s, want %s", c.a, c.n, got, c.want)
		}
	}
}
