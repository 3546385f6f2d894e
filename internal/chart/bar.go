package chart

import (
	"html/template"
	"math"
	"strings"
)

// Bar is one bar of a BarChart.
type Bar struct {
	Label string  // wrapped to two lines, cut with "…" beyond; the bar's tooltip has it in full
	Value float64 // the bar's length; negative values extend left of zero
	Note  string  // optional, shown in brackets after the value, e.g. "45 %"
}

// BarChart is a horizontal bar chart: one bar per row with the formatted
// value at its end. Labels stand left of the bars, wrapped to two lines;
// when a label would not fit there, all labels stand above their bars.
type BarChart struct {
	ID      string               // id of the figure and prefix of the ids inside it; cleaned to [A-Za-z0-9_-]; empty = derived from the content
	Title   string               // the svg's accessible name
	Desc    string               // summary of the data in words (empty = a list of the values); shown instead of the chart when Bars is empty
	Caption string               // visible figure caption; optional
	Bars    []Bar                // top to bottom; any number, the chart grows taller
	Max     float64              // value of a full-length bar; 0 = the largest value; longer bars are cut at Max
	Format  func(float64) string // formats values, e.g. a Printer's Int; nil = plain digits
}

// SVG renders the chart. The height grows with the number of bars; each bar
// has a tooltip (an SVG <title>) with its full label and value.
func (c BarChart) SVG() template.HTML {
	labels := make([]string, len(c.Bars))
	texts := make([]string, len(c.Bars))
	vals := make([]float64, len(c.Bars))
	format := c.Format
	if format == nil {
		format = defaultFormat
	}
	for i, bar := range c.Bars {
		labels[i] = bar.Label
		texts[i] = format(bar.Value)
		vals[i] = finite(bar.Value)
	}
	b := &svg{id: chartID(c.ID, append([]string{"bar", c.Title, c.Desc, c.Caption}, labels...)...)}
	if len(c.Bars) == 0 {
		return b.empty("bar", c.Desc, c.Caption)
	}

	// The domain always includes zero; Max (if set) fixes its upper end.
	lo, hi := 0.0, 0.0
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if m := finite(c.Max); m > 0 {
		hi = m
	}
	if hi == lo {
		hi = 1
	}
	// Scale into [-1, 1] first so that huge values cannot overflow.
	norm := math.Max(math.Abs(lo), math.Abs(hi))
	lo, hi = lo/norm, hi/norm
	frac := func(v float64) float64 { return (math.Max(lo, math.Min(hi, v/norm)) - lo) / (hi - lo) }

	// Value texts sit outside the bars: reserve room on both sides.
	full := make([]string, len(c.Bars))
	var pos, neg []string
	for i, bar := range c.Bars {
		full[i] = texts[i]
		if bar.Note != "" {
			full[i] += " (" + bar.Note + ")"
		}
		if vals[i] < 0 {
			neg = append(neg, full[i])
		} else {
			pos = append(pos, full[i])
		}
	}
	right, left := 0.0, 0.0
	if len(pos) > 0 {
		right = math.Ceil(maxWidth(pos)) + 6
	}
	if len(neg) > 0 {
		left = math.Ceil(maxWidth(neg)) + 6
	}
	// Absurdly long value texts are clipped rather than squeezing the bars.
	right, left = math.Min(right, width/2), math.Min(left, width/4)
	r := layoutRows(labels, left+right)
	x0 := r.x0(left)
	plotW := math.Max(20, width-x0-right)
	x := func(v float64) float64 { return x0 + frac(v)*plotW }
	zero := x(0)

	b.open("bar", c.Title, c.descOrSummary(full), r.height)
	for i, bar := range c.Bars {
		cy := r.centers[i]
		b.f(`<g class="chart-row"><title>%s</title>`, esc(strings.TrimSpace(bar.Label+": "+full[i])))
		r.label(b, i)
		xv := x(vals[i])
		b.f(`<rect class="chart-bar" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`,
			num(math.Min(xv, zero)), num(cy-barH/2), num(math.Abs(xv-zero)), num(barH), colPrimary)
		tx, anchor := xv+6, "start"
		if vals[i] < 0 {
			tx, anchor = xv-6, "end"
		}
		b.f(`<text class="chart-value" x="%s" y="%s" text-anchor="%s">%s`, num(tx), num(cy+fontSize*0.35), anchor, esc(texts[i]))
		if bar.Note != "" {
			b.f(`<tspan class="chart-note" fill="%s"> (%s)</tspan>`, colMuted, esc(bar.Note))
		}
		b.WriteString(`</text></g>`)
	}
	// The zero line; with labels above the bars it is broken between rows
	// so that it never crosses a label.
	if !r.above {
		b.f(`<line class="chart-axis" x1="%[1]s" y1="0" x2="%[1]s" y2="%[2]s" stroke="%[3]s" stroke-width="1"/>`, num(zero), num(r.height), colAxis)
	} else {
		for _, cy := range r.centers {
			b.f(`<line class="chart-axis" x1="%[1]s" y1="%[2]s" x2="%[1]s" y2="%[3]s" stroke="%[4]s" stroke-width="1"/>`, num(zero), num(cy-barH/2-3), num(cy+barH/2+3), colAxis)
		}
	}
	return b.close(c.Caption)
}

// descOrSummary is Desc, or when that is empty a plain list of the bars.
func (c BarChart) descOrSummary(texts []string) string {
	if c.Desc != "" {
		return c.Desc
	}
	parts := make([]string, len(c.Bars))
	for i, bar := range c.Bars {
		parts[i] = bar.Label + ": " + texts[i]
	}
	return strings.Join(parts, "; ")
}
