package intake

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// Filter narrows a list of requests; empty fields do not filter.
type Filter struct {
	Kind           Kind
	State          State
	Step           Step
	RequestingTeam string
	Requester      string
	// DueBy keeps wait_for_product and defer_capacity decisions whose revisit
	// date is on or before this date (YYYY-MM-DD).
	DueBy string
	// VisibleTo, when set, keeps the requests of that requester and of those teams.
	VisibleTo *Visibility
}

// Visibility is what a requester may read: their own requests and their teams'.
type Visibility struct {
	Requester string
	Teams     []string
}

// RequestReader reads requests.
type RequestReader interface {
	Request(ctx context.Context, id int64) (Request, error)
	Requests(ctx context.Context, f Filter, afterID int64, limit int) ([]Request, error)
}

// Reader is what intake reads: requests, their discussion and timeline.
type Reader interface {
	RequestReader
	inventory.EventReader
	Comments(ctx context.Context, requestID int64) ([]Comment, error)
}

// Writer stores requests and their discussion.
type Writer interface {
	InsertRequest(ctx context.Context, r *Request) error
	// UpdateRequest stores r if the stored version is still r.Version.
	UpdateRequest(ctx context.Context, r *Request) error
	InsertComment(ctx context.Context, c *Comment) error
}

// Tx is what intake changes; a decision enrolls tools in the inventory in
// the same transaction (inventory.Service.Enroll).
type Tx interface {
	inventory.Tx
	Reader
	Writer
}

// Store is the persistence behind intake.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}

// revisitDue reports whether a decided request's revisit date has come.
func revisitDue(r Request, today time.Time) bool {
	return r.State == Decided && r.Decision != nil && r.Decision.RevisitOn != "" &&
		r.Decision.RevisitOn <= today.Format(time.DateOnly)
}
