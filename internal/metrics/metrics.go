// Package metrics is interlock's Prometheus adapter: it counts HTTP
// requests and job runs, reads the database's queues at scrape time, and
// serves them all as Prometheus text on GET /metrics.
package metrics

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Metrics is one registry of interlock's metrics with the Go and process
// collectors beside them. Each Metrics has its own registry (never the
// global default), so that tests and several servers in one process stay apart.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	durations   *prometheus.HistogramVec
	jobRuns     *prometheus.CounterVec
	jobFailures *prometheus.CounterVec
	jobDuration *prometheus.HistogramVec
}

// Options say where the scrape-time gauges come from.
type Options struct {
	// Source answers the database's counts at scrape time; nil leaves them out.
	Source Source
	// Clock tells the ages of the oldest queued items; the system clock when nil.
	Clock core.Clock
	// Timeout bounds the database's answer at each scrape; 2s when zero.
	Timeout time.Duration
	// Logger receives failures to read the database.
	Logger *slog.Logger
}

// New returns a registry with the Go and process collectors, interlock's
// HTTP and job metrics, and (with a source) the database's gauges.
func New(opts Options) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "interlock_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "interlock_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "interlock_job_runs_total",
			Help: "Background job runs on this replica (those it held the lease for), by job.",
		}, []string{"job"}),
		jobFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "interlock_job_failures_total",
			Help: "Background job runs that returned an error, by job.",
		}, []string{"job"}),
		jobDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "interlock_job_duration_seconds",
			Help:    "Time background job runs took, by job.",
			Buckets: []float64{.005, .01, .05, .1, .5, 1, 5, 10, 30, 60, 300},
		}, []string{"job"}),
	}
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.durations, m.jobRuns, m.jobFailures, m.jobDuration,
	)
	if opts.Source != nil {
		reg.MustRegister(newDBCollector(opts))
	}
	return m
}

// Registry is the registry the metrics are in, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry as Prometheus text (GET /metrics). A gauge
// that cannot be read is left out of the answer, not turned into a 500.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}
