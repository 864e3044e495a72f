package maintenance

import (
	"context"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// zombieOutcomes are what a review may decide for a zombie tool: retire it
// (sunset), transfer it (redirect: its ownership must move), or keep it.
var zombieOutcomes = []Outcome{KeepAsIs, SunsetTool, RedirectOwnership}

// checkZombieReview holds rule 9 of issue 14 on a review: a tool that looks
// like a zombie is decided on with its owner's re-verification, and the
// decision is to retire, transfer or keep it.
func (s *Service) checkZombieReview(ctx context.Context, tx ReviewReader, tool inventory.Tool, r *Review) error {
	why, err := s.zombieReasonsOf(ctx, tx, tool)
	if err != nil || len(why) == 0 {
		return err
	}
	r.ZombieReasons = strings.Join(why, "; ")
	r.OwnerReverifiedBy = strings.TrimSpace(r.OwnerReverifiedBy)
	var p core.Problems
	p.Require(r.OwnerReverifiedBy != "", "owner_reverified_by", "is required: "+tool.Name+" looks like a zombie ("+
		r.ZombieReasons+"); name who of "+tool.OwnerTeam+" re-verified whether it is still needed", nil)
	p.MaxLen("owner_reverified_by", r.OwnerReverifiedBy, inventory.MaxTeam)
	p.Require(slices.Contains(zombieOutcomes, r.Outcome), "outcome",
		"a zombie tool is retired (sunset), transferred (redirect) or kept (keep)", r.Outcome)
	return p.Err("the review of a zombie tool is not valid")
}

// zombieReasonsOf says why one tool looks like a zombie, read inside tx.
func (s *Service) zombieReasonsOf(ctx context.Context, tx ReviewReader, tool inventory.Tool) ([]string, error) {
	all, err := s.zombieIDs(ctx, tx)
	return all[tool.ID], err
}

// zombieIDs is the set of active tools that look like zombies now, with
// the reasons, read through r.
func (s *Service) zombieIDs(ctx context.Context, r ReviewReader) (map[int64][]string, error) {
	policy, err := policyOf(ctx, r)
	if err != nil {
		return nil, err
	}
	tools, err := zombieCandidates(ctx, r)
	if err != nil {
		return nil, err
	}
	reviews, err := r.LatestReviews(ctx)
	if err != nil {
		return nil, err
	}
	activity, err := r.LastActivity(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for _, t := range tools {
		var last *Review
		if rv, ok := reviews[t.ID]; ok {
			last = &rv
		}
		at := activity[t.ID]
		if at.IsZero() {
			at = t.UpdatedAt
		}
		if why := ZombieReasons(policy, t, last, at, s.clock.Now()); len(why) > 0 {
			out[t.ID] = why
		}
	}
	return out, nil
}
