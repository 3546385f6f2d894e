package web

import (
	"context"
	"database/sql"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/desks"
	"github.com/mentorhub/mentorhub/internal/i18n"
	"github.com/mentorhub/mentorhub/internal/jobs"
	"github.com/mentorhub/mentorhub/internal/org"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/people"
	"github.com/mentorhub/mentorhub/internal/program"
	"github.com/mentorhub/mentorhub/internal/recruit"
	"github.com/mentorhub/mentorhub/internal/sessions"
	"github.com/mentorhub/mentorhub/internal/training"
)

// Options are the web layer's settings.
type Options struct {
	// BaseURL is the public URL; an https:// base makes cookies Secure and
	// __Host- prefixed and turns on HSTS.
	BaseURL string
	// MetricsToken, when set, lets /metrics be read with that Bearer token
	// from anywhere; without it /metrics answers only loopback clients.
	MetricsToken string
	// Version is shown in the footer and /api/v1/openapi.json.
	Version string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (clientIP); none: the connection's address is the client's.
	TrustedProxies []netip.Prefix
}

// Database is what the web layer needs of the database itself: a
// readiness check and the pool's statistics for metrics. Everything else
// goes through the services.
type Database interface {
	Ping(ctx context.Context) error
	SQL() *sql.DB
	Engine() string
}

// Deps are the services the web layer serves.
type Deps struct {
	DB       Database
	Clock    app.Clock // nil: the system clock
	Auth     *auth.Service
	OIDC     *auth.OIDC // nil: local accounts only
	Org      *org.Service
	Programs *program.Service
	People   *people.Service
	Sessions *sessions.Service
	Desks    *desks.Service
	Training *training.Service
	Payroll  *payroll.Service
	Recruit  *recruit.Service
	Jobs     *jobs.Jobs // the job queue, for the admin page
	Catalog  *i18n.Catalog
	Logger   *slog.Logger
}

// Server is the HTTP handler of mentorhub.
type Server struct {
	Deps
	opt          Options
	secure       bool
	pages        map[string]*template.Template
	static       *staticFiles
	mux          *http.ServeMux
	handler      http.Handler
	metrics      *metrics
	apiRoutes    []apiRoute
	patterns     []string     // every registered route, see Routes
	imports      *app.Gate    // bounds the uploads parsed at once
	codes        *codeLimiter // bounds the attempts at check-in codes
	applies      *codeLimiter // bounds the applications sent without login
	offers       *codeLimiter // bounds the attempts at offer links
	issuerOrigin string
}

// New builds the server; it fails if a template does not parse.
func New(d Deps, opt Options) (*Server, error) {
	s := &Server{Deps: d, opt: opt, mux: http.NewServeMux()}
	s.imports = app.NewGate(importsRunning, importsWaiting, "import.busy", "the server is busy with other uploads; try again in a minute")
	s.codes = newCodeLimiter()
	s.applies = newCodeLimiter()
	s.offers = newCodeLimiter()
	s.secure = strings.HasPrefix(opt.BaseURL, "https://")
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Clock == nil {
		s.Clock = app.SystemClock{}
	}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	if s.OIDC != nil {
		if u, err := url.Parse(s.OIDC.Issuer()); err == nil {
			s.issuerOrigin = u.Scheme + "://" + u.Host
		}
	}
	s.metrics = newMetrics(d.DB)
	s.routes()
	s.handler = s.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The mux records the matched pattern on the request it is given.
		defer func() { stateOf(r).pattern = r.Pattern }()
		s.mux.ServeHTTP(w, r)
	}))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Registry exposes the metrics registry (for tests).
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

// now is the current time from the injected clock (a fake one in tests),
// the clock the services and the database's units of work run on.
func (s *Server) now() time.Time { return s.Clock.Now() }
