package gitlab

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// The states of a sync.
const (
	SyncQueued    = "queued"
	SyncRunning   = "running"
	SyncSucceeded = "succeeded"
	SyncFailed    = "failed"
)

// maxSyncErrors bounds the errors one sync keeps.
const maxSyncErrors = 100

// SyncRun is one reconcile of support issues with GitLab and its progress.
type SyncRun struct {
	ID            int64
	RequestedBy   string
	Trigger       string // "api" or "schedule"
	ToolID        *int64 // nil: every tool linked to a GitLab project
	State         string
	ProjectsTotal int
	ProjectsDone  int
	IssuesSeen    int
	Created       int
	Updated       int
	Closed        int
	Errors        []string
	RequestedAt   time.Time
	StartedAt     *time.Time
	FinishedAt    *time.Time
}

// Finished reports whether the sync has ended, well or not.
func (r SyncRun) Finished() bool { return r.State == SyncSucceeded || r.State == SyncFailed }

func (r *SyncRun) fail(msg string) {
	if len(r.Errors) < maxSyncErrors {
		r.Errors = append(r.Errors, msg)
	} else if len(r.Errors) == maxSyncErrors {
		r.Errors = append(r.Errors, "more errors were left out")
	}
}

// SyncStore keeps sync records.
type SyncStore interface {
	InsertSync(ctx context.Context, r *SyncRun) error
	SaveSync(ctx context.Context, r SyncRun) error
	// Sync returns one sync, NotFound when there is none.
	Sync(ctx context.Context, id int64) (SyncRun, error)
	// UnfinishedSyncs lists syncs queued or running.
	UnfinishedSyncs(ctx context.Context) ([]SyncRun, error)
	// ExternalSeen returns GitLab's updated_at last applied to the support
	// issue of key and whether that issue is closed; NotFound when none has the key.
	ExternalSeen(ctx context.Context, key string) (time.Time, bool, error)
}

// Tools lists the inventory; inventory.Service is one.
type Tools interface {
	Tools(ctx context.Context, actor core.Actor, f inventory.Filter, page core.Page) ([]inventory.Tool, string, error)
}

// Applier turns a GitLab issue into its support issue; maintenance.Service is one.
type Applier interface {
	ApplyExternal(ctx context.Context, actor core.Actor, toolID int64, ext maintenance.ExternalIssue) (maintenance.Issue, bool, error)
}

// Classify maps an issue's labels (and confidentiality) to its kind and
// whether it blocks the tool.
type Classify func(ctx context.Context, labels []string, confidential bool) (maintenance.IssueKind, bool, error)

// SyncConfig is what a Syncer is built from.
type SyncConfig struct {
	Store    SyncStore
	Client   *Client
	Tools    Tools
	Issues   Applier
	Classify Classify // DefaultClassify when nil
	Clock    core.Clock
	Logger   *slog.Logger
	Every    time.Duration // the periodic sync; an hour when zero
	// Backlog, when set, is also synced by every sync of all tools: the
	// labelled issues, epics and merged merge requests of the groups and
	// projects of the backlog's settings (PUT /api/v1/backlog/settings).
	Backlog BacklogSink
	// Go runs a sync in the background; a new goroutine when nil.
	Go func(func())
}

// Syncer reconciles support issues with GitLab: GitLab does not redeliver
// missed webhooks, so interlock catches up by listing each linked project's
// issues and applying each one as the webhook would have. A nil *Syncer is
// GitLab not configured: it refuses to start and its periodic run does nothing.
type Syncer struct {
	cfg     SyncConfig
	mu      sync.Mutex
	running map[int64]bool
}

