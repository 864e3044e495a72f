package gitlab

import (
	"context"
	"log/slog"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/groupcommit"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// The statuses of a webhook delivery in the inbox (fixed by the API contract).
const (
	DeliveryQueued    = "queued"
	DeliveryProcessed = "processed"
	DeliveryIgnored   = "ignored"
	DeliveryFailed    = "failed"
)

// Delivery is one webhook delivery as the inbox keeps it: redeliveries of
// the same Idempotency-Key are one delivery with more receipts.
type Delivery struct {
	ID             int64
	ReceivedAt     time.Time
	Event          string // X-Gitlab-Event
	EventUUID      string // X-Gitlab-Event-UUID, forwarded on the write-back it causes
	IdempotencyKey string // Idempotency-Key, or "sha256:<hex>" of the body without one
	Project        string // the project's path (or id) as the payload names it
	Body           []byte
	Status         string
	Error          string // why it failed, or why it was ignored
	Attempts       int    // processing attempts so far
	Receipts       int    // times GitLab delivered it
	NextAttemptAt  *time.Time
	ProcessedAt    *time.Time
}

// InboxStore is the durable inbox of webhook deliveries.
type InboxStore interface {
	// RecordHookDeliveries stores a batch in one transaction: each new key as a
	// delivery, each known key as one more receipt of the stored one.
	RecordHookDeliveries(ctx context.Context, ds []*Delivery) error
	// DueHookDeliveries lists, by id after afterID, the queued deliveries and
	// the failed ones whose next attempt is due at now.
	DueHookDeliveries(ctx context.Context, now time.Time, afterID int64, limit int) ([]Delivery, error)
	// SaveHookOutcomes stores, in one transaction, the project, status,
	// error, attempts and times of each delivery.
	SaveHookOutcomes(ctx context.Context, ds []Delivery) error
	// HookDeliveries lists deliveries by id after afterID, without bodies.
	HookDeliveries(ctx context.Context, afterID int64, limit int) ([]Delivery, error)
}

// ToolLister lists the tools a webhook may concern.
type ToolLister interface {
	// ActiveTools lists every tool that has not ended.
	ActiveTools(ctx context.Context) ([]inventory.Tool, error)
}

// IssueService is what the worker asks of the maintenance workflow;
// maintenance.Service is one.
type IssueService interface {
	ApplyExternal(ctx context.Context, actor core.Actor, toolID int64, ext maintenance.ExternalIssue) (maintenance.Issue, bool, error)
	OpenExternal(ctx context.Context, actor core.Actor, prefix string) ([]maintenance.ExternalLink, error)
	GetIssue(ctx context.Context, actor core.Actor, toolID, id int64) (maintenance.Issue, error)
}

// HooksConfig is what the webhook inbox and its worker are built from.
type HooksConfig struct {
	Store  InboxStore
	Tools  ToolLister
	Issues IssueService
	Labels *Labels
	// Backlog, when set, is given every issue, merge request and comment
	// event, for the team's backlog (which keeps only what it follows).
	Backlog BacklogSink
	Clock   core.Clock
	Logger  *slog.Logger
	// Retry is the first backoff after a failed attempt, doubling up to
	// MaxRetryWait; 30 s and 6 h when zero.
	Retry, MaxRetryWait time.Duration
	// MaxAttempts is how many times a failing delivery is tried; 12 when zero.
	MaxAttempts int
	// Every is the worker's safety-net tick; 30 s when zero.
	Every time.Duration
}

// Hooks is GitLab's webhooks on interlock's side: the inbox that deliveries
// are committed to (in groups, by one writer), the worker that turns them
// into calls on the workflows, and the list of deliveries.
type Hooks struct {
	cfg    HooksConfig
	commit *groupcommit.Committer[*Delivery]
	wake   chan struct{}
	// drained, when set, is told after each pass of the worker (SetDrained).
	drained func(n int)
}

// NewHooks returns the inbox and worker of GitLab's webhooks.
func NewHooks(cfg HooksConfig) *Hooks {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = core.SystemClock{}
	}
	if cfg.Retry <= 0 {
		cfg.Retry = 30 * time.Second
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = 6 * time.Hour
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 12
	}
	if cfg.Every <= 0 {
		cfg.Every = 30 * time.Second
	}
	h := &Hooks{cfg: cfg, wake: make(chan struct{}, 1)}
	h.commit = groupcommit.New(cfg.Store.RecordHookDeliveries, h.poke)
	return h
}

// Labels is the label mapping the worker classifies with.
func (h *Hooks) Labels() *Labels { return h.cfg.Labels }

// poke wakes the worker without waiting.
func (h *Hooks) poke() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// ListDeliveries pages through the inbox, oldest first (manager and admin).
func (h *Hooks) ListDeliveries(ctx context.Context, actor core.Actor, page core.Page) ([]Delivery, string, error) {
	if err := actor.Require(core.PermManage, "reading GitLab webhook deliveries"); err != nil {
		return nil, "", err
	}
	return core.PageByID(page, func(after int64, limit int) ([]Delivery, error) {
		return h.cfg.Store.HookDeliveries(ctx, after, limit)
	}, func(d Delivery) int64 { return d.ID })
}

// SetDrained has f told the number of deliveries applied after each pass of
// the worker, so that a caller (a test) waits for the worker on an event
// rather than by sleeping. Set it before Start.
func (h *Hooks) SetDrained(f func(n int)) { h.drained = f }
