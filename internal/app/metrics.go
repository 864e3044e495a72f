package app

import (
	"context"
	"fmt"
	"net"
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/metrics"
	"gitlab.com/prodseceng/interlock/internal/store"
)

// metricsOf is the service's metrics registry: the one in cfg, or a new one
// over db.
func metricsOf(cfg Config, db *store.DB) *metrics.Metrics {
	if cfg.Metrics != nil {
		return cfg.Metrics
	}
	return metrics.New(metrics.Options{Source: db, Clock: cfg.Clock, Logger: cfg.Logger})
}

// mountMetrics adds GET /metrics to the main mux, unless the metrics have a
// listener of their own, and counts every request the root answers.
func mountMetrics(root *http.ServeMux, m *metrics.Metrics, cfg Config) http.Handler {
	if cfg.MetricsAddr == "" {
		root.Handle("GET /metrics", m.Handler())
	}
	return m.Instrument(root)
}

// listenMetrics opens the metrics' own listener when --metrics-addr is set;
// nil otherwise.
func listenMetrics(cfg Config) (net.Listener, error) {
	if cfg.MetricsAddr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on %s: %w", cfg.MetricsAddr, err)
	}
	return ln, nil
}

// serveMetrics serves the metrics on their own listener until ctx ends; the
// returned channel is closed when it has stopped. With no listener it does nothing.
func serveMetrics(ctx context.Context, cfg Config, m *metrics.Metrics, ln net.Listener) <-chan struct{} {
	done := make(chan struct{})
	if ln == nil {
		close(done)
		return done
	}
	cfg.Logger.Info("metrics serving", "addr", ln.Addr().String())
	if cfg.MetricsListening != nil {
		cfg.MetricsListening(ln.Addr().String())
	}
	go func() {
		defer close(done)
		if err := m.Serve(ctx, ln, cfg.Logger); err != nil {
			cfg.Logger.Error("metrics listener failed", "error", err)
		}
	}()
	return done
}
