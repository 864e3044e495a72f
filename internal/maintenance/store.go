package maintenance

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// ToolLister lists the tools maintenance looks after.
type ToolLister interface {
	// ActiveTools lists every tool that has not ended, by name.
	ActiveTools(ctx context.Context) ([]inventory.Tool, error)
}

// IssueReader reads support issues.
type IssueReader interface {
	Issue(ctx context.Context, toolID, id int64) (Issue, error)
	Issues(ctx context.Context, f IssueFilter, afterID int64, limit int) ([]Issue, error)
	// IssueStateCounts counts the issues in each state.
	IssueStateCounts(ctx context.Context) (map[IssueState]int, error)
	// ClocksDue lists open issues whose stored clock state is behind: a
	// running or at-risk clock whose at-risk point or deadline has passed.
	ClocksDue(ctx context.Context, now time.Time, limit int) ([]Issue, error)
}

// IssueWriter stores support issues.
type IssueWriter interface {
	InsertIssue(ctx context.Context, is *Issue) error
	// UpdateIssue stores is if the stored version is still is.Version.
	UpdateIssue(ctx context.Context, is *Issue) error
}

// SignalReader reads the signals of repeated misses and what raises them.
type SignalReader interface {
	Signals(ctx context.Context, toolID int64, openOnly bool) ([]Signal, error)
	OpenSignalCounts(ctx context.Context) (map[int64]int, error)
	// BreachesSince counts a tool's clock breaches on issues opened since then.
	BreachesSince(ctx context.Context, toolID int64, since time.Time) (int, error)
}

// SignalWriter stores signals.
type SignalWriter interface {
	InsertSignal(ctx context.Context, s *Signal) error
	UpdateSignal(ctx context.Context, s *Signal) error
}

// ClockPolicyReader reads the clock policy; NotFound when never set.
type ClockPolicyReader interface {
	ClockPolicy(ctx context.Context) (ClockPolicy, error)
}

// ScoreReader reads prioritisation scores and weights.
type ScoreReader interface {
	LatestScores(ctx context.Context) (map[int64]Scores, error)
	ScoreHistory(ctx context.Context, toolID int64) ([]Scores, error)
	// LatestWeights returns the current weights, NotFound when never set.
	LatestWeights(ctx context.Context) (Weights, error)
	WeightHistory(ctx context.Context) ([]Weights, error)
}

// ReviewReader reads inventory reviews and what finds zombie tools.
type ReviewReader interface {
	ToolLister
	LatestReviews(ctx context.Context) (map[int64]Review, error)
	Reviews(ctx context.Context, toolID int64) ([]Review, error)
	// LastActivity is the time of each tool's newest timeline event.
	LastActivity(ctx context.Context) (map[int64]time.Time, error)
	ReviewPolicy(ctx context.Context) (ReviewPolicy, error)
}

// CapacityReader reads the team, the tools' load and the last capacity
// check; the capacity report also counts zombies and real support load.
type CapacityReader interface {
	ReviewReader
	IssueReader
	Team(ctx context.Context) (Team, error)
	LoadOverrides(ctx context.Context) (map[int64]float64, error)
	// CapacityOver says whether the last capacity check found the load over
	// capacity (false when never checked).
	CapacityOver(ctx context.Context) (bool, error)
}

// ReportReader reads the aggregates behind the reports.
type ReportReader interface {
	// SLOStats aggregates blocking issues opened in [from, to).
	SLOStats(ctx context.Context, from, to time.Time) (byTool, byLevel []SLORow, total SLORow, err error)
	// InventoryCounts counts tools by dimension ("stage", "category", "criticality", "health") and value.
	InventoryCounts(ctx context.Context) (map[string]map[string]int, error)
}

// IssueTx is what opening and working a support issue changes: the issue,
// its clocks and the signal they may raise, with the tool read alongside.
type IssueTx interface {
	core.Journal
	inventory.ToolReader
	IssueReader
	IssueWriter
	ExternalReader
	SignalReader
	SignalWriter
	ClockPolicyReader
}

// ExternalTx is what an issue from an outside tracker changes.
type ExternalTx interface {
	IssueTx
	ExternalWriter
}

// SignalTx is what resolving a signal changes: the signal and the tool.
type SignalTx interface {
	inventory.ToolTx
	SignalReader
	SignalWriter
}

// ScoreTx is what setting scores and weights changes.
type ScoreTx interface {
	core.Journal
	inventory.ToolReader
	ScoreReader
	InsertScores(ctx context.Context, s *Scores) error
	InsertWeights(ctx context.Context, w *Weights) error
}

// ReviewTx is what a review changes; a review that sunsets a tool opens its
// plan in the same transaction.
type ReviewTx interface {
	sunset.OpenTx
	ReviewReader
	InsertReview(ctx context.Context, r *Review) error
	SaveReviewPolicy(ctx context.Context, p *ReviewPolicy, actor string, at time.Time) error
}

// CapacityTx is what the team, load overrides and the capacity check change.
type CapacityTx interface {
	core.Journal
	inventory.ToolReader
	CapacityReader
	SaveTeam(ctx context.Context, t *Team, actor string, at time.Time) error
	// SetLoadOverride sets a tool's expected hours a week; nil removes the override.
	SetLoadOverride(ctx context.Context, toolID int64, hours *float64, actor string, at time.Time) error
	SaveCapacityOver(ctx context.Context, over bool, at time.Time) error
}

// ClockPolicyTx is what changing the clock policy changes.
type ClockPolicyTx interface {
	core.Journal
	ClockPolicyReader
	SaveClockPolicy(ctx context.Context, p *ClockPolicy, actor string, at time.Time) error
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
	// NotClosed keeps the issues that are not closed (State, when set, still applies).
	NotClosed bool
}

// IssueStore is the persistence behind support issues and their clocks.
type IssueStore interface {
	IssueReader
	ClockPolicyReader
	InTx(ctx context.Context, fn func(IssueTx) error) error
}

// ExternalStore is the persistence behind issues from outside trackers.
type ExternalStore interface {
	ExternalReader
	InTx(ctx context.Context, fn func(ExternalTx) error) error
}

// SignalStore is the persistence behind signals of repeated misses.
type SignalStore interface {
	SignalReader
	InTx(ctx context.Context, fn func(SignalTx) error) error
}

// ScoreStore is the persistence behind prioritisation.
type ScoreStore interface {
	ToolLister
	ScoreReader
	InTx(ctx context.Context, fn func(ScoreTx) error) error
}

// ReviewStore is the persistence behind inventory reviews.
type ReviewStore interface {
	ReviewReader
	// OpenSignalCounts is shown beside each tool's review state.
	OpenSignalCounts(ctx context.Context) (map[int64]int, error)
	InTx(ctx context.Context, fn func(ReviewTx) error) error
}

// CapacityStore is the persistence behind the capacity report.
type CapacityStore interface {
	CapacityReader
	InTx(ctx context.Context, fn func(CapacityTx) error) error
}

// ClockPolicyStore is the persistence behind the clock policy.
type ClockPolicyStore interface {
	ClockPolicyReader
	InTx(ctx context.Context, fn func(ClockPolicyTx) error) error
}

// Stores is the persistence behind maintenance, one narrow store per use.
type Stores struct {
	Issues   IssueStore
	External ExternalStore
	Signals  SignalStore
	Scores   ScoreStore
	Reviews  ReviewStore
	Capacity CapacityStore
	Policy   ClockPolicyStore
	Reports  ReportReader
}
