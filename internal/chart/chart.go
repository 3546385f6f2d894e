// Package chart renders small, accessible SVG charts as html/template-safe
// markup, with no dependencies and no JavaScript.
//
// Every chart is a <figure class="chart"> holding an <svg role="img"> named by
// its <title> and <desc>, and a <figcaption>. The SVG has a viewBox and
// width="100%", so it scales to its container; the chart rules (appended to
// app.css) limits its width and adapts it to print and forced colours. No
// style attributes or <style> elements are written, so the charts work under
// a Content-Security-Policy without 'unsafe-inline': colours are presentation
// attributes, which the stylesheet may override through the class names.
//
// Series are told apart by shape and pattern as well as colour (WCAG 1.4.1),
// so the charts also read in black and white. Numbers are formatted by
// caller-supplied functions, so the page's locale rules apply (for example
// i18n.Printer's Int, Decimal and Percent). Every text from the caller is
// HTML-escaped. The page shows the data as a table next to each chart; the
// charts do not repeat it.
package chart

import (
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Layout, in SVG user units: at the width limit in chart.css one unit is
// about one CSS pixel, and on a 360 px phone the 14-unit text is still about
// 11.5 px.
const (
	width     = 360.0
	fontSize  = 14.0
	lineH     = 17.0 // distance between wrapped label lines
	barH      = 18.0 // thickness of a bar or share track
	rowGap    = 10.0 // space between two bars
	gap       = 8.0  // space between a label and its bar
	maxLines  = 2    // label lines before a label is cut with "…"
	labelFrac = 0.42 // widest share of the chart a label column may take
)

// The palette of app.css; chart.css may override it through the class names.
const (
	colText    = "#1a1a1a"
	colMuted   = "#595959"
	colPrimary = "#1f4e79"
	colGrid    = "#d0d7de"
	colAxis    = "#6b6b6b"
	colDanger  = "#b3261e"
	colSuccess = "#1e6b34"
	colWhite   = "#ffffff"
)

// esc escapes text for both element content and quoted attribute values.
func esc(s string) string { return html.EscapeString(s) }

// num formats a coordinate with at most one decimal.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	f = math.Round(f*10) / 10
	if f == 0 {
		f = 0 // no "-0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// finite returns f, or 0 when f is NaN or infinite.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// defaultFormat is used when the caller gives no formatter.
func defaultFormat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if math.Abs(f) >= 1e15 {
		s = strconv.FormatFloat(f, 'g', 6, 64)
	}
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:]
	}
	return s
}

// chartID turns id into a safe element id (letters, digits, "-", "_",
// starting with a letter); an empty id is derived from the chart's content.
func chartID(id string, content ...string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := b.String()
	if s == "" {
		h := fnv.New64a()
		for _, c := range content {
			h.Write([]byte(c))
			h.Write([]byte{0})
		}
		return fmt.Sprintf("chart-%x", h.Sum64())
	}
	if c := s[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		s = "chart-" + s
	}
	return s
}

// svg accumulates the markup of one chart.
type svg struct {
	strings.Builder
	id string
}

// f writes formatted markup; callers escape every text argument with esc.
func (b *svg) f(format string, args ...any) { fmt.Fprintf(b, format, args...) }

// open writes the figure, the svg element and its title and desc.
func (b *svg) open(kind, title, desc string, h float64) {
	b.f(`<figure class="chart chart-%s" id="%s">`, kind, b.id)
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" aria-labelledby="%[1]s-title %[1]s-desc"`, b.id)
	b.f(` viewBox="0 0 %s %s" preserveAspectRatio="xMinYMin meet" width="100%%"`, num(width), num(h))
	b.f(` font-size="%s" fill="%s">`, num(fontSize), colText)
	b.f(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, b.id, esc(title), b.id, esc(desc))
}

// close ends the svg and the figure, with the caption if there is one.
func (b *svg) close(caption string) template.HTML {
	b.WriteString(`</svg>`)
	b.caption(caption)
	return template.HTML(b.String()) // #nosec G203 -- built from escaped text only
}

func (b *svg) caption(caption string) {
	if caption != "" {
		b.f(`<figcaption id="%s-caption">%s</figcaption>`, b.id, esc(caption))
	}
	b.WriteString(`</figure>`)
}

// empty renders a chart without data: the figure holds msg (the caller's
// localized "no data" text) as a paragraph instead of an svg.
func (b *svg) empty(kind, msg, caption string) template.HTML {
	b.f(`<figure class="chart chart-%s chart-nodata" id="%s">`, kind, b.id)
	b.f(`<p class="chart-empty">%s</p>`, esc(msg))
	b.caption(caption)
	return template.HTML(b.String()) // #nosec G203 -- built from escaped text only
}

// hatch writes a pattern of diagonal lines, referenced as url(#id).
func (b *svg) hatch(id, color string, spacing float64) {
	b.f(`<pattern id="%s" patternUnits="userSpaceOnUse" width="%s" height="%s" patternTransform="rotate(45)">`, id, num(spacing), num(spacing))
	b.f(`<rect width="%[1]s" height="%[1]s" fill="%[2]s"/><line x1="0" y1="0" x2="0" y2="%[1]s" stroke="%[3]s" stroke-width="%[4]s"/></pattern>`,
		num(spacing), colWhite, color, num(spacing/2.5))
}

// lines writes a multi-line text block vertically centred on cy; anchor is
// an SVG text-anchor value.
func (b *svg) lines(class string, x, cy float64, anchor string, lines []string) {
	y := cy - float64(len(lines)-1)*lineH/2 + fontSize*0.35
	b.f(`<text class="%s" x="%s" y="%s" text-anchor="%s">`, class, num(x), num(y), anchor)
	for i, l := range lines {
		if i == 0 {
			b.f(`<tspan x="%s">%s</tspan>`, num(x), esc(l))
		} else {
			b.f(`<tspan x="%s" dy="%s">%s</tspan>`, num(x), num(lineH), esc(l))
		}
	}
	b.WriteString(`</text>`)
}
