package tabular

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"
)

// allocated is how many bytes fn allocates (runtime.MemStats.TotalAlloc).
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// repeated streams s n times.
func repeated(s string, n int) io.Reader {
	block := strings.Repeat(s, max(1, 64<<10/len(s)))
	return io.LimitReader(&cycle{s: block}, int64(len(s)*n))
}

// cycle reads s over and over.
type cycle struct {
	s   string
	off int
}

func (c *cycle) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], c.s[c.off:])
		n += k
		c.off = (c.off + k) % len(c.s)
	}
	return n, nil
}

// TestAWideRowIsRefusedBeforeItIsBuilt reads rows of 20 million empty
// cells (20 MB, within the size limit): encoding/csv would build a string
// header for every cell, over a gigabyte. Each is refused, naming its line,
// while reading allocates little more than the file itself.
func TestAWideRowIsRefusedBeforeItIsBuilt(t *testing.T) {
	const cells = 20_000_000
	for _, tc := range []struct {
		name string
		in   func() io.Reader
		want string
	}{
		{"a data row", func() io.Reader {
			return io.MultiReader(strings.NewReader("a,b\n1,2\n"), repeated(",", cells-1), strings.NewReader("\n"))
		}, "line 3: the row has more than 1000 cells"},
		{"the header", func() io.Reader {
			return io.MultiReader(strings.NewReader("a;b"), repeated(";", cells-2), strings.NewReader("\n1;2\n"))
		}, "line 1: the header row has more than 16384 cells"},
		{"a blank row before the header", func() io.Reader {
			return io.MultiReader(strings.NewReader("\n"), repeated(",", cells-1), strings.NewReader("\na,b\n"))
		}, "line 2: the row has more than 16384 cells"},
		{"a row of quoted cells", func() io.Reader {
			return io.MultiReader(strings.NewReader("a,b\n"), repeated(`"x",`, cells/4), strings.NewReader("\n"))
		}, "line 2: the row has more than 1000 cells"},
	} {
		var got string
		n := allocated(func() {
			data, _ := io.ReadAll(tc.in())
			got = readErr(t, data, "import.too_large")
		})
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
		if n > 100<<20 {
			t.Errorf("%s: reading allocated %d MB", tc.name, n>>20)
		}
	}
}

// TestRowsUpToTheBoundAreRead keeps what was read before: a row wider than
// the header but within MaxColumns is read (and cut to the header), quoted
// separators and line breaks are no cells, and the header may be as wide as
// a spreadsheet row.
func TestRowsUpToTheBoundAreRead(t *testing.T) {
	wide := "a,b\n1,2" + strings.Repeat(",", MaxColumns-2) + "\n" + `"x,y","1` + "\n" + strings.Repeat(",", MaxColumns) + `"` + "\n"
	tab := mustRead(t, wide)
	if len(tab.Records) != 2 || tab.Records[1].Cells[0] != "x,y" || tab.Records[1].Line != 3 {
		t.Errorf("got %+v", tab.Records)
	}
	if got := readErr(t, []byte("a,b\n1,2"+strings.Repeat(",", MaxColumns-1)+"\n"), "import.too_large"); got != "line 2: the row has more than 1000 cells" {
		t.Errorf("one cell too many: %q", got)
	}
	head := "a,b" + strings.Repeat(",", MaxRowCells-2) + "\n"
	if tab := mustRead(t, head+"1,2"+strings.Repeat(",", MaxRowCells-2)+"\n"); len(tab.Records) != 1 || len(tab.Records[0].Cells) != 2 {
		t.Errorf("a header as wide as a spreadsheet: %+v", tab)
	}
	if got := readErr(t, bytes.Repeat([]byte(";"), MaxRowCells), "import.too_large"); got != "line 1: the row has more than 16384 cells" {
		t.Errorf("a blank row too wide: %q", got)
	}
}
