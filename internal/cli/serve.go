package cli

import (
	"context"
	"fmt"
	"github.com/mentorhub/mentorhub/internal/mail"
	"log/slog"
	"strings"

	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/server"
)

func runServe(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "serve", "serve [--addr HOST:PORT] [--data DIR | --database-url URL] [--base-url URL]")
	flags := config.Register(fs, "data", "database_url", "addr", "base_url", "log_level")
	if done, code := parse(fs, env, args); done {
		return code
	}
	c, err := flags.Load(env.Getenv)
	if err != nil {
		return fail(env, err)
	}
	log := newLogger(env.Stderr, c)
	svc, err := openServices(ctx, c)
	if err != nil {
		return fail(env, err)
	}
	a, err := server.New(ctx, svc, serverConfig(c, log))
	if err != nil {
		svc.Close()
		return fail(env, err)
	}
	defer a.Close()
	log.Info("mentorhub serving", "url", a.URL(), "database", string(svc.DB.Dialect), "version", server.Version)
	if err := a.Run(ctx); err != nil {
		return fail(env, err)
	}
	log.Info("mentorhub stopped")
	return exitOK
}

func serverConfig(c config.Config, log *slog.Logger) server.Config {
	sc := server.Config{Addr: c.Addr, BaseURL: c.BaseURL, MetricsToken: c.MetricsToken, Logger: log}
	// Validate has read them already: an error cannot come back here.
	sc.TrustedProxies, _ = config.ParseProxies(c.TrustedProxies)
	if c.OIDCIssuer != "" {
		sc.OIDC = &auth.OIDCConfig{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret,
			RedirectURL: strings.TrimSuffix(c.BaseURL, "/") + "/auth/oidc/callback"}
	}
	if mc, ok := mail.ConfigFromEnv(); ok {
		sc.Mail = &mc
	}
	return sc
}

func runVersion(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "version", "version")
	if done, code := parse(fs, env, args); done {
		return code
	}
	fmt.Fprintf(env.Stdout, "mentorhub %s\n", server.Version)
	return exitOK
}
