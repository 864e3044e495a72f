package sunset

import (
	"context"
	"fmt"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// Service applies the transition & sunset rules on behalf of an actor.
type Service struct {
	store     Store
	inventory *inventory.Service
	clock     core.Clock
}

// NewService returns a sunset service; it changes tools through inv.
func NewService(store Store, inv *inventory.Service, clock core.Clock) *Service {
	return &Service{store: store, inventory: inv, clock: clock}
}

func toolSubject(id int64) core.Subject { return core.Subject{Type: "tool", ID: id} }

// Plan returns a tool's current (newest) sunset plan.
func (s *Service) Plan(ctx context.Context, actor core.Actor, toolID int64) (Plan, []Sample, error) {
	if err := actor.Require(core.PermRead, "reading a sunset plan"); err != nil {
		return Plan{}, nil, err
	}
	p, err := s.store.SunsetPlan(ctx, toolID)
	if err != nil {
		return Plan{}, nil, err
	}
	samples, err := s.store.Samples(ctx, p.ID)
	return p, samples, err
}

// openPlan loads a tool's plan for a change and refuses unless it is open.
func openPlan(ctx context.Context, tx PlanReader, toolID int64, version int) (Plan, error) {
	p, err := tx.SunsetPlan(ctx, toolID)
	if err != nil {
		return Plan{}, err
	}
	if err := core.CheckVersion("the sunset plan", p.Version, version, false); err != nil {
		return Plan{}, err
	}
	if p.State != Open {
		return Plan{}, core.Errorf(core.Conflict, "the sunset plan of tool %d is %s; only an open plan changes", toolID, p.State)
	}
	return p, nil
}

// save stores a changed plan with its event.
func (s *Service) save(ctx context.Context, tx OpenTx, actor core.Actor, p *Plan, event, summary string, data any) error {
	p.UpdatedAt = s.clock.Now()
	if err := tx.UpdateSunsetPlan(ctx, p, reminderDue(*p)); err != nil {
		return err
	}
	return tx.Append(ctx, core.Event{Subject: toolSubject(p.ToolID), Type: event, Actor: actor.Username,
		At: p.UpdatedAt, Summary: summary, Data: data})
}

// reminderDue is when stakeholders are reminded of the decommission date.
func reminderDue(p Plan) *time.Time {
	if p.Notice.DecommissionOn == "" || p.Notice.ReminderSentAt != nil || p.State != Open {
		return nil
	}
	day, err := time.Parse(time.DateOnly, p.Notice.DecommissionOn)
	if err != nil {
		return nil
	}
	due := day.AddDate(0, 0, -p.Notice.ReminderDays)
	return &due
}

// stakeholders lists the teams told about a tool's sunset.
func stakeholders(t inventory.Tool, why string) []core.Recipient {
	out := []core.Recipient{{Kind: "team", Name: t.OwnerTeam, Reason: "owner team; " + why}}
	for _, team := range t.StakeholderTeams {
		if team != t.OwnerTeam {
			out = append(out, core.Recipient{Kind: "team", Name: team, Reason: "uses the tool; " + why})
		}
	}
	return out
}

func invalid(field string, value any, format string, args ...any) error {
	return &core.Error{Code: core.Invalid, Message: "the sunset plan is not valid",
		Fields: []core.FieldError{{Field: field, Message: fmt.Sprintf(format, args...), Value: value}}}
}
