package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEveryLanguageHasEveryKey fails when a key exists in one catalogue but
// not in another, or a translation is empty.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	c := MustLoad()
	all := map[string]bool{}
	for _, l := range Languages {
		for _, k := range c.Keys(l) {
			all[k] = true
		}
	}
	for _, l := range Languages {
		have := map[string]bool{}
		for _, k := range c.Keys(l) {
			have[k] = true
		}
		for k := range all {
			if !have[k] {
				t.Errorf("%s.json lacks %q", l, k)
			}
		}
	}
	if len(all) < 100 {
		t.Fatalf("only %d keys: catalogue not loaded?", len(all))
	}
}

// TestEveryKeyUsedInTemplatesAndCodeExists scans the templates and Go files
// for literal keys and checks that each language has them.
func TestEveryKeyUsedInTemplatesAndCodeExists(t *testing.T) {
	c := MustLoad()
	have := map[string]bool{}
	for _, k := range c.Keys("nb") {
		have[k] = true
	}
	tmplKey := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	goKey := regexp.MustCompile(`"((?:error|login)\.[a-z_]+)"`)
	found := 0
	filepath.Walk("..", func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		var re *regexp.Regexp
		switch {
		case strings.HasSuffix(p, ".html"):
			re = tmplKey
		case strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"):
			re = goKey
		default:
			return nil
		}
		data, _ := os.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			found++
			if !have[m[1]] {
				t.Errorf("%s uses %q, which the catalogue lacks", p, m[1])
			}
		}
		return nil
	})
	if found < 50 {
		t.Fatalf("found only %d keys in use: the scan is broken", found)
	}
}

func TestPluralsFollowCLDR(t *testing.T) {
	c := MustLoad()
	for lang, want := range map[string][2]string{
		"nb": {"1 institusjon bruker mentorhub.", "2 institusjoner bruker mentorhub."},
		"nn": {"1 institusjon brukar mentorhub.", "0 institusjonar brukar mentorhub."},
		"en": {"1 institution uses mentorhub.", "2 institutions use mentorhub."},
	} {
		p := c.Printer(lang)
		if got := p.T("dashboard.national.count", "Count", 1); got != want[0] {
			t.Errorf("%s one: %q", lang, got)
		}
		n := 2
		if lang == "nn" {
			n = 0
		}
		if got := p.T("dashboard.national.count", "Count", n); got != want[1] {
			t.Errorf("%s other: %q", lang, got)
		}
	}
}

func TestMatchAcceptLanguage(t *testing.T) {
	c := MustLoad()
	for header, want := range map[string]string{
		"nn-NO,nn;q=0.9": "nn", "nb-NO": "nb", "no": "nb", "en-GB,en;q=0.8": "en",
		"de-DE": "nb", "": "nb", "sv;q=0.9,nn;q=0.5": "nn",
	} {
		if got := c.Match(header); got != want {
			t.Errorf("Accept-Language %q: got %s, want %s", header, got, want)
		}
	}
}

func TestNorwegianFormats(t *testing.T) {
	c := MustLoad()
	nb, en := c.Printer("nb"), c.Printer("en")
	summer := time.Date(2026, 6, 5, 11, 0, 0, 0, time.UTC) // 13.00 in Oslo (CEST)
	if got := nb.Date(summer); got != "5. juni 2026" {
		t.Errorf("nb date: %q", got)
	}
	if got := nb.ShortDate(summer); got != "05.06.2026" {
		t.Errorf("nb short date: %q", got)
	}
	if got := nb.Time(summer); got != "kl. 13.00" {
		t.Errorf("nb time: %q", got)
	}
	if got := en.Date(summer); got != "5 June 2026" {
		t.Errorf("en date: %q", got)
	}
	if got := nb.Int(10000); got != "10\u00a0000" {
		t.Errorf("nb 10000: %q", got)
	}
	if got := nb.Int(1234567); got != "1\u00a0234\u00a0567" {
		t.Errorf("nb 1234567: %q", got)
	}
	if got := nb.Int(999); got != "999" {
		t.Errorf("nb 999: %q", got)
	}
	if got := nb.Decimal(1234.5, 1); got != "1\u00a0234,5" {
		t.Errorf("nb decimal: %q", got)
	}
	if got := nb.Percent(0.45); got != "45\u00a0%" {
		t.Errorf("nb percent: %q", got)
	}
	if got := en.Int(10000); got != "10,000" {
		t.Errorf("en 10000: %q", got)
	}
}

func TestSlotsReadAsDayAndHour(t *testing.T) {
	c := MustLoad()
	for lang, want := range map[string]string{"nb": "fredag 12:00", "nn": "fredag 12:00", "en": "Friday 12:00"} {
		if got := c.Printer(lang).Slot("fri12"); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := c.Printer("nn").Slot("tue08"); got != "tysdag 08:00" {
		t.Errorf("nn tue08: %q", got)
	}
	for _, code := range []string{"", "fri", "sat12", "fri19", "Fri12"} {
		if got := c.Printer("nb").Slot(code); got != code {
			t.Errorf("%q: %q", code, got)
		}
	}
}
