package catalogue

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/tabular"
)

func TestParsePopulations(t *testing.T) {
	in := "\uFEFFCohort;Programme_Code;programme_name;Students;Note\r\n" +
		"2025h;BAMN-BIO;Biology;639;x\r\n" +
		"\r\n" +
		"2025V;BAMN-BIO;Biology;0;\r\n" +
		"2024H;MAMN-INF;\"Informatics; master\";1 200;\r\n"
	got, warn, err := ParsePopulations(strings.NewReader(in))
	if err != nil {
		t.Fatalf("%v\n%s", err, details(err))
	}
	want := []Population{
		{Line: 2, ProgrammeCode: "BAMN-BIO", ProgrammeName: "Biology", Cohort: "2025H", Students: 639},
		{Line: 4, ProgrammeCode: "BAMN-BIO", ProgrammeName: "Biology", Cohort: "2025V", Students: 0},
		{Line: 5, ProgrammeCode: "MAMN-INF", ProgrammeName: "Informatics; master", Cohort: "2024H", Students: 1200},
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(tabular.WarningText(warn), []string{`unknown column "Note" ignored`}) {
		t.Errorf("got %+v, warnings %v", got, warn)
	}
	got, _, err = ParsePopulations(strings.NewReader("programme_code,programme_name,unit,cohort,students\nX,Name,MN,2020V,5\n"))
	if err != nil || got[0].Unit != "MN" {
		t.Errorf("unit: %+v %v", got, err)
	}
}

func TestParsePopulationsBad(t *testing.T) {
	in := "programme_code,programme_name,unit,cohort,students\n" +
		"BAMN-BIO,Biology,,2025H,10\n" +
		",,,2025X,-1\n" +
		"BAMN-BIO,Biology again,,2025h,12\n" +
		"MAMN-INF,Informatics,,1949V,\n" +
		"MAMN-INF,Informatics,,2025,many\n"
	_, _, err := ParsePopulations(strings.NewReader(in))
	var e *app.Error
	if !errors.As(err, &e) || e.Code != app.CodeInvalid || e.Key != "import.invalid" || e.Message != "the file has 5 bad lines" {
		t.Fatalf("got %v", err)
	}
	want := `line 2: column programme_code: programme_code "BAMN-BIO" with cohort 2025H also on line 4
line 3: column programme_code: is required
line 3: column programme_name: is required
line 3: column cohort: must be a start term like 2025H (autumn) or 2025V (spring), not "2025X"
line 3: column students: must be a whole number from 0 to 1000000, not "-1"
line 4: column programme_code: programme_code "BAMN-BIO" with cohort 2025H also on line 2
line 5: column cohort: must be a start term like 2025H (autumn) or 2025V (spring), not "1949V"
line 5: column students: is required
line 6: column cohort: must be a start term like 2025H (autumn) or 2025V (spring), not "2025"
line 6: column students: must be a whole number from 0 to 1000000, not "many"`
	if got := FormatDetails(e.Details); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	_, _, err = ParsePopulations(strings.NewReader("programme_code,name\nX,Y\n"))
	if got := details(err); got != "line 1: column programme_name: required column is missing\n"+
		"line 1: column cohort: required column is missing\nline 1: column students: required column is missing" {
		t.Errorf("missing columns: %q", got)
	}
}
