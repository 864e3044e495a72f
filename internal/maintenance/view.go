package maintenance

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// view is the active inventory with what reviews, zombies and priorities
// need to know about each tool, read once.
type view struct {
	now      time.Time
	policy   ReviewPolicy
	tools    []inventory.Tool
	reviews  map[int64]Review
	activity map[int64]time.Time
	signals  map[int64]int
}

func (s *Service) inventoryView(ctx context.Context) (view, error) {
	v := view{now: s.clock.Now(), signals: map[int64]int{}}
	var err error
	if v.policy, err = policyOf(ctx, s.store.Reviews); err != nil {
		return v, err
	}
	if v.tools, err = s.store.Reviews.ActiveTools(ctx); err != nil {
		return v, err
	}
	if v.reviews, err = s.store.Reviews.LatestReviews(ctx); err != nil {
		return v, err
	}
	if v.activity, err = s.store.Reviews.LastActivity(ctx); err != nil {
		return v, err
	}
	if v.signals, err = s.store.Reviews.OpenSignalCounts(ctx); err != nil {
		return v, err
	}
	return v, nil
}

func (v view) lastReview(id int64) *Review {
	if r, ok := v.reviews[id]; ok {
		return &r
	}
	return nil
}

func (v view) zombie(t inventory.Tool) []string {
	last := v.activity[t.ID]
	if last.IsZero() {
		last = t.UpdatedAt
	}
	return ZombieReasons(v.policy, t, v.lastReview(t.ID), last, v.now)
}

func (v view) situation(t inventory.Tool) Situation {
	return Situation{
		Integrating:   t.Category == inventory.Integrate || t.Stage == inventory.CoCreate,
		OpenSignals:   v.signals[t.ID],
		ZombieReasons: v.zombie(t),
	}
}

// policyOf returns the stored review policy, or the default.
func policyOf(ctx context.Context, r ReviewReader) (ReviewPolicy, error) {
	p, err := r.ReviewPolicy(ctx)
	if core.IsCode(err, core.NotFound) {
		return DefaultReviewPolicy(), nil
	}
	return p, err
}
