package payroll

import (
	"fmt"
	"math"
	"strconv"
)

// NOK is an amount in øre. Its JSON is a number with two decimals.
type NOK int64

// MaxRate bounds a rate (NOK 100,000 an hour or an item).
const MaxRate NOK = 100_000_00

// ParseNOK reads a rate given in kroner (215.50): non-negative, at most
// two decimals, at most MaxRate.
func ParseNOK(f float64) (NOK, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, false
	}
	o := math.Round(f * 100)
	if math.Abs(f*100-o) > 1e-6 || NOK(o) > MaxRate {
		return 0, false
	}
	return NOK(o), true
}

// String is the amount with two decimals and a point: "1234.56".
func (n NOK) String() string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
}

// Kroner is the amount as a float, for spreadsheets.
func (n NOK) Kroner() float64 { return float64(n) / 100 }

// MarshalJSON writes the amount as a number with two decimals.
func (n NOK) MarshalJSON() ([]byte, error) { return []byte(n.String()), nil }

// Quarters is a number of hours in quarter hours.
type Quarters int

// MaxQuarters bounds the hours of one category in a month (31 days).
const MaxQuarters Quarters = 744 * 4

// ParseHours reads hours given as a number: non-negative, in steps of
// 0.25, at most 744 (a month's hours).
func ParseHours(f float64) (Quarters, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, false
	}
	q := math.Round(f * 4)
	if math.Abs(f*4-q) > 1e-9 || Quarters(q) > MaxQuarters {
		return 0, false
	}
	return Quarters(q), true
}

// Hours is the number of hours as a float (exact: quarters are binary).
func (q Quarters) Hours() float64 { return float64(q) / 4 }

// String writes the hours with as few decimals as they need: "7.25".
func (q Quarters) String() string { return strconv.FormatFloat(q.Hours(), 'f', -1, 64) }

// MarshalJSON writes the hours as a number.
func (q Quarters) MarshalJSON() ([]byte, error) { return []byte(q.String()), nil }

// amount is Σ hours × hourly + Σ items × item rate, rounded half up to the
// øre once: hours × rate is exact in quarter øre.
func amount(hourly NOK, lines []Line) NOK {
	var quarterOre int64
	for _, l := range lines {
		quarterOre += int64(l.Hours)*int64(hourly) + 4*int64(l.Items)*int64(l.ItemRate)
	}
	return NOK((quarterOre + 2) / 4)
}
