package inventory

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Filter narrows a list of tools. Empty fields do not filter.
type Filter struct {
	Category    Category
	Criticality Criticality
	Stage       Stage
	Health      Health
	OwnerTeam   string
	Stakeholder string
	Name        string // exact, case-insensitive
	Text        string // free text over name, summary and teams
	// Sort orders the list; by name when empty. The store pages a sorted
	// list after (SortAfter, the cursor's name key).
	Sort      ToolSort
	SortAfter string // the sort value of the last tool of the previous page
}

// ToolReader reads tools.
type ToolReader interface {
	Tool(ctx context.Context, id int64) (Tool, error)
	// Tools lists tools by name, after the cursor key, at most limit of them.
	Tools(ctx context.Context, f Filter, afterName string, limit int) ([]Tool, error)
}

// ToolWriter stores tools.
type ToolWriter interface {
	// InsertTool stores a new tool and sets its ID, Version and timestamps.
	InsertTool(ctx context.Context, t *Tool, actor string) error
	// UpdateTool stores t if the stored version is still t.Version, and then
	// increments it; otherwise it fails with PreconditionFailed.
	UpdateTool(ctx context.Context, t *Tool, actor string) error
}

// ToolTx is what changing a tool needs of a transaction: the tool, its
// store and the journal. Other workflows change tools through Apply with it.
type ToolTx interface {
	core.Journal
	ToolReader
	ToolWriter
}

// RubricReader reads the health rubric and assessments against it.
type RubricReader interface {
	// Rubric returns the stored rubric, or a NotFound error when none was stored.
	Rubric(ctx context.Context) (Rubric, error)
	LatestAssessment(ctx context.Context, toolID int64) (Assessment, error)
}

// RubricWriter stores the rubric and assessments.
type RubricWriter interface {
	// SaveRubric stores r if the stored version is still r.Version (0 when none is stored).
	SaveRubric(ctx context.Context, r *Rubric, actor string, at time.Time) error
	InsertAssessment(ctx context.Context, a *Assessment) error
}

// ADRReader reads a tool's architecture decision records.
type ADRReader interface {
	ADRs(ctx context.Context, toolID int64) ([]ADR, error)
	ADR(ctx context.Context, toolID int64, number int) (ADR, error)
}

// ADRWriter stores ADRs.
type ADRWriter interface {
	InsertADR(ctx context.Context, a *ADR) error
	UpdateADR(ctx context.Context, a *ADR) error
}

// ImprovementReader reads a tool's improvement plan.
type ImprovementReader interface {
	Improvements(ctx context.Context, toolID int64) ([]Improvement, error)
}

// ImprovementWriter stores improvement work items.
type ImprovementWriter interface {
	InsertImprovement(ctx context.Context, im *Improvement) error
	UpdateImprovement(ctx context.Context, im *Improvement) error
}

// TrackerQueue asks the tracker for work items (improvements here, epics
// and issues in co-create).
type TrackerQueue interface {
	// QueueTrackerItem records a work item for the tracker to make once
	// the transaction commits.
	QueueTrackerItem(ctx context.Context, item TrackerItem) error
}

// EventReader reads a subject's timeline.
type EventReader interface {
	// Events lists a subject's events, oldest first, after the given event id.
	Events(ctx context.Context, s core.Subject, afterID int64, limit int) ([]core.Event, error)
}

// Reader is what the inventory reads, inside or outside a transaction.
type Reader interface {
	ToolReader
	RubricReader
	ADRReader
	ImprovementReader
	EventReader
}

// Tx is what the inventory changes, inside one transaction; enrolling a
// tool from another workflow (Enroll) needs all of it.
type Tx interface {
	ToolTx
	RubricReader
	RubricWriter
	ADRReader
	ADRWriter
	ImprovementReader
	ImprovementWriter
	TrackerQueue
	EventReader
}

// Store is the persistence behind the inventory.
type Store interface {
	Reader
	NameReader
	// InTx runs fn in one transaction, committed when fn returns nil.
	InTx(ctx context.Context, fn func(Tx) error) error
}
