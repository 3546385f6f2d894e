// Package roster reads the students.csv and mentors.csv interchange files
// (spec/INTERCHANGE.md) into the input of internal/allocate. It follows the
// conventions of the catalogue reader: CSV (UTF-8 with or without BOM,
// comma or semicolon detected from the header, quoted per RFC 4180) or an
// XLSX workbook's first sheet; header names trimmed and case-insensitive in
// any order; unknown columns ignored with a warning; the same size limits;
// and all-or-nothing errors that name every bad line. It knows nothing of
// the database.
package roster

import (
	"io"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// StudentColumns are the students.csv columns, in the order errors sort by.
var StudentColumns = []string{
	"student_number", "given_name", "family_name", "email", "programme_code", "cohort", "campus",
	"language", "gender", "international", "slots", "with", "avoid", "opt_out",
}

// StudentRequired are the students.csv columns a file must have and that
// must not be empty in any row.
var StudentRequired = []string{"student_number", "given_name", "family_name", "email", "programme_code", "cohort"}

// MentorColumns are the mentors.csv columns, in the order errors sort by.
// The last four are mentorhub's extension for one-to-one matching.
var MentorColumns = []string{
	"mentor_id", "given_name", "family_name", "email", "programme_code", "cohort", "kind", "max_groups", "slots",
	"field", "sector", "campus", "languages",
}

// MentorRequired are the mentors.csv columns a file must have and that
// must not be empty in any row.
var MentorRequired = []string{"mentor_id", "given_name", "family_name", "email", "programme_code", "kind"}

// MentorKinds are the values of the kind column (those of the catalogue's
// mentor_kinds).
var MentorKinds = catalogue.MentorKinds

// Genders are the values of the gender column besides empty.
var Genders = []string{"f", "m", "x"}

// ParseStudents reads a students file from r and validates every row of it.
//
// Values are checked as the spec's table says: the required columns must
// be present and non-empty; email is a bare address (net/mail, with a dot
// in the domain); programme_code is letters, digits, '-', '_' and '.' (at
// most 40, as internal/org accepts); cohort is YYYYH or YYYYV with a year
// 1900–2099 (case-insensitive, stored upper case); language a well-formed
// BCP 47 tag; gender f, m, x or empty (stored lower case); international
// and opt_out booleans (true/false, yes/no, ja/nei, 1/0; empty is false);
// slots `|`-separated mon..fri + 08..18, no repeats, stored lower case in
// the order given; ids at most 64 characters without spaces or `|`. A
// student_number repeated is an error on every line that has it, naming
// the others. with and avoid may not name the student's own number, nor
// both name the same student. A with or avoid naming a student not in the
// file is only a warning (`line N: column with: …`): that request is
// dropped, so the rest of the file can still be allocated.
//
// A header that looks like a national identity number (NationalIDColumns)
// refuses the whole file: the error then has that single detail, on the
// header line. Errors are an *app.Error of code app.CodeInvalid, key
// "import.invalid" (or "import.unreadable" / "import.too_large" as for
// catalogue.Parse), whose Details list every problem of every bad line in
// line and column order; render them with catalogue.FormatDetails.
func ParseStudents(r io.Reader) ([]allocate.Student, []string, error) {
	chunks, warns, err := readStudents(r, Options{})
	if err != nil {
		return nil, tabular.WarningText(warns), err
	}
	out := make([]allocate.Student, 0, rowCount(chunks))
	for _, recs := range chunks {
		for i := range recs {
			out = append(out, recs[i].Student)
		}
	}
	return out, tabular.WarningText(warns), nil
}

// StudentRecord is one row of a students file: the allocation engine's
// view of the student plus what the app stores of them.
type StudentRecord struct {
	allocate.Student
	Line                                           int
	GivenName, FamilyName, Email, Campus, Language string
}

// Options change how ReadStudents and ReadMentors read a file.
type Options struct {
	// Mapping reads a student-system export with other headers (spec
	// column → the file's header), its cohort and gender notations
	// normalised (see Mapping); nil reads the spec's headers.
	Mapping Mapping
	// Upload applies the limits of an upload through the app (those of
	// internal/tabular: 20 MiB, 50,000 rows, 100 MiB unpacked XLSX)
	// instead of a national intake's.
	Upload bool
}

func (o Options) format() tabular.Format {
	if o.Upload {
		f := files
		f.Limits = tabular.Limits{}
		return f
	}
	return files
}

// ReadStudents reads a students file as ParseStudents does, keeping every
// column of every row, as the options say.
func ReadStudents(r io.Reader, o Options) ([]StudentRecord, []app.Detail, error) {
	chunks, warns, err := readStudents(r, o)
	if err != nil {
		return nil, warns, err
	}
	return flatten(chunks), warns, nil
}

// readStudents is ReadStudents with the records in chunks (see readRows),
// which ParseStudents copies without joining them first.
func readStudents(r io.Reader, o Options) ([][]StudentRecord, []app.Detail, error) {
	rep, chunks, err := readRows(r, o, "students", func(c *cells, s *StudentRecord) {
		s.Line = c.Line
		s.Number = c.id("student_number", true)
		s.GivenName = c.Text("given_name", true)
		s.FamilyName = c.Text("family_name", true)
		s.Email = c.email("email")
		s.Programme = c.code("programme_code")
		s.Cohort = c.cohort("cohort", true)
		s.Campus = c.Text("campus", false)
		s.Language = c.lang("language")
		s.Gender = c.Word("gender", Genders, false)
		s.International = c.boolean("international")
		s.Slots = c.slots("slots")
		s.With = c.id("with", false)
		s.Avoid = c.id("avoid", false)
		s.OptOut = c.boolean("opt_out")
		if s.Number != "" {
			if s.With == s.Number {
				c.Bad("with", "import.msg.own_number", "names the student's own number %s", "Value", quote(s.Number))
			}
			if s.Avoid == s.Number {
				c.Bad("avoid", "import.msg.own_number", "names the student's own number %s", "Value", quote(s.Number))
			}
		}
		if s.With != "" && s.With == s.Avoid && s.With != s.Number {
			c.Bad("avoid", "import.msg.avoid_is_with", "names the same student as with (%s)", "Value", quote(s.With))
		}
	})
	if err != nil {
		return nil, nil, err
	}
	keys := dupKeys(chunks, func(s *StudentRecord) (int, string) { return s.Line, s.Number })
	rows := keyRows(keys)
	rep.Duplicates("student_number", repeated("student_number", keys, rows))
	if err := rep.Err(); err != nil {
		return nil, rep.Warnings(), o.Mapping.annotate(err)
	}
	for _, out := range chunks {
		for i := range out {
			for _, ref := range []struct {
				column string
				v      *string
			}{{"with", &out[i].With}, {"avoid", &out[i].Avoid}} {
				if *ref.v != "" && rows[*ref.v] == 0 {
					rep.Warn(out[i].Line, ref.column, "import.msg.request_ignored", "student %s is not in the file; the request is ignored", "Value", quote(*ref.v))
					*ref.v = ""
				}
			}
		}
	}
	return chunks, rep.Warnings(), nil
}

// ParseMentors reads a mentors file from r and validates every row of it,
// under the rules of ParseStudents for the shared columns: kind is one of
// MentorKinds (case-insensitive, stored lower case); max_groups a whole
// number ≥ 1, 1 when empty; cohort optional. A mentor_id repeated is an
// error on every line that has it, naming the others.
func ParseMentors(r io.Reader) ([]allocate.Mentor, []string, error) {
	chunks, warns, err := readMentors(r, Options{})
	if err != nil {
		return nil, tabular.WarningText(warns), err
	}
	out := make([]allocate.Mentor, 0, rowCount(chunks))
	for _, recs := range chunks {
		for i := range recs {
			out = append(out, recs[i].Mentor)
		}
	}
	return out, tabular.WarningText(warns), nil
}

// MentorRecord is one row of a mentors file: the allocation engine's view
// of the mentor plus what the app stores of them, with the optional
// one-to-one profile (field, sector, campus, languages).
type MentorRecord struct {
	allocate.Mentor
	Line                         int
	GivenName, FamilyName, Email string
	Field, Sector, Campus        string
	Languages                    []string
}

// ReadMentors reads a mentors file as ParseMentors does, keeping every
// column of every row; languages is a `|`-separated list of BCP 47 tags.
// Options work as for ReadStudents.
func ReadMentors(r io.Reader, o Options) ([]MentorRecord, []app.Detail, error) {
	chunks, warns, err := readMentors(r, o)
	if err != nil {
		return nil, warns, err
	}
	return flatten(chunks), warns, nil
}

// readMentors is ReadMentors with the records in chunks, as readStudents.
func readMentors(r io.Reader, o Options) ([][]MentorRecord, []app.Detail, error) {
	rep, chunks, err := readRows(r, o, "mentors", func(c *cells, m *MentorRecord) {
		m.Line = c.Line
		m.ID = c.id("mentor_id", true)
		m.GivenName = c.Text("given_name", true)
		m.FamilyName = c.Text("family_name", true)
		m.Email = c.email("email")
		m.Programme = c.code("programme_code")
		m.Cohort = c.cohort("cohort", false)
		m.Kind = c.Word("kind", MentorKinds, true)
		m.MaxGroups = c.integer("max_groups", 1, 1)
		m.Slots = c.slots("slots")
		m.Field = c.Text("field", false)
		m.Sector = c.Text("sector", false)
		m.Campus = c.Text("campus", false)
		m.Languages = c.langs("languages")
	})
	if err != nil {
		return nil, nil, err
	}
	keys := dupKeys(chunks, func(m *MentorRecord) (int, string) { return m.Line, m.ID })
	rep.Duplicates("mentor_id", repeated("mentor_id", keys, keyRows(keys)))
	if err := rep.Err(); err != nil {
		return nil, rep.Warnings(), o.Mapping.annotate(err)
	}
	return chunks, rep.Warnings(), nil
}

// rowCount is how many rows the chunks of readRows hold.
func rowCount[R any](chunks [][]R) int {
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	return n
}

// dupKeys are the keys of the rows of chunks that have one (key gives a
// record's line and key, "" for none), in row order, for rep.Duplicates.
func dupKeys[R any](chunks [][]R, key func(*R) (line int, key string)) []tabular.DupKey {
	keys := make([]tabular.DupKey, 0, rowCount(chunks))
	for _, c := range chunks {
		for i := range c {
			if line, k := key(&c[i]); k != "" {
				keys = append(keys, tabular.DupKey{Line: line, Key: k})
			}
		}
	}
	return keys
}

// keyRows counts the rows of each key.
func keyRows(keys []tabular.DupKey) map[string]int32 {
	n := make(map[string]int32, len(keys))
	for _, k := range keys {
		n[k.Key]++
	}
	return n
}

// repeated keeps, in place and in order, the keys (of column) on more than
// one row (rows counts them, see keyRows), labelled as rep.Duplicates names
// them. Duplicates reports the same for them as for every key, and a
// national intake's 160,000 unique numbers are neither labelled nor
// gathered into lists of lines.
func repeated(column string, keys []tabular.DupKey, rows map[string]int32) []tabular.DupKey {
	out := keys[:0]
	for _, k := range keys {
		if rows[k.Key] > 1 {
			k.Label, k.Value = column+" "+quote(k.Key), quote(k.Key)
			out = append(out, k)
		}
	}
	return out
}
