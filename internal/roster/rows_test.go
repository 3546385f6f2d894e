package roster

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// withRows runs f with the rows of a file checked in chunks of size rows
// on workers goroutines.
func withRows(size, workers int, f func()) {
	oldSize, oldWorkers := chunkRows, rowWorkers
	defer func() { chunkRows, rowWorkers = oldSize, oldWorkers }()
	chunkRows, rowWorkers = size, func() int { return workers }
	f()
}

// badStudents is a students file of n rows where some lines have one bad
// cell, some many and some repeat a number of another chunk, so that the
// problems pass FullDetails: every 7th row has five bad cells, every 13th
// an unknown with and every 101st the number of row 3.
func badStudents(n int) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Join(StudentColumns, ",") + "\n")
	for i := range n {
		num, email, code, cohort, gender, slots, with := fmt.Sprintf("s%d", i), fmt.Sprintf("s%d@x.no", i), "BAMN-BIO", "2025H", "f", "mon10", ""
		switch {
		case i%7 == 0:
			email, code, cohort, gender, slots = "nope", "BAD CODE", "2025X", "q", "sat10|mon10|mon10|"
		case i%5 == 0:
			cohort = "1899H"
		}
		if i%13 == 0 {
			with = fmt.Sprintf("gone%d", i)
		}
		if i%101 == 0 && i > 0 {
			num = "s3"
		}
		fmt.Fprintf(&b, "%s,G,F,%s,%s,%s,,nb,%s,false,%s,%s,,false\n", num, email, code, cohort, gender, slots, with)
	}
	return b.Bytes()
}

// TestRowsCheckedApartReportAsOnePass: a file whose bad lines are spread
// over many chunks, checked on several goroutines, reports the same
// details (in line order, with the same ones left unlisted beyond
// FullDetails) and the same records and warnings as a single pass over
// every row.
func TestRowsCheckedApartReportAsOnePass(t *testing.T) {
	bad := badStudents(9000)
	var goodRows bytes.Buffer
	goodRows.Write(badStudents(0))
	for i := range 5000 {
		fmt.Fprintf(&goodRows, "g%d,G,F,g%d@x.no,BAMN-BIO,2025H,,nb,f,false,mon10,g%d,missing,false\n", i, i, (i+1)%5000)
	}
	mentors := writeMentors(nil)
	var badMentors bytes.Buffer
	badMentors.Write(mentors)
	for i := range 3000 {
		kind := "faculty"
		if i%9 == 0 {
			kind = "boss"
		}
		fmt.Fprintf(&badMentors, "m%d,G,F,m%d@x.no,BAMN-BIO,2025H,%s,%d,mon10\n", i%2900, i, kind, i%3)
	}
	type result struct {
		Records  any
		Warnings []app.Detail
		Err      error
	}
	// The same file with a national identity number column, without the
	// cohort column, with bad quoting on its last line, as XLSX and as a
	// student-system export read through a mapping.
	refused := bytes.Replace(bad, []byte("student_number,"), []byte("fnr,student_number,"), 1)
	refused = bytes.ReplaceAll(refused, []byte("\n"), []byte(",x\n"))
	missing := bytes.Replace(bad, []byte(",cohort,"), []byte(",kull,"), 1)
	badQuote := append(bytes.Clone(bad), "s9,G,F,\"s9@x.no,X,2025H\n"...)
	mapped := bytes.Replace(bad, []byte("student_number,given_name"), []byte("Studentnr,Fornavn"), 1)
	mapping := Mapping{"student_number": "Studentnr", "given_name": "Fornavn"}
	read := func(kind string, data []byte, m Mapping) result {
		if kind == "mentors" {
			recs, warns, err := ReadMentors(bytes.NewReader(data), Options{Mapping: m})
			return result{recs, warns, err}
		}
		recs, warns, err := ReadStudents(bytes.NewReader(data), Options{Mapping: m})
		return result{recs, warns, err}
	}
	for _, file := range []struct {
		name, kind string
		data       []byte
		mapping    Mapping
	}{
		{"bad students", "students", bad, nil},
		{"good students", "students", goodRows.Bytes(), nil},
		{"bad mentors", "mentors", badMentors.Bytes(), nil},
		{"refused header", "students", refused, nil},
		{"missing column", "students", missing, nil},
		{"bad quoting at the end", "students", badQuote, nil},
		{"xlsx", "students", csvToXLSX(t, badStudents(2000)), nil},
		{"mapped", "students", mapped, mapping},
	} {
		var want result
		withRows(1<<30, 1, func() { want = read(file.kind, file.data, file.mapping) })
		s := details(want.Err)
		switch file.name {
		case "bad students", "mapped":
			if !strings.Contains(s, "more problems are not listed") || !strings.Contains(s, "also on line") {
				t.Fatalf("%s: the file does not reach FullDetails or has no repeated numbers:\n%s", file.name, s[max(0, len(s)-300):])
			}
		case "refused header", "bad quoting at the end":
			if len(app.AsError(want.Err).Details) != 1 {
				t.Fatalf("%s: want one detail, got\n%.300s", file.name, s)
			}
		case "missing column":
			if !strings.HasPrefix(s, "line 1: column cohort: required column is missing\n") {
				t.Fatalf("%s: got\n%.300s", file.name, s)
			}
		}
		for _, c := range []struct{ size, workers int }{{1, 2}, {64, 2}, {97, 4}, {1000, 3}, {2048, 2}, {64, 1}} {
			var got result
			withRows(c.size, c.workers, func() { got = read(file.kind, file.data, file.mapping) })
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s in chunks of %d rows on %d goroutines: differs from one pass\ngot  %.300s\nwant %.300s",
					file.name, c.size, c.workers, details(got.Err), details(want.Err))
			}
		}
	}
}

// TestRowPanicReachesTheCaller: a panic while checking a row is raised on
// the goroutine that reads the file (where an HTTP server recovers it),
// not on a worker, where it would end the process.
func TestRowPanicReachesTheCaller(t *testing.T) {
	defer func() {
		if r := recover(); r != "line 700" {
			t.Errorf("recovered %v", r)
		}
	}()
	withRows(100, 2, func() {
		readRows(bytes.NewReader(badStudents(1000)), Options{}, "students", func(c *cells, _ *StudentRecord) {
			if c.Line == 700 {
				panic("line 700")
			}
		})
	})
	t.Error("no panic")
}
