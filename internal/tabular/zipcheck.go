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
		return TooLarge("parts", "the workbook has more than %d parts", MaxZipEntries)
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
		return TooLarge("unpacked", "the workbook unpacks to more than %d MiB", lim.UnpackedBytes>>20)
	case total > uint64(size)*MaxUnpackRatio:
		return TooLarge("ratio", "the workbook unpacks to more than %d times its size", MaxUnpackRatio)
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
				return Unreadable(0, "import.msg.bad_xlsx", "the file is not a readable XLSX workbook: %v", "Err", err)
			}
			cells += n
		}
	}
	bound := cells + minSharedStrings
	for _, f := range sst {
		n, err := countElements(f, "si", bound-strs)
		if err != nil {
			return Unreadable(0, "import.msg.bad_xlsx", "the file is not a readable XLSX workbook: %v", "Err", err)
		}
		if strs += n; strs > bound {
			return TooLarge("shared_strings", "the workbook holds more shared strings than its sheets have cells (more than %d)", bound)
		}
	}
	return nil
}

// countElements counts the start tags of element local (with or without a
// namespace prefix) in zip entry f, streaming; it stops when it has counted
// more than max (max < 0: no bound). End tags are not counted, prefixed or
// not, so a namespaced sheet counts each cell once.
func countElements(f *zip.File, local string, max int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	// A start tag is found where it begins; one split across two reads is
	// found by keeping the last bytes, as many as the longest tag looked for.
	keep := len(local) + maxTagPrefix + 3 // '<', "prefix:", local, the delimiter
	buf := make([]byte, 32<<10)
	carry := 0
	var n int64
	for {
		k, err := rc.Read(buf[carry:])
		end := carry + k
		last := end - keep
		if err == io.EOF {
			last = end
		}
		for i := 0; i < last; i++ {
			if buf[i] == '<' && startTag(buf[i+1:end], local) {
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

// maxTagPrefix is the longest namespace prefix countElements recognises.
const maxTagPrefix = 16

// startTag tells whether b, the bytes after a '<', begin a start tag of
// element local: an optional "prefix:", local, then one of " >/\t\r\n".
func startTag(b []byte, local string) bool {
	for i := 0; i < len(b) && i <= maxTagPrefix; i++ {
		c := b[i]
		if c == ':' && i > 0 {
			b = b[i+1:]
			break
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			break
		}
	}
	if len(b) <= len(local) || !bytes.HasPrefix(b, []byte(local)) {
		return false
	}
	switch b[len(local)] {
	case ' ', '>', '/', '\t', '\r', '\n':
		return true
	}
	return false
}
