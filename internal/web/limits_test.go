package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/testutil"
	"github.com/mentorhub/mentorhub/internal/web"
)

// filler streams n bytes of 'x' (n < 0: without end), never holding them.
type filler struct{ n int64 }

func (f *filler) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, io.EOF
	}
	if f.n > 0 && int64(len(p)) > f.n {
		p = p[:f.n]
	}
	for i := range p {
		p[i] = 'x'
	}
	if f.n > 0 {
		f.n -= int64(len(p))
	}
	return len(p), nil
}

// bigBody is a multipart form of one file field of size bytes (size < 0:
// a body without end), and its length (-1 when it has none).
func bigBody(size int64) (io.Reader, int64, string) {
	const boundary = "limitsboundary"
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n"
	tail := "\r\n--" + boundary + "--\r\n"
	n := int64(-1)
	if size >= 0 {
		n = int64(len(head)) + size + int64(len(tail))
	}
	return io.MultiReader(strings.NewReader(head), &filler{n: size}, strings.NewReader(tail)), n, "multipart/form-data; boundary=" + boundary
}

// leftIn lists what is in dir and below.
func leftIn(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if path != dir {
			out = append(out, path)
		}
		return err
	})
	return out
}

// TestHugeBodiesAreRefusedWithoutTouchingTheDisk sends 300 MiB (with its
// length declared) and bodies without end (chunked) to an anonymous form,
// a logged-in form without a CSRF token, the upload routes and the API: each
// is answered 413 with a message, the temporary directory stays empty, and
// the server goes on serving.
func TestHugeBodiesAreRefusedWithoutTouchingTheDisk(t *testing.T) {
	e := newEnv(t)
	// os.TempDir reads TMPDIR on every call, so the server spools there from now on.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	coord, admin := e.client(t), e.client(t)
	e.login(t, coord, "coordinator@demo.mentorhub.no")
	adminCSRF := e.login(t, admin, "admin@demo.mentorhub.no")
	token := e.token(t, "coordinator@demo.mentorhub.no")
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	anon := e.client(t)
	cases := []struct {
		name, method, path string
		c                  *http.Client
		header             map[string]string
		limitMiB           int
	}{
		{"login", "POST", "/login", anon, nil, 1},
		{"language", "POST", "/lang", anon, nil, 1},
		{"a logged-in form without a CSRF token", "POST", "/programs", coord, nil, 1},
		{"a roster upload without a CSRF token", "POST", fmt.Sprintf("/programs/%d/people/upload", pilot), coord, nil, 20},
		{"a catalogue upload", "POST", "/admin/import/catalogue", admin, map[string]string{"X-CSRF-Token": adminCSRF}, 20},
		{"an API roster", "PUT", fmt.Sprintf("/api/v1/programs/%d/students", pilot), http.DefaultClient, map[string]string{"Authorization": "Bearer " + token}, 20},
	}
	for _, tc := range cases {
		for _, size := range []int64{300 << 20, -1} {
			what := fmt.Sprintf("%s, %d MiB", tc.name, size>>20)
			if size < 0 {
				what = tc.name + ", without end"
			}
			// The deadline only keeps a broken server from hanging the test.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			rd, n, ctype := bigBody(size)
			if n < 0 {
				rd = io.MultiReader(rd) // hides the length: sent chunked
			}
			req, _ := http.NewRequestWithContext(ctx, tc.method, e.srv.URL+tc.path, rd)
			req.ContentLength = n
			req.Header.Set("Content-Type", ctype)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := tc.c.Do(req)
			if err != nil {
				cancel()
				t.Fatalf("%s: %v", what, err)
			}
			b := body(t, resp)
			cancel()
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("%s: status %d, want 413: %.300s", what, resp.StatusCode, b)
			}
			want := fmt.Sprintf("%d MiB", tc.limitMiB)
			if strings.HasPrefix(tc.path, "/api/") {
				var eb struct{ Error string }
				if json.Unmarshal([]byte(b), &eb) != nil || !strings.Contains(eb.Error, want) {
					t.Errorf("%s: want a JSON error naming %s, got %.300s", what, want, b)
				}
			} else if !strings.Contains(b, want) || !strings.Contains(b, "<html") {
				t.Errorf("%s: want a page naming %s, got %.300s", what, want, b)
			}
			if left := leftIn(t, tmp); len(left) > 0 {
				t.Errorf("%s: left %v in TMPDIR", what, left)
				for _, f := range left {
					os.Remove(f)
				}
			}
			if code, _ := e.api(t, "", "/healthz"); code != 200 {
				t.Fatalf("after %s the server answers %d", what, code)
			}
		}
	}
	// A form within the limit still works: the language is switched.
	r, _ := postForm(t, e, anon, "/lang", map[string][]string{"lang": {"en"}, "return": {"/"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("a small language form: %d", r.StatusCode)
	}
}

// TestCatalogueCSVForExcel downloads the open data for Norwegian Excel
// (a BOM, semicolons, every data cell quoted) and as plain CSV (no BOM,
// commas, the spec's header line).
func TestCatalogueCSVForExcel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	header := "program_id,institution,unit,level,name"
	for _, tc := range []struct {
		query, prefix string
		comma         rune
	}{
		{"", header, ','},
		{"?sep=semicolon", "\uFEFF" + strings.ReplaceAll(header, ",", ";"), ';'},
	} {
		code, b := e.api(t, "", "/catalogue.csv"+tc.query)
		if code != 200 || !strings.HasPrefix(b, tc.prefix) {
			t.Fatalf("%q: %d %.100q", tc.query, code, b)
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(b, "\uFEFF")))
		cr.Comma = tc.comma
		recs, err := cr.ReadAll()
		if err != nil || len(recs) < 10 || len(recs[1]) != 23 {
			t.Fatalf("%q: %d records, %v", tc.query, len(recs), err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(b, "\n"), "\n")[1:] {
			if !strings.HasPrefix(line, `"`) {
				t.Errorf("%q: a line starts with an unquoted cell: %s", tc.query, line)
				break
			}
		}
	}
}

