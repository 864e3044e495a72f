package intake

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// BacklogTaker puts a request decided accept_into_backlog on the team's
// backlog, inside the decision's transaction (the backlog workflow
// implements it).
type BacklogTaker interface {
	TakeRequest(ctx context.Context, tx Tx, actor core.Actor, r Request) error
}

// WithBacklog makes final accept_into_backlog decisions put their requests
// on the backlog; without it the decision is recorded and announced only.
func (s *Service) WithBacklog(b BacklogTaker) *Service {
	s.backlog = b
	return s
}

// toBacklog carries out accept_into_backlog.
func (s *Service) toBacklog(ctx context.Context, tx Tx, actor core.Actor, r *Request) error {
	if s.backlog == nil {
		return nil
	}
	return s.backlog.TakeRequest(ctx, tx, actor, *r)
}
