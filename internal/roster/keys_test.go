package roster

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Every problem and warning of a roster file carries a message key (and
// its arguments), so that a page can say it in the reader's language; the
// English stays the contract's.
func TestEveryProblemAndWarningHasAKey(t *testing.T) {
	long := strings.Repeat("x", 2001)
	files := map[string]string{
		"students": "student_number,given_name,family_name,email,programme_code,cohort,language,gender,international,slots,with,avoid,opt_out,note\n" +
			"s1,,B,nope,BIO BIO,2026X,??,q,maybe,mon10|sat99||mon10,s1,s1,2\n" +
			"s2,A,B,a@example.no,BIO,2026H,nb,f,yes,,s2x,s2x,\n" +
			"s2,A," + long + ",a@example.no,BIO,2026H,nb,,,,,,\n" +
			"s4,A,B\x01,a@example.no,BIO,2026H,nb,,,,,ghost,\n" +
			"s5,A,B,a@example.no,BIO,2026H,,,,,,,,,,extra\n",
		"mentors": "mentor_id,given_name,family_name,email,programme_code,kind,max_groups,languages\n" +
			"m 1,A,B,a@example.no,BIO,guru,0,nb||zz-ZZZZZZZZZZ\n" +
			"m2,A,B,a@example.no,BIO,alumni,1,nb\nm2,A,B,a@example.no,BIO,alumni,1,nb\n",
		"fnr":     "student_number,fødselsnummer\n1,2\n",
		"missing": "student_number,given_name,given_name\n1,A,A\n",
	}
	for name, data := range files {
		var ds, ws []app.Detail
		var err error
		if name == "mentors" {
			_, ws, err = ReadMentors(bytes.NewReader([]byte(data)), Options{})
		} else {
			_, ws, err = ReadStudents(bytes.NewReader([]byte(data)), Options{})
		}
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		ds = app.AsError(err).Details
		if len(ds) < 2 && name != "fnr" {
			t.Errorf("%s: only %d problems: %s", name, len(ds), details(err))
		}
		for _, d := range append(ds, ws...) {
			if !strings.HasPrefix(d.Key, "import.msg.") || d.Message == "" || d.Args == nil {
				t.Errorf("%s: %+v has no key", name, d)
			}
		}
	}
	// A warning (a request naming no one in the file) has a key too.
	_, ws, err := ReadStudents(strings.NewReader("student_number,given_name,family_name,email,programme_code,cohort,avoid\n"+
		"s1,A,B,a@example.no,BIO,2026H,ghost\n"), Options{})
	if err != nil || len(ws) != 1 || ws[0].Key != "import.msg.request_ignored" || ws[0].Line != 2 || ws[0].Column != "avoid" {
		t.Errorf("warning %+v (%v)", ws, err)
	}
}
