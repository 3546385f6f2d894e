package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var localeFiles embed.FS

// Languages are the supported languages, the default first.
var Languages = []string{"nb", "nn", "en"}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Catalog holds every language's messages; it is safe for concurrent use.
type Catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	keys       map[string]map[string]bool
	matcher    language.Matcher
}

// Load reads the embedded catalogues.
func Load() (*Catalog, error) {
	c := &Catalog{bundle: i18n.NewBundle(language.Norwegian), localizers: map[string]*i18n.Localizer{}, keys: map[string]map[string]bool{}}
	c.bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, lang := range Languages {
		// Each language is lang.json plus any area files area.lang.json
		// (e.g. people.nb.json); a key may be defined only once.
		names, err := fs.Glob(localeFiles, "locales/*."+lang+".json")
		if err != nil {
			return nil, err
		}
		names = append([]string{"locales/" + lang + ".json"}, names...)
		c.keys[lang] = map[string]bool{}
		for _, name := range names {
			data, err := fs.ReadFile(localeFiles, name)
			if err != nil {
				return nil, err
			}
			var raw map[string]any
			if err := json.Unmarshal(data, &raw); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			for k := range raw {
				if c.keys[lang][k] {
					return nil, fmt.Errorf("%s: key %s is defined twice", name, k)
				}
				c.keys[lang][k] = true
			}
			// go-i18n knows the tag from the file name; nb/nn need their own tags.
			if _, err := c.bundle.ParseMessageFileBytes(data, lang+".json"); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		c.localizers[lang] = i18n.NewLocalizer(c.bundle, lang)
	}
	c.matcher = language.NewMatcher([]language.Tag{language.MustParse("nb"), language.MustParse("nn"), language.English})
	return c, nil
}

// MustLoad is Load that panics: the catalogues are embedded, so an error is a
// bug caught by the first test.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Keys returns the keys of one language, sorted.
func (c *Catalog) Keys(lang string) []string {
	var out []string
	for k := range c.keys[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Match picks the best supported language for an Accept-Language header.
func (c *Catalog) Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "nb"
	}
	// "no" (Norwegian) and "nb" both mean bokmål; x/text matches them.
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return "nb"
	}
	return Languages[idx]
}

// Printer translates for one language.
type Printer struct {
	Lang string
	c    *Catalog
}

// Printer returns a printer for lang (bokmål if unsupported).
func (c *Catalog) Printer(lang string) *Printer {
	if !Supported(lang) {
		lang = "nb"
	}
	return &Printer{Lang: lang, c: c}
}

// T translates key; args are name/value pairs for the message template, and
// a "Count" argument selects the plural form.
func (p *Printer) T(key string, args ...any) string {
	data := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	return p.TMap(key, data)
}

// TMap translates key with a map of template data.
func (p *Printer) TMap(key string, data map[string]any) string {
	cfg := &i18n.LocalizeConfig{MessageID: key, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := p.c.localizers[p.Lang].Localize(cfg)
	if err != nil {
		return key // a missing key shows itself; the catalogue test catches it first
	}
	return s
}

var months = map[string][]string{
	"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"nn": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Oslo is the time zone every time is shown in.
var Oslo = mustZone("Europe/Oslo")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}

// Date formats a date as "5. juni 2026" (nb, nn) or "5 June 2026" (en), in Oslo time.
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Oslo)
	m := months[p.Lang][t.Month()-1]
	if p.Lang == "en" {
		return fmt.Sprintf("%d %s %d", t.Day(), m, t.Year())
	}
	return fmt.Sprintf("%d. %s %d", t.Day(), m, t.Year())
}

// ShortDate formats a date as 05.06.2026 (never with slashes).
func (p *Printer) ShortDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Oslo).Format("02.01.2006")
}

// Time formats a clock time as "kl. 13.00" (nb, nn) or "13:00" (en).
func (p *Printer) Time(t time.Time) string {
	t = t.In(Oslo)
	if p.Lang == "en" {
		return t.Format("15:04")
	}
	return "kl. " + t.Format("15.04")
}

// DateTime formats date and time together.
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.Date(t) + " " + p.Time(t)
}

// nbsp separates thousands in Norwegian and in our English pages alike, so a
// number never breaks across lines.
const nbsp = "\u00a0"

// Int formats an integer with a non-breaking space between thousands (10 000).
func (p *Printer) Int(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			if p.Lang == "en" {
				b.WriteString(",")
			} else {
				b.WriteString(nbsp)
			}
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// Decimal formats a number with the given decimals and a decimal comma (nb, nn).
func (p *Printer) Decimal(f float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, f)
	whole, frac, _ := strings.Cut(s, ".")
	var n int64
	fmt.Sscan(strings.TrimPrefix(whole, "-"), &n)
	out := p.Int(n)
	if strings.HasPrefix(whole, "-") {
		out = "−" + out
	}
	if decimals > 0 {
		sep := ","
		if p.Lang == "en" {
			sep = "."
		}
		out += sep + frac
	}
	return out
}

// Number formats a quantity such as hours (2, 2,5, 0,25): whole numbers
// without decimals, others with as few as show it (at most two).
func (p *Printer) Number(f float64) string {
	for d := 0; d < 2; d++ {
		if v := f * math.Pow(10, float64(d)); v == math.Trunc(v) {
			return p.Decimal(f, d)
		}
	}
	return p.Decimal(f, 2)
}

// Percent formats a share (0.42) as "42 %" (nb, nn) or "42%" (en).
func (p *Printer) Percent(share float64) string {
	v := p.Decimal(share*100, 0)
	if p.Lang == "en" {
		return v + "%"
	}
	return v + nbsp + "%"
}

// slotRE is a weekly meeting slot of the contract: a weekday and an hour.
var slotRE = regexp.MustCompile(`^(mon|tue|wed|thu|fri)(0[89]|1[0-8])$`)

// Slot says a weekly meeting slot ("fri12") as "fredag 12:00" (nb, nn) or
// "Friday 12:00" (en). Every page and export that shows a slot uses it; a
// code it cannot read is shown as it is.
func (p *Printer) Slot(code string) string {
	if !slotRE.MatchString(code) {
		return code
	}
	return p.T("day."+code[:3]) + " " + code[3:] + ":00"
}
