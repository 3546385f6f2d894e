package tabular

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"io"
	"strings"
	"testing"
	"time"
)

// sharedStringsBomb is a valid workbook (one sheet, two cells) whose
// sharedStrings.xml holds n empty strings, written as a stream: 16 bytes
// each, 95 MiB for six million of them, deflated to a few hundred KB. pad
// adds a stored entry of that many random bytes.
func sharedStringsBomb(t *testing.T, n, pad int) []byte {
	t.Helper()
	base := workbook(t, [][]any{{"a", "b"}})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "xl/sharedStrings.xml" {
			rc, _ := f.Open()
			io.Copy(w, rc)
			rc.Close()
			continue
		}
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
			`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si><si><t>b</t></si>`)
		io.Copy(w, repeated("<si><t></t></si>", n))
		io.WriteString(w, `</sst>`)
	}
	if pad > 0 {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "docProps/pad.bin", Method: zip.Store})
		noise := make([]byte, pad)
		rand.Read(noise)
		w.Write(noise)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestASharedStringsBombIsRefusedQuickly reads workbooks whose shared
// strings unpack to 95 MiB, within MaxUnpackedBytes: the small one is
// refused for unpacking to more than MaxUnpackRatio times its size, the one
// padded to pass that for holding more shared strings than cells; neither
// is decoded (excelize would take a minute and gigabytes).
func TestASharedStringsBombIsRefusedQuickly(t *testing.T) {
	const n = 6_200_000
	small := sharedStringsBomb(t, n, 0)
	padded := sharedStringsBomb(t, n, 1<<20)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"small", small, "the workbook unpacks to more than 100 times its size"},
		{"padded", padded, "the workbook holds more shared strings than its sheets have cells (more than 10002)"},
	} {
		var got string
		a := allocated(func() { got = readErr(t, tc.data, "import.too_large") })
		if got != tc.want {
			t.Errorf("%s (%d KB): got %q, want %q", tc.name, len(tc.data)>>10, got, tc.want)
		}
		if a > 100<<20 {
			t.Errorf("%s: reading allocated %d MB", tc.name, a>>20)
		}
	}
	// The same workbook with a few strings is read.
	if tab, err := testFormat.Read(bytes.NewReader(sharedStringsBomb(t, 1000, 0))); err != nil || tab.Header[1] != "b" {
		t.Errorf("a workbook of a thousand unused strings: %v %v", tab, err)
	}
}

// TestReadingHasADeadline refuses a file that takes longer than
// Limits.Time to read.
func TestReadingHasADeadline(t *testing.T) {
	quick := Format{Name: "test", Columns: testFormat.Columns, Limits: Limits{Time: time.Nanosecond}}
	for _, data := range [][]byte{[]byte("a,b\n1,2\n"), workbook(t, [][]any{{"a", "b"}, {1, 2}})} {
		_, err := quick.Read(bytes.NewReader(data))
		if err == nil || !strings.Contains(err.Error(), "the file takes more than 1ns to read") {
			t.Errorf("got %v", err)
		}
	}
}

// TestCountElementsCountsStartTagsOnly counts each element once, with a
// namespace prefix or without, also where a tag is split across two reads,
// and not its end tag or an element whose name only starts alike.
func TestCountElementsCountsStartTagsOnly(t *testing.T) {
	cell := `<x:c r="A1" t="s"><x:v>0</x:v></x:c><c r="B1"/><cols><col min="1"/></cols>`
	for _, tc := range []struct {
		name, text, local string
		want              int64
	}{
		{"prefixed and plain cells", cell, "c", 2},
		{"prefixed strings", `<x:sst><x:si><x:t>a</x:t></x:si><si><t>b</t></si><x:sis/></x:sst>`, "si", 2},
		{"across reads", strings.Repeat(" ", 32<<10-3) + strings.Repeat(cell, 3), "c", 6},
	} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("part.xml")
		io.WriteString(w, tc.text)
		zw.Close()
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := countElements(zr.File[0], tc.local, -1); err != nil || n != tc.want {
			t.Errorf("%s: %d, %v; want %d", tc.name, n, err, tc.want)
		}
	}
}
