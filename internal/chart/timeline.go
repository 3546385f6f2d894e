package chart

import (
	"cmp"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Year is one year of a Timeline.
type Year struct {
	Year   int
	Active int // programs running that year; below zero counts as zero
	Opened int // programs opened that year
	Closed int // programs closed that year
}

// Timeline shows active programs per year as columns over a y-axis of whole
// numbers, with a row of ▲ markers for years in which programs opened and a
// row of hatched ▼ markers for years in which programs closed, and a legend.
type Timeline struct {
	ID          string // id of the figure and prefix of the ids inside it; cleaned to [A-Za-z0-9_-]; empty = derived from the content
	Title       string // the svg's accessible name
	Desc        string // summary of the data in words (empty = a list of the values); shown instead of the chart when Years is empty
	Caption     string // visible figure caption; optional
	Years       []Year // one column each, sorted by year
	ActiveLabel string // legend text for the columns, e.g. "Aktive program"
	OpenedLabel string // legend text for ▲, e.g. "Oppretta"
	ClosedLabel string // legend text for ▼, e.g. "Avslutta"
	// Format formats counts and axis ticks, e.g. a Printer's Int via
	// int64; optional, nil = plain digits. Years are never formatted.
	Format func(float64) string
}

const (
	plotH    = 170.0 // height of the column area
	maxColW  = 44.0  // widest column
	legendH  = 22.0  // height of one legend row
	swatch   = 14.0  // size of a legend symbol
	markRowH = 20.0  // height of a marker row
)

// SVG renders the timeline. Each year's column and markers form a group with
// a tooltip giving that year's numbers; the last year is always labelled on
// the x-axis, earlier ones as often as there is room.
func (t Timeline) SVG() template.HTML {
	years := slices.Clone(t.Years)
	slices.SortStableFunc(years, func(a, b Year) int { return cmp.Compare(a.Year, b.Year) })
	names := []string{"timeline", t.Title, t.Desc, t.Caption}
	for _, y := range years {
		names = append(names, strconv.Itoa(y.Year))
	}
	b := &svg{id: chartID(t.ID, names...)}
	if len(years) == 0 {
		return b.empty("timeline", t.Desc, t.Caption)
	}
	format := t.Format
	if format == nil {
		format = defaultFormat
	}
	count := func(n int) string { return format(float64(n)) }

	maxActive, yearW, countW, activeW := 0, 0.0, 0.0, 0.0
	titles := make([]string, len(years))
	for i, y := range years {
		maxActive = max(maxActive, y.Active)
		yearW = math.Max(yearW, textWidth(strconv.Itoa(y.Year), fontSize))
		countW = math.Max(countW, math.Max(textWidth(count(y.Opened), fontSize), textWidth(count(y.Closed), fontSize)))
		activeW = math.Max(activeW, textWidth(count(max(y.Active, 0)), fontSize))
		titles[i] = t.yearTitle(y, count)
	}
	ticks := niceTicks(float64(maxActive))
	top := t.legendRows()*legendH + 14
	bottom := top + plotH

	// Columns fill the width right of the y-axis labels; the last year's
	// label, centred under its column, must not stick out on the right.
	tickW := 0.0
	for _, v := range ticks {
		tickW = math.Max(tickW, textWidth(format(v), fontSize))
	}
	x0 := math.Max(math.Min(math.Ceil(tickW)+gap, width/3), yearW/2+1)
	n := float64(len(years))
	rp := 4.0
	slot := (width - x0 - rp) / n
	if yearW/2 > slot/2+rp {
		rp = yearW/2 - slot/2 + 1
		slot = (width - x0 - rp) / n
	}
	colW := math.Min(slot*0.72, maxColW)
	every := int(math.Ceil((yearW + 6) / slot)) // label every n-th year
	markS := math.Max(6, math.Min(12, slot*0.55))
	showCounts := slot >= markS+3+countW+4
	showActive := slot >= activeW+4
	y := func(v float64) float64 { return bottom - v/ticks[len(ticks)-1]*plotH }
	cx := func(i int) float64 { return x0 + (float64(i)+0.5)*slot }
	openY, closeY := bottom+19+markRowH, bottom+19+2*markRowH

	desc := t.Desc
	if desc == "" {
		desc = strings.Join(titles, ". ")
	}
	b.open("timeline", t.Title, desc, closeY+markRowH/2+4)
	b.f(`<defs>`)
	b.hatch(b.id+"-hatch", colDanger, 3)
	b.f(`</defs>`)
	t.legend(b)
	for _, v := range ticks {
		b.f(`<line class="chart-grid" x1="%[1]s" y1="%[2]s" x2="%[3]s" y2="%[2]s" stroke="%[4]s" stroke-width="1"/>`, num(x0), num(y(v)), num(width-rp), colGrid)
		b.f(`<text class="chart-tick" x="%s" y="%s" text-anchor="end">%s</text>`, num(x0-gap), num(y(v)+fontSize*0.35), esc(format(v)))
	}
	for i, yr := range years {
		c, a := cx(i), float64(max(yr.Active, 0))
		b.f(`<g class="chart-year" data-year="%d"><title>%s</title>`, yr.Year, esc(titles[i]))
		b.f(`<rect class="chart-col" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(c-colW/2), num(y(a)), num(colW), num(bottom-y(a)), colPrimary)
		if showActive {
			b.f(`<text class="chart-value" x="%s" y="%s" text-anchor="middle">%s</text>`, num(c), num(y(a)-5), esc(count(int(a))))
		}
		if (len(years)-1-i)%every == 0 {
			b.f(`<text class="chart-year-label" x="%s" y="%s" text-anchor="middle">%d</text>`, num(c), num(bottom+19), yr.Year)
		}
		if yr.Opened > 0 {
			t.marker(b, "chart-opened", true, c, openY, markS, showCounts, count(yr.Opened))
		}
		if yr.Closed > 0 {
			t.marker(b, "chart-closed", false, c, closeY, markS, showCounts, count(yr.Closed))
		}
		b.WriteString(`</g>`)
	}
	b.f(`<line class="chart-axis" x1="%[1]s" y1="%[2]s" x2="%[3]s" y2="%[2]s" stroke="%[4]s" stroke-width="1"/>`, num(x0), num(bottom), num(width-rp), colAxis)
	return b.close(t.Caption)
}

// yearTitle is the tooltip of one year, e.g. "2024: Aktive program 12; Oppretta 3".
func (t Timeline) yearTitle(y Year, count func(int) string) string {
	parts := []string{}
	for _, p := range []struct {
		label string
		n     int
	}{{t.ActiveLabel, max(y.Active, 0)}, {t.OpenedLabel, y.Opened}, {t.ClosedLabel, y.Closed}} {
		if p.label != "" {
			parts = append(parts, p.label+" "+count(p.n))
		}
	}
	return strconv.Itoa(y.Year) + ": " + strings.Join(parts, "; ")
}

// legendItems are the legend's entries: kind 0 column, 1 opened, 2 closed.
func (t Timeline) legendItems() (kinds []int, labels []string) {
	for k, l := range []string{t.ActiveLabel, t.OpenedLabel, t.ClosedLabel} {
		if l != "" {
			kinds, labels = append(kinds, k), append(labels, l)
		}
	}
	return kinds, labels
}

// legendPlace positions the legend entries, wrapping to new rows as needed.
func (t Timeline) legendPlace(fn func(kind int, label string, x, cy float64)) (rows float64) {
	kinds, labels := t.legendItems()
	x, row := 0.0, 0.0
	for i, l := range labels {
		w := swatch + 6 + textWidth(l, fontSize)
		if x > 0 && x+w > width {
			x, row = 0, row+1
		}
		fn(kinds[i], l, x, row*legendH+legendH/2)
		x += w + 18
	}
	if len(labels) == 0 {
		return 0
	}
	return row + 1
}

func (t Timeline) legendRows() float64 {
	return t.legendPlace(func(int, string, float64, float64) {})
}

func (t Timeline) legend(b *svg) {
	b.WriteString(`<g class="chart-legend">`)
	t.legendPlace(func(kind int, label string, x, cy float64) {
		switch kind {
		case 0:
			b.f(`<rect class="chart-col" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(cy-swatch/2), num(swatch), num(swatch), colPrimary)
		default:
			b.triangle(map[int]string{1: "chart-opened", 2: "chart-closed"}[kind], kind == 1, x+swatch/2, cy, swatch)
		}
		b.f(`<text x="%s" y="%s">%s</text>`, num(x+swatch+6), num(cy+fontSize*0.35), esc(label))
	})
	b.WriteString(`</g>`)
}

