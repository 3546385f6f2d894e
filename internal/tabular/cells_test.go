package tabular

import (
	"reflect"
	"strings"
	"testing"
)

// row reads one record of columns a, b, …, in that order.
func row(unescape func(string) string, rec ...string) (*Cells, *Report) {
	r := &Report{Columns: []string{"a", "b", "c"}}
	return &Cells{Report: r, Index: map[string]int{"a": 0, "b": 1, "c": 2}, Line: 4, Record: rec, Unescape: unescape}, r
}

func TestCellsGet(t *testing.T) {
	c, r := row(func(s string) string { return strings.TrimPrefix(s, "'") }, " ' x ", "y\x01", strings.Repeat("é", MaxCellChars+1))
	if v, ok := c.Get("a"); v != "x" || !ok {
		t.Errorf("a: %q %v", v, ok)
	}
	for _, col := range []string{"b", "c"} {
		if v, ok := c.Get(col); v != "" || ok {
			t.Errorf("%s: %q %v", col, v, ok)
		}
	}
	if v, ok := c.Get("missing"); v != "" || ok {
		t.Errorf("missing: %q %v", v, ok)
	}
	c.Record = c.Record[:1] // a short row: the cell is empty
	if c.Text("b", true) != "" {
		t.Error("short row")
	}
	want := "line 4: column b: contains a control character\nline 4: column b: is required\nline 4: column c: is 2001 characters long, at most 2000 are allowed"
	if got := FormatDetails(r.Details()); got != want {
		t.Errorf("got\n%s", got)
	}
}

func TestCellsValues(t *testing.T) {
	c, r := row(nil, " JA ", "nei", "maybe")
	if b := c.Boolean("a", true); b == nil || !*b {
		t.Error("ja")
	}
	if b := c.Boolean("b", true); b == nil || *b {
		t.Error("nei")
	}
	if b := c.Boolean("c", true); b != nil {
		t.Error("maybe")
	}
	c.Record = []string{"1 200", "", "-1"}
	if n := c.Integer("a", 0, true); n == nil || *n != 1200 {
		t.Errorf("1 200: %v", n)
	}
	if n := c.Integer("b", 0, false); n != nil {
		t.Errorf("empty: %v", n)
	}
	if n := c.Integer("c", 0, true); n != nil {
		t.Errorf("-1: %v", n)
	}
	c.Record = []string{"Alumni", "x | Y |y| |x|z|w|v", "nurse"}
	if w := c.Word("a", []string{"alumni"}, true); w != "alumni" {
		t.Errorf("word %q", w)
	}
	if w := c.Words("b", []string{"x", "y"}, true); !reflect.DeepEqual(w, []string{"x", "y"}) {
		t.Errorf("words %q", w)
	}
	if w := c.Word("c", []string{"alumni", "staff"}, true); w != "" {
		t.Errorf("word %q", w)
	}
	// All on line 4: by column, and in the order of the calls within one.
	want := `line 4: column b: has an empty item in the |-separated list
line 4: column b: must be |-separated values from x, y, not "z", "w", "v"
line 4: column b: lists y, x more than once
line 4: column c: must be true or false (also yes/no, ja/nei, 1/0), not "maybe"
line 4: column c: must be a whole number from 0 to 1000000, not "-1"
line 4: column c: must be one of alumni, staff, not "nurse"`
	if got := FormatDetails(r.Details()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestAtoiAndQuote(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "007": 7, " 1 000 000 ": 1_000_000, "1\u00a0200": 1200} {
		if n, ok := Atoi(s); !ok || n != want {
			t.Errorf("Atoi(%q) = %d, %v", s, n, ok)
		}
	}
	for _, s := range []string{"", " ", "1000001", "-1", "+1", "1.5", "١", "1234567890"} {
		if n, ok := Atoi(s); ok {
			t.Errorf("Atoi(%q) = %d", s, n)
		}
	}
	if got := Quote(strings.Repeat("å", 61)); got != `"`+strings.Repeat("å", 57)+`..."` {
		t.Errorf("Quote long: %s", got)
	}
	if got := Quote("a\"b"); got != `"a\"b"` {
		t.Errorf("Quote: %s", got)
	}
}
