package httpapi

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// PrioritisedImprovementBody is an open improvement item in the priorities list.
type PrioritisedImprovementBody struct {
	ImprovementBody
	ToolName string `json:"tool_name"`
}

func (s *server) improvementPriorities(ctx context.Context) ([]PrioritisedImprovementBody, error) {
	list, err := s.Maintenance.ImprovementPriorities(ctx, actorOf(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]PrioritisedImprovementBody, 0, len(list))
	for _, p := range list {
		out = append(out, PrioritisedImprovementBody{ImprovementBody: improvementBody(p.Improvement), ToolName: p.Tool.Name})
	}
	return out, nil
}

func (s *server) prioritiseImprovement(ctx context.Context, in *struct {
	ToolPath
	ImprovementID int64 `path:"improvement_id"`
	Body          struct {
		Priority  int    `json:"priority" minimum:"0" maximum:"3" doc:"ProdSecEngPriority 1 (now) to 3 (nice to have); 0 for none"`
		Milestone string `json:"milestone,omitempty" maxLength:"100" doc:"The target milestone"`
	}
}) (*struct{ Body ImprovementBody }, error) {
	im, err := s.Inventory.PrioritiseImprovement(ctx, actorOf(ctx), in.ID, in.ImprovementID,
		inventory.ImprovementPriority{Priority: in.Body.Priority, Milestone: in.Body.Milestone})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body ImprovementBody }{Body: improvementBody(im)}, nil
}