// TestAJavaScriptExampleLinkIsRefused: a link of an example program must be
// a web (or mailto:) address, in the form (a translated message at the
// field) and in the API (a detail naming the field).
func TestAJavaScriptExampleLinkIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	form := url.Values{"csrf_token": {csrf}, "name": {"Linked"}, "level": {"programme"}, "transition": {"first_year"}, "model": {"open_dropin"},
		"mentor_kinds": {"senior_student"}, "enrolment": {"opt_in"}, "started": {"2026"}, "status": {"active"},
		"is_example": {"true"}, "example_worked": {"a"}, "example_links": {"javascript:alert(document.cookie)"}}
	r, b := postForm(t, e, c, "/programs", form)
	if r.StatusCode != 422 || !strings.Contains(b, `id="err-example_links"`) || !strings.Contains(b, "mailto:") ||
		strings.Contains(b, "must be a web address") {
		t.Fatalf("form: %d, want 422 with a translated message at the link: %.2000s", r.StatusCode, b)
	}
	pilot := e.demo.Programs["uib-mn-pilot"]
	code, body := e.send(t, e.token(t, "coordinator@demo.mentorhub.no"), "PATCH", fmt.Sprintf("/api/v1/programs/%d", pilot.ID),
		`{"example": {"worked": "a", "not_worked": "b", "links": " JAVASCRIPT:alert(1)"}}`)
	if code != 422 || !strings.Contains(body, `"column": "example_links"`) {
		t.Fatalf("API: %d %s", code, body)
	}
}

