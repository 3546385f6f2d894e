package chart

import (
	"encoding/xml"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/i18n"
)

// node is a generic XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return f
}

// all returns the elements below n (n included) whose class is class.
func (n node) all(class string) []node {
	var out []node
	if n.attr("class") == class {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(class)...)
	}
	return out
}

// text is the character data of n and its descendants.
func (n node) text() string {
	s := n.Text
	for _, c := range n.Nodes {
		s += c.text()
	}
	return s
}

// check runs the checks every chart must pass and returns the parsed svg.
func check(t *testing.T, out template.HTML, id, title, desc string) node {
	t.Helper()
	s := string(out)
	if !strings.HasPrefix(s, `<figure class="chart`) || !strings.HasSuffix(s, `</figure>`) {
		t.Fatalf("not a figure: %.80s", s)
	}
	for _, bad := range []string{"style=", "<style", "<script"} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	// The whole figure is well-formed XML, and so is the svg on its own.
	var fig node
	if err := xml.Unmarshal([]byte(s), &fig); err != nil {
		t.Fatalf("figure is not XML: %v\n%s", err, s)
	}
	start, end := strings.Index(s, "<svg"), strings.LastIndex(s, "</svg>")
	if start < 0 || end < 0 {
		t.Fatalf("no svg in %.200s", s)
	}
	var root node
	if err := xml.Unmarshal([]byte(s[start:end+len("</svg>")]), &root); err != nil {
		t.Fatalf("svg is not XML: %v", err)
	}
	for name, want := range map[string]string{
		"role": "img", "aria-labelledby": id + "-title " + id + "-desc",
		"preserveAspectRatio": "xMinYMin meet", "width": "100%",
	} {
		if got := root.attr(name); got != want {
			t.Errorf("svg %s = %q, want %q", name, got, want)
		}
	}
	if vb := strings.Fields(root.attr("viewBox")); len(vb) != 4 {
		t.Errorf("viewBox = %q", root.attr("viewBox"))
	}
	if len(root.Nodes) < 2 || root.Nodes[0].XMLName.Local != "title" || root.Nodes[1].XMLName.Local != "desc" {
		t.Fatalf("svg does not start with title and desc")
	}
	if got := root.Nodes[0]; got.Text != title || got.attr("id") != id+"-title" {
		t.Errorf("title = %q id %q, want %q", got.Text, got.attr("id"), title)
	}
	if got := root.Nodes[1]; got.Text != desc || got.attr("id") != id+"-desc" {
		t.Errorf("desc = %q id %q, want %q", got.Text, got.attr("id"), desc)
	}
	// Every paint is a colour, none, or one of this chart's patterns.
	var paint func(n node)
	paint = func(n node) {
		for _, a := range []string{"fill", "stroke"} {
			v := n.attr(a)
			if v != "" && v != "none" && !colour.MatchString(v) && v != "url(#"+id+"-rest)" && v != "url(#"+id+"-hatch)" {
				t.Errorf("<%s %s=%q>", n.XMLName.Local, a, v)
			}
		}
		for _, c := range n.Nodes {
			paint(c)
		}
	}
	paint(root)
	return root
}

var colour = regexp.MustCompile(`^#[0-9a-f]{6}$`)

func TestBarChart(t *testing.T) {
	p := i18n.MustLoad().Printer("nb")
	c := BarChart{
		ID: "fac", Title: "Studenter per fakultet", Desc: "Flest på HF.", Caption: "Kilde: FS",
		Bars: []Bar{
			{Label: "Det humanistiske fakultet", Value: 1200, Note: "45 %"},
			{Label: "MN", Value: 600},
			{Label: "Jus", Value: 300},
			{Label: "Tomt", Value: 0},
		},
		Format: func(f float64) string { return p.Int(int64(f)) },
	}
	out := c.SVG()
	root := check(t, out, "fac", c.Title, c.Desc)
	if !strings.Contains(string(out), `<figcaption id="fac-caption">Kilde: FS</figcaption>`) {
		t.Error("caption missing")
	}
	if !strings.Contains(string(out), "1\u00a0200") || !strings.Contains(string(out), "(45 %)") {
		t.Error("value or note not formatted by Format")
	}
	bars := root.all("chart-bar")
	if len(bars) != 4 {
		t.Fatalf("%d bars, want 4", len(bars))
	}
	full := bars[0].num(t, "width")
	for i, b := range c.Bars {
		want := full * b.Value / 1200
		if got := bars[i].num(t, "width"); math.Abs(got-want) > 0.15 {
			t.Errorf("bar %d width %v, want %v", i, got, want)
		}
	}
	// Every bar starts at zero and the value texts sit after the bars.
	for i, v := range root.all("chart-value") {
		if x, end := v.num(t, "x"), bars[i].num(t, "x")+bars[i].num(t, "width"); x <= end {
			t.Errorf("value %d at %v, inside its bar ending at %v", i, x, end)
		}
	}

	// Max sets the full length; longer values are cut.
	c.Max = 2400
	root = check(t, c.SVG(), "fac", c.Title, c.Desc)
	if got := root.all("chart-bar")[0].num(t, "width"); math.Abs(got-full/2) > 0.5 {
		t.Errorf("with Max=2400 the 1200 bar is %v wide, want about %v", got, full/2)
	}
}

