package sunset

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// RollBackInput says why a sunset is called off and which category the
// tool goes back to.
type RollBackInput struct {
	Category inventory.Category
	Reason   string
}

// RollBack calls off an open sunset plan (a manager's decision): the plan
// ends rolled back, the tool is operational again and leaves category
// sunset for the one given. With closing the plan, it is the only way out
// of sunset while the plan is open (rule 2 of issue 14).
func (s *Service) RollBack(ctx context.Context, actor core.Actor, toolID int64, version int, in RollBackInput) (Plan, inventory.Tool, error) {
	if err := actor.Require(core.PermManage, "rolling back a sunset"); err != nil {
		return Plan{}, inventory.Tool{}, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var pr core.Problems
	pr.Require(in.Category.Valid() && in.Category != inventory.Sunset, "category",
		"is required: the path-forward category the tool goes back to (not sunset)", in.Category)
	pr.Require(in.Reason != "", "reason", "is required: why the sunset is called off", nil)
	pr.MaxLen("reason", in.Reason, maxText)
	if err := pr.Err("the rollback is not valid"); err != nil {
		return Plan{}, inventory.Tool{}, err
	}
	var p Plan
	var tool inventory.Tool
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if p, err = openPlan(ctx, tx, toolID, version); err != nil {
			return err
		}
		now := s.clock.Now()
		p.State, p.ClosedAt = RolledBack, &now
		if err := s.save(ctx, tx, actor, &p, "sunset.rolled_back", "sunset rolled back: "+in.Reason,
			map[string]any{"reason": in.Reason, "category": in.Category}); err != nil {
			return err
		}
		tool, err = s.inventory.Apply(ctx, tx, actor, toolID, "tool.sunset_rolled_back",
			fmt.Sprintf("sunset rolled back: stage operational, category %s (%s)", in.Category, in.Reason),
			func(t *inventory.Tool) error {
				t.Stage, t.Category = inventory.Operational, in.Category
				return nil
			})
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, core.Message{Topic: "sunset.rolled_back", Subject: toolSubject(toolID), CreatedAt: now,
			Recipients: stakeholders(tool, "the sunset was called off"),
			Title:      fmt.Sprintf("%s is no longer being sunset", tool.Name),
			Body:       fmt.Sprintf("The sunset of %s was called off: %s. It is kept running, in category %s.", tool.Name, in.Reason, in.Category)})
	})
	return p, tool, err
}
