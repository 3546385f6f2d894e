package tabular

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
)

// MaxUnpackRatio bounds how much larger than the file an XLSX workbook may
// unpack: workbooks written by spreadsheets and by excelize unpack to 3–20
// times their size (a 50,000-row sheet of one repeated word: 19 times), a
// zip bomb to hundreds or a thousand times. So a workbook may unpack to at
// most 100 times its size, and never more than Limits.UnpackedBytes.
const MaxUnpackRatio = 100

// minSharedStrings is how many shared strings a workbook may hold beyond
// the cells of its sheets (a spreadsheet may keep strings no cell uses any
// longer, after editing).
const minSharedStrings = 10_000

// checkZip checks a workbook before excelize opens it: at most
// MaxZipEntries parts; declared unpacked sizes that add up to at most
// Limits.UnpackedBytes and MaxUnpackRatio times the file (archive/zip
// refuses an entry that unpacks to more than it declares, so the
// declaration cannot lie); and no more shared strings than cells in its
// sheets, plus minSharedStrings. The strings and cells are counted in a
// stream, without decoding the XML, and the count stops at the bound, so a
// sharedStrings.xml of millions of empty strings costs a fraction of a
// second instead of a minute of XML decoding and gigabytes of memory.
func checkZip(zr *zip.Reader, size int64, lim Limits) error {
	if len(zr.File) > MaxZipEntries {
		return TooLarge("the workbook has more than %d parts", MaxZipEntries)
	}
	var total uint64 // at most MaxZipEntries × UnpackedBytes: no overflow
	for _, f := range zr.File {
		if f.UncompressedSize64 > lim.UnpackedBytes {
			total = lim.UnpackedBytes + 1
			break
		}
		total += f.UncompressedSize64
	}
	switch {
	case total > lim.UnpackedBytes:
		return TooLarge("the workbook unpacks to more than %d MiB", lim.UnpackedBytes>>20)
	case total > uint64(size)*MaxUnpackRatio:
		return TooLarge("the workbook unpacks to more than %d times its size", MaxUnpackRatio)
	}
	var cells, strs int64
	var sst []*zip.File
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		switch {
		case name == "xl/sharedstrings.xml":
			sst = append(sst, f)
		case strings.HasPrefix(name, "xl/worksheets/sheet"):
			n, err := countElements(f, "c", -1)
			if err != nil {
				return Unreadable(0, "the file is not a readable XLSX workbook: %v", err)
			}
			cells += n
		}
	}
	bound := cells + minSharedStrings
	for _, f := range sst {
		n, err := countElements(f, "si", bound-strs)
		if err != nil {
			return Unreadable(0, "the file is not a readable XLSX workbook: %v", err)
		}
		if strs += n; strs > bound {
			return TooLarge("the workbook holds more shared strings than its sheets have cells (more than %d)", bound)
		}
	}
	return nil
}

// countElements counts the start tags of element local (with or without a
// namespace prefix) in zip entry f, streaming; it stops when it has counted
// more than max (max < 0: no bound).
func countElements(f *zip.File, local string, max int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	// A tag is '<' or ':' then the name then one of " >/\t\r\n"; a tag
	// split across two reads is found by keeping the last bytes.
	keep := len(local) + 1
	buf := make([]byte, 32<<10)
	carry := 0
	var n int64
	for {
		k, err := rc.Read(buf[carry:])
		end := carry + k
		chunk := buf[:end]
		for i := 0; i+len(local)+1 < end; i++ {
			if c := chunk[i]; c != '<' && c != ':' {
				continue
			}
			if !bytes.HasPrefix(chunk[i+1:], []byte(local)) {
				continue
			}
			switch chunk[i+1+len(local)] {
			case ' ', '>', '/', '\t', '\r', '\n':
				if n++; max >= 0 && n > max {
					return n, nil
				}
			}
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		carry = min(keep, end)
		copy(buf, buf[end-carry:end])
	}
}
