package program

import (
	"strings"
	"testing"
)

// Every problem Validate finds carries a message key, so that the program
// form says it in the reader's language; the API keeps the English.
func TestEveryValidationProblemHasAKey(t *testing.T) {
	ended, neg, zero := 1990, -1, 0
	p := Program{Code: "X", Level: "nowhere", Transition: "", Model: "m", Enrolment: "e", Status: "active",
		MentorKinds: []string{"guru", "guru"}, GroupSize: "lots", MentorsPerGroup: &zero, StudentsOffered: &neg,
		Started: 1900, Ended: &ended, URL: "ftp://x", Purpose: strings.Repeat("x", maxText+1)}
	p.Example.Links = "javascript:alert(1)"
	ds := Validate(p)
	cols := map[string]bool{}
	for _, d := range ds {
		cols[d.Column] = true
		if d.Key == "" || d.Message == "" {
			t.Errorf("%s: %q has no key", d.Column, d.Message)
		}
	}
	for _, c := range []string{"program_id", "name", "level", "transition", "model", "enrolment", "mentor_kinds", "group_size",
		"mentors_per_group", "students_offered", "started", "ended", "url", "example_links", "purpose"} {
		if !cols[c] {
			t.Errorf("no problem found in %s: the fixture misses a rule", c)
		}
	}
}
