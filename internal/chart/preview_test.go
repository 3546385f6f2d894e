//go:build preview

package chart

// The preview is not part of the normal test run. Write it with
//
//	go test -tags preview -run TestPreview ./internal/chart/
//
// and open file:///tmp/chart-preview.html (it links app.css and chart.css
// from the source tree, under the site's Content-Security-Policy).

import (
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/i18n"
)

func TestPreview(t *testing.T) {
	p := i18n.MustLoad().Printer("nb")
	integer := func(f float64) string { return p.Int(int64(f)) }
	share := func(part, whole int) string {
		if whole <= 0 {
			return "–"
		}
		return p.Int(int64(part)) + " av " + p.Int(int64(whole)) + " (" + p.Percent(float64(part)/float64(whole)) + ")"
	}
	faculties := []struct {
		name        string
		part, whole int
	}{
		{"Det humanistiske fakultet", 412, 1380},
		{"Det matematisk-naturvitenskapelige fakultet", 820, 2950},
		{"Det juridiske fakultet", 260, 410},
		{"Det medisinske fakultet", 75, 1210},
		{"Det samfunnsvitenskapelige fakultet", 1540, 2200},
		{"Det psykologiske fakultet", 0, 640},
		{"Kunstakademiet – Institutt for kunst, design og <kritikk> & \"co\"", 12, 90},
	}
	var bars []Bar
	var shares []Share
	for _, f := range faculties {
		bars = append(bars, Bar{Label: f.name, Value: float64(f.whole), Note: p.Percent(float64(f.whole) / 8880)})
		shares = append(shares, Share{Label: f.name, Part: f.part, Whole: f.whole})
	}
	var many []Bar
	for i := range 40 {
		many = append(many, Bar{Label: "Program " + strconv.Itoa(i+1), Value: float64((i*37)%23) * 11})
	}
	tl := Timeline{
		ID: "tl", Title: "Aktive mentorprogram per år", Desc: "Antallet aktive program har økt fra 3 i 2017 til 14 i 2026.",
		Caption:     "Aktive program per år, med oppretta (▲) og avslutta (▼) program.",
		ActiveLabel: "Aktive program", OpenedLabel: "Oppretta", ClosedLabel: "Avslutta", Format: integer,
		Years: []Year{{2017, 3, 3, 0}, {2018, 4, 1, 0}, {2019, 6, 3, 1}, {2020, 5, 0, 1}, {2021, 7, 2, 0},
			{2022, 9, 3, 1}, {2023, 10, 2, 1}, {2024, 12, 3, 1}, {2025, 13, 1, 0}, {2026, 14, 2, 1}},
	}
	long := Timeline{ID: "tl-long", Title: "Lang tidslinje", Desc: "40 år.", Caption: "40 år med store tall.",
		ActiveLabel: "Active programmes", OpenedLabel: "Opened", ClosedLabel: "Closed", Format: integer}
	for i := range 40 {
		long.Years = append(long.Years, Year{1987 + i, 900 + i*i*7, i % 3, (i % 5) / 4})
	}
	sections := []struct {
		title string
		chart template.HTML
	}{
		{"Studenter per fakultet", BarChart{ID: "fac", Title: "Studenter per fakultet", Desc: "Flest studenter ved MN (2 950), færrest ved Kunstakademiet (90).",
			Caption: "Studenter per fakultet, høsten 2026. Andel av alle i parentes.", Bars: bars, Format: integer}.SVG()},
		{"Studenter med tilbud om mentorprogram", ShareChart{ID: "share", Title: "Andel studenter med tilbud", Desc: "SV har høyest andel (70 %), psykologi ingen.",
			Caption: "Studenter som har fått tilbud om et mentorprogram, per fakultet.", Rows: shares, Format: share}.SVG()},
		{"Tidslinje", tl.SVG()},
		{"Endring i påmeldinger (negative tall)", BarChart{ID: "neg", Title: "Endring", Desc: "Blandet.", Caption: "Endring fra i fjor.",
			Bars: []Bar{{"HF", -120, ""}, {"MN", 340, ""}, {"JUS", -15, ""}, {"MED", 0, ""}}, Format: integer}.SVG()},
		{"40 program", BarChart{ID: "many", Title: "Deltakere per program", Desc: "40 program.", Caption: "Deltakere per program.", Bars: many, Format: integer}.SVG()},
		{"Lang tidslinje", long.SVG()},
		{"Tom", BarChart{ID: "empty", Title: "Ingenting", Desc: "Ingen data å vise ennå.", Caption: "Studenter per fakultet."}.SVG()},
	}

	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src file:; img-src data:">
<title>Diagramforhåndsvisning</title>
<link rel="stylesheet" href="file://%s/../web/static/app.css">
<link rel="stylesheet" href="file://%s/chart.css">
</head><body><header class="site-header"><span class="brand">mentorhub</span></header><main id="main"><h1>Diagrammer</h1>`, dir, dir)
	for i, s := range sections {
		fmt.Fprintf(&b, "<section><h2>%s</h2><div class=\"chart-pair\">%s", template.HTMLEscapeString(s.title), s.chart)
		if i == 0 {
			b.WriteString(`<div class="table-wrap"><table class="data"><caption>Studenter per fakultet</caption><thead><tr><th>Fakultet</th><th class="num">Studenter</th></tr></thead><tbody>`)
			for _, f := range faculties {
				fmt.Fprintf(&b, `<tr><td>%s</td><td class="num">%s</td></tr>`, template.HTMLEscapeString(f.name), p.Int(int64(f.whole)))
			}
			b.WriteString(`</tbody></table></div>`)
		}
		b.WriteString("</div></section>\n")
	}
	b.WriteString(`</main></body></html>`)
	page := b.String()
	if err := os.WriteFile("/tmp/chart-preview.html", []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	// A second page shows the print styles on screen: copies of the
	// stylesheets with "@media print" turned into "@media all".
	for _, css := range []string{"../web/static/app.css", "chart.css"} {
		data, err := os.ReadFile(css)
		if err != nil {
			t.Fatal(err)
		}
		out := "/tmp/chart-print-" + filepath.Base(css)
		if err := os.WriteFile(out, []byte(strings.ReplaceAll(string(data), "@media print", "@media all")), 0o644); err != nil {
			t.Fatal(err)
		}
		page = strings.Replace(page, "file://"+filepath.Join(dir, css), "file://"+out, 1)
		page = strings.Replace(page, "file://"+dir+"/"+css, "file://"+out, 1)
	}
	if err := os.WriteFile("/tmp/chart-preview-print.html", []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Log("wrote /tmp/chart-preview.html and /tmp/chart-preview-print.html")
}
