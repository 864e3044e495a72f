package notify

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Store reads the outbox.
type Store interface {
	// Outbox lists messages after an id, oldest first.
	Outbox(ctx context.Context, afterID int64, limit int, pendingOnly bool) ([]core.Message, error)
}

// Service lists outbox messages for the people who look after delivery.
type Service struct {
	store Store
}

// NewService returns the outbox service.
func NewService(store Store) *Service { return &Service{store: store} }

// Messages lists outbox messages, oldest first, one page at a time.
func (s *Service) Messages(ctx context.Context, actor core.Actor, page core.Page, pendingOnly bool) ([]core.Message, string, error) {
	if err := actor.Require(core.PermEngineer, "reading the outbox"); err != nil {
		return nil, "", err
	}
	page = page.Normalize()
	after, err := page.AfterID()
	if err != nil {
		return nil, "", err
	}
	msgs, err := s.store.Outbox(ctx, after, page.Limit+1, pendingOnly)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(msgs) > page.Limit {
		msgs = msgs[:page.Limit]
		next = core.IDCursor(msgs[len(msgs)-1].ID)
	}
	return msgs, next, nil
}
