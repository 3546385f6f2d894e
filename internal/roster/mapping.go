package roster

import (
	"errors"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

// Mapping says which header of an uploaded file holds which spec column
// (spec column → file header), for exports from a student system whose
// headers differ from students.csv / mentors.csv. Spec columns it does not
// name are read under their own names if the file has them. A mapped file
// is also read leniently where student systems write values differently:
// a cohort such as "høst 2025", "H2025" or "2025 vår" is read as 2025H /
// 2025V, and gender K/kvinne and M/mann as f and m.
type Mapping map[string]string

// aliases are the header names student systems (FS and others) use for
// each spec column, as headerKey writes them.
var aliases = map[string][]string{
	"student_number": {"studentnr", "studentnummer", "studnr", "studentid"},
	"mentor_id":      {"mentorid", "mentornr", "ansattnr", "ansattnummer", "studentnr", "studentnummer"},
	"given_name":     {"fornavn", "firstname", "givenname"},
	"family_name":    {"etternavn", "lastname", "surname", "familyname"},
	"email":          {"epost", "epostadresse", "mail", "emailaddress"},
	"programme_code": {"studieprogramkode", "studieprogram", "programkode", "programmecode"},
	"cohort":         {"kull", "startkull", "opptakstermin", "starttermin", "kullkode"},
	"campus":         {"studiested", "campus"},
	"language":       {"språk", "sprak", "målform", "maalform"},
	"gender":         {"kjønn", "kjonn"},
	"international":  {"internasjonal", "utvekslingsstudent", "utveksling"},
	"kind":           {"type", "mentortype"},
	"max_groups":     {"maksgrupper", "antallgrupper"},
	"slots":          {"tider", "tidspunkt"},
}

// columnsOf are the spec columns and required columns of a file kind:
// "mentors", or anything else for students.
func columnsOf(kind string) (all, required []string) {
	if kind == "mentors" {
		return MentorColumns, MentorRequired
	}
	return StudentColumns, StudentRequired
}

// Headers returns the header row of a students or mentors file (read
// with the limits of an upload).
func Headers(r io.Reader) ([]string, error) {
	t, err := Options{Upload: true}.format().Read(r)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(t.Header))
	for _, h := range t.Header {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out, nil
}

// SuggestMapping proposes, for each spec column of kind ("students" or
// "mentors"), the header that names it: by its own name or a common
// student-system name, ignoring case, spaces and punctuation ("E-post",
// "STUDENT NR.", "Maks_grupper"). Each header is proposed for one column at
// most; a header that looks like a national identity number never is.
// Columns without a matching header are left out.
func SuggestMapping(kind string, headers []string) Mapping {
	all, _ := columnsOf(kind)
	m := Mapping{}
	used := make([]bool, len(headers))
	for _, col := range all {
	names:
		for _, name := range append([]string{headerKey(col)}, aliases[col]...) {
			for i, h := range headers {
				if !used[i] && headerKey(h) == name && !isNationalID(h) {
					m[col] = strings.TrimSpace(h)
					used[i] = true
					break names
				}
			}
		}
	}
	return m
}

// headerKey is a header name as SuggestMapping compares it: lower case,
// letters and digits only.
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, strings.ToLower(s))
}

// MappingNeeded reports whether a file lacks a required spec column under
// its own name, so it needs a mapping to be read.
func MappingNeeded(kind string, headers []string) bool {
	_, req := columnsOf(kind)
	for _, col := range req {
		if !slices.ContainsFunc(headers, func(h string) bool { return tabular.NormName(h) == col }) {
			return true
		}
	}
	return false
}

// Key is a signature of a header row (trimmed, lower case, sorted), under
// which a mapping is remembered for the next file of the same layout.
func (m Mapping) Key(headers []string) string {
	hs := make([]string, 0, len(headers))
	for _, h := range headers {
		if h = tabular.NormName(h); h != "" {
			hs = append(hs, h)
		}
	}
	sort.Strings(hs)
	return strings.Join(hs, "\x1f")
}

