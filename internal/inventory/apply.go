package inventory

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Apply changes a tool on behalf of another workflow, inside its
// transaction: co-create moving it to co_create, sunset retiring it, a
// transfer handing it to a new owner. mutate may change any field, stage
// included; the result is validated, stored with an event of the given type
// and summary, and the tool's teams are told when the commitment moves.
func (s *Service) Apply(ctx context.Context, tx ToolTx, actor core.Actor, toolID int64, event, summary string, mutate func(*Tool) error) (Tool, error) {
	before, err := tx.Tool(ctx, toolID)
	if err != nil {
		return Tool{}, err
	}
	after := before
	after.StakeholderTeams = append([]string(nil), before.StakeholderTeams...)
	if err := mutate(&after); err != nil {
		return Tool{}, err
	}
	if err := after.Validate(); err != nil {
		return Tool{}, err
	}
	if err := s.saveTool(ctx, tx, actor, before, &after, event, summary); err != nil {
		return Tool{}, err
	}
	return after, nil
}
