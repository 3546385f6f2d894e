package tabular

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// TestReadXLSXSheetCells: a lone cell in column XFD makes a row of 16,384
// cells; a sheet of such rows is refused before it eats memory.
func TestReadXLSXSheetCells(t *testing.T) {
	buf, err := os.ReadFile(filepath.FromSlash(wideSheetFixture))
	if err != nil {
		t.Fatal(err)
	}
	if got := readErr(t, buf, "import.too_large"); !strings.HasPrefix(got, "the first sheet has more than 5000000 cells") {
		t.Errorf("got %q", got)
	}
}

// asError is err as an *app.Error of code invalid, or a test failure.
func asError(t *testing.T, err error) *app.Error {
	t.Helper()
	var e *app.Error
	if !errors.As(err, &e) || e.Code != app.CodeInvalid || e.Key != "import.invalid" {
		t.Fatalf("want an import.invalid error, got %#v", err)
	}
	return e
}

func TestReportOrder(t *testing.T) {
	r := &Report{Columns: []string{"a", "b", "c"}}
	if r.Err() != nil || r.Details() != nil || r.Warnings() != nil {
		t.Fatal("an empty report is not empty")
	}
	r.Add(5, "c", "k", "c5")
	r.Add(3, "", "k", "row3")
	r.Add(5, "b", "k", "b5 %d", "N", 1)
	r.Add(3, "zz", "k", "zz3")
	r.Add(3, "a", "k", "a3")
	r.Add(5, "b", "k", "b5 %d", "N", 2)
	r.Add(0, "", "k", "file")
	r.Warn(0, "", "k", "w %s", "X", "1")
	e := asError(t, r.Err())
	want := "file\nline 3: column a: a3\nline 3: row3\nline 3: column zz: zz3\nline 5: column b: b5 1\nline 5: column b: b5 2\nline 5: column c: c5"
	if got := FormatDetails(e.Details); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if e.Message != "the file has 3 bad lines" || !reflect.DeepEqual(WarningText(r.Warnings()), []string{"w 1"}) {
		t.Errorf("message %q, warnings %v", e.Message, r.Warnings())
	}
	if !reflect.DeepEqual(r.Details(), e.Details) {
		t.Errorf("Details %v", r.Details())
	}
	r = &Report{}
	r.Add(7, "x", "k", "m")
	if e := asError(t, r.Err()); e.Message != "the file has 1 bad line" || FormatDetails(e.Details) != "line 7: column x: m" {
		t.Errorf("%q %v", e.Message, e.Details)
	}
}

func TestReportCap(t *testing.T) {
	r := &Report{Columns: []string{"a", "b"}}
	for line := 2; line < 2+FullDetails/2; line++ {
		r.Add(line, "b", "k", "b")
		r.Add(line, "a", "k", "a")
	}
	// Beyond the cap a line already listed gets no more details, a new one
	// gets its first only.
	r.Add(2, "a", "k", "again")
	r.Add(99999, "b", "k", "first")
	r.Add(99999, "a", "k", "second")
	r.Add(99998, "a", "k", "other")
	e := asError(t, r.Err())
	if len(e.Details) != FullDetails+3 {
		t.Fatalf("%d details", len(e.Details))
	}
	last := e.Details[len(e.Details)-3:]
	want := []app.Detail{{Line: 99998, Column: "a", Message: "other"}, {Line: 99999, Column: "b", Message: "first"},
		{Message: "2 more problems are not listed: after the first 10000, only the first problem of each line is"}}
	if FormatDetails(last) != FormatDetails(want) || FormatDetails(e.Details[:1]) != "line 2: column a: a" || last[2].Key != "import.msg.not_listed" {
		t.Errorf("got %v ... %v", e.Details[0], last)
	}
	if e.Message != fmt.Sprintf("the file has %d bad lines", FullDetails/2+2) {
		t.Errorf("message %q", e.Message)
	}
}

func TestBind(t *testing.T) {
	tab := mustRead(t, " B ,x,a,,X,b,c,\n1,2,3,4,5,6\n")
	r := &Report{Columns: []string{"a", "b", "c", "d"}}
	idx := r.Bind(tab, []string{"a", "d"})
	if !reflect.DeepEqual(idx, map[string]int{"a": 2, "b": 0, "c": 6}) {
		t.Errorf("idx %v", idx)
	}
	if want := []string{`unknown column "x" ignored`, "column 4 has no name and is ignored"}; !reflect.DeepEqual(WarningText(r.Warnings()), want) {
		t.Errorf("warnings %v", r.Warnings())
	}
	want := "line 1: column b: the column appears twice (cells 1 and 6 of the header)\nline 1: column d: required column is missing"
	if got := FormatDetails(r.Details()); got != want {
		t.Errorf("got\n%s", got)
	}
	r = &Report{Columns: []string{"a"}}
	tab = mustRead(t, "a,\n1,\n2,x,\n")
	for _, rec := range tab.Records {
		r.CheckWidth(tab, rec)
	}
	if got := FormatDetails(r.Details()); got != "line 3: the row has 2 cells but the header only 1: a separator inside an unquoted cell, or a cell in a column without a name?" {
		t.Errorf("width: %q", got)
	}
}

