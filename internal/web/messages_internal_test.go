package web

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/allocate"
	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/groupexport"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/match"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/roster"
)

// english are words of the engine's and the readers' English that a
// Norwegian page must not show.
var english = []string{"available", "group size", "the groups", "every group", "avoid", "rule ", "not sorted", "must be", "is required", "request"}

// Every reason the engine gives for leaving a student out (allocate:
// programme.go, extend.go; the avoid-request reason of rule 5) reads in
// each language; one it does not know still says the student was not
// placed, with the engine's words.
func TestEveryUnplacedReasonIsTranslated(t *testing.T) {
	cat := i18n.MustLoad()
	reasons := []string{
		"no mentor available for BAMN-BIO 2025H",
		"group size limits leave no room in BAMN-BIO 2025H",
		"the groups of BAMN-BIO 2025H are full and too few students are left for a new group",
		"every group of BAMN-BIO 2025H with room holds someone the student must not be grouped with, and too few students are left for a new group",
		"avoid request cannot be met in BAMN-BIO 2025H",
		"",
	}
	for _, lang := range []string{"nb", "nn"} {
		pr := cat.Printer(lang)
		for _, reason := range reasons {
			got := unplacedReason(pr, reason)
			if got == "" || strings.Contains(got, "groups.reason") {
				t.Errorf("%s: %q gives %q", lang, reason, got)
			}
			for _, w := range english {
				if strings.Contains(got, w) {
					t.Errorf("%s: %q gives English %q", lang, reason, got)
				}
			}
		}
		if got := unplacedReason(pr, "avoid request cannot be met in BAMN-BIO 2025H"); !strings.HasSuffix(got, " i BAMN-BIO 2025H") {
			t.Errorf("%s: the avoid reason does not name the programme: %q", lang, got)
		}
		got := unplacedReason(pr, "a reason from a later engine")
		if !strings.Contains(got, "a reason from a later engine") || !strings.Contains(got, "plassert") {
			t.Errorf("%s: an unknown reason gives %q", lang, got)
		}
	}
}

// Each rule 1–8 has its own words in each language; an unknown number
// still shows.
func TestEveryRuleHasItsOwnWords(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Languages {
		pr := cat.Printer(lang)
		texts := ruleTexts(pr, []int{1, 2, 3, 4, 5, 6, 7, 8, 42})
		seen := map[string]bool{}
		for i, s := range texts {
			if s == "" || strings.HasPrefix(s, "groups.rule") || seen[s] {
				t.Errorf("%s: rule %d reads %q", lang, i+1, s)
			}
			seen[s] = true
		}
		if !strings.Contains(texts[8], "42") {
			t.Errorf("%s: unknown rule reads %q", lang, texts[8])
		}
	}
}

// A detail with a key is shown by its key, with a list's allowed items and
// a mapped file column in the reader's language; one without shows its
// English.
func TestDetailTextTranslatesKeyedDetails(t *testing.T) {
	pr := i18n.MustLoad().Printer("nn")
	d := app.Detail{Line: 3, Column: "slots", Message: "must be |-separated slots …, not \"x\"", Key: "import.msg.list_not",
		Args: map[string]any{"AllowedKey": "import.msg.list_slots", "Few": `"x"`, "More": 2, "FileColumn": `"Tider"`}}
	got := detailText(pr, d)
	for _, want := range []string{"må vere ei |-delt liste med tidspunkt (vekedag", `ikkje "x" og 2 til`, `(kolonne "Tider" i fila)`} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	if got := detailText(pr, app.Detail{Message: "plain"}); got != "plain" {
		t.Errorf("no key: %q", got)
	}
	if got := warningText(pr, app.Detail{Line: 4, Column: "with", Key: "import.msg.request_ignored", Args: map[string]any{"Value": `"s9"`}}); got != `Linje 4: kolonne with: studenten "s9" står ikkje i fila; ønsket blir ikkje teke omsyn til` {
		t.Errorf("warning: %q", got)
	}
}

