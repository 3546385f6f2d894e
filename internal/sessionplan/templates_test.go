package sessionplan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/sessionplan"
)

func TestPilotTemplateHasTheSixThemesInOrder(t *testing.T) {
	ts := sessionplan.Templates()
	var ids []string
	for _, tp := range ts {
		ids = append(ids, tp.ID)
	}
	if !slices.Equal(ids, []string{"pilot", "blank"}) {
		t.Fatalf("templates %v, want [pilot blank]", ids)
	}
	pilot, ok := sessionplan.TemplateByID("pilot")
	if !ok {
		t.Fatal("no pilot template")
	}
	if blank, ok := sessionplan.TemplateByID("blank"); !ok || len(blank.Themes) != 0 {
		t.Errorf("blank template: %v %+v", ok, blank)
	}
	if _, ok := sessionplan.TemplateByID("nope"); ok {
		t.Error("found a template that does not exist")
	}
	p := i18n.MustLoad()
	want := map[string][]string{
		"nb": {"Om undervisningen", "Om studievaner", "Om læring", "Om psykisk helse", "«På vei» – karriere", "Om eksamensmestring"},
		"nn": {"Om undervisninga", "Om studievanar", "Om læring", "Om psykisk helse", "«På veg» – karriere", "Om eksamensmeistring"},
		"en": {"About teaching", "Study habits", "About learning", "Mental health", "“On the way” – career", "Exam mastery"},
	}
	for _, l := range i18n.Languages {
		tr := p.Printer(l)
		var titles []string
		for _, th := range pilot.Themes {
			titles = append(titles, th.Title(tr))
			if topic := th.Topic(tr); topic == "" || strings.HasPrefix(topic, "plan.") {
				t.Errorf("%s %s: topic %q", l, th.Key, topic)
			}
			list := th.Checklist(tr)
			if len(list) < 3 || len(list) > 5 {
				t.Errorf("%s %s: checklist has %d points, want 3–5: %q", l, th.Key, len(list), list)
			}
			for _, point := range list {
				if strings.TrimSpace(point) == "" || strings.HasPrefix(point, "plan.") {
					t.Errorf("%s %s: checklist point %q", l, th.Key, point)
				}
			}
		}
		if !slices.Equal(titles, want[l]) {
			t.Errorf("%s titles %q, want %q", l, titles, want[l])
		}
		for _, tp := range sessionplan.Templates() {
			if name := tp.Name(tr); name == "" || strings.HasPrefix(name, "plan.") {
				t.Errorf("%s template %s has name %q", l, tp.ID, name)
			}
		}
	}
	// Fresh slices each call: a caller cannot change the templates.
	sessionplan.Templates()[0].Themes[0].Key = "changed"
	if sessionplan.Templates()[0].Themes[0].Key != "about_teaching" {
		t.Error("Templates shares its slices")
	}
}

func TestThemeForSpreadsThemesInOrder(t *testing.T) {
	six := make([]sessionplan.Theme, 6)
	for i := range six {
		six[i] = sessionplan.Theme{Key: string(rune('1' + i))}
	}
	spread := func(n int) string {
		var b strings.Builder
		for i := range n {
			th, ok := sessionplan.ThemeFor(i, n, six)
			if !ok {
				t.Fatalf("ThemeFor(%d, %d) found no theme", i, n)
			}
			b.WriteString(th.Key)
		}
		return b.String()
	}
	for n, want := range map[int]string{6: "123456", 8: "11234456", 12: "112233445566", 3: "135", 1: "1"} {
		if got := spread(n); got != want {
			t.Errorf("six themes over %d meetings: %s, want %s", n, got, want)
		}
	}
	for _, c := range [][2]int{{-1, 6}, {6, 6}, {0, 0}, {0, -3}} {
		if _, ok := sessionplan.ThemeFor(c[0], c[1], six); ok {
			t.Errorf("ThemeFor(%d, %d) found a theme", c[0], c[1])
		}
	}
	if _, ok := sessionplan.ThemeFor(0, 10, nil); ok {
		t.Error("a blank plan has a theme")
	}
	// In order, first theme first; with enough meetings every theme is used
	// in a run of ⌊n/k⌋ or ⌈n/k⌉ meetings and the last meeting has the last.
	for k := 1; k <= 10; k++ {
		themes := make([]sessionplan.Theme, k)
		for i := range themes {
			themes[i] = sessionplan.Theme{Key: string(rune('a' + i))}
		}
		for n := 1; n <= 60; n++ {
			runs := map[string]int{}
			prev := ""
			for i := range n {
				th, _ := sessionplan.ThemeFor(i, n, themes)
				if th.Key < prev || (i == 0 && th.Key != "a") {
					t.Fatalf("k=%d n=%d: meeting %d has theme %s after %s", k, n, i, th.Key, prev)
				}
				prev = th.Key
				runs[th.Key]++
			}
			if n < k {
				continue
			}
			if len(runs) != k || prev != themes[k-1].Key {
				t.Errorf("k=%d n=%d: %d themes used, last %s", k, n, len(runs), prev)
			}
			for key, r := range runs {
				if r != n/k && r != (n+k-1)/k {
					t.Errorf("k=%d n=%d: theme %s has %d meetings", k, n, key, r)
				}
			}
		}
	}
}
