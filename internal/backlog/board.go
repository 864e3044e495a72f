package backlog

import (
	"context"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Column is one column of the board: the open items of one workflow label.
type Column struct {
	Label    string `json:"label" doc:"The whole workflow label; empty for items with none, \"other\" for labels not in the profile"`
	Workflow string `json:"workflow"`
	Items    []Item `json:"items"`
}

// Board is the team's build board.
type Board struct {
	Profile string   `json:"profile"`
	Columns []Column `json:"columns"`
}

// BuildBoard lays open candidate and team items out in the scheme's
// workflow columns, in its order; unrefined items (no workflow label) come
// first and items with a label the scheme does not know come last.
func BuildBoard(sc Scheme, items []Item) Board {
	b := Board{Profile: sc.Ref(), Columns: []Column{{Label: "", Workflow: "", Items: []Item{}}}}
	idx := map[string]int{"": 0}
	for _, l := range sc.WorkflowLabels {
		idx[strings.ToLower(l)] = len(b.Columns)
		b.Columns = append(b.Columns, Column{Label: l, Workflow: strings.TrimPrefix(l, WorkflowPrefix), Items: []Item{}})
	}
	other := -1
	for _, it := range items {
		if !it.Open() || it.Kind == MergeRequest || !it.Team && !it.Candidate {
			continue
		}
		key := ""
		if it.Workflow != "" {
			key = strings.ToLower(WorkflowPrefix + it.Workflow)
		}
		i, ok := idx[key]
		if !ok {
			if other < 0 {
				other = len(b.Columns)
				b.Columns = append(b.Columns, Column{Label: "other", Workflow: "other", Items: []Item{}})
			}
			i = other
		}
		b.Columns[i].Items = append(b.Columns[i].Items, it)
	}
	return b
}

// Board returns the board under the active scheme.
func (s *Service) Board(ctx context.Context, actor core.Actor) (Board, error) {
	if err := actor.Require(core.PermRead, "reading the backlog"); err != nil {
		return Board{}, err
	}
	sc, _, _, err := active(ctx, s.store)
	if err != nil {
		return Board{}, err
	}
	items, err := s.store.AllBacklogItems(ctx)
	if err != nil {
		return Board{}, err
	}
	return BuildBoard(sc, items), nil
}
