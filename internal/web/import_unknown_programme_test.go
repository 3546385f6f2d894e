package web_test

import (
	"strings"
	"testing"
)

// The import preview warns, in the reader's language, of study programme
// codes the institution does not know, naming the lines; the import is
// still offered.
func TestImportPreviewWarnsOfUnknownProgrammes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	spec := "student_number,given_name,family_name,email,programme_code,cohort\n" +
		"300001,Per,Hansen,per@example.no,BAMN-BIO,2026H\n" +
		"300002,Kari,Hansen,kari@example.no,BAMN-UKJENT,2026H\n" +
		"300003,Ola,Hansen,ola@example.no,BAMN-UKJENT,2026H\n"
	code, b := upload(t, e, c, csrf, pilot, "students", "students.csv", []byte(spec))
	if code != 200 || !strings.Contains(b, "import-commit") {
		t.Fatalf("preview: %d %.300s", code, b)
	}
	if !strings.Contains(b, `id="unknown-programmes"`) || !strings.Contains(b, "BAMN-UKJENT: 2 linjer (3, 4)") ||
		!strings.Contains(b, "Institusjonen kjenner ikke studieprogramkoden under") {
		t.Errorf("no warning of the unknown programme: %.600s", b[strings.Index(b, "<main"):])
	}
	if strings.Contains(b, "BAMN-BIO: ") {
		t.Error("a known programme is warned of")
	}
}
