package cocreate

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
)

// Need is the co-create of a need with the request it came from.
type Need struct {
	CoCreate CoCreate
	Request  intake.Request
}

// NeedLister lists the co-creates of needs.
type NeedLister interface {
	// CoCreatesOfNeeds lists co-creates of requests by id after afterID, at
	// most limit of them, with their requests; vis, when set, keeps those
	// of requests the reader may see.
	CoCreatesOfNeeds(ctx context.Context, vis *intake.Visibility, afterID int64, limit int) ([]Need, error)
}

// Needs lists the co-creates of needs (requests decided build_in_product),
// oldest first; a requester sees those of their own and their teams'
// requests, as they see the requests.
func (s *Service) Needs(ctx context.Context, actor core.Actor, page core.Page) ([]Need, string, error) {
	if err := actor.Require(core.PermRead, "reading co-creates"); err != nil {
		return nil, "", err
	}
	vis, err := intake.VisibilityOf(ctx, s.teams, actor)
	if err != nil {
		return nil, "", err
	}
	return core.PageByID(page, func(after int64, limit int) ([]Need, error) {
		return s.store.CoCreatesOfNeeds(ctx, vis, after, limit)
	}, func(n Need) int64 { return n.CoCreate.ID })
}
