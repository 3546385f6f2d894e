package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/mail"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/training"
	"github.com/mentorhub/mentorhub/internal/web"
)

// Version is set at build time with -ldflags "-X …/server.Version=…".
var Version = "dev"

// Config is what the app needs to start.
type Config struct {
	Addr         string
	BaseURL      string
	MetricsToken string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (rate limits and login throttling by address).
	TrustedProxies []netip.Prefix
	OIDC           *auth.OIDCConfig // nil: local accounts only
	// Mail is the mail server messages go through; nil: none, and every
	// message is recorded as skipped.
	Mail   *mail.Config
	Logger *slog.Logger
}

// App is a running mentorhub: services over one database, served over HTTP.
type App struct {
	*Services
	Jobs   *jobs.Jobs
	Web    *web.Server
	Logger *slog.Logger

	cfg      Config
	listener net.Listener
	srv      *http.Server
}

// New builds the app over the services (see NewServices) and listens on
// cfg.Addr (port 0 picks a free port). It refuses a schema that is behind.
// Close closes the services' database.
func New(ctx context.Context, s *Services, cfg Config) (*App, error) {
	if err := s.DB.CheckSchema(ctx); err != nil {
		return nil, err
	}
	if err := jobs.CheckSchema(ctx, s.DB); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	a := &App{Services: s, Logger: cfg.Logger, cfg: cfg}
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	a.Jobs, err = jobs.New(ctx, s.DB, jobs.Deps{Auth: a.Auth, People: a.People, Sessions: a.Sessions, Recruit: a.Recruit, Training: a.Training}, jobs.Options{Periodic: true, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			a.Jobs.Close(ctx)
		}
	}()
	var oidc *auth.OIDC
	if cfg.OIDC != nil {
		if oidc, err = a.Auth.NewOIDC(ctx, *cfg.OIDC); err != nil {
			return nil, err
		}
	}
	a.Web, err = web.New(web.Deps{DB: s.DB, Clock: s.Clock, Auth: a.Auth, OIDC: oidc, Org: a.Org, Programs: a.Programs, People: a.People, Sessions: a.Sessions, Desks: a.Desks, Training: a.Training, Payroll: a.Payroll, Recruit: a.Recruit, Jobs: a.Jobs, Catalog: cat, Logger: cfg.Logger},
		web.Options{BaseURL: cfg.BaseURL, MetricsToken: cfg.MetricsToken, TrustedProxies: cfg.TrustedProxies, Version: Version})
	if err != nil {
		return nil, err
	}
	a.listener, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	mailing := sessions.Mailing{Queue: a.Jobs, BaseURL: cfg.BaseURL}
	if mailing.BaseURL == "" {
		mailing.BaseURL = a.URL()
	}
	if cfg.Mail != nil {
		smtp, err := mail.NewSMTP(*cfg.Mail)
		if err != nil {
			a.listener.Close()
			return nil, fmt.Errorf("mail server: %w", err)
		}
		mailing.Sender = smtp
	}
	a.Sessions.UseMail(mailing)
	a.Recruit.UseMail(recruit.Mailing{Queue: a.Jobs, Sender: mailing.Sender, BaseURL: mailing.BaseURL})
	a.Training.UseMail(training.Mailing{Queue: a.Jobs, Sender: mailing.Sender})
	a.srv = &http.Server{
		Handler:           a.Web,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	ok = true
	return a, nil
}

// URL is the address the app listens on, as http://host:port.
func (a *App) URL() string { return "http://" + a.listener.Addr().String() }

// Run serves until ctx ends, then stops taking requests, lets those in
// flight finish (up to 20 s) and returns nil.
func (a *App) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- a.srv.Serve(a.listener) }()
	// The queue works jobs (and schedules the periodic ones when this
	// process is River's leader) until ctx ends.
	// Start's context is not ctx: ending it would cancel running jobs,
	// where Stop below lets them finish.
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		a.srv.Close()
		return fmt.Errorf("start the job queue: %w", err)
	}
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	a.Logger.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	err := a.srv.Shutdown(sctx)
	if jerr := a.Jobs.Stop(sctx); err == nil && jerr != nil {
		err = fmt.Errorf("stop the job queue: %w", jerr)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// Close stops the listener (if Run did not) and closes the database.
func (a *App) Close() error {
	if a.srv != nil {
		a.srv.Close()
	}
	if a.Jobs != nil {
		a.Jobs.Close(context.Background())
	}
	return a.DB.Close()
}
