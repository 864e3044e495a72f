package maintenance

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// IssueCounts counts the support issues in each state.
func (s *Service) IssueCounts(ctx context.Context, actor core.Actor) (map[IssueState]int, error) {
	if err := actor.Require(core.PermRead, "reading issues"); err != nil {
		return nil, err
	}
	return s.store.Issues.IssueStateCounts(ctx)
}
