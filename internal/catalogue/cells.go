package catalogue

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/mentorhub/mentorhub/internal/tabular"
)

// Years are between these, both included.
const minYear, maxYear = 1950, 2100

// quote quotes a cell for a message, shortened when long.
func quote(s string) string { return tabular.Quote(s) }

// year is a year in [minYear, maxYear]; nil when empty.
func (c *cells) year(column string, required bool) *int {
	v := c.Text(column, required)
	if v == "" {
		return nil
	}
	n, ok := tabular.Atoi(v)
	if !ok || n < minYear || n > maxYear {
		c.Bad(column, "import.msg.year", "must be a year from %d to %d, not %s", "Min", minYear, "Max", maxYear, "Value", quote(v))
		return nil
	}
	return &n
}

// groupSize is "n" or "min-max" (an en dash also separates), with
// 1 ≤ min ≤ max, returned normalised ("10 - 012" → "10-12").
func (c *cells) groupSize(column string) string {
	v := c.Text(column, false)
	if v == "" {
		return ""
	}
	lo, hi, isRange := strings.Cut(strings.ReplaceAll(v, "–", "-"), "-")
	a, okA := tabular.Atoi(lo)
	if !isRange {
		if !okA || a < 1 {
			c.Bad(column, "import.msg.group_size", "must be a whole number ≥ 1 or a range min-max, not %s", "Value", quote(v))
			return ""
		}
		return strconv.Itoa(a)
	}
	b, okB := tabular.Atoi(hi)
	if !okA || !okB || a < 1 || a > b {
		c.Bad(column, "import.msg.group_range", "must be a whole number ≥ 1 or a range min-max with 1 ≤ min ≤ max, not %s", "Value", quote(v))
		return ""
	}
	return strconv.Itoa(a) + "-" + strconv.Itoa(b)
}

// minStandard is a `|`-separated set of the criteria 1–5, sorted.
func (c *cells) minStandard(column string) []int {
	v := c.Text(column, false)
	if v == "" {
		return nil
	}
	keys := c.List(column, v, tabular.ListOf{Key: "import.msg.list_criteria", Text: "numbers from 1 to 5"}, func(s string) (string, bool) {
		n, ok := tabular.Atoi(s)
		return strconv.Itoa(n), ok && n >= 1 && n <= 5
	})
	var out []int
	for _, k := range keys {
		n, _ := strconv.Atoi(k)
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// link is empty or an absolute http or https URL.
func (c *cells) link(column string) string {
	v := c.Text(column, false)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) ||
		u.Host == "" || strings.ContainsFunc(v, unicode.IsSpace) {
		c.Bad(column, "import.msg.url", "must be an absolute http or https URL, not %s", "Value", quote(v))
		return ""
	}
	return v
}
