package maintenance

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// SLORow is how one tool, one criticality or the whole inventory did
// against its commitments over a period.
type SLORow struct {
	ToolID     int64
	Name       string
	Level      inventory.Criticality
	Issues     int // blocking issues opened in the period
	Running    int // clocks still running (neither met nor missed yet)
	SLOMet     int
	SLOMissed  int
	RTOMet     int
	RTOMissed  int
	TriageP50  *time.Duration // business time to triage
	TriageP90  *time.Duration
	RecoverP50 *time.Duration // business time to recovery
	RecoverP90 *time.Duration
}

// SLOReport is the SLO/RTO record of a period.
type SLOReport struct {
	From, To      time.Time
	ByTool        []SLORow
	ByCriticality []SLORow // by the commitment level issues opened under
	Total         SLORow
	// Zombies are the rows of tools that look like zombies, shown apart
	// from ByTool (rule 9 of issue 14); they still count in the totals.
	Zombies []SLORow
}

// SLO reports blocking issues opened in [from, to): met and missed clocks,
// and the median and 90th percentile business time to triage and to
// recover, per tool, per criticality and overall.
func (s *Service) SLO(ctx context.Context, actor core.Actor, from, to time.Time) (SLOReport, error) {
	if err := actor.Require(core.PermRead, "reading reports"); err != nil {
		return SLOReport{}, err
	}
	if !to.After(from) {
		return SLOReport{}, &core.Error{Code: core.Invalid, Message: "the period is empty",
			Fields: []core.FieldError{{Field: "to", Message: "must be after from", Value: to}}}
	}
	byTool, byLevel, total, err := s.store.Reports.SLOStats(ctx, from, to)
	if err != nil {
		return SLOReport{}, err
	}
	rep := SLOReport{From: from, To: to, ByCriticality: byLevel, Total: total}
	zombies, err := s.zombieIDs(ctx, s.store.Reviews)
	if err != nil {
		return SLOReport{}, err
	}
	for _, r := range byTool {
		if _, ok := zombies[r.ToolID]; ok {
			rep.Zombies = append(rep.Zombies, r)
		} else {
			rep.ByTool = append(rep.ByTool, r)
		}
	}
	return rep, nil
}

// Inventory counts active and ended tools by stage, category, criticality and health.
func (s *Service) Inventory(ctx context.Context, actor core.Actor) (map[string]map[string]int, error) {
	if err := actor.Require(core.PermRead, "reading reports"); err != nil {
		return nil, err
	}
	return s.store.Reports.InventoryCounts(ctx)
}
