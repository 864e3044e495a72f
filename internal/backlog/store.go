package backlog

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// ProcessState is which scheme is active, and the version of that choice.
type ProcessState struct {
	Profile       string `json:"profile"`
	SchemeVersion int    `json:"scheme_version"`
	Version       int    `json:"version"`
}

// ToolInfo is what the backlog reads of a tool in the inventory.
type ToolInfo struct {
	ID            int64
	Name          string
	Stage         string
	GitLabProject string
	EpicURL       string
	// SunsetState is the state of its sunset plan, "" when it has none.
	SunsetState string
}

// Reader is what the backlog reads.
type Reader interface {
	// BacklogItem returns an item, NotFound when there is none.
	BacklogItem(ctx context.Context, id int64) (Item, error)
	// BacklogItemByKey returns the item of a key, NotFound when there is none.
	BacklogItemByKey(ctx context.Context, key string) (Item, error)
	BacklogItems(ctx context.Context, f Filter, afterID int64, limit int) ([]Item, error)
	// AllBacklogItems lists every item, by id.
	AllBacklogItems(ctx context.Context) ([]Item, error)
	// BacklogSchemes lists every stored version of every custom scheme.
	BacklogSchemes(ctx context.Context) ([]Scheme, error)
	// BacklogProcess returns the active scheme's name; NotFound when never set.
	BacklogProcess(ctx context.Context) (ProcessState, error)
	// BacklogSettings, BacklogGroups and BacklogPolicies return NotFound when never set.
	BacklogSettings(ctx context.Context) (Settings, error)
	BacklogGroups(ctx context.Context) (GroupMap, error)
	BacklogPolicies(ctx context.Context) (Policies, error)
	BacklogPolicyMarks(ctx context.Context) (map[string]bool, error)
	// BacklogLastTriage is when triage last ran on its own; zero when never.
	BacklogLastTriage(ctx context.Context) (time.Time, error)
	// BacklogTools describes every tool, by id.
	BacklogTools(ctx context.Context) (map[int64]ToolInfo, error)
	// BacklogCoCreates lists every co-create.
	BacklogCoCreates(ctx context.Context) ([]cocreate.CoCreate, error)
	Events(ctx context.Context, s core.Subject, afterID int64, limit int) ([]core.Event, error)
}

// Tx is what the backlog changes, with its journal.
type Tx interface {
	Reader
	core.Journal
	InsertBacklogItem(ctx context.Context, it *Item) error
	// UpdateBacklogItem stores it if the stored version is still it.Version.
	UpdateBacklogItem(ctx context.Context, it *Item) error
	InsertBacklogScheme(ctx context.Context, s Scheme, actor string, at time.Time) error
	SaveBacklogProcess(ctx context.Context, p *ProcessState, actor string, at time.Time) error
	SaveBacklogSettings(ctx context.Context, s *Settings, actor string, at time.Time) error
	SaveBacklogGroups(ctx context.Context, g *GroupMap, actor string, at time.Time) error
	SaveBacklogPolicies(ctx context.Context, p *Policies, actor string, at time.Time) error
	MarkBacklogPolicy(ctx context.Context, mark string, at time.Time) error
	SaveBacklogLastTriage(ctx context.Context, at time.Time) error
}

// Store is the persistence behind the backlog.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}
