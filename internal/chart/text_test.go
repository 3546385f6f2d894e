package chart

import (
	"strings"
	"testing"
)

func TestIDs(t *testing.T) {
	if got := chartID("2024 år/fak"); got != "chart-2024--r-fak" {
		t.Errorf("chartID = %q", got)
	}
	a := chartID("", "bar", "A")
	if a == chartID("", "bar", "B") || !strings.HasPrefix(a, "chart-") || a != chartID("", "bar", "A") {
		t.Errorf("derived ids not stable and distinct: %q", a)
	}
	out := BarChart{ID: "x y", Title: "T", Desc: "D", Bars: []Bar{{"a", 1, ""}}}.SVG()
	check(t, out, "x-y", "T", "D")
}

func TestWrap(t *testing.T) {
	lines, cut := wrap("Det matematisk-naturvitenskapelige fakultet", 150, fontSize, 2)
	if len(lines) > 2 || !cut || !strings.HasSuffix(lines[len(lines)-1], "…") {
		t.Errorf("wrap = %q, %v", lines, cut)
	}
	for _, l := range lines {
		if textWidth(l, fontSize) > 150 {
			t.Errorf("line %q wider than 150", l)
		}
	}
	if lines, cut := wrap("Jus", 150, fontSize, 2); len(lines) != 1 || cut {
		t.Errorf("wrap short = %q, %v", lines, cut)
	}
}

func TestPieces(t *testing.T) {
	var got []string
	for _, p := range pieces("Det matematisk-naturvitenskapelige  fakultet -x a- e–f") {
		s := p.s
		if p.glue {
			s = "+" + s
		}
		got = append(got, s)
	}
	want := "Det matematisk- +naturvitenskapelige fakultet -x a- e– +f"
	if strings.Join(got, " ") != want {
		t.Errorf("pieces = %q, want %q", strings.Join(got, " "), want)
	}
	if lines, _ := wrap("Det matematisk-naturvitenskapelige fakultet", 200, fontSize, 3); lines[0] != "Det matematisk-" {
		t.Errorf("no break after the hyphen: %q", lines)
	}
}
