// Package tabular reads tabular interchange files (CSV or XLSX) into
// validated cells, and collects every problem by line and column.
//
// It is the machinery shared by the readers of the interchange formats
// (internal/catalogue for catalogue.csv and population files,
// internal/roster for students.csv and mentors.csv):
//
//   - Read turns the bytes of a file into a Table: UTF-8 CSV (with or
//     without BOM, comma or semicolon detected from the header, quoted per
//     RFC 4180, lines numbered physically even across quoted line breaks)
//     or the first sheet of an XLSX workbook (lines are spreadsheet rows),
//     all under the size limits MaxInputBytes, MaxUnpackedBytes, MaxRows,
//     MaxColumns, MaxZipEntries and MaxSheetCells. What could cost more
//     than the file is checked before it is built: a CSV row's cells are
//     counted without building them (MaxRowCells, and no more than the
//     header has or MaxColumns), an XLSX workbook may unpack to at most
//     MaxUnpackRatio times its size and hold no more shared strings than
//     cells; reading stops after MaxReadTime.
//   - A Report binds the header to the columns of a file kind (trimmed and
//     case-insensitive, unknown columns a warning), collects every problem
//     as an app.Detail{Line, Column, Message}, and turns them into one
//     all-or-nothing *app.Error sorted by line and then column order, with
//     at most FullDetails problems listed in full. Every problem and
//     warning is made by Msg: its Message is the contract's English (what
//     the API and the command line show, `line N: column X: …`), its Key
//     and Args (an "import.msg.…" key of internal/i18n) what a page shows
//     in the reader's language.
//   - Cells reads the cells of one record by column name: trimming, the
//     MaxCellChars limit, control characters, required cells, closed
//     vocabularies, `|`-separated lists, booleans and whole numbers.
//
// The package knows no column of any file: the callers name them.
package tabular
