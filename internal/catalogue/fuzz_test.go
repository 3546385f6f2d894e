package catalogue

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// checkError checks the shape of a Parse error: always an *app.Error of
// code invalid with at least one detail, details sorted by line.
func checkError(t *testing.T, err error) {
	t.Helper()
	var e *app.Error
	if !errors.As(err, &e) || e.Code != app.CodeInvalid || len(e.Details) == 0 {
		t.Fatalf("bad error %#v", err)
	}
	for i := 1; i < len(e.Details); i++ {
		if e.Details[i].Line < e.Details[i-1].Line {
			t.Fatalf("details out of order: %v", e.Details)
		}
	}
}

func FuzzParse(f *testing.F) {
	sample, err := os.ReadFile("testdata/catalogue.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add(bytes.ReplaceAll(sample, []byte(","), []byte(";")))
	f.Add([]byte(header + "a,U,,faculty,\"=x\n'y\",first_year,open_dropin,alumni|external,ja,opt_in,,1,2 - 3,,,2010,2011,\"'+z\",closed,,,http://x.no,3|1\n"))
	f.Add([]byte(header + "'a,U,,faculty,N,first_year,open_dropin,alumni,true,opt_in,,true,,,,2010,,,active,,,,\n"))
	f.Add([]byte("program_id\n\"x"))
	f.Add(buildXLSX(f, [][]any{{"program_id", "Name"}, {"a", "=b"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _, err := Parse(bytes.NewReader(data))
		if err != nil {
			checkError(t, err)
			return
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, rows); err != nil {
			t.Fatal(err)
		}
		again, _, err := Parse(&buf)
		if err != nil {
			t.Fatalf("reparse: %v\n%s\n%s", err, details(err), buf.Bytes())
		}
		if !reflect.DeepEqual(withoutLines(again), withoutLines(rows)) {
			t.Fatalf("round trip:\n got %#v\nwant %#v", again, rows)
		}
	})
}

func FuzzParsePopulations(f *testing.F) {
	f.Add([]byte("programme_code;programme_name;unit;cohort;students\nBAMN-BIO;Bio;;2025H;3\nBAMN-BIO;Bio;;2025h;3\n"))
	f.Add([]byte("programme_code,programme_name,cohort,students\nX,\"a\nb\",2025V,1 000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _, err := ParsePopulations(bytes.NewReader(data))
		if err != nil {
			checkError(t, err)
			return
		}
		for _, p := range rows {
			if p.ProgrammeCode == "" || p.ProgrammeName == "" || len(p.Cohort) != 5 || p.Students < 0 {
				t.Fatalf("invalid row accepted: %+v", p)
			}
		}
	})
}
