package inventory

import (
	"context"
	"slices"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// NameReader reads many tools' names at once, for lists that name tools.
type NameReader interface {
	// ToolNames returns the names of the tools with these ids; an id of no
	// tool is left out.
	ToolNames(ctx context.Context, ids []int64) (map[int64]string, error)
}

// maxNames is how many tools one call names: a page of a list.
const maxNames = core.MaxLimit

// ToolNames names the tools of a list (a page of issues, say) in one read.
func (s *Service) ToolNames(ctx context.Context, actor core.Actor, ids []int64) (map[int64]string, error) {
	if err := actor.Require(core.PermRead, "reading the inventory"); err != nil {
		return nil, err
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) > maxNames {
		return nil, core.Errorf(core.Invalid, "at most %d tools are named at once", maxNames)
	}
	return s.store.ToolNames(ctx, ids)
}
