package catalogue

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Integers of the files are bounded well inside a database integer.
const maxInt = 1_000_000

// Years are between these, both included.
const minYear, maxYear = 1950, 2100

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

// get returns the cleaned cell of column (see clean). ok is false when the
// column is absent from the header (reported once, on the header) or the cell
// is unusable (reported here); the caller then checks nothing more.
func (c *cells) get(column string) (v string, ok bool) {
	i, found := c.idx[column]
	if !found {
		return "", false
	}
	if i < len(c.rec) {
		v = clean(c.rec[i])
	}
	if n := utf8.RuneCountInString(v); n > MaxCellChars {
		c.bad(column, "is %d characters long, at most %d are allowed", n, MaxCellChars)
		return "", false
	}
	if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }) {
		c.bad(column, "contains a control character")
		return "", false
	}
	return v, true
}

// clean trims a cell and undoes the formula-injection guard of WriteCSV.
func clean(s string) string {
	return strings.TrimSpace(unescapeCell(strings.TrimSpace(s)))
}

// text is a free-text cell.
func (c *cells) text(column string, required bool) string {
	v, ok := c.get(column)
	if ok && v == "" && required {
		c.bad(column, "is required")
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

// words is a `|`-separated list from a closed vocabulary, in lower case, in
// the order given, without duplicates.
func (c *cells) words(column string, vocab []string, required bool) []string {
	v := c.text(column, required)
	if v == "" {
		return nil
	}
	return c.list(column, v, "values from "+strings.Join(vocab, ", "), func(s string) (string, bool) {
		s = strings.ToLower(s)
		return s, slices.Contains(vocab, s)
	})
}

// list splits a `|`-separated cell, normalises each item with norm and
// returns the accepted ones in order. It reports, once each, empty items,
// items norm rejects and repeated items (naming a few, then how many more).
func (c *cells) list(column, v, allowed string, norm func(string) (string, bool)) []string {
	var out, bad, dup []string
	empty := false
	for _, item := range strings.Split(v, "|") {
		item = strings.TrimSpace(item)
		key, ok := norm(item)
		switch {
		case item == "":
			empty = true
		case !ok:
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
		c.bad(column, "must be |-separated %s, not %s", allowed, joinFew(bad))
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

// boolean is a true/false, yes/no, ja/nei or 1/0 cell; nil when empty.
func (c *cells) boolean(column string, required bool) *bool {
	v := c.text(column, required)
	if v == "" {
		return nil
	}
	var b bool
	switch strings.ToLower(v) {
	case "true", "yes", "ja", "1":
		b = true
	case "false", "no", "nei", "0":
	default:
		c.bad(column, "must be true or false (also yes/no, ja/nei, 1/0), not %s", quote(v))
		return nil
	}
	return &b
}

// integer is a whole number in [lo, maxInt]; nil when empty.
func (c *cells) integer(column string, lo int, required bool) *int {
	v := c.text(column, required)
	if v == "" {
		return nil
	}
	n, ok := atoi(v)
	if !ok || n < lo {
		c.bad(column, "must be a whole number from %d to %d, not %s", lo, maxInt, quote(v))
		return nil
	}
	return &n
}

// year is a year in [minYear, maxYear]; nil when empty.
func (c *cells) year(column string, required bool) *int {
	v := c.text(column, required)
	if v == "" {
		return nil
	}
	n, ok := atoi(v)
	if !ok || n < minYear || n > maxYear {
		c.bad(column, "must be a year from %d to %d, not %s", minYear, maxYear, quote(v))
		return nil
	}
	return &n
}

// atoi reads a whole number of at most maxInt written with ASCII digits only;
// spaces (thousands separators, as "1 200") are ignored.
func atoi(s string) (int, bool) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if s == "" || len(s) > 9 || strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n <= maxInt
}

// groupSize is "n" or "min-max" (an en dash also separates), with
// 1 ≤ min ≤ max, returned normalised ("10 - 012" → "10-12").
func (c *cells) groupSize(column string) string {
	v := c.text(column, false)
	if v == "" {
		return ""
	}
	lo, hi, isRange := strings.Cut(strings.ReplaceAll(v, "–", "-"), "-")
	a, okA := atoi(lo)
	if !isRange {
		if !okA || a < 1 {
			c.bad(column, "must be a whole number ≥ 1 or a range min-max, not %s", quote(v))
			return ""
		}
		return strconv.Itoa(a)
	}
	b, okB := atoi(hi)
	if !okA || !okB || a < 1 || a > b {
		c.bad(column, "must be a whole number ≥ 1 or a range min-max with 1 ≤ min ≤ max, not %s", quote(v))
		return ""
	}
	return strconv.Itoa(a) + "-" + strconv.Itoa(b)
}

// minStandard is a `|`-separated set of the criteria 1–5, sorted.
func (c *cells) minStandard(column string) []int {
	v := c.text(column, false)
	if v == "" {
		return nil
	}
	keys := c.list(column, v, "numbers from 1 to 5", func(s string) (string, bool) {
		n, ok := atoi(s)
		return strconv.Itoa(n), ok && n >= 1 && n <= 5
	})
	var out []int
	for _, k := range keys {
		n, _ := strconv.Atoi(k)
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// link is empty or an absolute http or https URL.
func (c *cells) link(column string) string {
	v := c.text(column, false)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) ||
		u.Host == "" || strings.ContainsFunc(v, unicode.IsSpace) {
		c.bad(column, "must be an absolute http or https URL, not %s", quote(v))
		return ""
	}
	return v
}

// quote quotes a cell for a message, shortened when long.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:57]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
