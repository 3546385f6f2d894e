package web_test

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The demo's programs are written in Norwegian as the institutions write
// them: a search in Norwegian finds them, and each program's own text is
// marked with its language (English only where the program is offered in
// English), never an English text marked as bokmål.
func TestDemoProgramsAreNorwegianAndMarkedWithTheirLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	search := func(q string) []string {
		t.Helper()
		_, b := e.api(t, "", "/catalogue?"+url.Values{"q": {q}}.Encode())
		return cards(b)
	}
	if got := search("mentorgruppe"); !slices.Contains(got, "uib-mn-pilot") || !slices.Contains(got, "uib-med-mentor") {
		t.Errorf("searching %q finds %v", "mentorgruppe", got)
	}
	got := search("Universitetet i Bergen")
	var uib []string
	for code := range e.demo.Programs {
		uib = append(uib, code)
	}
	slices.Sort(uib)
	slices.Sort(got)
	if !slices.Equal(got, uib) {
		t.Errorf("searching %q finds %v, want the demo university's programs %v", "Universitetet i Bergen", got, uib)
	}

	// An English program is marked English, on its page and in the list.
	_, b := e.api(t, "", "/catalogue/ntnu-intl-mentor")
	if !strings.Contains(b, `<h1 lang="en">Mentor groups for new international students</h1>`) {
		t.Errorf("the English program's name is not marked English")
	}
	_, b = e.api(t, "", "/catalogue?"+url.Values{"q": {"international"}}.Encode())
	if !strings.Contains(b, `<a href="/catalogue/ntnu-intl-mentor"><span lang="en">Mentor groups for new international students</span>`) {
		t.Errorf("the English program is not marked English in the list")
	}
	// Nynorsk is nynorsk; bokmål is bokmål.
	_, b = e.api(t, "", "/catalogue/uib-hf-signup")
	if !strings.Contains(b, `<h1 lang="nn">`) || !regexp.MustCompile(`<span lang="nn">Det humanistiske fakultet tilbyr`).MatchString(b) {
		t.Errorf("the nynorsk program's text is not marked nynorsk")
	}
	_, b = e.api(t, "", "/catalogue/uib-mn-pilot")
	if !strings.Contains(b, `<h1 lang="nb">Tematiske mentorgrupper for nye studenter</h1>`) {
		t.Errorf("the pilot's name is not in bokmål, marked so")
	}
	// No English program text anywhere in the catalogue is marked bokmål.
	for _, path := range []string{"/catalogue", "/catalogue?page=2", "/catalogue?page=3", "/catalogue?page=4", "/examples"} {
		_, b = e.api(t, "", path)
		for _, m := range regexp.MustCompile(`lang="nb">([^<]*)<`).FindAllStringSubmatch(b, -1) {
			if strings.Contains(m[1], "international students") || strings.Contains(m[1], " the ") {
				t.Errorf("%s: English text marked bokmål: %q", path, m[1])
			}
		}
	}
}
