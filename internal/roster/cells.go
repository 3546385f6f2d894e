package roster

import (
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/tabular"
	"golang.org/x/text/language"
)

// maxIDChars bounds a student number or mentor id.
const maxIDChars = 64

// cells reads the cells of one record by column name, with the roster's
// own values on top of tabular's.
type cells struct{ tabular.Cells }

// newCells reads record rec, on line, whose columns are at idx.
func newCells(rep *tabular.Report, idx map[string]int, line int, rec []string) *cells {
	return &cells{tabular.Cells{Report: rep, Index: idx, Line: line, Record: rec}}
}

// quote quotes a cell for a message, shortened when long.
func quote(s string) string { return tabular.Quote(s) }

// id is a student number or mentor id: at most maxIDChars characters, no
// white space and no `|`.
func (c *cells) id(column string, required bool) string {
	v := c.Text(column, required)
	if v == "" {
		return ""
	}
	if utf8.RuneCountInString(v) > maxIDChars || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || r == '|' }) {
		c.Bad(column, "import.msg.id", "must be an id of at most %d characters without spaces or |, not %s", "N", maxIDChars, "Value", quote(v))
		return ""
	}
	return v
}

// email is a bare e-mail address (no display name).
func (c *cells) email(column string) string {
	v := c.Text(column, true)
	if v == "" {
		return ""
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v || !strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".") {
		c.Bad(column, "import.msg.email", "must be a valid e-mail address such as ola@example.no, not %s", "Value", quote(v))
		return ""
	}
	return v
}

// code is a programme code such as BAMN-BIO, kept as written.
func (c *cells) code(column string) string {
	v := c.Text(column, true)
	if v == "" || isCode(v) {
		return v
	}
	c.Bad(column, "import.msg.programme_code", "must be a programme code of letters, digits, '-', '_' and '.' such as BAMN-BIO (at most 40), not %s", "Value", quote(v))
	return ""
}

// cohort is a start term `YYYYH` or `YYYYV` (case-insensitive), returned in
// upper case.
func (c *cells) cohort(column string, required bool) string {
	raw := c.Text(column, required)
	v := strings.ToUpper(raw)
	if v == "" || isTerm(v) {
		return v
	}
	c.Bad(column, "import.msg.cohort", "must be a start term like 2025H (autumn) or 2025V (spring), not %s", "Value", quote(raw))
	return ""
}

// lang is a well-formed BCP 47 language tag, kept as written.
func (c *cells) lang(column string) string {
	v := c.Text(column, false)
	if v == "" {
		return ""
	}
	if !validLang(v) {
		c.Bad(column, "import.msg.language", "must be a BCP 47 language tag such as nb, nn or en, not %s", "Value", quote(v))
		return ""
	}
	return v
}

// langs is a `|`-separated list of BCP 47 language tags.
func (c *cells) langs(column string) []string {
	v := c.Text(column, false)
	if v == "" {
		return nil
	}
	return c.List(column, v, tabular.ListOf{Key: "import.msg.list_languages", Text: "BCP 47 language tags such as nb|en"}, func(s string) (string, bool) {
		return s, validLang(s)
	})
}

// boolean is a true/false, yes/no, ja/nei or 1/0 cell; false when empty.
func (c *cells) boolean(column string) bool {
	b := c.Boolean(column, false)
	return b != nil && *b
}

// integer is a whole number in [lo, tabular.MaxInt], or def when empty;
// spaces in it (as in "1 200") are ignored.
func (c *cells) integer(column string, lo, def int) int {
	if n := c.Integer(column, lo, false); n != nil {
		return *n
	}
	return def
}

// slots is a `|`-separated list of weekly slots (mon..fri + 08..18), in
// lower case, in the order given; empty items, bad slots and repeats are
// errors, each kind reported once.
func (c *cells) slots(column string) []string {
	v := c.Text(column, false)
	if v == "" {
		return nil
	}
	return c.List(column, v, tabular.ListOf{Key: "import.msg.list_slots", Text: "slots of a weekday mon..fri and an hour 08..18, such as mon10|wed14"}, func(s string) (string, bool) {
		s = strings.ToLower(s)
		return s, isSlot(s)
	})
}

// isCode is codeRE by hand: an import of 160,000 students checks two codes
// and a term per row, and the regular expressions were a fifth of reading.
func isCode(v string) bool {
	if len(v) == 0 || len(v) > 40 {
		return false
	}
	for i := range len(v) {
		c := v[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '_' && c != '.' && c != '-') {
			return false
		}
	}
	return true
}

// isTerm is termRE by hand.
func isTerm(v string) bool {
	return len(v) == 5 && (v[:2] == "19" || v[:2] == "20") && isDigit(v[2]) && isDigit(v[3]) && (v[4] == 'H' || v[4] == 'V')
}

// isSlot is slotRE by hand.
func isSlot(v string) bool {
	if len(v) != 5 {
		return false
	}
	switch v[:3] {
	case "mon", "tue", "wed", "thu", "fri":
	default:
		return false
	}
	return v[3] == '0' && (v[4] == '8' || v[4] == '9') || v[3] == '1' && v[4] >= '0' && v[4] <= '8'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// langSeen remembers tags language.Parse accepted: a roster repeats a few
// (nb, nn, en) on every row. At most langSeenMax are kept, so a hostile
// file cannot grow it without bound.
var (
	langSeen  sync.Map
	langCount atomic.Int32
)

const langSeenMax = 1000

func validLang(v string) bool {
	if _, ok := langSeen.Load(v); ok {
		return true
	}
	if _, err := language.Parse(v); err != nil {
		return false
	}
	if langCount.Add(1) <= langSeenMax {
		langSeen.Store(v, true)
	}
	return true
}

// IsSlot reports whether v is a weekly slot code ("mon08" … "fri18").
func IsSlot(v string) bool { return isSlot(v) }

// IsTerm reports whether v is a start term ("2025H", "2026V").
func IsTerm(v string) bool { return isTerm(v) }
