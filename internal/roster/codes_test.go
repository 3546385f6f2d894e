package roster

import (
	"regexp"
	"testing"
)

// The coded values' patterns as regular expressions: the hand-written
// checks (isCode, isTerm, isSlot) must accept exactly what these do.
var (
	codeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)
	termRE = regexp.MustCompile(`^(19|20)\d\d[HV]$`)
	slotRE = regexp.MustCompile(`^(mon|tue|wed|thu|fri)(0[89]|1[0-8])$`)
)

func checkCodes(t *testing.T, v string) {
	t.Helper()
	if isCode(v) != codeRE.MatchString(v) {
		t.Errorf("isCode(%q) = %v", v, isCode(v))
	}
	if isTerm(v) != termRE.MatchString(v) {
		t.Errorf("isTerm(%q) = %v", v, isTerm(v))
	}
	if isSlot(v) != slotRE.MatchString(v) {
		t.Errorf("isSlot(%q) = %v", v, isSlot(v))
	}
}

func TestCodeChecksMatchTheirPatterns(t *testing.T) {
	for _, v := range []string{"", "BAMN-BIO", "-BIO", "a", "A.b_c-9", "ÆØÅ", "x y", string(make([]byte, 40)),
		"abcdefghijabcdefghijabcdefghijabcdefghij", "abcdefghijabcdefghijabcdefghijabcdefghijk",
		"2025H", "2025V", "1899H", "2100V", "2025h", "2025HH", "20a5H",
		"mon08", "mon09", "mon10", "fri18", "fri19", "sat10", "mon07", "mon8", "Mon10", "mon100", "tue1x"} {
		checkCodes(t, v)
	}
}

func FuzzCodeChecks(f *testing.F) {
	for _, v := range []string{"BAMN-BIO", "2025H", "wed14", "fri18", "x"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) { checkCodes(t, v) })
}
