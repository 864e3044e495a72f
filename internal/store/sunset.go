package store

import (
	"context"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

const sunsetPolicyKey = "sunset_policy"

func (q queries) plans(ctx context.Context, where string, args ...any) ([]sunset.Plan, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT id, doc, version FROM sunset_plans WHERE `+where, args...)
	if err != nil {
		return nil, translate(err, "read sunset plans")
	}
	defer rows.Close()
	var out []sunset.Plan
	for rows.Next() {
		var p sunset.Plan
		var raw string
		var id int64
		var version int
		if err := rows.Scan(&id, &raw, &version); err != nil {
			return nil, translate(err, "read a sunset plan")
		}
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			return nil, core.Wrap(err, "decode a sunset plan")
		}
		p.ID, p.Version = id, version
		out = append(out, p)
	}
	return out, translate(rows.Err(), "read sunset plans")
}

// SunsetPlan returns a tool's newest sunset plan.
func (q queries) SunsetPlan(ctx context.Context, toolID int64) (sunset.Plan, error) {
	ps, err := q.plans(ctx, "tool_id = $1 ORDER BY id DESC LIMIT 1", toolID)
	if err != nil {
		return sunset.Plan{}, err
	}
	if len(ps) == 0 {
		return sunset.Plan{}, notFound("tool %d has no sunset plan", toolID)
	}
	return ps[0], nil
}

// RemindersDue lists open plans whose reminder is due.
func (q queries) RemindersDue(ctx context.Context, now time.Time) ([]sunset.Plan, error) {
	return q.plans(ctx, "state = $1 AND reminder_due_on IS NOT NULL AND reminder_due_on <= $2 ORDER BY id", sunset.Open, ts(now))
}

// InsertSunsetPlan stores a new plan.
func (q queries) InsertSunsetPlan(ctx context.Context, p *sunset.Plan, reminderDue *time.Time) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return core.Wrap(err, "encode a sunset plan")
	}
	err = q.q.QueryRowContext(ctx, `INSERT INTO sunset_plans (tool_id, kind, state, reminder_due_on, doc, version, opened_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id`, p.ToolID, p.Kind, p.State, tsPtr(reminderDue), string(raw),
		ts(p.OpenedAt), ts(p.UpdatedAt)).Scan(&p.ID)
	p.Version = 1
	return translate(err, "store a sunset plan")
}

// UpdateSunsetPlan stores p if its version is unchanged.
func (q queries) UpdateSunsetPlan(ctx context.Context, p *sunset.Plan, reminderDue *time.Time) error {
	if err := q.updateDoc(ctx, "sunset_plans", p.ID, p.Version, p, "state = $1, reminder_due_on = $2, updated_at = $3",
		p.State, tsPtr(reminderDue), ts(p.UpdatedAt)); err != nil {
		return err
	}
	p.Version++
	return nil
}

// Samples lists a plan's adoption samples by time of measurement.
func (q queries) Samples(ctx context.Context, planID int64) ([]sunset.Sample, error) {
	return all(ctx, q.q, "adoption samples", `SELECT id, at, internal_uses, product_uses, recorded_by FROM adoption_samples
		WHERE plan_id = $1 ORDER BY at, id`, []any{planID}, func(r scanner) (sunset.Sample, error) {
		var s sunset.Sample
		var at time.Time
		err := r.Scan(&s.ID, &at, &s.InternalUses, &s.ProductUses, &s.RecordedBy)
		s.At = at.UTC()
		if total := s.InternalUses + s.ProductUses; total > 0 {
			s.ProductShare = float64(s.ProductUses) / float64(total)
		}
		return s, err
	})
}

// InsertSample stores an adoption sample of a plan.
func (q queries) InsertSample(ctx context.Context, s *sunset.Sample, planID int64) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO adoption_samples (plan_id, at, internal_uses, product_uses, recorded_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, planID, ts(s.At), s.InternalUses, s.ProductUses, s.RecordedBy).Scan(&s.ID)
	return translate(err, "store an adoption sample")
}

// SunsetPolicy returns the stored notice policy; NotFound on a new install.
func (q queries) SunsetPolicy(ctx context.Context) (sunset.Policy, error) {
	var doc struct {
		NoticePeriodDays   int `json:"notice_period_days"`
		ReminderDaysBefore int `json:"reminder_days_before"`
	}
	v, err := q.setting(ctx, sunsetPolicyKey, &doc)
	return sunset.Policy{NoticePeriodDays: doc.NoticePeriodDays, ReminderDaysBefore: doc.ReminderDaysBefore, Version: v}, err
}

// SaveSunsetPolicy stores the policy if its version is unchanged.
func (q queries) SaveSunsetPolicy(ctx context.Context, p *sunset.Policy, actor string, at time.Time) error {
	doc := map[string]int{"notice_period_days": p.NoticePeriodDays, "reminder_days_before": p.ReminderDaysBefore}
	v, err := q.saveSetting(ctx, sunsetPolicyKey, doc, p.Version, actor, at)
	p.Version = v
	return err
}

// Transfers lists a tool's transfers, oldest first.
func (q queries) Transfers(ctx context.Context, toolID int64) ([]sunset.Transfer, error) {
	return all(ctx, q.q, "transfers", `SELECT id, tool_id, from_team, to_team, note, by_user, at FROM transfers
		WHERE tool_id = $1 ORDER BY id`, []any{toolID}, func(r scanner) (sunset.Transfer, error) {
		var t sunset.Transfer
		var at time.Time
		err := r.Scan(&t.ID, &t.ToolID, &t.FromTeam, &t.ToTeam, &t.Note, &t.By, &at)
		t.At = at.UTC()
		return t, err
	})
}

// InsertTransfer stores a transfer.
func (q queries) InsertTransfer(ctx context.Context, t *sunset.Transfer) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO transfers (tool_id, from_team, to_team, note, by_user, at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, t.ToolID, t.FromTeam, t.ToTeam, t.Note, t.By, ts(t.At)).Scan(&t.ID)
	return translate(err, "store a transfer")
}
