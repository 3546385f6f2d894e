package i18n

import "testing"

// FuzzMatch: any Accept-Language header yields a supported language.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"nb", "nn-NO,nn;q=0.9", "en;q=0.1, *;q=0.5", "", "x-klingon", ";;;q=", "no,en-US;q=0.8"} {
		f.Add(s)
	}
	c := MustLoad()
	f.Fuzz(func(t *testing.T, header string) {
		if got := c.Match(header); !Supported(got) {
			t.Fatalf("Match(%q) = %q", header, got)
		}
	})
}
