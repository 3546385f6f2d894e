package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/server"
	"github.com/mentorhub/mentorhub/internal/store"
	"github.com/mentorhub/mentorhub/internal/testutil"
)

// mapping100 builds a national mapping of 100 programs: the demo's 71 plus
// 29 more, with every column used, in canonical form.
func mapping100(t *testing.T) string {
	t.Helper()
	base, err := os.ReadFile("../demo/national.csv")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.Write(base)
	models := catalogue.Models
	for i := 0; i < 29; i++ {
		credits := []string{"", "true", "false"}[i%3]
		ended, reason, status := "", "", []string{"active", "pilot"}[i%2]
		if i%5 == 0 {
			ended, reason, status = fmt.Sprint(2015+i%8+1+i%2), `"low attendance, then ""corona money"" ran out"`, "closed"
		}
		fmt.Fprintf(&b, "gen-%03d,Test University %d,Faculty %d,faculty,=Generated program %d,first_year,%s,senior_student|alumni,%t,opt_in,%s,%t,%s,%d,%d,%d,%s,%s,%s,%s,faculty,%s,%s\n",
			i, i%4, i, i, models[i%len(models)], i%2 == 0, credits, i%3 == 0, []string{"", "8", "10-12"}[i%3], 1+i%2, 30+i, 2015+i%8, ended, reason, status,
			[]string{"", "high", "medium", "low"}[i%4], []string{"", "https://example.no/p"}[i%2], []string{"", "1|2|3|4|5", "2|4"}[i%3])
	}
	return b.String()
}

func TestCatalogueImportRoundTripsAHundredPrograms(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mapping.csv")
	src := mapping100(t)
	if strings.Count(src, "\n") != 101 {
		t.Fatalf("test mapping has %d lines", strings.Count(src, "\n"))
	}
	os.WriteFile(file, []byte(src), 0o600)
	dir := dataDir(t)
	code, out, errs := run(t, dir, "", "catalogue", "import", file)
	if code != 0 || !strings.Contains(out, "100 created") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if code, out, _ = run(t, dir, "", "catalogue", "import", file); code != 0 || !strings.Contains(out, "100 unchanged") {
		t.Fatalf("re-import: %d %q", code, out)
	}
	// Serve the same database and read the open data back.
	opts := store.Options{DataDir: dir}
	if testutil.IsPostgres() {
		opts = store.Options{DatabaseURL: os.Getenv("MENTORHUB_CLI_TEST_URL")}
	}
	svc, err := server.OpenServices(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	a, err := server.New(context.Background(), svc, server.Config{Addr: "127.0.0.1:0", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Web)
	defer srv.Close()
	get := func(path string) string {
		r, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return string(b)
	}
	got := get("/catalogue.csv")
	// Cells that would run as a formula come back quoted against injection;
	// reading the export with the importer gives back exactly the file.
	if !strings.Contains(got, `,"'=Generated program 0",`) {
		t.Error("a formula-like name is not neutralised in the CSV export")
	}
	want, _, err := catalogue.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := catalogue.Parse(strings.NewReader(got))
	if err != nil {
		t.Fatalf("the export does not parse: %v", err)
	}
	if len(back) != 100 {
		t.Fatalf("export has %d rows", len(back))
	}
	for i := range want {
		want[i].Line, back[i].Line = 0, 0
		w, _ := json.Marshal(catalogue.JSONRow(want[i]))
		g, _ := json.Marshal(catalogue.JSONRow(back[i]))
		if string(w) != string(g) {
			t.Errorf("row %d differs:\n got %s\nwant %s", i+1, g, w)
		}
	}
	// Lines without formula-like cells come back byte for byte, but with
	// every data cell quoted (against a spreadsheet splitting a cell).
	wantLines, gotLines := strings.Split(src, "\n"), strings.Split(got, "\n")
	for i := 0; i < 72; i++ { // the header and the 71 demo rows
		if i > 0 {
			cells, err := csv.NewReader(strings.NewReader(wantLines[i])).Read()
			if err != nil {
				t.Fatal(err)
			}
			for j, c := range cells {
				cells[j] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			wantLines[i] = strings.Join(cells, ",")
		}
		if wantLines[i] != gotLines[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, gotLines[i], wantLines[i])
		}
	}
	var js []map[string]any
	if err := json.Unmarshal([]byte(get("/catalogue.json")), &js); err != nil || len(js) != 100 {
		t.Fatalf("catalogue.json: %d rows, %v", len(js), err)
	}
	for i, w := range want {
		wj, _ := json.Marshal(catalogue.JSONRow(w))
		var wm map[string]any
		json.Unmarshal(wj, &wm)
		if fmt.Sprint(wm) != fmt.Sprint(js[i]) {
			t.Errorf("json row %d:\n got %v\nwant %v", i+1, js[i], wm)
		}
	}
	keys := strings.SplitN(get("/catalogue.json"), "\n", 4)[2]
	if !strings.Contains(keys, `"program_id"`) {
		t.Errorf("the first key of a JSON row is not program_id: %s", keys)
	}
}

func TestCatalogueImportOfABadFileNamesEveryLineAndImportsNothing(t *testing.T) {
	src := mapping100(t)
	lines := strings.Split(src, "\n")
	lines[5] = strings.Replace(lines[5], ",active,", ",paused,", 1)
	lines[80] = strings.Replace(lines[80], ",first_year,", ",someday,", 1)
	lines[99] = strings.Replace(lines[99], "senior_student|alumni", "wizard", 1)
	file := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o600)
	dir := dataDir(t)
	code, out, errs := run(t, dir, "", "catalogue", "import", file)
	if code != 1 {
		t.Fatalf("bad file: exit %d, %q", code, out)
	}
	for _, want := range []string{"line 6: column status:", "line 81: column transition:", "line 100: column mentor_kinds:", "nothing was imported"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	// Nothing was imported: a good file now creates all 100.
	good := filepath.Join(t.TempDir(), "good.csv")
	os.WriteFile(good, []byte(src), 0o600)
	if code, out, _ := run(t, dir, "", "catalogue", "import", good); code != 0 || !strings.Contains(out, "100 created") {
		t.Fatalf("after the bad file: %d %q", code, out)
	}
}
