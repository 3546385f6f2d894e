// Package config loads mentorhub's settings: defaults, then a JSON config
// file, then MENTORHUB_* environment variables, then command-line flags —
// each later source wins — and Validate checks them with a clear message.
package config

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strings"
)

// Config holds every setting.
type Config struct {
	Data             string `json:"data"`
	DatabaseURL      string `json:"database_url"`
	Addr             string `json:"addr"`
	BaseURL          string `json:"base_url"`
	OIDCIssuer       string `json:"oidc_issuer"`
	OIDCClientID     string `json:"oidc_client_id"`
	OIDCClientSecret string `json:"oidc_client_secret"`
	MetricsToken     string `json:"metrics_token"`
	LogLevel         string `json:"log_level"`
	LogFormat        string `json:"log_format"`
	// TrustedProxies lists the reverse proxies (addresses or CIDR
	// prefixes, comma separated) whose X-Forwarded-For is believed.
	TrustedProxies string `json:"trusted_proxies"`
}

// Defaults are the settings before any source is read.
func Defaults() Config {
	return Config{Data: "./data", Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "json"}
}

// envNames maps each setting to its environment variable.
var envNames = map[string]string{
	"data": "MENTORHUB_DATA", "database_url": "MENTORHUB_DATABASE_URL", "addr": "MENTORHUB_ADDR",
	"base_url": "MENTORHUB_BASE_URL", "oidc_issuer": "MENTORHUB_OIDC_ISSUER",
	"oidc_client_id": "MENTORHUB_OIDC_CLIENT_ID", "oidc_client_secret": "MENTORHUB_OIDC_CLIENT_SECRET",
	"metrics_token": "MENTORHUB_METRICS_TOKEN", "log_level": "MENTORHUB_LOG_LEVEL", "log_format": "MENTORHUB_LOG_FORMAT",
	"trusted_proxies": "MENTORHUB_TRUSTED_PROXIES",
}

func (c *Config) field(name string) *string {
	switch name {
	case "data":
		return &c.Data
	case "database_url":
		return &c.DatabaseURL
	case "addr":
		return &c.Addr
	case "base_url":
		return &c.BaseURL
	case "oidc_issuer":
		return &c.OIDCIssuer
	case "oidc_client_id":
		return &c.OIDCClientID
	case "oidc_client_secret":
		return &c.OIDCClientSecret
	case "metrics_token":
		return &c.MetricsToken
	case "log_level":
		return &c.LogLevel
	case "log_format":
		return &c.LogFormat
	case "trusted_proxies":
		return &c.TrustedProxies
	}
	return nil
}

// Flags registers the common flags on fs; call Load after fs.Parse.
type Flags struct {
	fs         *flag.FlagSet
	configFile string
	values     map[string]*string
}

// Register adds --config and the given settings as flags to fs.
func Register(fs *flag.FlagSet, settings ...string) *Flags {
	f := &Flags{fs: fs, values: map[string]*string{}}
	fs.StringVar(&f.configFile, "config", os.Getenv("MENTORHUB_CONFIG"), "JSON config `file` (env MENTORHUB_CONFIG)")
	help := map[string]string{
		"data":         "`dir`ectory of the embedded SQLite database (env MENTORHUB_DATA; default ./data)",
		"database_url": "PostgreSQL `url` postgres://… instead of SQLite (env MENTORHUB_DATABASE_URL)",
		"addr":         "`host:port` to listen on (env MENTORHUB_ADDR; default 127.0.0.1:8080)",
		"base_url":     "public `url` of the server; https:// turns on secure cookies and HSTS (env MENTORHUB_BASE_URL)",
		"log_level":    "log `level`: debug, info, warn, error (env MENTORHUB_LOG_LEVEL)",
	}
	for _, s := range settings {
		v := new(string)
		f.values[s] = v
		fs.StringVar(v, strings.ReplaceAll(s, "_", "-"), "", help[s])
	}
	return f
}

// Load applies defaults, the config file, the environment and set flags.
func (f *Flags) Load(getenv func(string) string) (Config, error) {
	c := Defaults()
	file := f.configFile
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return c, fmt.Errorf("config file: %w", err)
		}
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return c, fmt.Errorf("config file %s: %w", file, err)
		}
	}
	for name, env := range envNames {
		if v := getenv(env); v != "" {
			*c.field(name) = v
		}
	}
	f.fs.Visit(func(fl *flag.Flag) {
		name := strings.ReplaceAll(fl.Name, "-", "_")
		if v, ok := f.values[name]; ok {
			*c.field(name) = *v
		}
	})
	return c, c.Validate()
}

// Validate checks the settings and names what is wrong.
func (c Config) Validate() error {
	var errs []error
	if c.DatabaseURL != "" {
		if !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
			errs = append(errs, errors.New("database URL must start with postgres:// or postgresql://"))
		}
	} else if c.Data == "" {
		errs = append(errs, errors.New("--data must name a directory"))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr %q must be host:port", c.Addr))
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("base URL %q must be an http:// or https:// URL", c.BaseURL))
		}
	}
	if c.OIDCIssuer != "" {
		if c.OIDCClientID == "" {
			errs = append(errs, errors.New("MENTORHUB_OIDC_ISSUER is set but MENTORHUB_OIDC_CLIENT_ID is not"))
		}
		if c.BaseURL == "" {
			errs = append(errs, errors.New("OpenID Connect needs MENTORHUB_BASE_URL (the redirect URI is {base}/auth/oidc/callback)"))
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log level %q must be debug, info, warn or error", c.LogLevel))
	}
	switch c.LogFormat {
	case "json", "text":
	default:
		errs = append(errs, fmt.Errorf("log format %q must be json or text", c.LogFormat))
	}
	if _, err := ParseProxies(c.TrustedProxies); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// ParseProxies reads a list of trusted proxies: IP addresses or CIDR
// prefixes (10.0.0.0/8, ::1), separated by commas or spaces.
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q must be an IP address or a CIDR prefix such as 10.0.0.0/8", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
