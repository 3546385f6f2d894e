package chart

import (
	"html/template"
	"math"
	"strings"
)

// RatePoint is one column of a RateChart: a session, or a week of sessions.
type RatePoint struct {
	Label string  // x-axis label, e.g. "uke 35" or "2.9."; shown as often as there is room
	Rate  float64 // 0 to 1; outside is clamped
	Title string  // the column's tooltip, e.g. "Uke 35: 12 av 20 (60 %)"; empty = Label and the rate
}

// RateChart is an attendance curve over a year: one column per point, in
// the order given, over a y-axis from 0 to 100 %, with an optional
// requirement drawn as a dashed line. Columns below the requirement are
// hatched as well as coloured, so they read in black and white
// (WCAG 1.4.1); the legend names the three.
type RateChart struct {
	ID          string // id of the figure and prefix of the ids inside it; cleaned to [A-Za-z0-9_-]; empty = derived from the content
	Title       string // the svg's accessible name
	Desc        string // summary of the data in words (empty = the tooltips); shown instead of the chart when Points is empty
	Caption     string // visible figure caption; optional
	Points      []RatePoint
	Requirement float64 // a share from 0 to 1; 0 = none
	// Legend texts: the columns, the columns below the requirement and
	// the requirement line (e.g. "Krav: 60 %"); the last two only show
	// with a requirement.
	RateLabel, BelowLabel, RequirementLabel string
	// Format formats shares as percentages, e.g. a Printer's Percent;
	// nil = whole percent with "%".
	Format func(float64) string
}

// SVG renders the chart.
func (c RateChart) SVG() template.HTML {
	labels := []string{"rate", c.Title, c.Desc, c.Caption}
	for _, p := range c.Points {
		labels = append(labels, p.Label)
	}
	b := &svg{id: chartID(c.ID, labels...)}
	if len(c.Points) == 0 {
		return b.empty("rate", c.Desc, c.Caption)
	}
	format := c.Format
	if format == nil {
		format = func(f float64) string { return defaultFormat(math.Round(f*100)) + " %" }
	}
	req := math.Min(math.Max(finite(c.Requirement), 0), 1)
	titles := make([]string, len(c.Points))
	labelW := 0.0
	for i, p := range c.Points {
		titles[i] = p.Title
		if titles[i] == "" {
			titles[i] = p.Label + ": " + format(clamp01(p.Rate))
		}
		labelW = math.Max(labelW, textWidth(p.Label, fontSize))
	}
	desc := c.Desc
	if desc == "" {
		desc = strings.Join(titles, ". ")
	}

	type item struct {
		kind  int // 0 column, 1 below, 2 requirement
		label string
	}
	var legend []item
	if c.RateLabel != "" {
		legend = append(legend, item{0, c.RateLabel})
	}
	if req > 0 && c.BelowLabel != "" {
		legend = append(legend, item{1, c.BelowLabel})
	}
	if req > 0 && c.RequirementLabel != "" {
		legend = append(legend, item{2, c.RequirementLabel})
	}
	place := func(fn func(it item, x, cy float64)) float64 {
		x, row := 0.0, 0.0
		for _, it := range legend {
			w := swatch + 6 + textWidth(it.label, fontSize)
			if it.kind == 2 {
				w += swatch
			}
			if x > 0 && x+w > width {
				x, row = 0, row+1
			}
			fn(it, x, row*legendH+legendH/2)
			x += w + 18
		}
		if len(legend) == 0 {
			return 0
		}
		return row + 1
	}
	top := place(func(item, float64, float64) {})*legendH + 14
	bottom := top + plotH
	ticks := []float64{0, 0.25, 0.5, 0.75, 1}
	tickW := 0.0
	for _, v := range ticks {
		tickW = math.Max(tickW, textWidth(format(v), fontSize))
	}
	x0 := math.Min(math.Ceil(tickW)+gap, width/3)
	rp := math.Max(4, labelW/2+1)
	n := float64(len(c.Points))
	slot := (width - x0 - rp) / n
	colW := math.Max(math.Min(slot*0.72, maxColW), 0.5)
	every := int(math.Ceil((labelW + 6) / slot))
	y := func(v float64) float64 { return bottom - v*plotH }
	cx := func(i int) float64 { return x0 + (float64(i)+0.5)*slot }

	b.open("rate", c.Title, desc, bottom+19+fontSize)
	b.f(`<defs>`)
	b.hatch(b.id+"-hatch", colDanger, 4)
	b.f(`</defs>`)
	b.WriteString(`<g class="chart-legend">`)
	place(func(it item, x, cy float64) {
		tx := x + swatch + 6
		switch it.kind {
		case 0:
			b.f(`<rect class="chart-col" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(cy-swatch/2), num(swatch), num(swatch), colPrimary)
		case 1:
			b.f(`<rect class="chart-col chart-below" x="%s" y="%s" width="%s" height="%s" fill="url(#%s-hatch)" stroke="%s" stroke-width="1"/>`,
				num(x), num(cy-swatch/2), num(swatch), num(swatch), b.id, colDanger)
		case 2:
			b.f(`<line class="chart-requirement" x1="%[1]s" y1="%[2]s" x2="%[3]s" y2="%[2]s" stroke="%[4]s" stroke-width="2" stroke-dasharray="6 3"/>`,
				num(x), num(cy), num(x+2*swatch), colText)
			tx += swatch
		}
		b.f(`<text x="%s" y="%s">%s</text>`, num(tx), num(cy+fontSize*0.35), esc(it.label))
	})
	b.WriteString(`</g>`)
	for _, v := range ticks {
		b.f(`<line class="chart-grid" x1="%[1]s" y1="%[2]s" x2="%[3]s" y2="%[2]s" stroke="%[4]s" stroke-width="1"/>`, num(x0), num(y(v)), num(width-rp), colGrid)
		b.f(`<text class="chart-tick" x="%s" y="%s" text-anchor="end">%s</text>`, num(x0-gap), num(y(v)+fontSize*0.35), esc(format(v)))
	}
	for i, p := range c.Points {
		r := clamp01(p.Rate)
		below := req > 0 && r < req
		class, fill, stroke := "chart-col", colPrimary, "none"
		if below {
			class, fill, stroke = "chart-col chart-below", "url(#"+b.id+"-hatch)", colDanger
		}
		b.f(`<g class="chart-point"><title>%s</title>`, esc(titles[i]))
		b.f(`<rect class="%s" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="1"/>`,
			class, num(cx(i)-colW/2), num(y(r)), num(colW), num(bottom-y(r)), fill, stroke)
		if (len(c.Points)-1-i)%every == 0 {
			b.f(`<text class="chart-x-label" x="%s" y="%s" text-anchor="middle">%s</text>`, num(cx(i)), num(bottom+19), esc(p.Label))
		}
		b.WriteString(`</g>`)
	}
	b.f(`<line class="chart-axis" x1="%[1]s" y1="%[2]s" x2="%[3]s" y2="%[2]s" stroke="%[4]s" stroke-width="1"/>`, num(x0), num(bottom), num(width-rp), colAxis)
	if req > 0 {
		b.f(`<line class="chart-requirement" x1="%[1]s" y1="%[2]s" x2="%[3]s" y2="%[2]s" stroke="%[4]s" stroke-width="2" stroke-dasharray="6 3"/>`,
			num(x0), num(y(req)), num(width-rp), colText)
	}
	return b.close(c.Caption)
}

func clamp01(f float64) float64 { return math.Min(math.Max(finite(f), 0), 1) }
