package tabular

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// update regenerates the checked-in fixtures under testdata:
//
//	go test ./internal/tabular -run TestFixtures -update
var update = flag.Bool("update", false, "regenerate the XLSX fixtures in testdata")

// wideSheetFixture is a workbook whose first sheet has a header cell in A1
// and then, from row 2, one cell in the last column (XFD) per row, for
// enough rows to pass MaxSheetCells: a sheet of millions of (empty) cells
// in a file of a few kilobytes. Building it takes excelize seconds, so it
// is made once, by TestFixtures with -update, and checked in.
const wideSheetFixture = "testdata/wide-sheet.xlsx"

// buildWideSheet makes the workbook of wideSheetFixture.
func buildWideSheet() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellValue("Sheet1", "A1", "a"); err != nil {
		return nil, err
	}
	for i := 2; i <= MaxSheetCells/16384+2; i++ {
		if err := f.SetCellValue("Sheet1", fmt.Sprintf("XFD%d", i), "x"); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestFixtures regenerates the fixtures with -update; without it, it
// checks that each one is still what its generator describes.
func TestFixtures(t *testing.T) {
	if *update {
		b, err := buildWideSheet()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.FromSlash(wideSheetFixture), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A cheap look at the sheet's XML (excelize would spend seconds
	// building the cells): the header, and a lone XFD cell per row for
	// more than MaxSheetCells cells.
	zr, err := zip.OpenReader(filepath.FromSlash(wideSheetFixture))
	if err != nil {
		t.Fatalf("%s: %v (regenerate it with -update)", wideSheetFixture, err)
	}
	defer zr.Close()
	rc, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatalf("%s: %v", wideSheetFixture, err)
	}
	sheet, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatalf("%s: %v", wideSheetFixture, err)
	}
	rows := MaxSheetCells/16384 + 1
	if n := bytes.Count(sheet, []byte(`<c r="XFD`)); n != rows || !bytes.Contains(sheet, []byte(`<c r="A1"`)) {
		t.Errorf("%s: %d cells in column XFD, want %d after a header in A1 (regenerate it with -update)", wideSheetFixture, n, rows)
	}
}
