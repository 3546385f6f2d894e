package tabular

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
)

func TestCSVWriterQuotesEveryDataCell(t *testing.T) {
	rows := [][]string{{"a", "", `say "hi"`}, {"x;=cmd", "two\nlines", " 1,5"}}
	for _, tc := range []struct {
		d    CSVDialect
		want string
	}{
		{CSVDialect{}, "name,b,\"c,d\"\n\"a\",\"\",\"say \"\"hi\"\"\"\n\"x;=cmd\",\"two\nlines\",\" 1,5\"\n"},
		{ExcelDialect, "\uFEFFname;b;\"c,d\"\n\"a\";\"\";\"say \"\"hi\"\"\"\n\"x;=cmd\";\"two\nlines\";\" 1,5\"\n"},
	} {
		var buf bytes.Buffer
		w := NewCSVWriter(&buf, tc.d)
		w.WriteHeader([]string{"name", "b", "c,d"})
		for _, r := range rows {
			w.Write(r)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Errorf("%+v: got\n%q\nwant\n%q", tc.d, buf.String(), tc.want)
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
		cr.Comma = rune(NewCSVWriter(nil, tc.d).comma)
		got, err := cr.ReadAll()
		if err != nil || !reflect.DeepEqual(got[1:], rows) {
			t.Errorf("%+v: read back %q, %v", tc.d, got, err)
		}
	}
	if d := DialectOf("semicolon", CSVDialect{}); d != ExcelDialect {
		t.Errorf("semicolon: %+v", d)
	}
	if d := DialectOf("", CSVDialect{BOM: true}); d != (CSVDialect{BOM: true}) {
		t.Errorf("default: %+v", d)
	}
}
