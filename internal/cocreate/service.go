package cocreate

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// Service applies the co-create rules on behalf of an actor.
type Service struct {
	store     Store
	inventory *inventory.Service
	sunset    *sunset.Service
	clock     core.Clock
	teams     intake.TeamDirectory // who is in which team, for reading a request's co-create
}

// WithTeams lets requesters read the co-create of their teams' requests
// besides their own (the rule of reading requests, intake.MayRead), and
// returns the service. Without it they read only their own requests'.
func (s *Service) WithTeams(d intake.TeamDirectory) *Service {
	s.teams = d
	return s
}

// NewService returns a co-create service that moves tools through inv and
// opens sunset plans through sun.
func NewService(store Store, inv *inventory.Service, sun *sunset.Service, clock core.Clock) *Service {
	return &Service{store: store, inventory: inv, sunset: sun, clock: clock}
}

func toolSubject(id int64) core.Subject { return core.Subject{Type: "tool", ID: id} }

// subject is what a co-create's events are about: its tool, or its request.
func (c CoCreate) subject() core.Subject {
	if c.ToolID != nil {
		return toolSubject(*c.ToolID)
	}
	return core.Subject{Type: "request", ID: *c.RequestID}
}

// Start begins co-create for a tool in the integrate category (which
// already has an epic and a milestone). The tool's stage becomes co_create.
func (s *Service) Start(ctx context.Context, actor core.Actor, toolID int64, epicURL string) (CoCreate, error) {
	if err := actor.Require(core.PermEngineer, "starting co-create"); err != nil {
		return CoCreate{}, err
	}
	if err := checkURL("integration_epic_url", epicURL, s.epicRequired()); err != nil {
		return CoCreate{}, err
	}
	var c CoCreate
	err := s.store.InTx(ctx, func(tx Tx) error {
		tool, err := tx.Tool(ctx, toolID)
		if err != nil {
			return err
		}
		if tool.Category != inventory.Integrate {
			return core.Errorf(core.Conflict, "%s is in %s: co-create starts for a tool in integrate, which needs an epic and an upcoming milestone",
				tool.Name, tool.Category)
		}
		if tool.Stage != inventory.Operational && tool.Stage != inventory.Planned {
			return core.Errorf(core.Conflict, "%s is %s: co-create starts for a planned or operational tool", tool.Name, tool.Stage)
		}
		if existing, err := tx.CoCreateOfTool(ctx, toolID); err == nil {
			return core.Errorf(core.Conflict, "%s already has a co-create (loop %s)", tool.Name, existing.Loop)
		} else if !core.IsCode(err, core.NotFound) {
			return err
		}
		now := s.clock.Now()
		inputs, err := toolIntakeInputs(ctx, tx, toolID)
		if err != nil {
			return err
		}
		c = CoCreate{ToolID: &toolID, Loop: Validation, IntegrationEpicURL: strings.TrimSpace(epicURL),
			StartedBy: actor.Username, StartedAt: now, UpdatedAt: now, IntakeInputs: inputs}
		if err := tx.InsertCoCreate(ctx, &c); err != nil {
			return err
		}
		if err := s.queueEpics(ctx, tx, c, tool.Name); err != nil {
			return err
		}
		if _, err := s.inventory.Apply(ctx, tx, actor, toolID, "tool.cocreate_started", "co-create started: stage co_create",
			func(t *inventory.Tool) error { t.Stage = inventory.CoCreate; return nil }); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "cocreate.started", Actor: actor.Username,
			At: now, Summary: "co-create started, loop 1 (validation); integration epic " + c.IntegrationEpicURL,
			Data: map[string]any{"cocreate_id": c.ID, "integration_epic_url": c.IntegrationEpicURL}})
	})
	return c, err
}

// Ref names a co-create: by its tool, or by the intake request of a need.
type Ref struct {
	Tool    int64
	Request int64
}

func (r Ref) load(ctx context.Context, rd Reader) (CoCreate, error) {
	if r.Request != 0 {
		return rd.CoCreateOfRequest(ctx, r.Request)
	}
	return rd.CoCreateOfTool(ctx, r.Tool)
}

// Of returns a co-create.
func (s *Service) Of(ctx context.Context, actor core.Actor, ref Ref) (CoCreate, error) {
	if err := actor.Require(core.PermRead, "reading a co-create"); err != nil {
		return CoCreate{}, err
	}
	if ref.Request != 0 {
		err := s.store.InTx(ctx, func(tx Tx) error {
			r, err := tx.Request(ctx, ref.Request)
			if err != nil {
				return err
			}
			return intake.MayRead(ctx, s.teams, actor, r)
		})
		if err != nil {
			return CoCreate{}, err
		}
	}
	return ref.load(ctx, s.store)
}

// change loads a tool's co-create, lets mutate change it, and stores it with
// an event whose summary mutate returns.
func (s *Service) change(ctx context.Context, actor core.Actor, ref Ref, version int, event string,
	mutate func(tx Tx, c *CoCreate) (string, error)) (CoCreate, error) {
	if err := actor.Require(core.PermEngineer, "working a co-create"); err != nil {
		return CoCreate{}, err
	}
	var c CoCreate
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if c, err = ref.load(ctx, tx); err != nil {
			return err
		}
		if err := core.CheckVersion("the co-create", c.Version, version, false); err != nil {
			return err
		}
		if c.Loop == Shipped && event != "cocreate.feedback" {
			return core.Errorf(core.Conflict, "the co-create has shipped; only Customer Zero feedback can still be added")
		}
		summary, err := mutate(tx, &c)
		if err != nil {
			return err
		}
		c.UpdatedAt = s.clock.Now()
		if err := tx.UpdateCoCreate(ctx, &c); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: c.subject(), Type: event, Actor: actor.Username, At: c.UpdatedAt,
			Summary: summary, Data: map[string]any{"cocreate_id": c.ID}})
	})
	return c, err
}

func checkURL(field, s string, required bool) error {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return invalid(field, nil, "is required")
		}
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s) > inventory.MaxURL {
		return invalid(field, s, "must be an absolute http(s) URL")
	}
	return nil
}

func invalid(field string, value any, format string, args ...any) error {
	return &core.Error{Code: core.Invalid, Message: "the co-create input is not valid",
		Fields: []core.FieldError{{Field: field, Message: fmt.Sprintf(format, args...), Value: value}}}
}