// marker draws an opening (▲) or closure (▼) marker centred at cx, cy, with
// the count beside it when there is room.
func (t Timeline) marker(b *svg, class string, up bool, cx, cy, size float64, withCount bool, text string) {
	if !withCount {
		b.triangle(class, up, cx, cy, size)
		return
	}
	w := size + 3 + textWidth(text, fontSize)
	left := cx - w/2
	b.triangle(class, up, left+size/2, cy, size)
	b.f(`<text class="chart-count" x="%s" y="%s">%s</text>`, num(left+size+3), num(cy+fontSize*0.35), esc(text))
}

// triangle draws ▲ (solid) or ▼ (hatched) of the given width centred at cx, cy.
func (b *svg) triangle(class string, up bool, cx, cy, size float64) {
	h := size * 0.9
	tip, base := cy-h/2, cy+h/2
	fill, stroke := colSuccess, colSuccess
	if !up {
		tip, base = base, tip
		fill, stroke = "url(#"+b.id+"-hatch)", colDanger
	}
	b.f(`<polygon class="%s" points="%s,%s %s,%s %s,%s" fill="%s" stroke="%s" stroke-width="1.5" stroke-linejoin="round"/>`,
		class, num(cx-size/2), num(base), num(cx+size/2), num(base), num(cx), num(tip), fill, stroke)
}

// niceTicks returns 3 to 5 evenly spaced whole-number ticks from 0 to at
// least max, with a step of 1, 2 or 5 times a power of ten.
func niceTicks(max float64) []float64 {
	max = math.Max(1, math.Ceil(finite(max)))
	step := 1.0
search:
	for p := 1.0; ; p *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if math.Ceil(max/(m*p)) <= 4 {
				step = m * p
				break search
			}
		}
	}
	n := math.Max(2, math.Ceil(max/step))
	ticks := make([]float64, 0, 5)
	for i := 0.0; i <= n; i++ {
		ticks = append(ticks, i*step)
	}
	return ticks
}
