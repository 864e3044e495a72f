package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Snapshot is what the database holds that the gauges show, read at one
// scrape with a few cheap counts.
type Snapshot struct {
	// InboxDepth counts webhook deliveries waiting for the worker: queued,
	// or failed and due to be tried again.
	InboxDepth int64
	// InboxOldest is when the oldest of them was received; nil when none wait.
	InboxOldest *time.Time
	// OutboxDepth counts messages not yet expanded into deliveries, and
	// deliveries not yet sent that will be tried (pending or failed).
	OutboxDepth int64
	// OutboxOldest is when the oldest of them was written; nil when none wait.
	OutboxOldest *time.Time
	// Deliveries counts deliveries by state (pending, sent, failed, dead).
	Deliveries map[string]int64
	// OpenIssues counts open support issues by clock ("slo", "rto") and the
	// clock's stored state (running, at_risk, breached, met, none).
	OpenIssues []ClockCount
}

// ClockCount is how many open support issues have one clock in one state.
type ClockCount struct {
	Clock, State string
	Count        int64
}

// Source reads a Snapshot; the store implements it.
type Source interface {
	MetricsSnapshot(ctx context.Context) (Snapshot, error)
}

// deliveryStates are always reported, at zero when none are in them, so that
// the series exist from the first scrape.
var deliveryStates = []string{"pending", "sent", "failed", "dead"}

var (
	descUp = prometheus.NewDesc("interlock_database_up",
		"Whether the database answered the metrics' queries at this scrape (1) or not (0).", nil, nil)
	descInboxDepth = prometheus.NewDesc("interlock_webhook_inbox_depth",
		"Webhook deliveries waiting in the inbox: queued, or failed and to be tried again.", nil, nil)
	descInboxAge = prometheus.NewDesc("interlock_webhook_inbox_oldest_age_seconds",
		"Age of the oldest webhook delivery waiting in the inbox; 0 when none wait.", nil, nil)
	descOutboxDepth = prometheus.NewDesc("interlock_outbox_depth",
		"Outbox messages not yet expanded into deliveries, plus deliveries pending or failed.", nil, nil)
	descOutboxAge = prometheus.NewDesc("interlock_outbox_oldest_age_seconds",
		"Age of the oldest outbox message or delivery not yet sent; 0 when none wait.", nil, nil)
	descDeliveries = prometheus.NewDesc("interlock_deliveries",
		"Deliveries by state.", []string{"state"}, nil)
	descOpenIssues = prometheus.NewDesc("interlock_support_issues_open",
		"Open support issues by clock (slo, rto) and the clock's state.", []string{"clock", "state"}, nil)
)

// dbCollector runs the source's queries at each scrape, under a timeout.
type dbCollector struct {
	src     Source
	clock   core.Clock
	timeout time.Duration
	log     *slog.Logger
}

func newDBCollector(opts Options) *dbCollector {
	c := &dbCollector{src: opts.Source, clock: opts.Clock, timeout: opts.Timeout, log: opts.Logger}
	if c.clock == nil {
		c.clock = core.SystemClock{}
	}
	if c.timeout == 0 {
		c.timeout = 2 * time.Second
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

// Describe sends the descriptions of every gauge.
func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descUp, descInboxDepth, descInboxAge, descOutboxDepth, descOutboxAge,
		descDeliveries, descOpenIssues} {
		ch <- d
	}
}

// Collect reads the snapshot and sends the gauges; when the database does
// not answer in time, only interlock_database_up 0 is sent.
func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	s, err := c.src.MetricsSnapshot(ctx)
	if err != nil {
		c.log.Warn("metrics: reading the database failed", "error", err)
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 0)
		return
	}
	now := c.clock.Now()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	gauge(descUp, 1)
	gauge(descInboxDepth, float64(s.InboxDepth))
	gauge(descInboxAge, age(now, s.InboxOldest))
	gauge(descOutboxDepth, float64(s.OutboxDepth))
	gauge(descOutboxAge, age(now, s.OutboxOldest))
	for _, st := range deliveryStates {
		gauge(descDeliveries, float64(s.Deliveries[st]), st)
	}
	for st, n := range s.Deliveries {
		if !known(st) {
			gauge(descDeliveries, float64(n), st)
		}
	}
	for _, cc := range s.OpenIssues {
		gauge(descOpenIssues, float64(cc.Count), cc.Clock, cc.State)
	}
}

func known(state string) bool {
	for _, s := range deliveryStates {
		if s == state {
			return true
		}
	}
	return false
}

// age is seconds since t, never negative; 0 when t is nil.
func age(now time.Time, t *time.Time) float64 {
	if t == nil || t.After(now) {
		return 0
	}
	return now.Sub(*t).Seconds()
}
