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

// ItemReader reads backlog items.
type ItemReader interface {
	// BacklogItem returns an item, NotFound when there is none.
	BacklogItem(ctx context.Context, id int64) (Item, error)
	// BacklogItemByKey returns the item of a key, NotFound when there is none.
	BacklogItemByKey(ctx context.Context, key string) (Item, error)
	BacklogItems(ctx context.Context, f Filter, afterID int64, limit int) ([]Item, error)
	// AllBacklogItems lists every item, by id.
	AllBacklogItems(ctx context.Context) ([]Item, error)
}

// ItemWriter stores backlog items.
type ItemWriter interface {
	InsertBacklogItem(ctx context.Context, it *Item) error
	// UpdateBacklogItem stores it if the stored version is still it.Version.
	UpdateBacklogItem(ctx context.Context, it *Item) error
}

// SchemeReader reads the label schemes and which one is active.
type SchemeReader interface {
	// BacklogSchemes lists every stored version of every custom scheme.
	BacklogSchemes(ctx context.Context) ([]Scheme, error)
	// BacklogProcess returns the active scheme's name; NotFound when never set.
	BacklogProcess(ctx context.Context) (ProcessState, error)
}

// SchemeWriter stores custom schemes and the choice of the active one.
type SchemeWriter interface {
	InsertBacklogScheme(ctx context.Context, s Scheme, actor string, at time.Time) error
	SaveBacklogProcess(ctx context.Context, p *ProcessState, actor string, at time.Time) error
}

// SettingsReader reads the backlog's settings, group owners and policies;
// each returns NotFound when never set.
type SettingsReader interface {
	BacklogSettings(ctx context.Context) (Settings, error)
	BacklogGroups(ctx context.Context) (GroupMap, error)
	BacklogPolicies(ctx context.Context) (Policies, error)
}

// SettingsWriter stores the backlog's settings, group owners and policies.
type SettingsWriter interface {
	SaveBacklogSettings(ctx context.Context, s *Settings, actor string, at time.Time) error
	SaveBacklogGroups(ctx context.Context, g *GroupMap, actor string, at time.Time) error
	SaveBacklogPolicies(ctx context.Context, p *Policies, actor string, at time.Time) error
}

// TriageMarks reads what triage has done: the policy marks it set and when
// it last ran on its own (zero when never).
type TriageMarks interface {
	BacklogPolicyMarks(ctx context.Context) (map[string]bool, error)
	BacklogLastTriage(ctx context.Context) (time.Time, error)
}

// TriageMarker records what triage did.
type TriageMarker interface {
	MarkBacklogPolicy(ctx context.Context, mark string, at time.Time) error
	SaveBacklogLastTriage(ctx context.Context, at time.Time) error
}

// WorkReader reads the tools and co-creates the backlog's rules look at.
type WorkReader interface {
	// BacklogTools describes every tool, by id.
	BacklogTools(ctx context.Context) (map[int64]ToolInfo, error)
	// BacklogCoCreates lists every co-create.
	BacklogCoCreates(ctx context.Context) ([]cocreate.CoCreate, error)
}

// Reader is what the backlog reads.
type Reader interface {
	ItemReader
	SchemeReader
	SettingsReader
	TriageMarks
	WorkReader
	Events(ctx context.Context, s core.Subject, afterID int64, limit int) ([]core.Event, error)
}

// Tx is what the backlog changes, with its journal.
type Tx interface {
	Reader
	core.Journal
	ItemWriter
	SchemeWriter
	SettingsWriter
	TriageMarker
}

// Store is the persistence behind the backlog.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}
