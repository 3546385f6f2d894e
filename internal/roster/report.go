package roster

import (
	"strings"

	"github.com/mentorhub/mentorhub/internal/tabular"
)

// files are the files this package reads: the separator of a CSV is the
// one whose header names more columns of a students or mentors file. The
// limits of a roster file are those of internal/tabular, which reads it
// (as it does a catalogue import).
// files reads student and mentor files. A national intake is about 160,000
// students (20–30 MB as CSV), so the limits are set for that, well above the
// upload defaults; an HTTP upload is bounded by its handler before it gets here.
var files = tabular.Format{Name: "roster", Columns: [][]string{StudentColumns, MentorColumns},
	Limits: tabular.Limits{InputBytes: 256 << 20, UnpackedBytes: 1 << 30, Rows: 1_000_000, SheetCells: 30_000_000}}

// NationalIDColumns are header names that look like a national identity
// number (fødselsnummer). mentorhub never asks for or stores one: a file
// with such a column is refused whole. Headers are compared in lower case
// with spaces, hyphens, dots and underscores removed, so "National ID" and
// "national-id" are caught too.
var NationalIDColumns = []string{
	"fodselsnummer", "fødselsnummer", "fnr", "personnummer", "ssn", "national_id",
	"fodselsnr", "fødselsnr", "personnr", "nationalidentitynumber", "nin",
}

// squash is a header name without case, spaces, hyphens, dots and underscores.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.', '\t':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// nationalIDMessage is the message of a header refused by isNationalID.
const nationalIDMessage = "looks like a national identity number (fødselsnummer): mentorhub never accepts or stores them; remove the column and try again"

// nationalIDKey is the message key of nationalIDMessage.
const nationalIDKey = "import.msg.national_id"

// isNationalID tells whether header cell h names a national identity number.
func isNationalID(h string) bool {
	s := squash(h)
	for _, c := range NationalIDColumns {
		if s == squash(c) {
			return true
		}
	}
	return false
}

// bind maps the header of t onto the columns of rep (see
// tabular.Report.Bind). refused is true when the header has a national
// identity number column: that is then the only problem reported, and no
// row is to be read.
func bind(rep *tabular.Report, t *tabular.Table, required []string) (idx map[string]int, refused bool) {
	for _, h := range t.Header {
		if isNationalID(h) {
			rep.Add(t.HeaderLine, strings.TrimSpace(h), nationalIDKey, "%s", "Text", nationalIDMessage)
			refused = true
		}
	}
	if refused {
		return nil, true
	}
	return rep.Bind(t, required), false
}
