package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T, file string, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	f := Register(fs, "data", "database_url", "addr", "base_url", "log_level")
	if file != "" {
		args = append([]string{"--config", file}, args...)
	}
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return f.Load(func(k string) string { return env[k] })
}

func TestLaterSourcesWin(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mentorhub.json")
	os.WriteFile(file, []byte(`{"addr": "127.0.0.1:9000", "data": "/from/file", "log_level": "warn"}`), 0o600)
	c, err := load(t, "", nil)
	if err != nil || c.Addr != "127.0.0.1:8080" || c.Data != "./data" {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = load(t, file, nil)
	if err != nil || c.Addr != "127.0.0.1:9000" || c.Data != "/from/file" || c.LogLevel != "warn" {
		t.Fatalf("file: %+v %v", c, err)
	}
	c, err = load(t, file, map[string]string{"MENTORHUB_ADDR": "127.0.0.1:9001"})
	if err != nil || c.Addr != "127.0.0.1:9001" || c.Data != "/from/file" {
		t.Fatalf("env over file: %+v %v", c, err)
	}
	c, err = load(t, file, map[string]string{"MENTORHUB_ADDR": "127.0.0.1:9001"}, "--addr", "127.0.0.1:9002")
	if err != nil || c.Addr != "127.0.0.1:9002" {
		t.Fatalf("flag over env: %+v %v", c, err)
	}
}

func TestValidateNamesEveryProblem(t *testing.T) {
	_, err := load(t, "", map[string]string{
		"MENTORHUB_DATABASE_URL": "mysql://x", "MENTORHUB_OIDC_ISSUER": "https://auth.dataporten.no", "MENTORHUB_LOG_LEVEL": "loud",
	}, "--addr", "nowhere")
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, want := range []string{"postgres://", "host:port", "MENTORHUB_OIDC_CLIENT_ID", "MENTORHUB_BASE_URL", "log level"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestConfigFileWithUnknownKeyIsAnError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(file, []byte(`{"adr": "127.0.0.1:9000"}`), 0o600)
	if _, err := load(t, file, nil); err == nil || !strings.Contains(err.Error(), "adr") {
		t.Fatalf("a misspelt key was accepted: %v", err)
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := load(t, "", map[string]string{"MENTORHUB_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1 ::1"})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := ParseProxies(c.TrustedProxies)
	if err != nil || len(ps) != 3 || ps[0].String() != "10.0.0.0/8" || ps[1].String() != "192.0.2.1/32" || ps[2].String() != "::1/128" {
		t.Fatalf("%v %v", ps, err)
	}
	if _, err := load(t, "", map[string]string{"MENTORHUB_TRUSTED_PROXIES": "10.0.0.0/8,proxy.uib.no"}); err == nil || !strings.Contains(err.Error(), `"proxy.uib.no"`) {
		t.Fatalf("a host name as a trusted proxy: %v", err)
	}
}