// Keys built at run time from a vocabulary exist for every word of it in
// every language: the catalogue's vocabularies, the roster's columns, the
// export's columns and roles, the weekdays of slots and the rules 1–8.
func TestEveryVocabularyWordHasItsKeyInEveryLanguage(t *testing.T) {
	cat := i18n.MustLoad()
	var buf bytes.Buffer
	if err := groupexport.GroupsCSV(&buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	// The groups form says each bad parameter by its column.
	var badParams []string
	for _, bad := range []people.AllocationParams{{GroupMin: 0, GroupMax: 501, MentorsPerGroup: 11, MentorMix: []string{"guru"}}, {GroupMin: 5, GroupMax: 4}} {
		for _, d := range app.AsError(bad.Validate()).Details {
			badParams = append(badParams, d.Column)
		}
	}
	exportCols := strings.Split(strings.TrimSpace(strings.TrimPrefix(buf.String(), "\uFEFF")), ",")
	vocab := map[string][]string{
		"level.":                   catalogue.Levels,
		"transition.":              catalogue.Transitions,
		"model.":                   catalogue.Models,
		"enrolment.":               catalogue.Enrolments,
		"status.":                  catalogue.Statuses,
		"relevance.":               catalogue.Relevances,
		"kind.":                    catalogue.MentorKinds,
		"column.":                  append(slices.Clone(roster.StudentColumns), roster.MentorColumns...),
		"export.col.":              exportCols,
		"export.role.":             {"mentor", "student"},
		"day.":                     {"mon", "tue", "wed", "thu", "fri"},
		"groups.rule.":             {"1", "2", "3", "4", "5", "6", "7", "8", "other"},
		"import.msg.not_a_column.": {"students", "mentors"},
		"groups.bad.":              badParams,
	}
	for _, l := range i18n.Languages {
		have := map[string]bool{}
		for _, k := range cat.Keys(l) {
			have[k] = true
		}
		for prefix, words := range vocab {
			if len(words) < 2 {
				t.Fatalf("%s: vocabulary of %d words", prefix, len(words))
			}
			for _, w := range words {
				if !have[prefix+w] {
					t.Errorf("%s lacks %q", l, prefix+w)
				}
			}
		}
	}
}

// The allocation preview's rule report lists each broken rule once, in
// words, with the groups breaking it (a few, then how many more), never
// the checker's English.
func TestBrokenRulesAreEachSaidOnceInWords(t *testing.T) {
	pr := i18n.MustLoad().Printer("nn")
	vs := []allocate.Violation{
		{Rule: 3, Group: "g2", Message: "size 4 below group-min 6"},
		{Rule: 2, Group: "g1", Message: "student s1 is A 2026H, group is B 2026H"},
		{Rule: 3, Group: "g2", Message: "sizes in A 2026H range 4..9"},
		{Rule: 8, Message: "unassigned students not sorted"},
	}
	for i := 3; i <= 9; i++ {
		vs = append(vs, allocate.Violation{Rule: 6, Group: "g" + strconv.Itoa(i), Message: "isolates a minority member"})
	}
	got := brokenRules(pr, vs)
	if len(got) != 4 || got[0].Rule != 2 || got[1].Rule != 3 || got[2].Rule != 6 || got[3].Rule != 8 {
		t.Fatalf("rules %+v", got)
	}
	if got[0].Text != "Studentane i ei gruppe skal ha same studieprogram og kull." || got[0].Groups != "(gruppe g1)" {
		t.Errorf("rule 2: %+v", got[0])
	}
	if got[1].Groups != "(gruppe g2)" || got[3].Groups != "" {
		t.Errorf("groups of rules 3 and 8: %q %q", got[1].Groups, got[3].Groups)
	}
	if got[2].Groups != "(gruppene g3, g4, g5, g6, g7 og 2 til)" {
		t.Errorf("rule 6 groups: %q", got[2].Groups)
	}
	for _, r := range got {
		for _, w := range english {
			if strings.Contains(r.Text+r.Groups, w) {
				t.Errorf("rule %d: English %q in %+v", r.Rule, w, r)
			}
		}
	}
}

// Every reason the one-to-one matching gives for a pair (internal/match's
// Score) reads in each language.
func TestEveryMatchReasonIsTranslated(t *testing.T) {
	cat := i18n.MustLoad()
	_, why := match.Score(match.Mentee{Field: "biologi", Sector: "public", Language: "nb", Campus: "Bergen", Ranking: []string{"x", "m"}},
		match.Mentor{ID: "m", Field: "biologi", Sector: "public", Languages: []string{"nb"}, Campus: "Bergen"}, match.DefaultWeights)
	_, none := match.Score(match.Mentee{}, match.Mentor{ID: "m"}, match.DefaultWeights)
	reasons := append(why, none...)
	if len(reasons) != 6 {
		t.Fatalf("reasons %q: the fixture no longer meets every criterion", reasons)
	}
	for _, lang := range []string{"nb", "nn"} {
		pr := cat.Printer(lang)
		for _, r := range reasons {
			got := matchReason(pr, r)
			if got == r || strings.HasPrefix(got, "applications.") {
				t.Errorf("%s: %q reads %q", lang, r, got)
			}
		}
		if got := matchReason(pr, "ranked 2 of 3"); got != "ønske 2 av 3" {
			t.Errorf("%s: ranked: %q", lang, got)
		}
	}
}
