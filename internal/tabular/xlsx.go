package tabular

import (
	"archive/zip"
	"bytes"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads the first sheet of an XLSX workbook into a table; a row's
// line is its spreadsheet row number. Before excelize sees the file, the
// zip directory and the shared strings are checked (checkZip), so that a
// small file cannot make it unpack or decode more than the file can hold.
// each is Format.Each.
func readXLSX(data []byte, lim Limits, deadline time.Time, each func(*Table, Record)) (*Table, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, Unreadable(0, "import.msg.bad_zip", "the file looks like a zip archive but cannot be opened: %v", "Err", err)
	}
	if err := checkZip(zr, int64(len(data)), lim); err != nil {
		return nil, err
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: int64(lim.UnpackedBytes)})
	if err != nil {
		return nil, Unreadable(0, "import.msg.bad_xlsx", "the file is not a readable XLSX workbook: %v", "Err", err)
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, Unreadable(0, "import.msg.no_sheet", "the workbook has no sheet")
	}
	rows, err := wb.Rows(sheets[0])
	if err != nil {
		return nil, Unreadable(0, "import.msg.bad_sheet", "the first sheet of the workbook cannot be read: %v", "Err", err)
	}
	defer rows.Close()
	t := &Table{maxRows: lim.Rows, each: each}
	seen := 0
	for n := 1; rows.Next(); n++ {
		if time.Now().After(deadline) {
			return nil, tooSlow(lim)
		}
		// Raw values: numbers as stored ("1200", not "1 200"), booleans as 1/0.
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, Unreadable(n, "import.msg.bad_sheet_row", "row %d of the first sheet cannot be read: %v", "Row", n, "Err", err)
		}
		// A row is as wide as its last cell: a lone cell in column XFD makes
		// 16,384 of them, and costs as much time.
		if seen += len(cells); seen > lim.SheetCells {
			return nil, TooLarge("sheet_cells", "the first sheet has more than %d cells (counting empty ones before a row's last cell)", lim.SheetCells)
		}
		for _, c := range cells {
			if !utf8.ValidString(c) {
				return nil, Unreadable(n, "import.msg.sheet_not_utf8", "row %d of the first sheet holds text that is not UTF-8", "Row", n)
			}
		}
		if err := t.add(n, cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, Unreadable(0, "import.msg.bad_sheet", "the first sheet of the workbook cannot be read: %v", "Err", err)
	}
	if t.Header == nil {
		return nil, Unreadable(0, "import.msg.empty_sheet", "the first sheet is empty: a header row is required")
	}
	return t, nil
}
