package catalogue

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/tabular"
	"github.com/xuri/excelize/v2"
)

// buildXLSX makes a workbook whose first sheet holds rows (from cell A1)
// and whose second sheet holds junk that must not be read.
func buildXLSX(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("Other"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Other", "A1", "not read"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseXLSX(t *testing.T) {
	sample := readSample(t)
	csvRows, _ := mustParse(t, string(sample))
	lines := strings.Split(strings.TrimSuffix(string(sample), "\n"), "\n")
	var sheet [][]any
	for i, l := range lines {
		var r []any
		for _, c := range strings.Split(strings.ReplaceAll(l, "few students used it; money ended", "X"), ",") {
			r = append(r, c)
		}
		if i > 0 {
			// Typed cells, as a spreadsheet user would make them.
			r[8], r[15] = c8(r[8]), 2000+i // mandatory as a boolean, started as a number
		}
		sheet = append(sheet, r)
		if i == 3 {
			sheet = append(sheet, nil) // a blank row
		}
	}
	sheet[0] = append(sheet[0], "Comment")
	rows, warn, err := Parse(bytes.NewReader(buildXLSX(t, sheet)))
	if err != nil {
		t.Fatalf("%v\n%s", err, details(err))
	}
	if !reflect.DeepEqual(tabular.WarningText(warn), []string{`unknown column "Comment" ignored`}) || len(rows) != 8 {
		t.Fatalf("warnings %v, %d rows", warn, len(rows))
	}
	for i := range csvRows {
		want := csvRows[i]
		want.Line = i + 2
		if i >= 3 {
			want.Line++ // after the blank row
		}
		want.Started = 2000 + i + 1
		if want.EndReason != "" {
			want.EndReason = "X"
		}
		if !reflect.DeepEqual(rows[i], want) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, rows[i], want)
		}
	}
	// Errors name spreadsheet rows.
	sheet[6][3] = "nowhere"
	_, _, err = Parse(bytes.NewReader(buildXLSX(t, sheet)))
	if got := details(err); got != `line 7: column level: must be one of institution, faculty, department, programme, course, not "nowhere"` {
		t.Errorf("got %q", got)
	}
}

func c8(v any) any { return v == "true" }

func TestParseXLSXZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// A raw entry that claims to unpack to 1 TiB.
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: 2, UncompressedSize64: 1 << 40,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte{3, 0}); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	e := parseErr(t, buf.String())
	if e.Key != "import.too_large" || details(e) != "the workbook unpacks to more than 100 MiB" {
		t.Errorf("%s: %q", e.Key, details(e))
	}
	// Many parts that each look small but add up.
	buf.Reset()
	zw = zip.NewWriter(&buf)
	for i := range 3 {
		w, _ := zw.CreateRaw(&zip.FileHeader{Name: "p" + string(rune('a'+i)), Method: zip.Deflate,
			CompressedSize64: 2, UncompressedSize64: 40 << 20})
		_, _ = w.Write([]byte{3, 0})
	}
	_ = zw.Close()
	if e := parseErr(t, buf.String()); e.Key != "import.too_large" {
		t.Errorf("sum: %s %q", e.Key, details(e))
	}
}

func TestParseXLSXNotWorkbook(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("hello.txt")
	_, _ = w.Write([]byte("hello"))
	_ = zw.Close()
	e := parseErr(t, buf.String())
	if e.Key != "import.unreadable" || !strings.HasPrefix(details(e), "the file is not a readable XLSX workbook") {
		t.Errorf("%s: %q", e.Key, details(e))
	}
}

// TestParseXLSXWide: a lone cell in the last column makes a row of 16,384
// cells; a sheet of such rows is refused quickly instead of eating memory.
func TestParseXLSXWide(t *testing.T) {
	tpl := buildXLSX(t, [][]any{{"program_id"}})
	zr, err := zip.NewReader(bytes.NewReader(tpl), int64(len(tpl)))
	if err != nil {
		t.Fatal(err)
	}
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheet.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>program_id</t></is></c></row>`)
	for i := 2; i <= 400; i++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, i, i)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		if f.Name == "xl/worksheets/sheet1.xml" {
			_, _ = w.Write([]byte(sheet.String()))
			continue
		}
		rc, _ := f.Open()
		_, _ = io.Copy(w, rc)
		_ = rc.Close()
	}
	_ = zw.Close()
	e := parseErr(t, buf.String())
	if e.Key != "import.too_large" || !strings.HasPrefix(details(e), "the first sheet has more than 5000000 cells") {
		t.Errorf("%s: %q", e.Key, details(e))
	}
}