// Validate checks that every key is a spec column of kind and that no
// file header is used for two columns (headers compared trimmed and
// case-insensitively; an empty header leaves the column unmapped). A
// header that looks like a national identity number is refused as
// ParseStudents refuses it in a file: then that is the only problem
// reported. The error is an *app.Error of code app.CodeInvalid, key
// "import.bad_mapping", with one detail per problem (its column the spec
// column, or the refused header).
func (m Mapping) Validate(kind string) error {
	all, _ := columnsOf(kind)
	var ds, refused []app.Detail
	seen := map[string]string{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, col := range keys {
		h := strings.TrimSpace(m[col])
		switch {
		case !slices.Contains(all, col):
			key := "import.msg.not_a_column.students"
			if kind == "mentors" {
				key = "import.msg.not_a_column.mentors"
			}
			ds = append(ds, tabular.Msg(0, col, key, "is not a column of a %s file", "Kind", kind))
		case h == "":
		case isNationalID(h):
			refused = append(refused, tabular.Msg(0, h, nationalIDKey, "%s", "Text", nationalIDMessage))
		case seen[tabular.NormName(h)] != "":
			ds = append(ds, tabular.Msg(0, col, "import.msg.header_reused", "uses the header %s, already used for %s", "Header", quote(h), "Other", seen[tabular.NormName(h)]))
		default:
			seen[tabular.NormName(h)] = col
		}
	}
	if len(refused) > 0 {
		ds = refused
	}
	if len(ds) > 0 {
		return &app.Error{Code: app.CodeInvalid, Key: "import.bad_mapping", Message: "the column mapping is not valid", Details: ds}
	}
	return nil
}

// apply renames the mapped headers of t to their spec columns and
// normalises the mapped file's cohort, gender and language cells. An
// invalid mapping (see Validate) or a mapped header missing from the file
// is an error on the header line; then apply returns false.
func (m Mapping) apply(rep *tabular.Report, t *tabular.Table, kind string) bool {
	if len(m) == 0 {
		return true
	}
	if err := m.Validate(kind); err != nil {
		for _, d := range app.AsError(err).Details {
			rep.Add(t.HeaderLine, d.Column, d.Key, "%s", append([]any{"Text", d.Message}, argPairs(d.Args)...)...)
		}
		return false
	}
	ok := true
	rename := map[int]string{}
	for col, h := range m {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		i := slices.IndexFunc(t.Header, func(x string) bool { return tabular.NormName(x) == tabular.NormName(h) })
		switch {
		case i < 0:
			rep.Add(t.HeaderLine, col, "import.msg.no_such_header", "the file has no column %s", "Header", quote(h))
			ok = false
		default:
			rename[i] = col
		}
	}
	if !ok {
		return false
	}
	for i, h := range t.Header {
		if col, mapped := rename[i]; mapped {
			t.Header[i] = col
		} else if _, taken := m[tabular.NormName(h)]; taken && strings.TrimSpace(m[tabular.NormName(h)]) != "" {
			// A column under a spec name whose values come from another header.
			t.Header[i] = "(replaced) " + h
		}
	}
	for i, h := range t.Header {
		var norm func(string) string
		switch h {
		case "cohort":
			norm = lenientCohort
		case "gender":
			norm = lenientGender
		case "language":
			norm = lenientLanguage
		default:
			continue
		}
		for _, rec := range t.Records {
			if i < len(rec.Cells) {
				rec.Cells[i] = norm(rec.Cells[i])
			}
		}
	}
	return true
}

// annotate adds to each detail of err about a column read from another
// header the name of that header in the file, as in `line 3: column
// cohort: must be a start term … (file column "Kull")`. It returns err.
func (m Mapping) annotate(err error) error {
	var e *app.Error
	if len(m) == 0 || !errors.As(err, &e) {
		return err
	}
	for i, d := range e.Details {
		h := strings.TrimSpace(m[d.Column])
		if h != "" && tabular.NormName(h) != d.Column {
			e.Details[i].Message += " (file column " + quote(h) + ")"
			if e.Details[i].Args == nil {
				e.Details[i].Args = map[string]any{}
			}
			// Pages add the file column in the reader's language.
			e.Details[i].Args["FileColumn"] = quote(h)
		}
	}
	return err
}

// cohortRE finds a year and a term letter or word on either side of it.
var (
	cohortYearRE = regexp.MustCompile(`(19|20)\d\d`)
	autumnRE     = regexp.MustCompile(`(?i)^(h|høst|host|haust|autumn|fall)$`)
	springRE     = regexp.MustCompile(`(?i)^(v|vår|var|spring)$`)
)

// lenientCohort reads "høst 2025", "H2025", "2025 H", "HØST-2025" and the
// like as 2025H (V for spring); anything else is left for the reader to
// report.
func lenientCohort(v string) string {
	s := strings.TrimSpace(v)
	loc := cohortYearRE.FindStringIndex(s)
	if loc == nil {
		return v
	}
	rest := strings.Trim(s[:loc[0]]+" "+s[loc[1]:], " -_./")
	switch {
	case autumnRE.MatchString(rest):
		return s[loc[0]:loc[1]] + "H"
	case springRE.MatchString(rest):
		return s[loc[0]:loc[1]] + "V"
	}
	return v
}

// lenientGender reads K/kvinne/female as f and M/mann/male as m.
func lenientGender(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "k", "kvinne", "female", "f":
		return "f"
	case "m", "mann", "male":
		return "m"
	}
	return v
}

// lenientLanguage reads the ISO 639-2 codes of Norwegian student systems
// (NOB, NNO, ENG) as nb, nn and en.
func lenientLanguage(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "nob", "bokmål", "bokmal":
		return "nb"
	case "nno", "nynorsk":
		return "nn"
	case "eng", "engelsk", "english":
		return "en"
	}
	return v
}

// argPairs flattens args into name/value pairs for tabular.Msg.
func argPairs(args map[string]any) []any {
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]any, 0, 2*len(args))
	for _, k := range keys {
		out = append(out, k, args[k])
	}
	return out
}
