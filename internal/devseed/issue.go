package devseed

import (
	"math/rand/v2"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// issue makes one issue opened in the year before now; older ones are
// mostly done, recent ones still open.
func issue(r *rand.Rand, cal *bizhours.Calendar, t inventory.Tool, now time.Time) maintenance.Issue {
	opened := now.Add(-time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
	is := maintenance.Issue{ToolID: t.ID, Title: "seeded issue", Kind: kinds[r.IntN(len(kinds))], OpenedAt: opened,
		Reporter: "seed", State: maintenance.Open, BlocksFunctionality: r.IntN(10) < 6}
	c := t.Commitment()
	is.Level = c.Level
	if is.BlocksFunctionality {
		is.SLO = maintenance.StartClock(cal, opened, c.SLO, 0.75)
		is.RTO = maintenance.StartClock(cal, opened, c.RTO, 0.75)
	} else {
		is.SLO, is.RTO = maintenance.Clock{State: maintenance.None}, maintenance.Clock{State: maintenance.None}
	}
	age := now.Sub(opened)
	if age > 3*24*time.Hour || r.IntN(3) > 0 {
		at := opened.Add(time.Duration(r.Int64N(int64(min(age, 5*24*time.Hour)) + 1)))
		is.TriagedAt, is.Assignee, is.State = &at, "engineer", maintenance.Triaged
		maintenance.StopClock(&is.SLO, cal, opened, at)
		if age > 10*24*time.Hour || r.IntN(2) == 0 {
			rec := at.Add(time.Duration(r.Int64N(int64(min(now.Sub(at), 10*24*time.Hour)) + 1)))
			is.RecoveredAt, is.State = &rec, maintenance.Recovered
			maintenance.StopClock(&is.RTO, cal, opened, rec)
			if r.IntN(4) > 0 {
				is.ClosedAt, is.State = &rec, maintenance.Closed
			}
		}
	}
	slo, rto := is.ClockStates(now)
	if is.SLO.DueAt != nil && is.TriagedAt == nil {
		is.SLO.State = slo
	}
	if is.RTO.DueAt != nil && is.RecoveredAt == nil {
		is.RTO.State = rto
	}
	return is
}
