package maintenance

import (
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// Service applies the maintenance rules on behalf of an actor.
type Service struct {
	store     Stores
	inventory *inventory.Service
	sunset    *sunset.Service
	calendar  CalendarSource
	clock     core.Clock
	backlog   BacklogLoad // nil until the backlog workflow is wired: no assigned weight shown
}

// NewService returns the maintenance service; it changes tools through inv,
// opens sunsets through sun and counts business time on cal.
func NewService(store Stores, inv *inventory.Service, sun *sunset.Service, cal CalendarSource, clock core.Clock) *Service {
	return &Service{store: store, inventory: inv, sunset: sun, calendar: cal, clock: clock}
}

func toolSubject(id int64) core.Subject { return core.Subject{Type: "tool", ID: id} }
