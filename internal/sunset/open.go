package sunset

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// Opening says why and how a sunset starts.
type Opening struct {
	Kind       Kind
	Reason     string
	CoCreateID *int64 // the shipped co-create a post_cocreate plan follows
}

// Open starts a direct sunset of a tool: a decision, so it needs a manager.
// Post-co-create plans open on their own when a co-create ships.
func (s *Service) Open(ctx context.Context, actor core.Actor, toolID int64, o Opening) (Plan, error) {
	if err := actor.Require(core.PermManage, "deciding to sunset a tool"); err != nil {
		return Plan{}, err
	}
	if o.Kind == PostCoCreate && o.CoCreateID == nil {
		return Plan{}, invalid("kind", o.Kind,
			"a post_cocreate plan opens by itself when the tool's co-create ships; open a direct sunset instead")
	}
	var p Plan
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		p, err = s.OpenInTx(ctx, tx, actor, toolID, o)
		return err
	})
	return p, err
}

// OpenInTx opens a plan inside the caller's transaction (co-create uses it
// when it ships). The tool's stage becomes transition and its category
// sunset: it is kept running as KTLO until it is removed.
func (s *Service) OpenInTx(ctx context.Context, tx OpenTx, actor core.Actor, toolID int64, o Opening) (Plan, error) {
	if !o.Kind.Valid() {
		return Plan{}, invalid("kind", o.Kind, "must be post_cocreate or direct")
	}
	o.Reason = strings.TrimSpace(o.Reason)
	if o.Kind == Direct && o.Reason == "" {
		return Plan{}, invalid("reason", nil, "is required: superseded by a product capability, the need changed, or the tool is unused")
	}
	tool, err := tx.Tool(ctx, toolID)
	if err != nil {
		return Plan{}, err
	}
	if err := canOpen(ctx, tx, tool, o); err != nil {
		return Plan{}, err
	}
	now := s.clock.Now()
	p := Plan{ToolID: toolID, CoCreateID: o.CoCreateID, Kind: o.Kind, State: Open, Reason: o.Reason,
		Checklist: map[Activity]Check{}, OpenedBy: actor.Username, OpenedAt: now, UpdatedAt: now}
	for _, a := range Activities(o.Kind) {
		p.Checklist[a] = Check{}
	}
	if err := tx.InsertSunsetPlan(ctx, &p, nil); err != nil {
		return Plan{}, err
	}
	tool, err = s.inventory.Apply(ctx, tx, actor, toolID, "tool.sunset_started",
		fmt.Sprintf("%s sunset started: stage transition, category sunset (kept running as KTLO until removed)", o.Kind),
		func(t *inventory.Tool) error {
			t.Stage, t.Category = inventory.Transition, inventory.Sunset
			return nil
		})
	if err != nil {
		return Plan{}, err
	}
	if err := tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "sunset.opened", Actor: actor.Username,
		At: now, Summary: fmt.Sprintf("%s sunset plan opened: %s", o.Kind, orDash(o.Reason)),
		Data: map[string]any{"plan_id": p.ID, "kind": o.Kind, "reason": o.Reason, "cocreate_id": o.CoCreateID}}); err != nil {
		return Plan{}, err
	}
	return p, tx.Enqueue(ctx, core.Message{Topic: "sunset.opened", Subject: toolSubject(toolID), CreatedAt: now,
		Recipients: stakeholders(tool, "the tool is being sunset"),
		Title:      fmt.Sprintf("%s is being sunset (%s)", tool.Name, o.Kind),
		Body:       fmt.Sprintf("ProdSecEng has started to sunset %s. %s\nA decommission date will be announced with notice.", tool.Name, orDash(o.Reason)),
		Data:       map[string]any{"plan_id": p.ID, "kind": o.Kind}})
}

// canOpen refuses a sunset the process does not allow.
func canOpen(ctx context.Context, tx PlanReader, tool inventory.Tool, o Opening) error {
	if tool.Stage.Ended() {
		return core.Errorf(core.Conflict, "%s is %s already: a tool that has left ProdSecEng's care has nothing to sunset", tool.Name, tool.Stage)
	}
	if o.Kind == Direct && tool.Category == inventory.Redirect {
		return core.Errorf(core.Conflict,
			"%s is in redirect: its ownership must transfer to another team (POST /api/v1/tools/%d/transfer), not be sunset", tool.Name, tool.ID)
	}
	if o.Kind == Direct && tool.Stage == inventory.CoCreate {
		return core.Errorf(core.Conflict, "%s is in co-create: it is sunset after its co-create ships", tool.Name)
	}
	cur, err := tx.SunsetPlan(ctx, tool.ID)
	switch {
	case err == nil && cur.State == Open:
		return core.Errorf(core.Conflict, "%s already has an open %s sunset plan (%d)", tool.Name, cur.Kind, cur.ID)
	case err != nil && !core.IsCode(err, core.NotFound):
		return err
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
