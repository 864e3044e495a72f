package maintenance

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// ZombieCandidateLister is what a store may offer besides ActiveTools for
// finding zombies: the active tools with only their id, stage, updated_at
// and stakeholder teams, which is all ZombieReasons reads of a tool. The
// SLO report looks at every tool, and a whole tool costs ten times more.
type ZombieCandidateLister interface {
	ZombieCandidates(ctx context.Context) ([]inventory.Tool, error)
}

// zombieCandidates lists the tools zombie detection looks at, through the
// slimmer read when the store offers it.
func zombieCandidates(ctx context.Context, r ToolLister) ([]inventory.Tool, error) {
	if z, ok := r.(ZombieCandidateLister); ok {
		return z.ZombieCandidates(ctx)
	}
	return r.ActiveTools(ctx)
}
