package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Share is one row of a ShareChart: Part of Whole, e.g. students offered a
// program out of all students of a faculty.
type Share struct {
	Label string // as Bar.Label
	Part  int    // the covered part, e.g. students offered a program
	Whole int    // the whole, e.g. all students of the faculty
}

// ShareChart shows shares as 100 % bars: each row is an outlined track whose
// covered part is filled and whose rest is hatched, so the two read apart in
// black and white too.
type ShareChart struct {
	ID      string                       // id of the figure and prefix of the ids inside it; cleaned to [A-Za-z0-9_-]; empty = derived from the content
	Title   string                       // the svg's accessible name
	Desc    string                       // summary of the data in words (empty = a list of the values); shown instead of the chart when Rows is empty
	Caption string                       // visible figure caption; optional
	Rows    []Share                      // top to bottom; any number, the chart grows taller
	Format  func(part, whole int) string // text after each track, e.g. "12 av 40 (30 %)"; nil = "12/40"
}

// SVG renders the chart. A part below zero counts as none, a part above the
// whole as all of it, and a whole of zero or less as an empty track.
func (c ShareChart) SVG() template.HTML {
	labels := make([]string, len(c.Rows))
	texts := make([]string, len(c.Rows))
	format := c.Format
	if format == nil {
		format = func(part, whole int) string { return strconv.Itoa(part) + "/" + strconv.Itoa(whole) }
	}
	for i, s := range c.Rows {
		labels[i] = s.Label
		texts[i] = format(s.Part, s.Whole)
	}
	b := &svg{id: chartID(c.ID, append([]string{"share", c.Title, c.Desc, c.Caption}, labels...)...)}
	if len(c.Rows) == 0 {
		return b.empty("share", c.Desc, c.Caption)
	}

	right := math.Min(math.Ceil(maxWidth(texts))+gap, width/2)
	r := layoutRows(labels, right)
	x0 := r.x0(0)
	trackW := math.Max(20, width-x0-right-1)
	rest := b.id + "-rest"

	desc := c.Desc
	if desc == "" {
		parts := make([]string, len(c.Rows))
		for i, s := range c.Rows {
			parts[i] = s.Label + ": " + texts[i]
		}
		desc = strings.Join(parts, "; ")
	}
	b.open("share", c.Title, desc, r.height)
	b.WriteString(`<defs>`)
	b.hatch(rest, "#9aa2ab", 6)
	b.WriteString(`</defs>`)
	for i, s := range c.Rows {
		cy, y := r.centers[i], num(r.centers[i]-barH/2)
		b.f(`<g class="chart-row"><title>%s</title>`, esc(strings.TrimSpace(s.Label+": "+texts[i])))
		r.label(b, i)
		b.f(`<rect class="chart-rest" x="%s" y="%s" width="%s" height="%s" fill="url(#%s)"/>`, num(x0), y, num(trackW), num(barH), rest)
		b.f(`<rect class="chart-bar" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x0), y, num(ratio(s)*trackW), num(barH), colPrimary)
		b.f(`<rect class="chart-track" x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-width="1"/>`,
			num(x0), y, num(trackW), num(barH), colAxis)
		b.f(`<text class="chart-value" x="%s" y="%s">%s</text></g>`, num(x0+trackW+gap), num(cy+fontSize*0.35), esc(texts[i]))
	}
	return b.close(c.Caption)
}

// ratio is the covered share of a row, between 0 and 1.
func ratio(s Share) float64 {
	if s.Whole <= 0 || s.Part <= 0 {
		return 0
	}
	return math.Min(1, float64(s.Part)/float64(s.Whole))
}