// TestMetricsTokenFromAnotherHost lets a remote client read /metrics with
// the exact token only: not a prefix of it, a longer one or another scheme.
func TestMetricsTokenFromAnotherHost(t *testing.T) {
	t.Parallel()
	const token = "metrics-token-0123456789"
	a, err := server.New(context.Background(), testutil.Services(t), server.Config{Addr: "127.0.0.1:0", MetricsToken: token, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	for authz, want := range map[string]int{
		"Bearer " + token: 200, "": 403, "Bearer " + token[:10]: 403, "Bearer " + token + "x": 403,
		"Basic " + token: 403, token: 403, "Bearer ": 403,
	} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = "192.0.2.1:4000"
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		w := httptest.NewRecorder()
		a.Web.ServeHTTP(w, req)
		if w.Code != want {
			t.Errorf("Authorization %q: %d, want %d", authz, w.Code, want)
		}
	}
	// A reverse proxy on the same host connects from loopback; with
	// X-Forwarded-For set (README, Configuration) it needs the token too.
	for _, c := range []struct {
		xff, authz string
		want       int
	}{{"", "", 200}, {"198.51.100.7", "", 403}, {"198.51.100.7", "Bearer " + token, 200}} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:4000"
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		if c.authz != "" {
			req.Header.Set("Authorization", c.authz)
		}
		w := httptest.NewRecorder()
		a.Web.ServeHTTP(w, req)
		if w.Code != c.want {
			t.Errorf("from loopback, X-Forwarded-For %q, Authorization %q: %d, want %d", c.xff, c.authz, w.Code, c.want)
		}
	}
}

// TestUploadsWaitForTheImportGate fills the gate uploads are parsed
// through: a catalogue and a population upload are then answered 429 with
// the Norwegian message, and import nothing.
func TestUploadsWaitForTheImportGate(t *testing.T) {
	e := newEnv(t)
	web.SetImportGate(e.app.Web, app.NewGate(0, 0, "import.busy", "busy"))
	c := e.client(t)
	csrf := e.login(t, c, "admin@demo.mentorhub.no")
	header := "program_id,institution,level,name,transition,model,mentor_kinds,mandatory,enrolment,paid,started,status\n"
	file := header + "uib-gated,Universitetet i Bergen,faculty,Gated,first_year,open_dropin,senior_student,false,opt_in,true,2024,active\n"
	for _, path := range []string{"/admin/import/catalogue", "/admin/import/populations"} {
		code, b := e.upload(t, c, path, csrf, "file.csv", []byte(file))
		if code != http.StatusTooManyRequests || !strings.Contains(b, "opptatt") {
			t.Errorf("%s with the gate full: %d %.300s", path, code, b)
		}
	}
	if code, _ := e.api(t, "", "/catalogue/uib-gated"); code != 404 {
		t.Error("an upload refused at the gate imported a program")
	}
}

// A file beyond an import limit is refused on the page in the reader's
// language, naming the limit, not in the reader's English.
func TestImportLimitsAreExplainedInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client(t)
	csrf := e.login(t, c, "coordinator@demo.mentorhub.no")
	u, _ := url.Parse(e.srv.URL)
	pilot := e.demo.Programs["uib-mn-pilot"].ID
	wide := []byte("student_number,given_name,family_name,email,programme_code,cohort\n1,A,B,a@b.no,BIO,2026H" +
		strings.Repeat(",", 2000) + "\n")
	for lang, want := range map[string]string{
		"nn": "Rada har meir enn 1000 celler.",
		"nb": "Raden har mer enn 1000 celler.",
		"en": "The row has more than 1000 cells.",
	} {
		c.Jar.SetCookies(u, []*http.Cookie{{Name: "mentorhub_lang", Value: lang, Path: "/"}})
		code, page := upload(t, e, c, csrf, pilot, "students", "students.csv", wide)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, want) {
			t.Errorf("%s: %d, want 422 with %q in\n%.2000s", lang, code, want, page)
		}
		if lang != "en" && strings.Contains(page, "the row has more than") {
			t.Errorf("%s: the limit is explained in English", lang)
		}
	}
}
