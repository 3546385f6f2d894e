package chart

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func sampleTimeline() Timeline {
	return Timeline{
		ID: "tl", Title: "Program per år", Desc: "Økning fra 3 til 12.", Caption: "Aktive program",
		ActiveLabel: "Aktive", OpenedLabel: "Oppretta", ClosedLabel: "Avslutta",
		Years: []Year{
			{2021, 3, 3, 0}, {2019, 0, 0, 0}, {2020, 2, 2, 1}, // unsorted on purpose
			{2022, 7, 5, 1}, {2023, 9, 2, 0}, {2024, 12, 4, 1},
		},
	}
}

func TestTimeline(t *testing.T) {
	tl := sampleTimeline()
	root := check(t, tl.SVG(), "tl", tl.Title, tl.Desc)
	groups := root.all("chart-year")
	if len(groups) != len(tl.Years) {
		t.Fatalf("%d year groups, want %d", len(groups), len(tl.Years))
	}
	byYear := map[int]Year{}
	for _, y := range tl.Years {
		byYear[y.Year] = y
	}
	// Heights are compared with the tallest column (2024, 12 active).
	unit := groups[len(groups)-1].all("chart-col")[0].num(t, "height") / 12
	prevX := -1.0
	for _, g := range groups {
		year, _ := strconv.Atoi(g.attr("data-year"))
		want := byYear[year]
		cols := g.all("chart-col")
		if len(cols) != 1 {
			t.Fatalf("%d: %d columns, want 1", year, len(cols))
		}
		// Columns run left to right in year order, heights proportional.
		if x := cols[0].num(t, "x"); x <= prevX {
			t.Errorf("%d: column at %v not right of the previous one", year, x)
		} else {
			prevX = x
		}
		if h := cols[0].num(t, "height"); math.Abs(h-unit*float64(want.Active)) > 0.15 {
			t.Errorf("%d: column height %v, want %v", year, h, unit*float64(want.Active))
		}
		if got := len(g.all("chart-closed")); got != b2i(want.Closed > 0) {
			t.Errorf("%d: %d closure markers, Closed=%d", year, got, want.Closed)
		}
		if got := len(g.all("chart-opened")); got != b2i(want.Opened > 0) {
			t.Errorf("%d: %d opening markers, Opened=%d", year, got, want.Opened)
		}
		if !strings.HasPrefix(g.Nodes[0].Text, strconv.Itoa(year)+": Aktive ") {
			t.Errorf("%d: tooltip %q", year, g.Nodes[0].Text)
		}
	}
	// Closure markers are hatched triangles pointing down, openings point up.
	closed := groups[len(groups)-1].all("chart-closed")[0]
	if !strings.HasPrefix(closed.attr("fill"), "url(#tl-hatch)") || !strings.Contains(root.all("chart-legend")[0].text(), "Avslutta") {
		t.Errorf("closure marker fill %q", closed.attr("fill"))
	}
	if tip, base := pointsY(t, closed.attr("points")); tip <= base {
		t.Errorf("closure marker does not point down")
	}
	if tip, base := pointsY(t, groups[1].all("chart-opened")[0].attr("points")); tip >= base {
		t.Errorf("opening marker does not point up")
	}
	// The y-axis has 3 to 5 whole-number ticks.
	ticks := root.all("chart-tick")
	if len(ticks) < 3 || len(ticks) > 5 {
		t.Errorf("%d ticks", len(ticks))
	}
	for _, tk := range ticks {
		if _, err := strconv.Atoi(tk.text()); err != nil {
			t.Errorf("tick %q is not a whole number", tk.text())
		}
	}
}

