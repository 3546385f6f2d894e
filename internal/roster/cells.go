package roster

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/tabular"
	"golang.org/x/text/language"
)

// Patterns of the roster's coded values.
var (
	// codeRE is a programme code, as internal/org accepts it.
	codeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)
	// termRE is a start term: autumn (H) or spring (V) of a year 1900–2099.
	termRE = regexp.MustCompile(`^(19|20)\d\d[HV]$`)
	// slotRE is a weekly slot: a weekday and a whole hour from 08 to 18.
	slotRE = regexp.MustCompile(`^(mon|tue|wed|thu|fri)(0[89]|1[0-8])$`)
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
	if v == "" || codeRE.MatchString(v) {
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
	if v == "" || termRE.MatchString(v) {
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
	if _, err := language.Parse(v); err != nil {
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
		_, err := language.Parse(s)
		return s, err == nil
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
		return s, slotRE.MatchString(s)
	})
}
