//go:build browser

package e2e

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// figuresJS gives every headline figure on the page a long number (seven
// digits: more students than any Norwegian count) and
// reports the figures that wrap onto a second line or stick out of their
// card.
const figuresJS = `(() => {
  const bad = [];
  for (const v of document.querySelectorAll('.stat-value')) {
    v.textContent = '1\u00a0234\u00a0567';
    const lh = parseFloat(getComputedStyle(v).lineHeight);
    const card = v.closest('.stat').getBoundingClientRect();
    const r = v.getBoundingClientRect();
    if (r.height > 1.5 * lh) bad.push('wraps: ' + Math.round(r.height) + 'px high, line ' + Math.round(lh) + 'px');
    // the figure is a flex item as wide as the card's content box: text
    // wider than that overflows it
    if (v.scrollWidth > v.clientWidth + 1 || r.right > card.right) bad.push('sticks out: ' + v.scrollWidth + 'px in ' + v.clientWidth + 'px');
  }
  return JSON.stringify(bad);
})()`

// wideTablesJS reports each table box that scrolls sideways without the
// edge shadows that show there is more (see .table-wrap in app.css).
const wideTablesJS = `(() => {
  const bad = [];
  let wide = 0;
  for (const w of document.querySelectorAll('.table-wrap')) {
    if (w.scrollWidth <= w.clientWidth) continue;
    wide++;
    const s = getComputedStyle(w);
    const img = s.backgroundImage, att = s.backgroundAttachment;
    if (!(img.includes('gradient') && att.includes('local') && att.includes('scroll'))) bad.push((w.getAttribute('aria-label') || w.getAttribute('aria-labelledby')) + ': ' + img + ' / ' + att);
  }
  return JSON.stringify({wide, bad});
})()`

// TestBrowserFiguresStayWholeAndWideTablesShowTheyScroll: the overview's
// and the groups preview's headline figures never break inside a number, at
// 1280 and 360 px; a table that scrolls sideways at 360 px shows it.
func TestBrowserFiguresStayWholeAndWideTablesShowTheyScroll(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t)
	b.loginAs(a, "coordinator@demo.mentorhub.no")
	groups := "/programs/" + programID(t, a, "uib-mn-pilot") + "/groups"
	b.visit(a, groups)
	b.run("preview groups", chromedp.Click(chromedp.CSS(`form[action$="/groups/preview"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".stat-value")))
	for _, w := range []int64{1280, 360} {
		b.run(fmt.Sprint("resize to ", w), chromedp.EmulateViewport(w, 900))
		if bad := get(b, "figures", chromedp.Evaluate[string](figuresJS)); bad != "[]" {
			b.errorf("groups preview at %d px: %s", w, bad)
		}
	}
	b.shoot("figures-groups-preview")
	b.visit(a, groups)
	b.run("resize to 360", chromedp.EmulateViewport(360, 900))
	var res struct {
		Wide int
		Bad  []string
	}
	if err := json.Unmarshal([]byte(get(b, "tables", chromedp.Evaluate[string](wideTablesJS))), &res); err != nil {
		t.Fatal(err)
	}
	if res.Wide == 0 || len(res.Bad) > 0 {
		b.errorf("groups page at 360 px: %d wide tables; without a cue: %v", res.Wide, res.Bad)
	}

	l := newBrowser(t)
	l.loginAs(a, "leader@demo.mentorhub.no")
	l.visit(a, "/overview")
	for _, w := range []int64{1280, 360} {
		l.run(fmt.Sprint("resize to ", w), chromedp.EmulateViewport(w, 900))
		if bad := get(l, "figures", chromedp.Evaluate[string](figuresJS)); bad != "[]" {
			l.errorf("overview at %d px: %s", w, bad)
		}
	}
	l.shoot("figures-overview")
}
