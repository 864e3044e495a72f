package sunset

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// PlanReader reads sunset plans and their adoption samples.
type PlanReader interface {
	// SunsetPlan returns the tool's newest plan, NotFound when it has none.
	SunsetPlan(ctx context.Context, toolID int64) (Plan, error)
	Samples(ctx context.Context, planID int64) ([]Sample, error)
	// RemindersDue lists open plans whose reminder is due at now and not sent.
	RemindersDue(ctx context.Context, now time.Time) ([]Plan, error)
}

// PlanWriter stores sunset plans and adoption samples.
type PlanWriter interface {
	InsertSunsetPlan(ctx context.Context, p *Plan, reminderDue *time.Time) error
	// UpdateSunsetPlan stores p if the stored version is still p.Version.
	UpdateSunsetPlan(ctx context.Context, p *Plan, reminderDue *time.Time) error
	InsertSample(ctx context.Context, s *Sample, planID int64) error
}

// PolicyReader reads the sunset notice policy.
type PolicyReader interface {
	SunsetPolicy(ctx context.Context) (Policy, error)
}

// TransferReader reads the transfers of a tool to another owner.
type TransferReader interface {
	Transfers(ctx context.Context, toolID int64) ([]Transfer, error)
}

// OpenTx is what opening a plan needs of the caller's transaction (OpenInTx):
// the tool and its change, and the plans.
type OpenTx interface {
	inventory.ToolTx
	PlanReader
	PlanWriter
}

// Reader is what sunset reads.
type Reader interface {
	PlanReader
	PolicyReader
	TransferReader
}

// Tx is what sunset changes, with the tool in the same transaction.
type Tx interface {
	OpenTx
	PolicyReader
	TransferReader
	SaveSunsetPolicy(ctx context.Context, p *Policy, actor string, at time.Time) error
	InsertTransfer(ctx context.Context, t *Transfer) error
}

// Store is the persistence behind sunset.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Transfer records a tool handed to another owner instead of being sunset.
type Transfer struct {
	ID       int64     `json:"id"`
	ToolID   int64     `json:"tool_id"`
	FromTeam string    `json:"from_team"`
	ToTeam   string    `json:"to_team"`
	Note     string    `json:"note"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}
