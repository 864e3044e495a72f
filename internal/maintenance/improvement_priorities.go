package maintenance

import (
	"context"
	"sort"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// PrioritisedImprovement is an open improvement item in the priorities
// list, with the tool it improves (rule 18 of issue 14).
type PrioritisedImprovement struct {
	Tool        inventory.Tool
	Improvement inventory.Improvement
}

// ImprovementPriorities lists the open improvement items of the active
// inventory: ProdSecEngPriority 1 first, then 2 and 3, then the items not
// yet prioritised; within a priority, by target milestone, then oldest first.
func (s *Service) ImprovementPriorities(ctx context.Context, actor core.Actor) ([]PrioritisedImprovement, error) {
	if err := actor.Require(core.PermRead, "reading priorities"); err != nil {
		return nil, err
	}
	tools, err := s.store.Scores.ActiveTools(ctx)
	if err != nil {
		return nil, err
	}
	out := []PrioritisedImprovement{}
	for _, t := range tools {
		if t.OpenImprovements == 0 {
			continue
		}
		items, err := s.inventory.Improvements(ctx, actor, t.ID)
		if err != nil {
			return nil, err
		}
		for _, im := range items {
			if im.DoneAt == nil {
				out = append(out, PrioritisedImprovement{Tool: t, Improvement: im})
			}
		}
	}
	rank := func(p int) int {
		if p == 0 {
			return 4
		}
		return p
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Improvement, out[j].Improvement
		if rank(a.Priority) != rank(b.Priority) {
			return rank(a.Priority) < rank(b.Priority)
		}
		if (a.Milestone == "") != (b.Milestone == "") {
			return a.Milestone != ""
		}
		if a.Milestone != b.Milestone {
			return a.Milestone < b.Milestone
		}
		return a.ID < b.ID
	})
	return out, nil
}
