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
	return core.PageByID(page, func(after int64, limit int) ([]core.Message, error) {
		return s.store.Outbox(ctx, after, limit, pendingOnly)
	}, func(m core.Message) int64 { return m.ID })
}