func TestDuplicates(t *testing.T) {
	r := &Report{Columns: []string{"id"}}
	var keys []DupKey
	for i, k := range []string{"a", "b", "a", "c", "a", "b", "a", "a", "a"} {
		keys = append(keys, DupKey{Line: i + 2, Key: k, Label: "id " + k})
	}
	r.Duplicates("id", keys)
	want := `line 2: column id: id a also on lines 4, 6, 8 and 2 more
line 3: column id: id b also on line 7
line 4: column id: id a also on line 2
line 6: column id: id a also on line 2
line 7: column id: id b also on line 3
line 8: column id: id a also on line 2
line 9: column id: id a also on line 2
line 10: column id: id a also on line 2`
	if got := FormatDetails(r.Details()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestPartsMergeAsOneReport: problems added to parts of a report (each part
// some consecutive lines), merged in line order, make the report that adding
// them directly makes, beyond FullDetails too; some parts are filled before
// any is merged and some after the report is full, as a part running
// ahead of the merge or behind it is. A whole report of the rows merged
// after the header's problems is the same too.
func TestPartsMergeAsOneReport(t *testing.T) {
	type problem struct {
		line int
		col  string
	}
	cols := []string{"a", "b", "c"}
	var problems []problem
	for line := 2; line < 6000; line++ {
		// Lines with none up to seven problems, several in one column.
		for k := range (line * 7) % 8 {
			problems = append(problems, problem{line, cols[(line+k)%3]})
		}
	}
	add := func(r *Report, p problem) {
		r.Add(p.line, p.col, "k", "line %d %s", "L", p.line, "C", p.col)
		if p.line%500 == 0 {
			r.Warn(p.line, p.col, "w", "warning %d", "L", p.line)
		}
	}
	direct := &Report{Columns: cols}
	direct.Add(1, "b", "k", "header")
	for _, p := range problems {
		add(direct, p)
	}
	want := asError(t, direct.Err())
	if !strings.Contains(FormatDetails(want.Details), "more problems are not listed") {
		t.Fatal("the problems do not reach FullDetails")
	}

	for _, size := range []int{1, 97, 1000, 6000} {
		r := &Report{Columns: cols}
		r.Add(1, "b", "k", "header")
		// Parts of size lines each, in order.
		var parts []*Report
		var of [][]problem
		for _, p := range problems {
			if len(of) == 0 || p.line/size != of[len(of)-1][0].line/size {
				parts = append(parts, r.Part())
				of = append(of, nil)
			}
			of[len(of)-1] = append(of[len(of)-1], p)
		}
		fill := func(i int) {
			for _, p := range of[i] {
				add(parts[i], p)
			}
		}
		// The first quarter filled ahead, the rest each just before it is merged.
		ahead := len(parts) / 4
		for i := range ahead {
			fill(i)
		}
		for i := range parts {
			if i >= ahead {
				fill(i)
			}
			r.Merge(parts[i])
		}
		got := asError(t, r.Err())
		if !reflect.DeepEqual(got, want) {
			t.Errorf("parts of %d lines: got %d details\n%s\nwant %d\n%s", size, len(got.Details),
				tail(FormatDetails(got.Details)), len(want.Details), tail(FormatDetails(want.Details)))
		}
		if !reflect.DeepEqual(r.Warnings(), direct.Warnings()) {
			t.Errorf("parts of %d lines: warnings %v, want %v", size, r.Warnings(), direct.Warnings())
		}
	}

	// One whole report of the rows, merged after the header's.
	r := &Report{Columns: cols}
	r.Add(1, "b", "k", "header")
	rows := &Report{Columns: cols}
	for _, p := range problems {
		add(rows, p)
	}
	r.Merge(rows)
	if got := asError(t, r.Err()); !reflect.DeepEqual(got, want) || !reflect.DeepEqual(r.Warnings(), direct.Warnings()) {
		t.Errorf("a report of the rows: got %d details\n%s\nwant %d\n%s", len(got.Details),
			tail(FormatDetails(got.Details)), len(want.Details), tail(FormatDetails(want.Details)))
	}
}

// tail is the end of a long text, for a failure message.
func tail(s string) string {
	return s[max(0, len(s)-300):]
}
