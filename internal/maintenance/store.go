package maintenance

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// Reader is what maintenance reads.
type Reader interface {
	ExternalReader
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
	ClockPolicy(ctx context.Context) (ClockPolicy, error)
	Issue(ctx context.Context, toolID, id int64) (Issue, error)
	Issues(ctx context.Context, f IssueFilter, afterID int64, limit int) ([]Issue, error)
	// ClocksDue lists open issues whose stored clock state is behind: a
	// running or at-risk clock whose at-risk point or deadline has passed.
	ClocksDue(ctx context.Context, now time.Time, limit int) ([]Issue, error)
	// BreachesSince counts a tool's clock breaches on issues opened since then.
	BreachesSince(ctx context.Context, toolID int64, since time.Time) (int, error)
	Signals(ctx context.Context, toolID int64, openOnly bool) ([]Signal, error)
	OpenSignalCounts(ctx context.Context) (map[int64]int, error)
	// SLOStats aggregates blocking issues opened in [from, to).
	SLOStats(ctx context.Context, from, to time.Time) (byTool, byLevel []SLORow, total SLORow, err error)
	// InventoryCounts counts tools by dimension ("stage", "category", "criticality", "health") and value.
	InventoryCounts(ctx context.Context) (map[string]map[string]int, error)
}

// Tx is what maintenance changes; a review that sunsets a tool opens its
// plan in the same transaction.
type Tx interface {
	sunset.Tx
	Reader
	ExternalWriter
	InsertScores(ctx context.Context, s *Scores) error
	InsertWeights(ctx context.Context, w *Weights) error
	InsertReview(ctx context.Context, r *Review) error
	SaveReviewPolicy(ctx context.Context, p *ReviewPolicy, actor string, at time.Time) error
	SaveTeam(ctx context.Context, t *Team, actor string, at time.Time) error
	// SetLoadOverride sets a tool's expected hours a week; nil removes the override.
	SetLoadOverride(ctx context.Context, toolID int64, hours *float64, actor string, at time.Time) error
	SaveCapacityOver(ctx context.Context, over bool, at time.Time) error
	SaveClockPolicy(ctx context.Context, p *ClockPolicy, actor string, at time.Time) error
	InsertIssue(ctx context.Context, is *Issue) error
	// UpdateIssue stores is if the stored version is still is.Version.
	UpdateIssue(ctx context.Context, is *Issue) error
	InsertSignal(ctx context.Context, s *Signal) error
	UpdateSignal(ctx context.Context, s *Signal) error
}

// IssueFilter narrows a list of issues; zero fields do not filter.
type IssueFilter struct {
	ToolID   int64
	State    IssueState
	Kind     IssueKind
	Blocking *bool
	// OpenedSince keeps issues opened at or after it (zero: all).
	OpenedSince time.Time
	// Clock keeps issues with either clock in this state, as last stored
	// (the background job keeps it current).
	Clock ClockState
}

// Store is the persistence behind maintenance.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}
