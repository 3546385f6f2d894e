package web

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	handler  http.Handler
}

func newMetrics(db Database) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mentorhub_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
	}, []string{"route", "method", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mentorhub_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route"})
	m.reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db.SQL(), db.Engine()))
	}
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// validMetricsToken compares the Authorization header with the token in
// constant time, so that the time of a refusal tells nothing about how much
// of a guess was right.
func validMetricsToken(authz, token string) bool {
	got, ok := strings.CutPrefix(authz, "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

func (m *metrics) observe(route, method string, code int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// handleMetrics serves Prometheus metrics to loopback clients or to holders
// of the metrics token. A reverse proxy on the same host connects from
// loopback: it must not forward /metrics (README, Configuration).
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	allowed := ip != nil && ip.IsLoopback() && r.Header.Get("X-Forwarded-For") == ""
	if s.opt.MetricsToken != "" && validMetricsToken(r.Header.Get("Authorization"), s.opt.MetricsToken) {
		allowed = true
	}
	if !allowed {
		http.Error(w, "metrics are served to localhost or with the metrics token", http.StatusForbidden)
		return
	}
	s.metrics.handler.ServeHTTP(w, r)
}
