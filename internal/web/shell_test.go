package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// getIn asks for path with method, anonymously, in lang.
func (e *env) getIn(t *testing.T, method, path, lang string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, nil)
	req.Header.Set("Accept-Language", lang)
	r, err := e.client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return r, body(t, r)
}

// An unknown page path is a 404 page in the layout, in the user's language,
// with a way home and to the catalogue; an unknown API path stays JSON.
func TestUnknownPathsGetA404PageInTheLayout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	titles := map[string]string{"nb": "Finnes ikke", "nn": "Finst ikkje", "en": "Not found"}
	for _, path := range []string{"/no-such-page", "/programs/abc/whatever", "/catalogue/x/y/z"} {
		for lang, title := range titles {
			r, b := e.getIn(t, "GET", path, lang)
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("%s (%s): status %d, want 404", path, lang, r.StatusCode)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				t.Errorf("%s (%s): Content-Type %q, want a page", path, lang, r.Header.Get("Content-Type"))
			}
			for _, want := range []string{`<html lang="` + lang + `">`, "<h1>" + title + "</h1>", `href="/"`, `href="/catalogue"`, `id="main"`} {
				if !strings.Contains(b, want) {
					t.Errorf("%s (%s): no %q in the page", path, lang, want)
				}
			}
		}
	}
	r, b := e.getIn(t, "GET", "/api/v1/no-such-endpoint", "nb")
	if r.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("unknown API path without a token: %d %q %s", r.StatusCode, r.Header.Get("Content-Type"), b)
	}
	if st, b := e.api(t, e.token(t, "coordinator@demo.mentorhub.no"), "/api/v1/no-such-endpoint"); st != http.StatusNotFound || !strings.Contains(b, `"error"`) {
		t.Errorf("unknown API path: %d %s, want a JSON 404", st, b)
	}
}

// A page path asked with a method it does not take is a 405 page in the
// layout with an Allow header, not the mux's plain text.
func TestWrongMethodOnAPageIsA405PageInTheLayout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, c := range []struct{ method, path, allow string }{
		{"POST", "/catalogue", "GET, HEAD"},
		{"DELETE", "/login", "GET, HEAD, POST"},
		{"PUT", "/", "GET, HEAD"},
	} {
		r, b := e.getIn(t, c.method, c.path, "nn")
		if r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", c.method, c.path, r.StatusCode, r.Header.Get("Allow"), c.allow)
		}
		if !strings.Contains(b, `<html lang="nn">`) || !strings.Contains(b, "<h1>Førespurnaden passar ikkje sida</h1>") || !strings.Contains(b, `href="/"`) {
			t.Errorf("%s %s: not a nynorsk page in the layout:\n%.300s", c.method, c.path, b)
		}
	}
}

// Every page links a favicon under a content-hashed URL, and /favicon.ico
// (asked for by browsers without reading the page) does not 404.
func TestFaviconIsLinkedAndServed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, b := e.getIn(t, "GET", "/login", "nb")
	m := regexp.MustCompile(`<link rel="icon" href="(/static/[0-9a-f]{12}/favicon\.svg)" type="image/svg\+xml">`).FindStringSubmatch(b)
	if m == nil {
		t.Fatal("no favicon link with a hashed URL in the layout")
	}
	for _, path := range []string{m[1], "/favicon.ico"} {
		r, b := e.getIn(t, "GET", path, "nb")
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(b, "<svg") {
			t.Errorf("%s: %d %q %.40q", path, r.StatusCode, r.Header.Get("Content-Type"), b)
		}
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data:") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
}
