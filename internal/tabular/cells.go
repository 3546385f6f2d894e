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

// Bad reports a problem of column on the record's line: its message key,
// English format and argument name/value pairs (see Msg).
func (c *Cells) Bad(column, key, format string, kv ...any) {
	c.Report.Add(c.Line, column, key, format, kv...)
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
		c.Bad(column, "import.msg.too_long", "is %d characters long, at most %d are allowed", "Count", n, "N", MaxCellChars)
		return "", false
	}
	if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }) {
		c.Bad(column, "import.msg.control_char", "contains a control character")
		return "", false
	}
	return v, true
}

// Text is a free-text cell; an empty one is reported when required.
func (c *Cells) Text(column string, required bool) string {
	v, ok := c.Get(column)
	if ok && v == "" && required {
		c.Bad(column, "import.msg.required", "is required")
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
	c.Bad(column, "import.msg.one_of", "must be one of %s, not %s", "Allowed", strings.Join(vocab, ", "), "Value", Quote(v))
	return ""
}

// Words is a `|`-separated list from a closed vocabulary, in lower case, in
// the order given, without duplicates.
func (c *Cells) Words(column string, vocab []string, required bool) []string {
	v := c.Text(column, required)
	if v == "" {
		return nil
	}
	return c.List(column, v, ListOf{Key: "import.msg.list_words", Text: "values from %s", Vocab: strings.Join(vocab, ", ")}, func(s string) (string, bool) {
		s = strings.ToLower(s)
		return s, slices.Contains(vocab, s)
	})
}

// ListOf says what a |-separated list may hold, for the message about items
// it may not: Text is the English words (with %s for Vocab, if any) and Key
// their message key, whose argument Vocab is.
type ListOf struct {
	Key, Text, Vocab string
}

// List splits v, a `|`-separated cell of column, normalises each trimmed
// item with norm and returns the accepted ones in order. It reports, once
// each, empty items, items norm rejects (as "must be |-separated <allowed>,
// not …", key "import.msg.list_not" with the allowed words translated by
// allowed.Key) and repeated items, naming a few and then how many more.
func (c *Cells) List(column, v string, allowed ListOf, norm func(string) (string, bool)) []string {
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
		c.Bad(column, "import.msg.list_empty_item", "has an empty item in the |-separated list")
	}
	if len(bad) > 0 {
		text := allowed.Text
		if allowed.Vocab != "" {
			text = fmt.Sprintf(text, allowed.Vocab)
		}
		few, more := joinFew(bad)
		c.Bad(column, "import.msg.list_not", "must be |-separated %s, not %s", "Allowed", text, "Items", few+andMore(more),
			"AllowedKey", allowed.Key, "Vocab", allowed.Vocab, "Few", few, "More", more)
	}
	if len(dup) > 0 {
		few, more := joinFew(dup)
		c.Bad(column, "import.msg.list_repeated", "lists %s more than once", "Items", few+andMore(more), "Few", few, "More", more)
	}
	return out
}

// joinFew joins the first three items with ", " and tells how many more
// there are.
func joinFew(items []string) (string, int) {
	if len(items) <= 3 {
		return strings.Join(items, ", "), 0
	}
	return strings.Join(items[:3], ", "), len(items) - 3
}

// andMore is the English tail of a list cut by joinFew.
func andMore(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n)
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
		c.Bad(column, "import.msg.boolean", "must be true or false (also yes/no, ja/nei, 1/0), not %s", "Value", Quote(v))
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
		c.Bad(column, "import.msg.integer", "must be a whole number from %d to %d, not %s", "Min", lo, "Max", MaxInt, "Value", Quote(v))
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
