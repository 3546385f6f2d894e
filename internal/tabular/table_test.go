package tabular

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/xuri/excelize/v2"
)

// testFormat knows two file kinds, of which "b;c" is a header.
var testFormat = Format{Name: "test", Columns: [][]string{{"a", "b"}, {"c", "d"}}}

func mustRead(t *testing.T, s string) *Table {
	t.Helper()
	tab, err := testFormat.Read(strings.NewReader(s))
	if err != nil {
		t.Fatalf("Read(%q): %v", s, err)
	}
	return tab
}

// readErr reads s, expects an *app.Error of key key and returns its report.
func readErr(t *testing.T, data []byte, key string) string {
	t.Helper()
	_, err := testFormat.Read(bytes.NewReader(data))
	var e *app.Error
	if !errors.As(err, &e) || e.Code != app.CodeInvalid || e.Key != key {
		t.Fatalf("want an error %s, got %#v", key, err)
	}
	return FormatDetails(e.Details)
}

func TestDetectSeparator(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"a,b\n", []string{"a", "b"}},
		{"a;b\n", []string{"a", "b"}},
		{" B ; C ,x\n", []string{" B ", " C ,x"}}, // more known names with ';'
		{"A,b;c;d\n", []string{"A,b", "c", "d"}},  // two known names with ';', one with ','
		{"a,x;c\n", []string{"a", "x;c"}},         // a tie of known names and of cells: ','
		{"A,b;x;y\n", []string{"A", "b;x;y"}},     // more cells with ';', but fewer known names
		{"x;y;z,w\n", []string{"x", "y", "z,w"}},  // no known names: more cells
		{"x,y\n", []string{"x", "y"}},             // a tie: ','
		{"\n ; \n\nc;d\n", []string{"c", "d"}},    // blank lines before the header
		{"\"a;x\";c\n", []string{"a;x", "c"}},     // a quoted separator
		{"\"a;b\",c;d\n", []string{"a;b", "c;d"}}, // not CSV with ';
		{"e\n", []string{"e"}},                    // one column
		{"a;\"b\nc\";d\n", []string{"a", "b\nc", "d"}},
	} {
		if got := mustRead(t, tc.in).Header; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: header %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReadBOMAndLines(t *testing.T) {
	in := "\uFEFFa;b\r\n\r\n1;\"two\r\nlines\"\r\n ; \r\n3;\"x\n\ny\";extra\n\"4\";\"\"\"q\"\"\"\n"
	tab := mustRead(t, in)
	if tab.HeaderLine != 1 || !reflect.DeepEqual(tab.Header, []string{"a", "b"}) {
		t.Fatalf("header %d %q", tab.HeaderLine, tab.Header)
	}
	want := []Record{
		{Line: 3, Cells: []string{"1", "two\nlines"}, Width: 2},
		{Line: 6, Cells: []string{"3", "x\n\ny"}, Width: 3},
		{Line: 9, Cells: []string{"4", `"q"`}, Width: 2},
	}
	if !reflect.DeepEqual(tab.Records, want) {
		t.Errorf("records\n%+v\nwant\n%+v", tab.Records, want)
	}
	// The header need not be on line 1, and trailing blank cells are no columns.
	tab = mustRead(t, "\n\n c ,d,, \n1\n")
	if tab.HeaderLine != 3 || !reflect.DeepEqual(tab.Header, []string{" c ", "d"}) || tab.Records[0].Line != 4 {
		t.Errorf("got %+v", tab)
	}
}

func TestReadUnreadable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\uFEFF", "the file is empty: a header row is required"},
		{"a\n\"x\ny\n", `line 3: bad CSV quoting: extraneous or missing " in quoted-field (in the row that starts on line 2)`},
		{"a\n\"x\n\xff", "line 3: the file is not UTF-8 text: save it as CSV UTF-8 or as .xlsx"},
		{"a\nb\n\x00", "line 3: the file is not a CSV text file (it holds binary data)"},
	} {
		if got := readErr(t, []byte(tc.in), "import.unreadable"); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReadLimits(t *testing.T) {
	if got := readErr(t, bytes.Repeat([]byte("a"), MaxInputBytes+1), "import.too_large"); got != "the file is larger than 20 MiB" {
		t.Errorf("size: %q", got)
	}
	mustRead(t, strings.Repeat("x,", MaxColumns-1)+"x\n")
	if got := readErr(t, []byte(strings.Repeat("x,", MaxColumns)+"x\n"), "import.too_large"); got != "the header has more than 1000 columns" {
		t.Errorf("columns: %q", got)
	}
	if tab := mustRead(t, "a\n"+strings.Repeat("x\n\n", MaxRows)); len(tab.Records) != MaxRows {
		t.Errorf("%d rows", len(tab.Records))
	}
	if got := readErr(t, []byte("a\n"+strings.Repeat("x\n", MaxRows+1)), "import.too_large"); got != "the file has more than 50000 rows" {
		t.Errorf("rows: %q", got)
	}
}

// workbook makes an XLSX whose first sheet holds rows from A1.
func workbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSX(t *testing.T) {
	data := workbook(t, [][]any{nil, {"a", "b", nil}, {1200, true}, nil, {"x", "two\nlines", "beyond"}})
	tab, err := testFormat.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := &Table{maxRows: MaxRows, HeaderLine: 2, Header: []string{"a", "b"}, Records: []Record{
		{Line: 3, Cells: []string{"1200", "1"}, Width: 2},
		{Line: 5, Cells: []string{"x", "two\nlines"}, Width: 3},
	}}
	if !reflect.DeepEqual(tab, want) {
		t.Errorf("got %+v\nwant %+v", tab, want)
	}
	if got := readErr(t, workbook(t, nil), "import.unreadable"); got != "the first sheet is empty: a header row is required" {
		t.Errorf("empty: %q", got)
	}
}

// zipPad is the size of the incompressible part zipOf adds, so that the
// archive is large enough for MaxUnpackedBytes, not MaxUnpackRatio, to bound it.
const zipPad = MaxUnpackedBytes/MaxUnpackRatio + 1<<10

// zipOf makes a zip archive of n raw entries that each claim to unpack to
// size, and a stored entry of zipPad random bytes.
func zipOf(t *testing.T, n int, size uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	pad, err := zw.CreateHeader(&zip.FileHeader{Name: "pad", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	noise := make([]byte, zipPad)
	rand.Read(noise)
	pad.Write(noise)
	for i := range n {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "p" + strings.Repeat("x", i%7) + string(rune('0'+i%10)),
			Method: zip.Deflate, CompressedSize64: 2, UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte{3, 0})
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSXLimits(t *testing.T) {
	if got := readErr(t, zipOf(t, MaxZipEntries+1, 0), "import.too_large"); got != "the workbook has more than 10000 parts" {
		t.Errorf("entries: %q", got)
	}
	if got := readErr(t, zipOf(t, 1, MaxUnpackedBytes-zipPad+1), "import.too_large"); got != "the workbook unpacks to more than 100 MiB" {
		t.Errorf("one entry: %q", got)
	}
	if got := readErr(t, zipOf(t, 3, (MaxUnpackedBytes-zipPad)/3+1), "import.too_large"); got != "the workbook unpacks to more than 100 MiB" {
		t.Errorf("sum: %q", got)
	}
	if got := readErr(t, zipOf(t, 3, (MaxUnpackedBytes-zipPad)/3), "import.unreadable"); !strings.HasPrefix(got, "the file is not a readable XLSX workbook") {
		t.Errorf("within limits: %q", got)
	}
	if got := readErr(t, []byte("\xD0\xCF\x11\xE0"), "import.unreadable"); !strings.Contains(got, "old Excel (.xls)") {
		t.Errorf("xls: %q", got)
	}
}

func TestLimitsOverrideTheDefaults(t *testing.T) {
	data := []byte("a,b\n1,2\n3,4\n5,6\n")
	small := Format{Name: "test", Columns: [][]string{{"a", "b"}}, Limits: Limits{Rows: 2}}
	if _, err := small.Read(bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), "more than 2 rows") {
		t.Fatalf("a 3-row file under a 2-row limit: %v", err)
	}
	tiny := Format{Name: "test", Columns: [][]string{{"a", "b"}}, Limits: Limits{InputBytes: 8}}
	if _, err := tiny.Read(bytes.NewReader(data)); err == nil {
		t.Fatal("a 16-byte file under an 8-byte limit was read")
	}
	if tab, err := (Format{Name: "test", Columns: [][]string{{"a", "b"}}}).Read(bytes.NewReader(data)); err != nil || len(tab.Records) != 3 {
		t.Fatalf("defaults: %v %v", tab, err)
	}
}

// TestReadEach: Format.Each sees every data record of a CSV or XLSX file,
// in order, as the table holds it, with the header already set.
func TestReadEach(t *testing.T) {
	for name, data := range map[string][]byte{
		"csv":  []byte("\n\na,b\n1,2\n\n\"x\ny\",3,4\n,\n5\n"),
		"xlsx": workbook(t, [][]any{nil, {"a", "b", nil}, {1200, true}, nil, {"x", "two\nlines", "beyond"}}),
	} {
		f := testFormat
		var seen []Record
		f.Each = func(tab *Table, rec Record) {
			if tab.Header == nil {
				t.Errorf("%s: record %v before the header", name, rec)
			}
			seen = append(seen, rec)
		}
		tab, err := f.Read(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Records) < 2 || !reflect.DeepEqual(seen, tab.Records) {
			t.Errorf("%s: Each saw %v, the table holds %v", name, seen, tab.Records)
		}
	}
}
