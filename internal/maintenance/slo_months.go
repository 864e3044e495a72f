package maintenance

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// SLOByMonth is SLO and RTO attainment by criticality for each month that
// starts at one of months (first of the month, UTC): the aggregate alone,
// one read of the stored rollups a month, without the per-tool rows and the
// zombie split that the full report (SLO) adds.
func (s *Service) SLOByMonth(ctx context.Context, actor core.Actor, months []time.Time) ([][]SLORow, error) {
	if err := actor.Require(core.PermRead, "reading reports"); err != nil {
		return nil, err
	}
	if len(months) > 24 {
		return nil, core.Errorf(core.Invalid, "at most 24 months at once")
	}
	out := make([][]SLORow, len(months))
	for i, m := range months {
		_, byLevel, _, err := s.store.Reports.SLOStats(ctx, m, m.AddDate(0, 1, 0))
		if err != nil {
			return nil, err
		}
		out[i] = byLevel
	}
	return out, nil
}
