package tabular

import (
	"archive/zip"
	"bytes"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads the first sheet of an XLSX workbook into a table; a row's
// line is its spreadsheet row number. Before excelize sees the file, the
// zip directory is checked: its declared unpacked sizes may not add up to
// more than MaxUnpackedBytes (archive/zip also refuses an entry that unpacks
// to more than it declares, so the declaration cannot lie).
func readXLSX(data []byte, lim Limits) (*Table, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, Unreadable(0, "the file looks like a zip archive but cannot be opened: %v", err)
	}
	if len(zr.File) > MaxZipEntries {
		return nil, TooLarge("the workbook has more than %d parts", MaxZipEntries)
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > lim.UnpackedBytes-total {
			return nil, TooLarge("the workbook unpacks to more than %d MiB", lim.UnpackedBytes>>20)
		}
		total += f.UncompressedSize64
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: int64(lim.UnpackedBytes)})
	if err != nil {
		return nil, Unreadable(0, "the file is not a readable XLSX workbook: %v", err)
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, Unreadable(0, "the workbook has no sheet")
	}
	rows, err := wb.Rows(sheets[0])
	if err != nil {
		return nil, Unreadable(0, "the first sheet of the workbook cannot be read: %v", err)
	}
	defer rows.Close()
	t := &Table{maxRows: lim.Rows}
	seen := 0
	for n := 1; rows.Next(); n++ {
		// Raw values: numbers as stored ("1200", not "1 200"), booleans as 1/0.
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, Unreadable(n, "row %d of the first sheet cannot be read: %v", n, err)
		}
		// A row is as wide as its last cell: a lone cell in column XFD makes
		// 16,384 of them, and costs as much time.
		if seen += len(cells); seen > lim.SheetCells {
			return nil, TooLarge("the first sheet has more than %d cells (counting empty ones before a row's last cell)", lim.SheetCells)
		}
		for _, c := range cells {
			if !utf8.ValidString(c) {
				return nil, Unreadable(n, "row %d of the first sheet holds text that is not UTF-8", n)
			}
		}
		if err := t.add(n, cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, Unreadable(0, "the first sheet of the workbook cannot be read: %v", err)
	}
	if t.Header == nil {
		return nil, Unreadable(0, "the first sheet is empty: a header row is required")
	}
	return t, nil
}
