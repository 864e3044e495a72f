package store

import (
	"context"
	"database/sql"
	"time"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

const clockPolicyKey = "clock_policy"

// ClockPolicy returns the stored clock policy; NotFound on a new install.
func (q queries) ClockPolicy(ctx context.Context) (maintenance.ClockPolicy, error) {
	var doc struct {
		AtRisk float64 `json:"at_risk_fraction"`
		Count  int     `json:"signal_breaches"`
		Days   int     `json:"signal_window_days"`
	}
	v, err := q.setting(ctx, clockPolicyKey, &doc)
	return maintenance.ClockPolicy{AtRiskFraction: doc.AtRisk, SignalBreaches: doc.Count, SignalWindowDays: doc.Days, Version: v}, err
}

// SaveClockPolicy stores the clock policy if its version is unchanged.
func (q queries) SaveClockPolicy(ctx context.Context, p *maintenance.ClockPolicy, actor string, at time.Time) error {
	doc := map[string]any{"at_risk_fraction": p.AtRiskFraction, "signal_breaches": p.SignalBreaches, "signal_window_days": p.SignalWindowDays}
	v, err := q.saveSetting(ctx, clockPolicyKey, doc, p.Version, actor, at)
	p.Version = v
	return err
}

const signalColumns = `id, tool_id, raised_at, breaches, window_days, recommendation, state, resolved_by, resolved_at, resolution`

// Signals lists a tool's signals (every tool's for 0), newest first.
func (q queries) Signals(ctx context.Context, toolID int64, openOnly bool) ([]maintenance.Signal, error) {
	query := `SELECT ` + signalColumns + ` FROM signals WHERE ($1 = 0 OR tool_id = $1)`
	if openOnly {
		query += ` AND state = 'open'`
	}
	return all(ctx, q.q, "signals", query+` ORDER BY id DESC`, []any{toolID}, func(r scanner) (maintenance.Signal, error) {
		var s maintenance.Signal
		var raised time.Time
		var resolved sql.NullTime
		err := r.Scan(&s.ID, &s.ToolID, &raised, &s.Breaches, &s.WindowDays, &s.Recommendation, &s.State,
			&s.ResolvedBy, &resolved, &s.Resolution)
		s.RaisedAt, s.ResolvedAt = raised.UTC(), nullTime(resolved)
		return s, err
	})
}

// OpenSignalCounts counts each tool's open signals.
func (q queries) OpenSignalCounts(ctx context.Context) (map[int64]int, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT tool_id, COUNT(*) FROM signals WHERE state = 'open' GROUP BY tool_id`)
	if err != nil {
		return nil, translate(err, "count signals")
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, translate(err, "count signals")
		}
		out[id] = n
	}
	return out, translate(rows.Err(), "count signals")
}

// InsertSignal stores a new signal.
func (q queries) InsertSignal(ctx context.Context, s *maintenance.Signal) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO signals (tool_id, raised_at, breaches, window_days, recommendation, state)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, s.ToolID, ts(s.RaisedAt), s.Breaches, s.WindowDays, s.Recommendation, s.State).Scan(&s.ID)
	return translate(err, "store a signal")
}

// UpdateSignal stores how a signal was resolved.
func (q queries) UpdateSignal(ctx context.Context, s *maintenance.Signal) error {
	_, err := q.q.ExecContext(ctx, `UPDATE signals SET state = $1, resolved_by = $2, resolved_at = $3, resolution = $4 WHERE id = $5`,
		s.State, s.ResolvedBy, tsPtr(s.ResolvedAt), s.Resolution, s.ID)
	return translate(err, "update a signal")
}
