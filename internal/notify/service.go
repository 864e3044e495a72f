package notify

import (
	"context"
	"log/slog"
	"sort"
	"sync"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Service is the outbox and its delivery: it lists messages and their
// deliveries for the people who look after them, lets an admin retry dead
// ones, delivers through the registered channels, and lets each person read
// their own messages.
type Service struct {
	store Store
	clock core.Clock
	log   *slog.Logger
	wake  chan struct{}

	mu       sync.RWMutex
	settings Settings
	channels map[string]Channel
}

// NewService returns the notify service, with no channels until Register.
func NewService(store Store, clock core.Clock) *Service {
	return &Service{store: store, clock: clock, log: slog.New(slog.DiscardHandler),
		wake: make(chan struct{}, 1), channels: map[string]Channel{}}
}

// Configure sets the retry schedule, the default chat webhook and the logger.
func (s *Service) Configure(settings Settings, log *slog.Logger) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings = settings.withDefaults()
	if log != nil {
		s.log = log
	}
}

// Register adds channels; a channel of the same name replaces the one before.
// Messages are only delivered on channels registered when they are expanded.
func (s *Service) Register(channels ...Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range channels {
		if c != nil {
			s.channels[c.Name()] = c
		}
	}
}

func (s *Service) config() (Settings, map[string]Channel) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	chans := make(map[string]Channel, len(s.channels))
	for n, c := range s.channels {
		chans[n] = c
	}
	return s.settings.withDefaults(), chans
}

func (s *Service) channelNames() []string {
	_, chans := s.config()
	names := make([]string, 0, len(chans))
	for n := range chans {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Wake asks the delivery worker to run soon, e.g. after messages were enqueued.
// It never blocks.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Wakeups delivers a value after each Wake, for the delivery job.
func (s *Service) Wakeups() <-chan struct{} { return s.wake }

// Messages lists outbox messages with their deliveries, oldest first, one
// page at a time (manager or admin).
func (s *Service) Messages(ctx context.Context, actor core.Actor, page core.Page, pendingOnly bool) ([]Item, string, error) {
	if err := actor.Require(core.PermManage, "reading the outbox"); err != nil {
		return nil, "", err
	}
	return core.PageByID(page, func(after int64, limit int) ([]Item, error) {
		return s.store.OutboxItems(ctx, after, limit, pendingOnly)
	}, func(it Item) int64 { return it.Message.ID })
}

// Message returns one outbox message with its deliveries (manager or admin).
func (s *Service) Message(ctx context.Context, actor core.Actor, id int64) (Item, error) {
	if err := actor.Require(core.PermManage, "reading the outbox"); err != nil {
		return Item{}, err
	}
	return s.store.OutboxItem(ctx, id)
}

// Retry makes a message's dead and failed deliveries due now, with a fresh
// dead limit (admin), and wakes the worker.
func (s *Service) Retry(ctx context.Context, actor core.Actor, id int64) (Item, error) {
	if err := actor.Require(core.PermAdminister, "retrying a delivery"); err != nil {
		return Item{}, err
	}
	it, err := s.store.OutboxItem(ctx, id)
	if err != nil {
		return Item{}, err
	}
	n, err := s.store.RetryDeliveries(ctx, id, s.clock.Now())
	if err != nil {
		return Item{}, err
	}
	if n == 0 {
		return it, core.Errorf(core.Conflict, "outbox message %d has no dead or failed delivery to retry", id)
	}
	s.log.Info("deliveries retried by an admin", "message", id, "deliveries", n, "by", actor.Username)
	s.Wake()
	return s.store.OutboxItem(ctx, id)
}

// Troubled lists the newest failed and dead deliveries, for a dashboard
// (manager or admin, like the outbox). Show addresses with DisplayAddress.
func (s *Service) Troubled(ctx context.Context, actor core.Actor, limit int) ([]DeliveryStatus, error) {
	if err := actor.Require(core.PermManage, "reading failed deliveries"); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > core.MaxLimit {
		limit = core.DefaultLimit
	}
	return s.store.Troubled(ctx, limit)
}
