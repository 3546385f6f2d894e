package web

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/i18n"
)

// detailText is d in the reader's language: its Key translated with its
// Args, or its English Message when it has no key (or the catalogue lacks
// it, which the catalogue test catches first). Two arguments are messages
// themselves: AllowedKey names what a list may hold, and FileColumn is the
// file's own header of a mapped column, added after the message.
func detailText(pr *i18n.Printer, d app.Detail) string {
	if d.Key == "" {
		return d.Message
	}
	args := d.Args
	if k, ok := d.Args["AllowedKey"].(string); ok && k != "" {
		args = maps.Clone(d.Args)
		args["Allowed"] = pr.TMap(k, d.Args)
	}
	msg := pr.TMap(d.Key, args)
	if msg == d.Key {
		return d.Message
	}
	if h, ok := d.Args["FileColumn"]; ok {
		msg += " " + pr.T("import.msg.file_column", "Header", h)
	}
	return msg
}

// warningText is a reader's warning in the reader's language, after its
// line and column when it has them, as pages list import problems.
func warningText(pr *i18n.Printer, d app.Detail) string {
	s := ""
	if d.Line > 0 {
		s += pr.T("import.line", "Line", d.Line) + ": "
	}
	if d.Column != "" {
		s += pr.T("import.column", "Column", d.Column) + ": "
	}
	s += detailText(pr, d)
	// A warning stands alone, as a sentence.
	if r, n := utf8.DecodeRuneInString(s); n > 0 {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

// warningTexts is warningText of each of ws.
func warningTexts(pr *i18n.Printer, ws []app.Detail) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = warningText(pr, w)
	}
	return out
}

// ruleTexts says in words what each rule of the allocation contract asks
// (rules 1–8 of spec/INTERCHANGE.md, one key each), for the checker's
// violations, which name a rule by its number; a number the catalogue
// does not know still shows as "rule N".
func ruleTexts(pr *i18n.Printer, rules []int) []string {
	out := make([]string, len(rules))
	for i, n := range rules {
		key := "groups.rule." + strconv.Itoa(n)
		if out[i] = pr.T(key); out[i] == key {
			out[i] = pr.T("groups.rule.other", "N", n)
		}
	}
	return out
}

// ruleView is one rule an allocation breaks, for the rule report: its
// number, its words and the groups that break it ("" for none in
// particular).
type ruleView struct {
	Rule   int
	Text   string
	Groups string
}

// maxRuleGroups is how many groups the rule report names for one rule.
const maxRuleGroups = 5

// brokenRules turns the checker's violations (English, one per breach)
// into the rules they break, each once, in order, in the reader's words,
// each with the groups that break it.
func brokenRules(pr *i18n.Printer, vs []allocate.Violation) []ruleView {
	groups := map[int][]string{}
	var rules []int
	for _, v := range vs {
		if _, seen := groups[v.Rule]; !seen {
			rules = append(rules, v.Rule)
			groups[v.Rule] = nil
		}
		if v.Group != "" && !slices.Contains(groups[v.Rule], v.Group) {
			groups[v.Rule] = append(groups[v.Rule], v.Group)
		}
	}
	slices.Sort(rules)
	texts := ruleTexts(pr, rules)
	out := make([]ruleView, len(rules))
	for i, n := range rules {
		out[i] = ruleView{Rule: n, Text: texts[i]}
		if gs := groups[n]; len(gs) > 0 {
			shown := strings.Join(gs[:min(len(gs), maxRuleGroups)], ", ")
			out[i].Groups = pr.T("allocation.rule_groups", "Count", len(gs), "Groups", shown, "More", max(0, len(gs)-maxRuleGroups))
		}
	}
	return out
}

// matchReason says in the reader's language why the one-to-one matching
// paired a mentee with a mentor; internal/match gives its reasons in
// English ("ranked 1 of 3", "same field: biology"), one per criterion
// met. A reason this page does not know is shown as it is.
func matchReason(pr *i18n.Printer, reason string) string {
	var rank, of int
	if n, _ := fmt.Sscanf(reason, "ranked %d of %d", &rank, &of); n == 2 {
		return pr.T("applications.why.ranked", "Rank", rank, "Of", of)
	}
	for _, k := range []struct{ prefix, key string }{
		{"same field: ", "applications.why.field"},
		{"same sector: ", "applications.why.sector"},
		{"shared language: ", "applications.why.language"},
		{"same campus: ", "applications.why.campus"},
	} {
		if v, ok := strings.CutPrefix(reason, k.prefix); ok {
			return pr.T(k.key, "Value", v)
		}
	}
	if strings.HasPrefix(reason, "no shared criteria") {
		return pr.T("applications.why.none")
	}
	return reason
}

// fieldWords is e with the roster columns its details name (their column,
// and the other column of a header used twice) in the reader's words, as
// the column-mapping step names them.
func fieldWords(pr *i18n.Printer, e *app.Error) *app.Error {
	label := func(col string) string {
		if l := pr.T("column." + col); col != "" && l != "column."+col {
			return l
		}
		return col
	}
	out := *e
	out.Details = make([]app.Detail, len(e.Details))
	for i, d := range e.Details {
		d.Column = label(d.Column)
		if other, ok := d.Args["Other"].(string); ok {
			d.Args = maps.Clone(d.Args)
			d.Args["Other"] = label(other)
		}
		out.Details[i] = d
	}
	return &out
}
