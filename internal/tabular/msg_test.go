package tabular

import (
	"bytes"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Msg keeps the contract's English and gives pages a key with named
// arguments; pairs beyond the format's verbs are for translations only.
func TestMsgKeepsTheEnglishAndNamesItsArguments(t *testing.T) {
	d := Msg(3, "email", "import.msg.x", "must be %s, not %d%%", "Allowed", "a or b", "N", 7, "Extra", true)
	if d.Message != "must be a or b, not 7%" || d.Line != 3 || d.Column != "email" || d.Key != "import.msg.x" {
		t.Errorf("%+v", d)
	}
	if d.Args["Allowed"] != "a or b" || d.Args["N"] != 7 || d.Args["Extra"] != true {
		t.Errorf("args %v", d.Args)
	}
}

// A file that cannot be read says why with a key, as every other problem.
func TestUnreadableFilesSayWhyWithAKey(t *testing.T) {
	f := Format{Name: "test", Columns: [][]string{{"a", "b"}}}
	for name, data := range map[string][]byte{
		"old excel": []byte("\xD0\xCF\x11\xE0rest"),
		"not utf-8": []byte("a,b\n\xff\xfe,1\n"),
		"binary":    []byte("a,b\n1,\x00\n"),
		"quoting":   []byte("a,b\n\"x,1\n"),
		"empty":     []byte("\n\n"),
		"bad zip":   []byte("PK\x03\x04garbage"),
	} {
		_, err := f.Read(bytes.NewReader(data))
		e := app.AsError(err)
		if e == nil || e.Key != "import.unreadable" || len(e.Details) != 1 || e.Details[0].Key == "" || e.Details[0].Message != e.Message {
			t.Errorf("%s: %v %+v", name, err, e)
		}
	}
}

// A quoting mistake is named by its kind, so a page can explain it.
func TestQuotingMistakesAreNamedByKind(t *testing.T) {
	f := Format{Name: "test", Columns: [][]string{{"a", "b"}}}
	for data, key := range map[string]string{
		"a,b\nx\"y,1\n":     "import.msg.bare_quote",
		"a,b\n\"x,1\n2,3\n": "import.msg.open_quote",
	} {
		_, err := f.Read(bytes.NewReader([]byte(data)))
		e := app.AsError(err)
		if e == nil || len(e.Details) != 1 || e.Details[0].Key != key {
			t.Errorf("%q: %+v, want key %s", data, e, key)
		}
	}
}
