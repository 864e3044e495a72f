package cocreate

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// Reader is what co-create reads.
type Reader interface {
	// CoCreateOfTool returns a tool's co-create, NotFound when it has none.
	CoCreateOfTool(ctx context.Context, toolID int64) (CoCreate, error)
	// CoCreateOfRequest returns the co-create of an intake request's need.
	CoCreateOfRequest(ctx context.Context, requestID int64) (CoCreate, error)
}

// Writer stores co-creates.
type Writer interface {
	InsertCoCreate(ctx context.Context, c *CoCreate) error
	// UpdateCoCreate stores c if the stored version is still c.Version.
	UpdateCoCreate(ctx context.Context, c *CoCreate) error
}

// Tx is what co-create changes; shipping opens a sunset plan and moves the
// tool in the same transaction, and epics are queued for the tracker.
type Tx interface {
	sunset.OpenTx
	inventory.TrackerQueue
	Reader
	// the intake request of a need, or the one that added a tool
	intake.RequestReader
	Writer
}

// Store is the persistence behind co-create.
type Store interface {
	Reader
	NeedLister
	InTx(ctx context.Context, fn func(Tx) error) error
}
