package maintenance

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// DueReview is a tool whose review is due, and whether it is overdue.
type DueReview struct {
	Tool          inventory.Tool
	DueAt         time.Time
	Overdue       bool
	LastReview    *Review
	ZombieReasons []string
}

// DueReviews lists the tools whose review is due by now, most overdue first.
func (s *Service) DueReviews(ctx context.Context, actor core.Actor) ([]DueReview, error) {
	if err := actor.Require(core.PermRead, "reading the review schedule"); err != nil {
		return nil, err
	}
	v, err := s.inventoryView(ctx)
	if err != nil {
		return nil, err
	}
	var out []DueReview
	for _, t := range v.tools {
		last := v.lastReview(t.ID)
		due := NextReview(v.policy, t, last)
		if due.After(v.now) {
			continue
		}
		out = append(out, DueReview{Tool: t, DueAt: due, Overdue: v.now.Sub(due) >= 24*time.Hour, LastReview: last,
			ZombieReasons: v.zombie(t)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DueAt.Before(out[j].DueAt) })
	return out, nil
}

// Zombies lists the active tools that look like zombies, with the reasons.
func (s *Service) Zombies(ctx context.Context, actor core.Actor) ([]DueReview, error) {
	if err := actor.Require(core.PermRead, "reading zombie tools"); err != nil {
		return nil, err
	}
	v, err := s.inventoryView(ctx)
	if err != nil {
		return nil, err
	}
	var out []DueReview
	for _, t := range v.tools {
		if why := v.zombie(t); len(why) > 0 {
			last := v.lastReview(t.ID)
			out = append(out, DueReview{Tool: t, DueAt: NextReview(v.policy, t, last), LastReview: last, ZombieReasons: why})
		}
	}
	return out, nil
}

// RecordReview records an inventory review and applies its outcome: a new
// category or criticality, a direct sunset, or redirect (ownership must move
// to another team). Category and criticality changes are the team's
// decisions, so reviews need a manager.
func (s *Service) RecordReview(ctx context.Context, actor core.Actor, toolID int64, r Review) (Review, inventory.Tool, error) {
	if err := actor.Require(core.PermManage, "recording an inventory review"); err != nil {
		return Review{}, inventory.Tool{}, err
	}
	r.Notes, r.MovedTo = strings.TrimSpace(r.Notes), strings.TrimSpace(r.MovedTo)
	if err := r.Validate(); err != nil {
		return Review{}, inventory.Tool{}, err
	}
	r.ToolID, r.ReviewedBy, r.At = toolID, actor.Username, s.clock.Now()
	var tool inventory.Tool
	err := s.store.Reviews.InTx(ctx, func(tx ReviewTx) error {
		var err error
		if tool, err = tx.Tool(ctx, toolID); err != nil {
			return err
		}
		if tool.Stage.Ended() {
			return core.Errorf(core.Conflict, "%s is %s: there is nothing to review", tool.Name, tool.Stage)
		}
		if err := s.checkZombieReview(ctx, tx, tool, &r); err != nil {
			return err
		}
		if err := tx.InsertReview(ctx, &r); err != nil {
			return err
		}
		if err := tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "tool.reviewed", Actor: actor.Username, At: r.At,
			Summary: reviewSummary(r), Data: map[string]any{"review_id": r.ID, "outcome": r.Outcome,
				"stakeholders_use_it": r.StakeholdersUseIt, "moved_to_other": r.MovedToOther, "moved_to": r.MovedTo}}); err != nil {
			return err
		}
		tool, err = s.applyOutcome(ctx, tx, actor, tool, r)
		return err
	})
	return r, tool, err
}

func reviewSummary(r Review) string {
	s := fmt.Sprintf("reviewed: %s", r.Outcome)
	if !r.StakeholdersUseIt {
		s += "; stakeholders no longer use it"
	}
	if r.MovedToOther {
		s += "; they moved to " + r.MovedTo
	}
	return s
}

func (s *Service) applyOutcome(ctx context.Context, tx ReviewTx, actor core.Actor, t inventory.Tool, r Review) (inventory.Tool, error) {
	summary := "changed by the inventory review"
	switch r.Outcome {
	case ChangeCategory:
		return s.inventory.Apply(ctx, tx, actor, t.ID, "tool.updated", summary+": category "+string(r.NewCategory),
			func(t *inventory.Tool) error { t.Category = r.NewCategory; return nil })
	case ChangeCriticality:
		return s.inventory.Apply(ctx, tx, actor, t.ID, "tool.updated", summary+": criticality "+string(r.NewCriticality),
			func(t *inventory.Tool) error { t.Criticality = r.NewCriticality; return nil })
	case RedirectOwnership:
		return s.inventory.Apply(ctx, tx, actor, t.ID, "tool.updated", summary+": redirect, ownership must move to another team",
			func(t *inventory.Tool) error { t.Category = inventory.Redirect; return nil })
	case SunsetTool:
		if _, err := s.sunset.OpenInTx(ctx, tx, actor, t.ID, sunset.Opening{Kind: sunset.Direct, Reason: r.Notes}); err != nil {
			return inventory.Tool{}, err
		}
		return tx.Tool(ctx, t.ID)
	}
	return t, nil
}

// Reviews lists a tool's reviews, oldest first.
func (s *Service) Reviews(ctx context.Context, actor core.Actor, toolID int64) ([]Review, error) {
	if err := actor.Require(core.PermRead, "reading reviews"); err != nil {
		return nil, err
	}
	return s.store.Reviews.Reviews(ctx, toolID)
}

// Policy returns the review policy.
func (s *Service) Policy(ctx context.Context, actor core.Actor) (ReviewPolicy, error) {
	if err := actor.Require(core.PermRead, "reading the review policy"); err != nil {
		return ReviewPolicy{}, err
	}
	return policyOf(ctx, s.store.Reviews)
}

// SetPolicy changes how often tools are reviewed (manager).
func (s *Service) SetPolicy(ctx context.Context, actor core.Actor, version int, p ReviewPolicy) (ReviewPolicy, error) {
	if err := actor.Require(core.PermManage, "changing the review policy"); err != nil {
		return ReviewPolicy{}, err
	}
	if err := p.Validate(); err != nil {
		return ReviewPolicy{}, err
	}
	err := s.store.Reviews.InTx(ctx, func(tx ReviewTx) error {
		cur, err := policyOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the review policy", cur.Version, version, true); err != nil {
			return err
		}
		p.Version = cur.Version
		now := s.clock.Now()
		if err := tx.SaveReviewPolicy(ctx, &p, actor.Username, now); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: core.Subject{Type: "settings"}, Type: "review_policy.changed",
			Actor: actor.Username, At: now, Summary: fmt.Sprintf("reviews every %v months; zombie after %d days", p.EveryMonths, p.ZombieAfterDays)})
	})
	return p, err
}
