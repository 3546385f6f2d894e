package program

import (
	"testing"

	"github.com/mentorhub/mentorhub/internal/org"
)

func TestNewCodeTransliteratesLettersInsteadOfDroppingThem(t *testing.T) {
	uib := org.Institution{Slug: "uib"}
	for name, want := range map[string]string{
		"Gründerskolen på Ås":          "uib-grunderskolen-pa-as",
		"Mentorgruppe for førsteårs":   "uib-mentorgruppe-for-forstears",
		"Særemne i økonomi":            "uib-saeremne-i-okonomi",
		"Ærlig talt – ÆØÅ":             "uib-aerlig-talt-aeoa",
		"Café for Éléonore & Zoë":      "uib-cafe-for-eleonore-zoe",
		"Sámi oahpahus: Čálli, Đ og Ŋ": "uib-sami-oahpahus-calli-d-og-n",
		"Straße":                       "uib-strasse",
		"Mentor 2026 (pilot)":          "uib-mentor-2026-pilot",
	} {
		if got := newCode(uib, name); got != want {
			t.Errorf("newCode(%q) = %q, want %q", name, got, want)
		}
	}
}
