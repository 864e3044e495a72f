// Package calendar keeps the team's business-time calendar: the coverage
// windows and holidays every SLO/RTO clock counts on, with the seeds'
// follow-the-sun default on a new install. The engine is internal/bizhours.
package calendar

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// Stored is the calendar document with its version (0: the default, never stored).
type Stored struct {
	Document bizhours.Document
	Version  int
}

// Store keeps the calendar document.
type Store interface {
	// Calendar returns the stored document, NotFound on a new install.
	Calendar(ctx context.Context) (Stored, error)
	// SaveCalendar stores the document if the stored version is still version.
	SaveCalendar(ctx context.Context, d bizhours.Document, version int, actor string, at time.Time) (int, error)
	core.Journal
}

// TxStore runs changes in a transaction.
type TxStore interface {
	Calendar(ctx context.Context) (Stored, error)
	InTx(ctx context.Context, fn func(Store) error) error
}

// Service reads and changes the calendar and answers "when is this due?".
type Service struct {
	store TxStore
	clock core.Clock

	mu      sync.Mutex
	version int
	current *bizhours.Calendar
}

// NewService returns the calendar service.
func NewService(store TxStore, clock core.Clock) *Service {
	return &Service{store: store, clock: clock, version: -1}
}

// Current returns the calendar in force and its version, building it again
// only when the stored version changed.
func (s *Service) Current(ctx context.Context) (*bizhours.Calendar, int, error) {
	st, err := stored(ctx, s.store)
	if err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil && s.version == st.Version {
		return s.current, s.version, nil
	}
	c, err := bizhours.ParseCalendar(st.Document)
	if err != nil {
		return nil, 0, core.Wrap(err, "the stored calendar is not valid")
	}
	s.current, s.version = c, st.Version
	return c, st.Version, nil
}

func stored(ctx context.Context, r interface {
	Calendar(context.Context) (Stored, error)
}) (Stored, error) {
	st, err := r.Calendar(ctx)
	if core.IsCode(err, core.NotFound) {
		return Stored{Document: bizhours.DefaultConfig().Document()}, nil
	}
	return st, err
}

// Get returns the calendar document and its version.
func (s *Service) Get(ctx context.Context, actor core.Actor) (Stored, error) {
	if err := actor.Require(core.PermRead, "reading the calendar"); err != nil {
		return Stored{}, err
	}
	return stored(ctx, s.store)
}

// Set replaces the calendar (admin). Deadlines already computed for open
// issues keep the calendar they were computed on.
func (s *Service) Set(ctx context.Context, actor core.Actor, version int, d bizhours.Document) (Stored, error) {
	if err := actor.Require(core.PermAdminister, "changing the calendar"); err != nil {
		return Stored{}, err
	}
	c, err := bizhours.ParseCalendar(d)
	if err != nil {
		return Stored{}, err
	}
	d = c.Config().Document()
	var out Stored
	err = s.store.InTx(ctx, func(tx Store) error {
		cur, err := stored(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the calendar", cur.Version, version, true); err != nil {
			return err
		}
		now := s.clock.Now()
		v, err := tx.SaveCalendar(ctx, d, cur.Version, actor.Username, now)
		if err != nil {
			return err
		}
		out = Stored{Document: d, Version: v}
		return tx.Append(ctx, core.Event{Subject: core.Subject{Type: "calendar"}, Type: "calendar.changed", Actor: actor.Username,
			At: now, Summary: fmt.Sprintf("calendar: %d windows, %d holidays, reference %s", len(d.Windows), len(d.Holidays), d.ReferenceTimezone),
			Data: d})
	})
	return out, err
}

// Unit is how a target is counted.
type Unit string

// The units of the seeds' targets.
const (
	BusinessHours Unit = "business_hours"
	BusinessDays  Unit = "business_days"
)

// Due returns when a target of amount units, started at from, falls due.
// A start or a due time outside the calendar's supported range is refused
// (naming the range) rather than answered wrong.
func Due(c *bizhours.Calendar, from time.Time, amount int, unit Unit) (time.Time, error) {
	if !bizhours.InRange(from) {
		return time.Time{}, bizhours.OutOfRange("from", from.Format(time.RFC3339))
	}
	var due time.Time
	switch unit {
	case BusinessHours:
		due = c.Add(from, time.Duration(amount)*time.Hour)
	case BusinessDays:
		due = c.AddBusinessDays(from, amount)
	default:
		return time.Time{}, &core.Error{Code: core.Invalid, Message: "the unit is not valid",
			Fields: []core.FieldError{{Field: "unit", Message: "must be business_hours or business_days", Value: unit}}}
	}
	if !bizhours.InRange(due) {
		return time.Time{}, bizhours.OutOfRange("amount", amount)
	}
	return due, nil
}

// Due answers "when is this due?" on the calendar in force.
func (s *Service) Due(ctx context.Context, actor core.Actor, from time.Time, amount int, unit Unit) (time.Time, error) {
	if err := actor.Require(core.PermRead, "asking when something is due"); err != nil {
		return time.Time{}, err
	}
	if amount < 0 || amount > 10000 {
		return time.Time{}, &core.Error{Code: core.Invalid, Message: "the amount is not valid",
			Fields: []core.FieldError{{Field: "amount", Message: "must be 0 to 10000", Value: amount}}}
	}
	c, _, err := s.Current(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return Due(c, from, amount, unit)
}
