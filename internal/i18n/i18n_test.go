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

// keyUses are the places a message key is written in Go code: a
// translation call, an error or a detail's Key, and the readers' problem
// and warning calls (key after the line and column, see tabular.Msg).
var keyUses = []*regexp.Regexp{
	regexp.MustCompile(`\.T\("([a-z0-9_.]+)"`),
	regexp.MustCompile(`\.TMap\("([a-z0-9_.]+)"`),
	regexp.MustCompile(`\bKey: +"([a-z0-9_.]+)"`),
	regexp.MustCompile(`app\.Invalid\("([a-z0-9_.]+)"`),
	regexp.MustCompile(`app\.Errorf\([A-Za-z.]+, "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\.Bad\([^,()]+, "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\.(?:Add|Warn)\([^,()]+, [^,()]+, "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\bMsg\([^,()]+, [^,()]+, "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\bUnreadable\([^,()]+(?:\([^()]*\))?, "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\bbad\("[a-z_]+", "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\binvalid\("([a-z0-9_.]+)"`),
	regexp.MustCompile(`\bbad\(col, "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\b(?:key|d\.Key) = "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\bkey := "([a-z0-9_.]+)"`),
	regexp.MustCompile(`\{"[^"]*", "([a-z]+\.[a-z0-9_.]+)"\}`), // prefix tables such as web's unplacedReason
}

// tooLarge finds the limits of tabular.TooLarge, whose key is
// "import.limit.<limit>".
var tooLarge = regexp.MustCompile(`\bTooLarge\("([a-z_]+)"`)

// Key prefixes a key is built from at run time ("groups.rule." + n, or
// printf "kind.%s" in a template): at least one key must start with each.
var (
	goPrefix   = regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*[._])" *\+`)
	tmplPrefix = regexp.MustCompile(`\.T \(printf "([a-z0-9_.]+)%`)
	tmplKey    = regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
)

// TestEveryKeyUsedInTemplatesAndCodeExists scans the templates and Go files
// for the keys they use and checks that every language has each of them;
// a key built at run time must at least have its prefix in each language
// (the vocabularies behind them are checked where they are defined).
func TestEveryKeyUsedInTemplatesAndCodeExists(t *testing.T) {
	c := MustLoad()
	have := map[string]map[string]bool{}
	for _, l := range Languages {
		have[l] = map[string]bool{}
		for _, k := range c.Keys(l) {
			have[l][k] = true
		}
	}
	hasPrefix := func(l, prefix string) bool {
		for k := range have[l] {
			if strings.HasPrefix(k, prefix) && k != prefix {
				return true
			}
		}
		return false
	}
	found, prefixes := 0, 0
	spaces := map[string]bool{}
	for k := range have["nb"] {
		space, _, _ := strings.Cut(k, ".")
		spaces[space] = true
	}
	check := func(p, key string, prefix bool) {
		// A key that ends in "." or "_" is the start of one built at run time.
		prefix = prefix || strings.HasSuffix(key, ".") || strings.HasSuffix(key, "_")
		for _, l := range Languages {
			switch {
			case prefix && !hasPrefix(l, key):
				t.Errorf("%s builds keys from %q, but %s.json has none", p, key, l)
			case !prefix && !have[l][key]:
				t.Errorf("%s uses %q, which %s.json lacks", p, key, l)
			}
		}
	}
	filepath.Walk("..", func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		src := string(data)
		switch {
		case strings.HasSuffix(p, ".html"):
			for _, m := range tmplKey.FindAllStringSubmatch(src, -1) {
				found++
				check(p, m[1], false)
			}
			for _, m := range tmplPrefix.FindAllStringSubmatch(src, -1) {
				prefixes++
				check(p, m[1], true)
			}
		case strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"):
			for _, re := range keyUses {
				for _, m := range re.FindAllStringSubmatch(src, -1) {
					found++
					check(p, m[1], false)
				}
			}
			for _, m := range tooLarge.FindAllStringSubmatch(src, -1) {
				found++
				check(p, "import.limit."+m[1], false)
			}
			for _, m := range goPrefix.FindAllStringSubmatch(src, -1) {
				// Only a catalogue's namespace is a key ("map." + column
				// names a form field).
				if space, _, _ := strings.Cut(m[1], "."); spaces[space] {
					prefixes++
					check(p, m[1], true)
				}
			}
		}
		return nil
	})
	if found < 300 || prefixes < 20 {
		t.Fatalf("found only %d keys and %d key prefixes in use: the scan is broken", found, prefixes)
	}
}

// TestEveryMessageRendersInEveryLanguage fails on an empty translation or
// one whose template does not parse (which would show the bare key).
func TestEveryMessageRendersInEveryLanguage(t *testing.T) {
	c := MustLoad()
	for _, l := range Languages {
		p := c.Printer(l)
		bad := func(k, got string) bool { return got == k || strings.TrimSpace(got) == "" }
		for _, k := range c.Keys(l) {
			// A plural message renders with a Count, any other without.
			one, two := p.TMap(k, map[string]any{"Count": 1}), p.TMap(k, map[string]any{"Count": 2})
			if got := p.TMap(k, nil); bad(k, got) && (bad(k, one) || bad(k, two)) {
				t.Errorf("%s %q renders as %q (Count 1: %q, Count 2: %q)", l, k, got, one, two)
			}
		}
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
