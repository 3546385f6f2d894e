package tabular

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInt bounds the whole numbers of the files, well inside a database
// integer.
const MaxInt = 1_000_000

// Cells reads the cells of one record by column name, reporting problems
// to Report on the record's line. A reader of a file kind typically embeds
// it to add readers of its own values.
type Cells struct {
	Report *Report
	Index  map[string]int // cell index of each column, from Report.Bind
	Line   int
	Record []string
	// Unescape, when not nil, is applied to a trimmed cell before it is
	// trimmed again (to undo a writer's formula-injection guard, say).
	Unescape func(string) string
}

// Bad reports a problem of column on the record's line.
func (c *Cells) Bad(column, format string, args ...any) {
	c.Report.Add(c.Line, column, format, args...)
}

// Get returns the trimmed cell of column. ok is false when the column is
// absent from the header (reported once, on the header) or the cell is
// unusable: longer than MaxCellChars or holding a control character other
// than tab and line breaks (reported here); the caller then checks nothing
// more.
func (c *Cells) Get(column string) (v string, ok bool) {
	i, found := c.Index[column]
	if !found {
		return "", false
	}
	if i < len(c.Record) {
		v = strings.TrimSpace(c.Record[i])
		if c.Unescape != nil {
			v = strings.TrimSpace(c.Unescape(v))
		}
	}
	if n := utf8.RuneCountInString(v); n > MaxCellChars {
		c.Bad(column, "is %d characters long, at most %d are allowed", n, MaxCellChars)
		return "", false
	}
	if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }) {
		c.Bad(column, "contains a control character")
		return "", false
	}
	return v, true
}

// Text is a free-text cell; an empty one is reported when required.
func (c *Cells) Text(column string, required bool) string {
	v, ok := c.Get(column)
	if ok && v == "" && required {
		c.Bad(column, "is required")
	}
	return v
}

// Word is a cell from a closed vocabulary, compared case-insensitively and
// returned in lower case.
func (c *Cells) Word(column string, vocab []string, required bool) string {
	v := strings.ToLower(c.Text(column, required))
	if v == "" || slices.Contains(vocab, v) {
		return v
	}
	c.Bad(column, "must be one of %s, not %s", strings.Join(vocab, ", "), Quote(v))
	return ""
}

// Words is a `|`-separated list from a closed vocabulary, in lower case, in
// the order given, without duplicates.
func (c *Cells) Words(column string, vocab []string, required bool) []string {
	v := c.Text(column, required)
	if v == "" {
		return nil
	}
	return c.List(column, v, "values from "+strings.Join(vocab, ", "), func(s string) (string, bool) {
		s = strings.ToLower(s)
		return s, slices.Contains(vocab, s)
	})
}

// List splits v, a `|`-separated cell of column, normalises each trimmed
// item with norm and returns the accepted ones in order. It reports, once
// each, empty items, items norm rejects (as "must be |-separated <allowed>,
// not …") and repeated items, naming a few and then how many more.
func (c *Cells) List(column, v, allowed string, norm func(string) (string, bool)) []string {
	var out, bad, dup []string
	empty := false
	for _, item := range strings.Split(v, "|") {
		item = strings.TrimSpace(item)
		key, ok := norm(item)
		switch {
		case item == "":
			empty = true
		case !ok:
			bad = append(bad, Quote(item))
		case !slices.Contains(out, key):
			out = append(out, key)
		case !slices.Contains(dup, key):
			dup = append(dup, key)
		}
	}
	if empty {
		c.Bad(column, "has an empty item in the |-separated list")
	}
	if len(bad) > 0 {
		c.Bad(column, "must be |-separated %s, not %s", allowed, joinFew(bad))
	}
	if len(dup) > 0 {
		c.Bad(column, "lists %s more than once", joinFew(dup))
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

// Boolean is a true/false, yes/no, ja/nei or 1/0 cell (case-insensitive);
// nil when empty.
func (c *Cells) Boolean(column string, required bool) *bool {
	v := c.Text(column, required)
	if v == "" {
		return nil
	}
	var b bool
	switch strings.ToLower(v) {
	case "true", "yes", "ja", "1":
		b = true
	case "false", "no", "nei", "0":
	default:
		c.Bad(column, "must be true or false (also yes/no, ja/nei, 1/0), not %s", Quote(v))
		return nil
	}
	return &b
}

// Integer is a whole number in [lo, MaxInt] (see Atoi); nil when empty.
func (c *Cells) Integer(column string, lo int, required bool) *int {
	v := c.Text(column, required)
	if v == "" {
		return nil
	}
	n, ok := Atoi(v)
	if !ok || n < lo {
		c.Bad(column, "must be a whole number from %d to %d, not %s", lo, MaxInt, Quote(v))
		return nil
	}
	return &n
}

// Atoi reads a whole number of at most MaxInt written with ASCII digits
// only; white space (thousands separators, as "1 200") is ignored.
func Atoi(s string) (int, bool) {
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
	return n, err == nil && n <= MaxInt
}

// Quote quotes a cell for a message, shortened to 60 characters when long.
func Quote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:57]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
