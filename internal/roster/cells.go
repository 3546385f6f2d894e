package roster

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/catalogue"
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

// maxGroupsLimit bounds max_groups, well inside any integer.
const maxGroupsLimit = 1_000_000

// cells reads the cells of one record by column name, reporting problems
// on the record's line.
type cells struct {
	rep  *report
	idx  map[string]int
	line int
	rec  []string
}

func (c *cells) bad(column, format string, args ...any) {
	c.rep.add(c.line, column, format, args...)
}

// get returns the trimmed cell of column. ok is false when the column is
// absent from the header (reported once, on the header) or the cell is
// unusable (reported here); the caller then checks nothing more.
func (c *cells) get(column string) (v string, ok bool) {
	i, found := c.idx[column]
	if !found {
		return "", false
	}
	if i < len(c.rec) {
		v = strings.TrimSpace(c.rec[i])
	}
	if n := utf8.RuneCountInString(v); n > catalogue.MaxCellChars {
		c.bad(column, "is %d characters long, at most %d are allowed", n, catalogue.MaxCellChars)
		return "", false
	}
	if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }) {
		c.bad(column, "contains a control character")
		return "", false
	}
	return v, true
}

// text is a free-text cell.
func (c *cells) text(column string, required bool) string {
	v, ok := c.get(column)
	if ok && v == "" && required {
		c.bad(column, "is required")
	}
	return v
}

// id is a student number or mentor id: at most maxIDChars characters, no
// white space and no `|`.
func (c *cells) id(column string, required bool) string {
	v := c.text(column, required)
	if v == "" {
		return ""
	}
	if utf8.RuneCountInString(v) > maxIDChars || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || r == '|' }) {
		c.bad(column, "must be an id of at most %d characters without spaces or |, not %s", maxIDChars, quote(v))
		return ""
	}
	return v
}

// word is a cell from a closed vocabulary, compared case-insensitively and
// returned in lower case.
func (c *cells) word(column string, vocab []string, required bool) string {
	v := strings.ToLower(c.text(column, required))
	if v == "" || slices.Contains(vocab, v) {
		return v
	}
	c.bad(column, "must be one of %s, not %s", strings.Join(vocab, ", "), quote(v))
	return ""
}

// email is a bare e-mail address (no display name).
func (c *cells) email(column string) string {
	v := c.text(column, true)
	if v == "" {
		return ""
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v || !strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".") {
		c.bad(column, "must be a valid e-mail address such as ola@example.no, not %s", quote(v))
		return ""
	}
	return v
}

// code is a programme code such as BAMN-BIO, kept as written.
func (c *cells) code(column string) string {
	v := c.text(column, true)
	if v == "" || codeRE.MatchString(v) {
		return v
	}
	c.bad(column, "must be a programme code of letters, digits, '-', '_' and '.' such as BAMN-BIO (at most 40), not %s", quote(v))
	return ""
}

// cohort is a start term `YYYYH` or `YYYYV` (case-insensitive), returned in
// upper case.
func (c *cells) cohort(column string, required bool) string {
	raw := c.text(column, required)
	v := strings.ToUpper(raw)
	if v == "" || termRE.MatchString(v) {
		return v
	}
	c.bad(column, "must be a start term like 2025H (autumn) or 2025V (spring), not %s", quote(raw))
	return ""
}

// lang is a well-formed BCP 47 language tag, kept as written.
func (c *cells) lang(column string) string {
	v := c.text(column, false)
	if v == "" {
		return ""
	}
	if _, err := language.Parse(v); err != nil {
		c.bad(column, "must be a BCP 47 language tag such as nb, nn or en, not %s", quote(v))
		return ""
	}
	return v
}

// boolean is a true/false, yes/no, ja/nei or 1/0 cell; false when empty.
func (c *cells) boolean(column string) bool {
	v := c.text(column, false)
	switch strings.ToLower(v) {
	case "", "false", "no", "nei", "0":
		return false
	case "true", "yes", "ja", "1":
		return true
	}
	c.bad(column, "must be true or false (also yes/no, ja/nei, 1/0), not %s", quote(v))
	return false
}

// integer is a whole number in [lo, maxGroupsLimit], or def when empty;
// spaces in it (as in "1 200") are ignored.
func (c *cells) integer(column string, lo, def int) int {
	v := c.text(column, false)
	if v == "" {
		return def
	}
	s := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, v)
	n, err := strconv.Atoi(s)
	if s == "" || len(s) > 9 || strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) ||
		err != nil || n < lo || n > maxGroupsLimit {
		c.bad(column, "must be a whole number from %d to %d, not %s", lo, maxGroupsLimit, quote(v))
		return def
	}
	return n
}

// slots is a `|`-separated list of weekly slots (mon..fri + 08..18), in
// lower case, in the order given; empty items, bad slots and repeats are
// errors, each kind reported once.
func (c *cells) slots(column string) []string {
	v := c.text(column, false)
	if v == "" {
		return nil
	}
	var out, bad, dup []string
	empty := false
	for _, item := range strings.Split(v, "|") {
		item = strings.TrimSpace(item)
		key := strings.ToLower(item)
		switch {
		case item == "":
			empty = true
		case !slotRE.MatchString(key):
			bad = append(bad, quote(item))
		case !slices.Contains(out, key):
			out = append(out, key)
		case !slices.Contains(dup, key):
			dup = append(dup, key)
		}
	}
	if empty {
		c.bad(column, "has an empty item in the |-separated list")
	}
	if len(bad) > 0 {
		c.bad(column, "must be |-separated slots of a weekday mon..fri and an hour 08..18, such as mon10|wed14, not %s", joinFew(bad))
	}
	if len(dup) > 0 {
		c.bad(column, "lists %s more than once", joinFew(dup))
	}
	return out
}

// joinFew joins the first three items with ", " and tells how many more.
func joinFew(items []string) string {
	if len(items) <= 3 {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:3], ", "), len(items)-3)
}

// quote quotes a cell for a message, shortened when long.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:57]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
