package maintenance

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// Reader is what maintenance reads.
type Reader interface {
	// ActiveTools lists every tool that has not ended, by name.
	ActiveTools(ctx context.Context) ([]inventory.Tool, error)
	LatestScores(ctx context.Context) (map[int64]Scores, error)
	ScoreHistory(ctx context.Context, toolID int64) ([]Scores, error)
	// LatestWeights returns the current weights, NotFound when never set.
	LatestWeights(ctx context.Context) (Weights, error)
	WeightHistory(ctx context.Context) ([]Weights, error)
	LatestReviews(ctx context.Context) (map[int64]Review, error)
	Reviews(ctx context.Context, toolID int64) ([]Review, error)
	// LastActivity is the time of each tool's newest timeline event.
	LastActivity(ctx context.Context) (map[int64]time.Time, error)
	ReviewPolicy(ctx context.Context) (ReviewPolicy, error)
	Team(ctx context.Context) (Team, error)
	LoadOverrides(ctx context.Context) (map[int64]float64, error)
	// CapacityOver says whether the last capacity check found the load over
	// capacity (false when never checked).
	CapacityOver(ctx context.Context) (bool, error)
}

// Tx is what maintenance changes; a review that sunsets a tool opens its
// plan in the same transaction.
type Tx interface {
	sunset.Tx
	Reader
	InsertScores(ctx context.Context, s *Scores) error
	InsertWeights(ctx context.Context, w *Weights) error
	InsertReview(ctx context.Context, r *Review) error
	SaveReviewPolicy(ctx context.Context, p *ReviewPolicy, actor string, at time.Time) error
	SaveTeam(ctx context.Context, t *Team, actor string, at time.Time) error
	// SetLoadOverride sets a tool's expected hours a week; nil removes the override.
	SetLoadOverride(ctx context.Context, toolID int64, hours *float64, actor string, at time.Time) error
	SaveCapacityOver(ctx context.Context, over bool, at time.Time) error
}

// Store is the persistence behind maintenance.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}
