package web

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeNext: whatever a login link carries, the redirect stays on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/admin?x=1", "//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/%2F/evil", "\t//x", "/\t/evil.example", "/\\/evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		// What a browser does with the URL: strip tabs and newlines, "\\" → "/".
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got)
		if strings.HasPrefix(browser, "//") {
			t.Fatalf("safeNext(%q) = %q, which a browser reads as %q", next, got, browser)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") || strings.ContainsAny(got, "\r\n") {
			t.Fatalf("safeNext(%q) = %q: not a local path", next, got)
		}
		u, err := url.Parse(got)
		if err == nil && (u.Host != "" || u.Scheme != "") {
			t.Fatalf("safeNext(%q) = %q has host %q scheme %q", next, got, u.Host, u.Scheme)
		}
	})
}
