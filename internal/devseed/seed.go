// Package devseed fills a database with a realistic inventory and support
// history, for benchmarks and demos: `interlock dev seed`.
package devseed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// Tx is what seeding writes: tools and their support issues.
type Tx interface {
	InsertTool(ctx context.Context, t *inventory.Tool, actor string) error
	InsertIssue(ctx context.Context, is *maintenance.Issue) error
}

// Store is what seeding writes through.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Options say how much to make.
type Options struct {
	Tools  int
	Issues int
	Now    time.Time
	Seed   uint64
	// Progress, when set, is told how many issues are written so far.
	Progress func(done int)
}

var (
	criticalities = inventory.Criticalities
	categories    = []inventory.Category{inventory.Maintain, inventory.ImproveThenMaintain, inventory.ImproveThenIntegrate, inventory.Redirect}
	healths       = []inventory.Health{inventory.Unassessed, inventory.BelowGood, inventory.Good, inventory.Better, inventory.Best}
	kinds         = maintenance.IssueKinds
)

// Seed writes opts.Tools tools and opts.Issues support issues spread over
// the year before opts.Now, with clocks computed on cal as the service
// would, and most issues triaged, recovered and closed.
func Seed(ctx context.Context, st Store, cal *bizhours.Calendar, opts Options) ([]int64, error) {
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed+1))
	ids := make([]int64, 0, opts.Tools)
	tools := make([]inventory.Tool, 0, opts.Tools)
	for start := 0; start < opts.Tools; start += 1000 {
		err := st.InTx(ctx, func(tx Tx) error {
			for i := start; i < min(start+1000, opts.Tools); i++ {
				t := inventory.Tool{Name: fmt.Sprintf("tool-%06d", i), Summary: "seeded automation",
					OwnerTeam: fmt.Sprintf("team-%d", i%50), StakeholderTeams: []string{fmt.Sprintf("group-%d", i%30)},
					Criticality: criticalities[r.IntN(len(criticalities))], Category: categories[r.IntN(len(categories))],
					Stage: inventory.Operational, Health: healths[r.IntN(len(healths))],
					CreatedAt: opts.Now.AddDate(-2, 0, 0), UpdatedAt: opts.Now.AddDate(-2, 0, 0)}
				if err := tx.InsertTool(ctx, &t, "seed"); err != nil {
					return err
				}
				ids, tools = append(ids, t.ID), append(tools, t)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(tools) == 0 {
		return ids, nil
	}
	const batch = 5000
	for start := 0; start < opts.Issues; start += batch {
		err := st.InTx(ctx, func(tx Tx) error {
			for range min(batch, opts.Issues-start) {
				is := issue(r, cal, tools[r.IntN(len(tools))], opts.Now)
				if err := tx.InsertIssue(ctx, &is); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if opts.Progress != nil {
			opts.Progress(min(start+batch, opts.Issues))
		}
	}
	return ids, nil
}
