package tabular

import "errors"

// MaxRowCells is the most cells any CSV row may have, blank ones included:
// no spreadsheet row is wider (Excel stops at column XFD, 16,384).
const MaxRowCells = 16_384

// errStop ends a scan early without an error.
var errStop = errors.New("stop")

// scanRecords walks the records of CSV text data separated by sep without
// building them, as encoding/csv would split them (RFC 4180 quotes; a
// record may span lines inside quotes). For each record it calls fn with
// the line it starts on, its number of cells and whether every cell is
// blank; fn may stop the walk by returning an error. It allocates nothing,
// so the width of a row can be refused before encoding/csv builds a string
// for each of its cells. The walk gives up on a record at maxCells + 1
// cells, reporting that many.
func scanRecords(data []byte, sep byte, maxCells func() int, fn func(line, cells int, blank bool) error) error {
	line, i := 1, 0
	for i < len(data) {
		start, cells, blank, limit := line, 1, true, maxCells()
	record:
		for {
			if i < len(data) && data[i] == '"' {
				for i++; i < len(data); i++ {
					c := data[i]
					if c == '"' {
						if i+1 < len(data) && data[i+1] == '"' {
							i++
							blank = false
							continue
						}
						i++
						break
					}
					if c == '\n' {
						line++
					}
					if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
						blank = false
					}
				}
			}
			for ; i < len(data); i++ {
				c := data[i]
				switch {
				case c == sep:
					i++
					if cells++; cells > limit {
						break record
					}
					continue record
				case c == '\n':
					i++
					line++
					break record
				case c != ' ' && c != '\t' && c != '\r':
					blank = false
				}
			}
			break
		}
		if err := fn(start, cells, blank); err != nil {
			return err
		}
	}
	return nil
}

// checkWidths refuses CSV text whose rows are too wide before anything
// builds them: the header (the first non-blank row) and the rows before it
// may have at most MaxRowCells cells, and every later row at most as many
// as the header, or MaxColumns if that is more (rows a little wider than
// the header are reported as bad rows later, with the others). With
// headerOnly it stops after the header: the separator is detected from the
// header by splitting it at either separator, which must not cost more.
func checkWidths(data []byte, sep byte, headerOnly bool) error {
	header := 0
	bound := func() int {
		if header == 0 {
			return MaxRowCells
		}
		return max(header, MaxColumns)
	}
	err := scanRecords(data, sep, bound, func(line, cells int, blank bool) error {
		if cells > bound() {
			e := TooLarge("row_cells", "the row has more than %d cells", bound())
			if header == 0 && !blank {
				e = TooLarge("header_cells", "the header row has more than %d cells", bound())
			}
			e.Details[0].Line = line
			return e
		}
		if header == 0 && !blank {
			if headerOnly {
				return errStop
			}
			header = cells
		}
		return nil
	})
	if err == errStop {
		return nil
	}
	return err
}