// pointsY returns the y of the tip (the third point) and of the base.
func pointsY(t *testing.T, points string) (tip, base float64) {
	t.Helper()
	var ys []float64
	for _, p := range strings.Fields(points) {
		_, y, _ := strings.Cut(p, ",")
		f, err := strconv.ParseFloat(y, 64)
		if err != nil {
			t.Fatal(err)
		}
		ys = append(ys, f)
	}
	return ys[2], ys[0]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestTimelineManyYears(t *testing.T) {
	for _, n := range []int{1, 12, 40, 120} {
		tl := Timeline{ID: "many", Title: "t", Desc: "d", ActiveLabel: "Aktive", OpenedLabel: "Oppretta", ClosedLabel: "Avslutta"}
		for i := range n {
			tl.Years = append(tl.Years, Year{Year: 1950 + i, Active: i * 1000, Opened: i % 3, Closed: i % 4 / 3})
		}
		root := check(t, tl.SVG(), "many", "t", "d")
		if got := len(root.all("chart-year")); got != n {
			t.Errorf("n=%d: %d years", n, got)
		}
		// Year labels never overlap and the last year is always labelled.
		labels := root.all("chart-year-label")
		if labels[len(labels)-1].text() != strconv.Itoa(1950+n-1) {
			t.Errorf("n=%d: last label %q", n, labels[len(labels)-1].text())
		}
		for i := 1; i < len(labels); i++ {
			if d := labels[i].num(t, "x") - labels[i-1].num(t, "x"); d < textWidth("0000", fontSize) {
				t.Errorf("n=%d: year labels %v apart", n, d)
			}
		}
		for _, l := range labels {
			half := textWidth(l.text(), fontSize) / 2
			if x := l.num(t, "x"); x-half < 0 || x+half > width {
				t.Errorf("n=%d: year label at %v sticks out", n, x)
			}
		}
	}
}

func TestNiceTicks(t *testing.T) {
	for _, max := range []float64{0, 1, 3, 4, 5, 7, 10, 12, 99, 101, 1234, 1e9, 1e300, math.Inf(1)} {
		ticks := niceTicks(max)
		if len(ticks) < 3 || len(ticks) > 5 || ticks[0] != 0 || (!math.IsInf(max, 0) && ticks[len(ticks)-1] < max) {
			t.Errorf("niceTicks(%v) = %v", max, ticks)
		}
		for _, v := range ticks {
			if v != math.Trunc(v) {
				t.Errorf("niceTicks(%v) = %v: not whole", max, ticks)
			}
		}
	}
}

func TestShareChart(t *testing.T) {
	c := ShareChart{
		ID: "sh", Title: "Tilbud per fakultet", Desc: "HF høyest.",
		Rows: []Share{{"HF", 30, 40}, {"MN", 10, 40}, {"Jus", 0, 20}, {"Tom", 5, 0}, {"Over", 50, 20}, {"Neg", -3, 10}},
		Format: func(part, whole int) string {
			return strconv.Itoa(part) + " av " + strconv.Itoa(whole)
		},
	}
	root := check(t, c.SVG(), "sh", c.Title, c.Desc)
	parts, tracks, rests := root.all("chart-bar"), root.all("chart-track"), root.all("chart-rest")
	if len(parts) != len(c.Rows) || len(tracks) != len(c.Rows) || len(rests) != len(c.Rows) {
		t.Fatalf("%d parts, %d tracks, %d rests", len(parts), len(tracks), len(rests))
	}
	want := []float64{0.75, 0.25, 0, 0, 1, 0}
	for i := range c.Rows {
		full := tracks[i].num(t, "width")
		if got := parts[i].num(t, "width"); math.Abs(got-want[i]*full) > 0.15 {
			t.Errorf("row %d: part %v of %v, want share %v", i, got, full, want[i])
		}
		if rests[i].attr("fill") != "url(#sh-rest)" || tracks[i].attr("fill") != "none" {
			t.Errorf("row %d: rest not hatched or track filled", i)
		}
	}
	if !slices.ContainsFunc(root.all("chart-value"), func(n node) bool { return n.text() == "30 av 40" }) {
		t.Error("Format not used")
	}
}
