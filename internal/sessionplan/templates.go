package sessionplan

import "strings"

// Translator translates a catalogue key; *i18n.Printer is one.
type Translator interface {
	T(key string, args ...any) string
}

// Theme is the subject of one or more meetings of a plan. Its texts are in
// the i18n catalogue: "plan.theme.<Key>.title", ".topic" and ".checklist"
// (the mentor's checklist, one point a line).
type Theme struct {
	Key string
}

// Title is the theme's title, e.g. "Om læring".
func (t Theme) Title(tr Translator) string { return tr.T("plan.theme." + t.Key + ".title") }

// Topic is a line on what the meeting is about.
func (t Theme) Topic(tr Translator) string { return tr.T("plan.theme." + t.Key + ".topic") }

// Checklist is the mentor's checklist for the meeting, 3–5 points.
func (t Theme) Checklist(tr Translator) []string {
	return strings.Split(tr.T("plan.theme."+t.Key+".checklist"), "\n")
}

// Template is a ready-made plan: its themes in the order they are met.
type Template struct {
	// ID is the template's name in code and URLs: "pilot" or "blank".
	ID string
	// Themes are in order; a blank template has none.
	Themes []Theme
}

// Name is the template's name in the reader's language.
func (t Template) Name(tr Translator) string { return tr.T("plan.template." + t.ID) }

// The template IDs.
const (
	TemplatePilot = "pilot"
	TemplateBlank = "blank"
)

// Templates returns the plan templates: the pilot's six thematic meetings
// (autumn 2019: about teaching, study habits, about learning, mental
// health, "on the way" – career, exam mastery) and a blank plan. Each call
// returns fresh slices.
func Templates() []Template {
	pilot := Template{ID: TemplatePilot}
	for _, k := range pilotThemes {
		pilot.Themes = append(pilot.Themes, Theme{Key: k})
	}
	return []Template{pilot, {ID: TemplateBlank}}
}

// pilotThemes are the keys of the pilot's themes, in order. (A theme key is
// not a catalogue key but the middle of three, so it is not written as
// Key: "…", which the catalogue test reads as one.)
var pilotThemes = []string{"about_teaching", "study_habits", "about_learning", "mental_health", "on_the_way", "exam_mastery"}

// TemplateByID returns the template with id.
func TemplateByID(id string) (Template, bool) {
	for _, t := range Templates() {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

// ThemeFor returns the theme of meeting i (0-based) of n meetings when the
// k themes are spread over them in order: meeting i gets theme ⌊i·k/n⌋.
// With at least as many meetings as themes, every theme gets a run of
// ⌊n/k⌋ or ⌈n/k⌉ consecutive meetings, the first meeting the first theme
// and the last meeting the last theme (six themes over eight meetings:
// 1 1 2 3 4 4 5 6). With fewer meetings than themes, evenly spaced themes
// are used once each and the others left out, starting with the first. It
// reports false when there are no themes or i is not in [0, n).
func ThemeFor(i, n int, themes []Theme) (Theme, bool) {
	k := len(themes)
	if k == 0 || n <= 0 || i < 0 || i >= n {
		return Theme{}, false
	}
	return themes[int(int64(i)*int64(k)/int64(n))], true
}
