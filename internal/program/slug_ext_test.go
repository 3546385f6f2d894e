package program_test

import (
	"testing"

	"github.com/mentorhub/mentorhub/internal/app"
)

func TestFoldSpellsLatinLettersInASCII(t *testing.T) {
	for in, want := range map[string]string{
		"Gründerskolen på Ås":   "grunderskolen pa as",
		"Ærlig talt – ÆØÅ":      "aerlig talt – aeoa",
		"Café Zoë, Čálli, Đ, Ŋ": "cafe zoe, calli, d, n",
		"Straße":                "strasse",
	} {
		if got := app.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// A catalogue import that names a new institution makes its slug from the
// name, keeping the words that hold æ/ø/å (cut at a word).
func TestImportedInstitutionSlugKeepsNorwegianLetters(t *testing.T) {
	f := setup(t)
	if _, err := f.svc.Import(f.sys, parse(t, catalogueHeader+goodRows("Norges miljø- og biovitenskapelige universitet", "nmbu", 1))); err != nil {
		t.Fatal(err)
	}
	if _, err := f.repos.Org.FindInstitutionBySlug(f.sys, "norges-miljo-og-biovitenskapelige"); err != nil {
		t.Errorf("no institution with the transliterated slug: %v", err)
	}
}
