package backlog

import "context"

// AssignedWeight sums the weight of the team's open, assigned work by
// assignee: the backlog's share of the real load that the capacity report
// weighs against the team's hours. An item with several assignees counts
// for each of them; unweighted items count nothing.
func (s *Service) AssignedWeight(ctx context.Context) (map[string]int, error) {
	items, err := s.store.AllBacklogItems(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, it := range items {
		if !it.Team || !it.Open() || it.RemovedAt != nil || it.Weight == nil || it.Kind == MergeRequest {
			continue
		}
		for _, who := range it.Assignees {
			out[who] += *it.Weight
		}
	}
	return out, nil
}
