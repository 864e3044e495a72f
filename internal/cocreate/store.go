package cocreate

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// Reader is what co-create reads.
type Reader interface {
	// CoCreateOfTool returns a tool's co-create, NotFound when it has none.
	CoCreateOfTool(ctx context.Context, toolID int64) (CoCreate, error)
	// CoCreateOfRequest returns the co-create of an intake request's need.
	CoCreateOfRequest(ctx context.Context, requestID int64) (CoCreate, error)
}

// Tx is what co-create changes; shipping opens a sunset plan and moves the
// tool in the same transaction.
type Tx interface {
	sunset.Tx
	Reader
	// Request reads an intake request, for co-create of a need.
	Request(ctx context.Context, id int64) (intake.Request, error)
	// Requests lists intake requests, to find the one that added a tool.
	Requests(ctx context.Context, f intake.Filter, afterID int64, limit int) ([]intake.Request, error)
	InsertCoCreate(ctx context.Context, c *CoCreate) error
	// UpdateCoCreate stores c if the stored version is still c.Version.
	UpdateCoCreate(ctx context.Context, c *CoCreate) error
}

// Store is the persistence behind co-create.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}