func TestEscaping(t *testing.T) {
	evil := `<script>&"'`
	want := `&lt;script&gt;&amp;&#34;&#39;`
	for _, c := range []struct {
		id  string
		out template.HTML
	}{
		{"a", BarChart{ID: "a", Title: evil, Desc: evil, Caption: evil, Bars: []Bar{{Label: evil, Value: 1, Note: evil}}, Format: func(float64) string { return evil }}.SVG()},
		{"b", ShareChart{ID: "b", Title: evil, Desc: evil, Caption: evil, Rows: []Share{{Label: evil, Part: 1, Whole: 2}}, Format: func(int, int) string { return evil }}.SVG()},
		{"c", Timeline{ID: "c", Title: evil, Desc: evil, Caption: evil, Years: []Year{{2024, 1, 1, 1}}, ActiveLabel: evil, OpenedLabel: evil, ClosedLabel: evil, Format: func(float64) string { return evil }}.SVG()},
		{"", BarChart{ID: "d", Desc: evil, Caption: evil}.SVG()},
	} {
		s := string(c.out)
		if strings.Contains(s, evil) || strings.Contains(s, "<script") || !strings.Contains(s, want) {
			t.Errorf("%s: label not escaped", c.id)
		}
		if c.id != "" {
			check(t, c.out, c.id, evil, evil)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, out := range []template.HTML{
		BarChart{ID: "e", Title: "T", Desc: "Ingen data", Caption: "Cap"}.SVG(),
		ShareChart{ID: "e", Title: "T", Desc: "Ingen data", Caption: "Cap"}.SVG(),
		Timeline{ID: "e", Title: "T", Desc: "Ingen data", Caption: "Cap"}.SVG(),
	} {
		s := string(out)
		var fig node
		if err := xml.Unmarshal([]byte(s), &fig); err != nil {
			t.Fatalf("not XML: %v", err)
		}
		if fig.XMLName.Local != "figure" || !strings.Contains(fig.attr("class"), "chart") || fig.attr("id") != "e" {
			t.Errorf("not a chart figure: %s", s)
		}
		if !strings.Contains(s, `<p class="chart-empty">Ingen data</p>`) || !strings.Contains(s, "<figcaption") || strings.Contains(s, "<svg") {
			t.Errorf("empty chart: %s", s)
		}
	}
}

func TestExtremeValues(t *testing.T) {
	cases := map[string][]float64{
		"zeros":    {0, 0, 0},
		"negative": {-5, 10, -20},
		"huge":     {1e308, -1e308, 5e307},
		"odd":      {math.NaN(), math.Inf(1), math.Inf(-1), 1},
	}
	for name, vals := range cases {
		var bars []Bar
		for i, v := range vals {
			bars = append(bars, Bar{Label: "B" + strconv.Itoa(i), Value: v})
		}
		root := check(t, BarChart{ID: name, Title: name, Desc: name, Bars: bars}.SVG(), name, name, name)
		for _, b := range root.all("chart-bar") {
			x, w := b.num(t, "x"), b.num(t, "width")
			if w < 0 || x < 0 || x+w > width+0.1 {
				t.Errorf("%s: bar x=%v w=%v outside the chart", name, x, w)
			}
		}
	}
	// Negative bars extend left of the zero line, positive ones right of it.
	root := check(t, BarChart{ID: "n", Title: "n", Desc: "n", Bars: []Bar{{"a", -10, ""}, {"b", 10, ""}}}.SVG(), "n", "n", "n")
	bars, axis := root.all("chart-bar"), root.all("chart-axis")[0].num(t, "x1")
	if bars[0].num(t, "x")+bars[0].num(t, "width") > axis+0.1 || bars[1].num(t, "x") < axis-0.1 {
		t.Errorf("bars not on both sides of zero at %v", axis)
	}
}

func TestManyBars(t *testing.T) {
	for _, n := range []int{1, 2, 50, 200} {
		var bars []Bar
		for i := range n {
			label := "Fakultet " + strconv.Itoa(i)
			if i%7 == 0 {
				label = "Det matematisk-naturvitenskapelige fakultet ved Universitetet i Bergen"
			}
			bars = append(bars, Bar{Label: label, Value: float64(i * i)})
		}
		root := check(t, BarChart{ID: "m", Title: "m", Desc: "m", Bars: bars}.SVG(), "m", "m", "m")
		rects := root.all("chart-bar")
		if len(rects) != n {
			t.Fatalf("%d bars, want %d", len(rects), n)
		}
		for i := 1; i < n; i++ {
			if prevEnd, y := rects[i-1].num(t, "y")+rects[i-1].num(t, "height"), rects[i].num(t, "y"); y < prevEnd+rowGap-0.1 {
				t.Errorf("n=%d: bar %d at y=%v overlaps the one before (ends %v)", n, i, y, prevEnd)
			}
		}
		vb := strings.Fields(root.attr("viewBox"))
		h, _ := strconv.ParseFloat(vb[3], 64)
		if last := rects[n-1]; last.num(t, "y")+last.num(t, "height") > h {
			t.Errorf("n=%d: last bar below the viewBox height %v", n, h)
		}
		// Long labels are cut, and each bar carries its full label as a tooltip.
		if got := root.all("chart-row")[0].Nodes[0]; got.XMLName.Local != "title" || !strings.HasPrefix(got.Text, bars[0].Label+": ") {
			t.Errorf("row tooltip = %q", got.Text)
		}
		for _, l := range root.all("chart-label") {
			if len(l.Nodes) > maxLines {
				t.Errorf("label %q has %d lines", l.text(), len(l.Nodes))
			}
		}
	}
}
