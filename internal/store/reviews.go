package store

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

const (
	reviewPolicyKey = "review_policy"
	teamKey         = "capacity_team"
	capacityKey     = "capacity_state"
)

const reviewColumns = `id, tool_id, reviewed_by, at, stakeholders_use_it, moved_to_other, moved_to, outcome,
	new_category, new_criticality, notes, owner_reverified_by, zombie_reasons`

func (q queries) reviews(ctx context.Context, where string, args ...any) ([]maintenance.Review, error) {
	return all(ctx, q.q, "reviews", `SELECT `+reviewColumns+` FROM reviews WHERE `+where, args, func(r scanner) (maintenance.Review, error) {
		var rv maintenance.Review
		var at time.Time
		err := r.Scan(&rv.ID, &rv.ToolID, &rv.ReviewedBy, &at, &rv.StakeholdersUseIt, &rv.MovedToOther, &rv.MovedTo,
			&rv.Outcome, &rv.NewCategory, &rv.NewCriticality, &rv.Notes, &rv.OwnerReverifiedBy, &rv.ZombieReasons)
		rv.At = at.UTC()
		return rv, err
	})
}

// LatestReviews returns every tool's newest review.
func (q queries) LatestReviews(ctx context.Context) (map[int64]maintenance.Review, error) {
	list, err := q.reviews(ctx, `id IN (SELECT MAX(id) FROM reviews GROUP BY tool_id)`)
	out := make(map[int64]maintenance.Review, len(list))
	for _, r := range list {
		out[r.ToolID] = r
	}
	return out, err
}

// Reviews lists a tool's reviews, oldest first.
func (q queries) Reviews(ctx context.Context, toolID int64) ([]maintenance.Review, error) {
	return q.reviews(ctx, `tool_id = $1 ORDER BY id`, toolID)
}

// InsertReview stores a review.
func (q queries) InsertReview(ctx context.Context, r *maintenance.Review) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO reviews (tool_id, reviewed_by, at, stakeholders_use_it, moved_to_other,
		moved_to, outcome, new_category, new_criticality, notes, owner_reverified_by, zombie_reasons)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		r.ToolID, r.ReviewedBy, ts(r.At), r.StakeholdersUseIt, r.MovedToOther, r.MovedTo, r.Outcome,
		r.NewCategory, r.NewCriticality, r.Notes, r.OwnerReverifiedBy, r.ZombieReasons).Scan(&r.ID)
	return translate(err, "store a review")
}

// ReviewPolicy returns the stored review policy; NotFound on a new install.
func (q queries) ReviewPolicy(ctx context.Context) (maintenance.ReviewPolicy, error) {
	var doc struct {
		EveryMonths     map[inventory.Criticality]int `json:"every_months"`
		ZombieAfterDays int                           `json:"zombie_after_days"`
	}
	v, err := q.setting(ctx, reviewPolicyKey, &doc)
	return maintenance.ReviewPolicy{EveryMonths: doc.EveryMonths, ZombieAfterDays: doc.ZombieAfterDays, Version: v}, err
}

// SaveReviewPolicy stores the review policy if its version is unchanged.
func (q queries) SaveReviewPolicy(ctx context.Context, p *maintenance.ReviewPolicy, actor string, at time.Time) error {
	doc := map[string]any{"every_months": p.EveryMonths, "zombie_after_days": p.ZombieAfterDays}
	v, err := q.saveSetting(ctx, reviewPolicyKey, doc, p.Version, actor, at)
	p.Version = v
	return err
}

type memberDoc struct {
	Name         string  `json:"name"`
	HoursPerWeek float64 `json:"hours_per_week"`
}

// Team returns the stored team; NotFound when none was recorded.
func (q queries) Team(ctx context.Context) (maintenance.Team, error) {
	var doc []memberDoc
	v, err := q.setting(ctx, teamKey, &doc)
	t := maintenance.Team{Version: v}
	for _, m := range doc {
		t.Members = append(t.Members, maintenance.Member{Name: m.Name, HoursPerWeek: m.HoursPerWeek})
	}
	return t, err
}

// SaveTeam stores the team if its version is unchanged.
func (q queries) SaveTeam(ctx context.Context, t *maintenance.Team, actor string, at time.Time) error {
	doc := []memberDoc{}
	for _, m := range t.Members {
		doc = append(doc, memberDoc{m.Name, m.HoursPerWeek})
	}
	v, err := q.saveSetting(ctx, teamKey, doc, t.Version, actor, at)
	t.Version = v
	return err
}

// LoadOverrides returns the tools whose maintenance load was set by hand.
func (q queries) LoadOverrides(ctx context.Context) (map[int64]float64, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT tool_id, hours_per_week FROM tool_loads`)
	if err != nil {
		return nil, translate(err, "read loads")
	}
	defer rows.Close()
	out := map[int64]float64{}
	for rows.Next() {
		var id int64
		var h float64
		if err := rows.Scan(&id, &h); err != nil {
			return nil, translate(err, "read a load")
		}
		out[id] = h
	}
	return out, translate(rows.Err(), "read loads")
}

// SetLoadOverride sets or removes a tool's load override.
func (q queries) SetLoadOverride(ctx context.Context, toolID int64, hours *float64, actor string, at time.Time) error {
	if hours == nil {
		_, err := q.q.ExecContext(ctx, `DELETE FROM tool_loads WHERE tool_id = $1`, toolID)
		return translate(err, "remove a load")
	}
	_, err := q.q.ExecContext(ctx, `INSERT INTO tool_loads (tool_id, hours_per_week, by_user, at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (tool_id) DO UPDATE SET hours_per_week = excluded.hours_per_week, by_user = excluded.by_user, at = excluded.at`,
		toolID, *hours, actor, ts(at))
	return translate(err, "set a load")
}

// CapacityOver says whether the last capacity check found the load over capacity.
func (q queries) CapacityOver(ctx context.Context) (bool, error) {
	var doc struct {
		Over bool `json:"over"`
	}
	_, err := q.setting(ctx, capacityKey, &doc)
	if err != nil && isNotFound(err) {
		return false, nil
	}
	return doc.Over, err
}

// SaveCapacityOver records what the last capacity check found.
func (q queries) SaveCapacityOver(ctx context.Context, over bool, at time.Time) error {
	var doc struct {
		Over bool `json:"over"`
	}
	v, err := q.setting(ctx, capacityKey, &doc)
	if err != nil && !isNotFound(err) {
		return err
	}
	_, err = q.saveSetting(ctx, capacityKey, map[string]bool{"over": over}, v, "interlock", at)
	return err
}
