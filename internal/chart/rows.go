package chart

import "math"

// rows lays out horizontal bars with their labels. Labels stand in a column
// left of the bars when each fits there in at most maxLines lines; otherwise
// every label stands above its bar, using the chart's full width, and is cut
// with "…" only beyond maxLines lines. Each row grows with its label, so rows
// never overlap however many there are.
type rows struct {
	above   bool       // labels above the bars rather than left of them
	labelW  float64    // width of the label column (0 when above)
	lines   [][]string // each row's label lines
	labelY  []float64  // each label's vertical centre
	centers []float64  // each bar's vertical centre
	height  float64    // total height, padding included
}

const pad = 4.0 // space above the first and below the last row

// layoutRows places labels; reserved is the room the value texts need.
func layoutRows(labels []string, reserved float64) rows {
	n := len(labels)
	r := rows{lines: make([][]string, n), labelY: make([]float64, n), centers: make([]float64, n)}
	limit := labelLimit(reserved)
	cut := false
	for i, l := range labels {
		var c bool
		r.lines[i], c = wrap(l, limit, fontSize, maxLines)
		cut = cut || c
		for _, line := range r.lines[i] {
			r.labelW = math.Max(r.labelW, textWidth(line, fontSize))
		}
	}
	r.labelW = math.Ceil(r.labelW)
	if cut {
		r.above, r.labelW = true, 0
		for i, l := range labels {
			r.lines[i], _ = wrap(l, width, fontSize, maxLines)
		}
	}
	y := pad
	for i := range labels {
		text := float64(len(r.lines[i])) * lineH
		if r.above {
			r.labelY[i] = y + text/2
			r.centers[i] = y + text + 3 + barH/2
			y += text + 3 + barH + rowGap + 4
		} else {
			block := math.Max(barH, text)
			r.labelY[i] = y + block/2
			r.centers[i] = r.labelY[i]
			y += block + rowGap
		}
	}
	r.height = y - rowGap + pad
	if r.above {
		r.height -= 4
	}
	return r
}

// x0 is where the bars start, given the room left of them for value texts.
func (r rows) x0(left float64) float64 {
	if r.above {
		return left + 1 // keeps the zero line inside the chart
	}
	return r.labelW + gap + left
}

// label writes row i's label.
func (r rows) label(b *svg, i int) {
	if r.above {
		b.lines("chart-label", 0, r.labelY[i], "start", r.lines[i])
	} else {
		b.lines("chart-label", r.labelW, r.labelY[i], "end", r.lines[i])
	}
}

// maxWidth is the widest of texts at the chart's font size.
func maxWidth(texts []string) float64 {
	w := 0.0
	for _, t := range texts {
		w = math.Max(w, textWidth(t, fontSize))
	}
	return w
}

// labelLimit caps the label column so that at least a third of the chart
// is left for the bars when room is taken by value texts.
func labelLimit(reserved float64) float64 {
	return math.Max(60, math.Min(labelFrac*width, width-gap-reserved-width/3))
}