// NewSyncer returns a syncer.
func NewSyncer(cfg SyncConfig) *Syncer {
	if cfg.Classify == nil {
		cfg.Classify = DefaultClassify
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Every <= 0 {
		cfg.Every = time.Hour
	}
	if cfg.Go == nil {
		cfg.Go = func(f func()) { go f() }
	}
	return &Syncer{cfg: cfg, running: map[int64]bool{}}
}

// Every is the period of the periodic sync.
func (s *Syncer) Every() time.Duration { return s.cfg.Every }

// errNotConfigured is the answer of every sync call without GitLab.
func errNotConfigured() error {
	return core.Errorf(core.Conflict,
		"GitLab is not configured: start interlock with INTERLOCK_GITLAB_URL and INTERLOCK_GITLAB_TOKEN to sync with GitLab")
}

// Start begins a sync of one tool (by name) or, when toolName is empty, of
// every tool linked to a GitLab project, and returns at once; the sync runs
// in the background. While a sync of the same scope runs, that one is returned.
func (s *Syncer) Start(ctx context.Context, actor core.Actor, toolName string) (SyncRun, error) {
	if err := actor.Require(core.PermEngineer, "starting a GitLab sync"); err != nil {
		return SyncRun{}, err
	}
	if s == nil {
		return SyncRun{}, errNotConfigured()
	}
	var toolID *int64
	if name := strings.TrimSpace(toolName); name != "" {
		t, err := s.toolNamed(ctx, name)
		if err != nil {
			return SyncRun{}, err
		}
		toolID = &t.ID
	}
	if r, ok, err := s.current(ctx, toolID); err != nil || ok {
		return r, err
	}
	r := SyncRun{RequestedBy: actor.Username, Trigger: "api", ToolID: toolID, State: SyncQueued, RequestedAt: s.cfg.Clock.Now()}
	if err := s.begin(ctx, &r); err != nil {
		return SyncRun{}, err
	}
	run := r
	s.cfg.Go(func() { s.run(context.WithoutCancel(ctx), run) })
	return r, nil
}

// Get returns a sync and its progress.
func (s *Syncer) Get(ctx context.Context, actor core.Actor, id int64) (SyncRun, error) {
	if err := actor.Require(core.PermRead, "reading a GitLab sync"); err != nil {
		return SyncRun{}, err
	}
	if s == nil {
		return SyncRun{}, errNotConfigured()
	}
	r, err := s.cfg.Store.Sync(ctx, id)
	if err != nil {
		return SyncRun{}, err
	}
	return s.settle(ctx, r)
}

// RunScheduled runs a sync of every linked tool now and waits for it; the
// periodic job calls it. It fails when the sync ends with errors, so that
// the job's log says so.
func (s *Syncer) RunScheduled(ctx context.Context) error {
	if s == nil {
		return nil
	}
	if _, ok, err := s.current(ctx, nil); err != nil || ok {
		return err
	}
	r := SyncRun{RequestedBy: core.System.Username, Trigger: "schedule", State: SyncQueued, RequestedAt: s.cfg.Clock.Now()}
	if err := s.begin(ctx, &r); err != nil {
		return err
	}
	r = s.run(ctx, r)
	if r.State == SyncFailed {
		return fmt.Errorf("GitLab sync %d: %d errors, the first: %s", r.ID, len(r.Errors), r.Errors[0])
	}
	return nil
}

// begin records a new sync as running in this process.
func (s *Syncer) begin(ctx context.Context, r *SyncRun) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.cfg.Store.InsertSync(ctx, r); err != nil {
		return err
	}
	s.running[r.ID] = true
	return nil
}

// current returns a sync of that scope still running in this process, and
// marks those a stopped process left unfinished as failed.
func (s *Syncer) current(ctx context.Context, toolID *int64) (SyncRun, bool, error) {
	runs, err := s.cfg.Store.UnfinishedSyncs(ctx)
	if err != nil {
		return SyncRun{}, false, err
	}
	for _, r := range runs {
		r, err := s.settle(ctx, r)
		if err != nil {
			return SyncRun{}, false, err
		}
		if !r.Finished() && sameScope(r.ToolID, toolID) {
			return r, true, nil
		}
	}
	return SyncRun{}, false, nil
}

// settle fails a sync that no goroutine of this process runs any more.
func (s *Syncer) settle(ctx context.Context, r SyncRun) (SyncRun, error) {
	if r.Finished() {
		return r, nil
	}
	s.mu.Lock()
	alive := s.running[r.ID]
	s.mu.Unlock()
	if alive {
		return r, nil
	}
	now := s.cfg.Clock.Now()
	r.State, r.FinishedAt = SyncFailed, &now
	r.fail("interrupted: interlock stopped before the sync finished; start another")
	return r, s.cfg.Store.SaveSync(ctx, r)
}

func sameScope(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// toolNamed finds a tool by name and checks it is linked to GitLab.
func (s *Syncer) toolNamed(ctx context.Context, name string) (inventory.Tool, error) {
	tools, _, err := s.cfg.Tools.Tools(ctx, core.System, inventory.Filter{Name: name}, core.Page{Limit: 1})
	if err != nil {
		return inventory.Tool{}, err
	}
	if len(tools) == 0 {
		return inventory.Tool{}, &core.Error{Code: core.Invalid, Message: "no such tool",
			Fields: []core.FieldError{{Field: "tool", Message: "names no tool of the inventory", Value: name}}}
	}
	if tools[0].GitLabProject == "" {
		return inventory.Tool{}, &core.Error{Code: core.Invalid, Message: "the tool is not linked to GitLab",
			Fields: []core.FieldError{{Field: "tool", Message: "has no gitlab_project to sync with", Value: name}}}
	}
	return tools[0], nil
}

// linkedTools lists the tools a sync covers.
func (s *Syncer) linkedTools(ctx context.Context, toolID *int64) ([]inventory.Tool, error) {
	var out []inventory.Tool
	page := core.Page{Limit: core.MaxLimit}
	for {
		tools, next, err := s.cfg.Tools.Tools(ctx, core.System, inventory.Filter{}, page)
		if err != nil {
			return nil, err
		}
		for _, t := range tools {
			if t.GitLabProject != "" && (toolID == nil || t.ID == *toolID) {
				out = append(out, t)
			}
		}
		if next == "" {
			return out, nil
		}
		page.Cursor = next
	}
}
