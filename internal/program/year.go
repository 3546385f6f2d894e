package program

import "time"

// AcademicYear is the program year a moment falls in, named by the
// calendar year it starts in: the academic year starts on 1 August (UTC),
// so 2026-07-31 is in 2025 (2025/26) and 2026-08-01 in 2026. Migration
// 0008 placed existing data by the same rule.
func AcademicYear(t time.Time) int {
	t = t.UTC()
	if t.Month() < time.August {
		return t.Year() - 1
	}
	return t.Year()
}
