package chart

import (
	"math"
	"strings"
	"testing"
)

func sampleRate() RateChart {
	return RateChart{
		ID: "rate", Title: "Oppmøte per uke", Desc: "Høyt i starten, lavere utover, opp før eksamen.",
		RateLabel: "Oppmøte", BelowLabel: "Under kravet", RequirementLabel: "Krav 60 %", Requirement: 0.6,
		Points: []RatePoint{{Label: "34", Rate: 0.9}, {Label: "36", Rate: 0.7}, {Label: "38", Rate: 0.45, Title: "Uke 38: 9 av 20"},
			{Label: "40", Rate: 0.4}, {Label: "42", Rate: 0.65}, {Label: "44", Rate: 1.2}},
	}
}

func TestRateChart(t *testing.T) {
	c := sampleRate()
	root := check(t, c.SVG(), "rate", c.Title, c.Desc)
	points := root.all("chart-point")
	if len(points) != len(c.Points) {
		t.Fatalf("%d points, want %d", len(points), len(c.Points))
	}
	// Heights are proportional to the rate over a 0–100 % axis; a rate
	// above 1 is cut at 100 %.
	full := 0.0
	for i, g := range points {
		cols := append(g.all("chart-col"), g.all("chart-col chart-below")...)
		if len(cols) != 1 {
			t.Fatalf("point %d: %d columns", i, len(cols))
		}
		h := cols[0].num(t, "height")
		if i == len(points)-1 {
			full = h
		}
		below := cols[0].attr("class") == "chart-col chart-below"
		if want := c.Points[i].Rate < 0.6; below != want {
			t.Errorf("point %d: below=%v, want %v", i, below, want)
		}
		if below && cols[0].attr("fill") != "url(#rate-hatch)" {
			t.Errorf("point %d below the requirement is not hatched", i)
		}
	}
	for i, g := range points {
		cols := append(g.all("chart-col"), g.all("chart-col chart-below")...)
		if h, want := cols[0].num(t, "height"), full*math.Min(c.Points[i].Rate, 1); math.Abs(h-want) > 0.15 {
			t.Errorf("point %d: height %v, want %v", i, h, want)
		}
	}
	if got := points[2].Nodes[0].Text; got != "Uke 38: 9 av 20" {
		t.Errorf("tooltip %q", got)
	}
	if got := points[0].Nodes[0].Text; got != "34: 90 %" {
		t.Errorf("default tooltip %q", got)
	}
	// The requirement is a dashed line at 60 % of the axis, in the legend too.
	reqs := root.all("chart-requirement")
	if len(reqs) != 2 || reqs[1].attr("stroke-dasharray") == "" {
		t.Fatalf("requirement lines: %d", len(reqs))
	}
	axis := root.all("chart-axis")[0].num(t, "y1")
	if y := reqs[1].num(t, "y1"); math.Abs((axis-y)-0.6*full) > 0.15 {
		t.Errorf("requirement at %v, want %v above the axis", axis-y, 0.6*full)
	}
	legend := root.all("chart-legend")[0].text()
	for _, l := range []string{"Oppmøte", "Under kravet", "Krav 60 %"} {
		if !strings.Contains(legend, l) {
			t.Errorf("legend lacks %q: %q", l, legend)
		}
	}
	if ticks := root.all("chart-tick"); len(ticks) != 5 || ticks[4].text() != "100 %" {
		t.Errorf("ticks %d", len(ticks))
	}
}

// Without a requirement there is no line and no hatching; without points
// the description stands in for the chart.
func TestRateChartPlainAndEmpty(t *testing.T) {
	c := sampleRate()
	c.Requirement = 0
	s := string(c.SVG())
	if strings.Contains(s, "chart-requirement") || strings.Contains(s, "chart-below") || strings.Contains(s, "Under kravet") {
		t.Errorf("requirement drawn without one")
	}
	c.Points = nil
	c.Desc = "Ingen møter holdt ennå."
	s = string(c.SVG())
	if strings.Contains(s, "<svg") || !strings.Contains(s, "Ingen møter holdt ennå.") {
		t.Errorf("empty chart: %s", s)
	}
	// Hostile labels are escaped, and 300 points still render.
	c = sampleRate()
	c.Points = nil
	for i := range 300 {
		c.Points = append(c.Points, RatePoint{Label: "<b>&", Rate: float64(i%10) / 10})
	}
	out := string(c.SVG())
	check(t, c.SVG(), "rate", c.Title, c.Desc)
	if strings.Contains(out, "<b>") {
		t.Errorf("label not escaped")
	}
}
