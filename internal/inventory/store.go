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
}

// Reader is what the inventory reads, inside or outside a transaction.
type Reader interface {
	Tool(ctx context.Context, id int64) (Tool, error)
	// Tools lists tools by name, after the cursor key, at most limit of them.
	Tools(ctx context.Context, f Filter, afterName string, limit int) ([]Tool, error)
	// Rubric returns the stored rubric, or a NotFound error when none was stored.
	Rubric(ctx context.Context) (Rubric, error)
	LatestAssessment(ctx context.Context, toolID int64) (Assessment, error)
	ADRs(ctx context.Context, toolID int64) ([]ADR, error)
	ADR(ctx context.Context, toolID int64, number int) (ADR, error)
	Improvements(ctx context.Context, toolID int64) ([]Improvement, error)
	// Events lists a subject's events, oldest first, after the given event id.
	Events(ctx context.Context, s core.Subject, afterID int64, limit int) ([]core.Event, error)
}

// Tx is what the inventory changes, inside one transaction.
type Tx interface {
	Reader
	core.Journal
	// InsertTool stores a new tool and sets its ID, Version and timestamps.
	InsertTool(ctx context.Context, t *Tool, actor string) error
	// UpdateTool stores t if the stored version is still t.Version, and then
	// increments it; otherwise it fails with PreconditionFailed.
	UpdateTool(ctx context.Context, t *Tool, actor string) error
	// SaveRubric stores r if the stored version is still r.Version (0 when none is stored).
	SaveRubric(ctx context.Context, r *Rubric, actor string, at time.Time) error
	InsertAssessment(ctx context.Context, a *Assessment) error
	InsertADR(ctx context.Context, a *ADR) error
	UpdateADR(ctx context.Context, a *ADR) error
	InsertImprovement(ctx context.Context, im *Improvement) error
	UpdateImprovement(ctx context.Context, im *Improvement) error
	// QueueTrackerItem records a work item for the tracker to make once
	// the transaction commits.
	QueueTrackerItem(ctx context.Context, item TrackerItem) error
}

// Store is the persistence behind the inventory.
type Store interface {
	Reader
	// InTx runs fn in one transaction, committed when fn returns nil.
	InTx(ctx context.Context, fn func(Tx) error) error
}
