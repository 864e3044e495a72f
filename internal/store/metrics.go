package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gitlab.com/prodseceng/interlock/internal/metrics"
)

var _ metrics.Source = (*DB)(nil)

// MetricsSnapshot reads what the metrics' gauges show, with a few counts
// that each read an index: the webhook inbox's and the outbox's depth and
// oldest entry, deliveries by state, and open issues by clock state.
func (q queries) MetricsSnapshot(ctx context.Context) (metrics.Snapshot, error) {
	var s metrics.Snapshot
	var err error
	if s.InboxDepth, s.InboxOldest, err = q.inboxQueue(ctx); err != nil {
		return s, err
	}
	if s.OutboxDepth, s.OutboxOldest, err = q.outboxQueue(ctx); err != nil {
		return s, err
	}
	if s.Deliveries, err = q.deliveriesByState(ctx); err != nil {
		return s, err
	}
	s.OpenIssues, err = q.openIssueClocks(ctx)
	return s, err
}

// inboxQueue counts webhook deliveries the worker has yet to finish and
// finds the oldest; each condition reads its own partial index.
func (q queries) inboxQueue(ctx context.Context) (int64, *time.Time, error) {
	var queued, retry int64
	if err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM gitlab_inbox WHERE status = 'queued'`).Scan(&queued); err != nil {
		return 0, nil, translate(err, "count the webhook inbox")
	}
	if err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM gitlab_inbox
		WHERE status = 'failed' AND next_attempt_at IS NOT NULL`).Scan(&retry); err != nil {
		return 0, nil, translate(err, "count the webhook inbox")
	}
	a, err := q.firstTime(ctx, `SELECT received_at FROM gitlab_inbox WHERE status = 'queued' ORDER BY id LIMIT 1`)
	if err != nil {
		return 0, nil, err
	}
	b, err := q.firstTime(ctx, `SELECT received_at FROM gitlab_inbox WHERE status = 'failed' AND next_attempt_at IS NOT NULL
		ORDER BY received_at LIMIT 1`)
	return queued + retry, earliest(a, b), err
}

// outboxQueue counts messages not yet expanded and deliveries still to
// send, and finds the oldest of either.
func (q queries) outboxQueue(ctx context.Context) (int64, *time.Time, error) {
	var unexpanded, due int64
	if err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE expanded_at IS NULL`).Scan(&unexpanded); err != nil {
		return 0, nil, translate(err, "count the outbox")
	}
	if err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries
		WHERE state IN ('pending', 'failed')`).Scan(&due); err != nil {
		return 0, nil, translate(err, "count deliveries")
	}
	a, err := q.firstTime(ctx, `SELECT created_at FROM outbox WHERE expanded_at IS NULL ORDER BY id LIMIT 1`)
	if err != nil {
		return 0, nil, err
	}
	b, err := q.firstTime(ctx, `SELECT created_at FROM deliveries WHERE state IN ('pending', 'failed')
		ORDER BY created_at LIMIT 1`)
	return unexpanded + due, earliest(a, b), err
}

// deliveriesByState counts deliveries in each state, over the state index.
func (q queries) deliveriesByState(ctx context.Context) (map[string]int64, error) {
	rows, err := all(ctx, q.q, "deliveries", `SELECT state, COUNT(*) FROM deliveries GROUP BY state`, nil,
		func(row scanner) (stateCount, error) {
			var v stateCount
			err := row.Scan(&v.state, &v.n)
			return v, err
		})
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.state] = r.n
	}
	return out, nil
}

// openIssueClocks counts open support issues by the stored state of each
// clock, over the partial index of open issues.
func (q queries) openIssueClocks(ctx context.Context) ([]metrics.ClockCount, error) {
	rows, err := all(ctx, q.q, "open issues", `SELECT slo_state, rto_state, COUNT(*) FROM support_issues
		WHERE state <> 'closed' GROUP BY slo_state, rto_state`, nil,
		func(row scanner) (clockPair, error) {
			var v clockPair
			err := row.Scan(&v.slo, &v.rto, &v.n)
			return v, err
		})
	if err != nil {
		return nil, err
	}
	slo, rto := map[string]int64{}, map[string]int64{}
	for _, r := range rows {
		slo[r.slo] += r.n
		rto[r.rto] += r.n
	}
	var out []metrics.ClockCount
	for _, c := range []struct {
		name   string
		counts map[string]int64
	}{{"slo", slo}, {"rto", rto}} {
		for _, st := range []string{"running", "at_risk", "breached", "met", "none"} {
			out = append(out, metrics.ClockCount{Clock: c.name, State: st, Count: c.counts[st]})
			delete(c.counts, st)
		}
		for st, n := range c.counts { // a state this list does not know yet
			out = append(out, metrics.ClockCount{Clock: c.name, State: st, Count: n})
		}
	}
	return out, nil
}

// stateCount is how many rows are in one state.
type stateCount struct {
	state string
	n     int64
}

// clockPair is how many open issues have one pair of clock states.
type clockPair struct {
	slo, rto string
	n        int64
}

// firstTime reads the one time a query selects; nil when it selects no row.
func (q queries) firstTime(ctx context.Context, query string) (*time.Time, error) {
	var t time.Time
	err := q.q.QueryRowContext(ctx, query).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err, "read the oldest queued entry")
	}
	t = t.UTC()
	return &t, nil
}

// earliest is the earlier of two optional times.
func earliest(a, b *time.Time) *time.Time {
	if a == nil || (b != nil && b.Before(*a)) {
		return b
	}
	return a
}
