package maintenance

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// SupportWindowDays is how far back a capacity report looks for the real
// support load.
const SupportWindowDays = 28

// SupportLoad is the real support work on one tool over the trailing
// window: the issues, the business time they took to recover, and the time
// spent on them when the tracker reports it (rule 23 of issue 14).
type SupportLoad struct {
	Issues     int            // issues opened in the window
	Blocking   int            // of which kept the tool from working
	Open       int            // of which are still open
	Recovered  int            // blocking issues recovered
	RecoverP50 *time.Duration // median business time to recover
	Recovering time.Duration  // business time spent recovering, in total
	// TimeSpent is the time logged on the issues; nil until the tracker
	// (GitLab time tracking) reports it.
	TimeSpent *time.Duration
}

// BacklogLoad gives the backlog weight assigned to each person (the
// backlog workflow); capacity reports show it beside the support load.
type BacklogLoad interface {
	AssignedWeight(ctx context.Context) (map[string]int, error)
}

// WithBacklog makes capacity reports include the assigned backlog weight,
// and returns the service.
func (s *Service) WithBacklog(b BacklogLoad) *Service {
	s.backlog = b
	return s
}

// BacklogWeightLimit is the assigned weight one person can carry in a
// milestone: a weight of 5 takes "a major portion of the milestone".
const BacklogWeightLimit = 8

// AssignedWeight is one person's assigned backlog weight.
type AssignedWeight struct {
	Assignee string
	Weight   int
	Over     bool // above BacklogWeightLimit
}

// realLoad fills in the real support load per tool and overall, the
// assigned backlog weight, and what they say about over-commitment.
func (s *Service) realLoad(ctx context.Context, r IssueReader, rep *CapacityReport) error {
	now := s.clock.Now()
	since := now.AddDate(0, 0, -SupportWindowDays)
	cal, _, err := s.calendar.Current(ctx)
	if err != nil {
		return err
	}
	loads := map[int64]*SupportLoad{}
	recoveries := map[int64][]time.Duration{}
	var after int64
	for {
		page, err := r.Issues(ctx, IssueFilter{OpenedSince: since}, after, 500)
		if err != nil {
			return err
		}
		for _, is := range page {
			after = is.ID
			if is.OpenedAt.Before(since) {
				continue
			}
			l := loads[is.ToolID]
			if l == nil {
				l = &SupportLoad{}
				loads[is.ToolID] = l
			}
			l.Issues++
			if is.TimeSpent != nil {
				spent := *is.TimeSpent
				if l.TimeSpent != nil {
					spent += *l.TimeSpent
				}
				l.TimeSpent = &spent
			}
			if is.State != Closed {
				l.Open++
			}
			if !is.BlocksFunctionality {
				continue
			}
			l.Blocking++
			if is.RecoveredAt != nil {
				took := cal.Between(is.OpenedAt, *is.RecoveredAt) // best effort too: the work was done
				if is.RTO.Elapsed != nil {
					took = *is.RTO.Elapsed
				}
				l.Recovered++
				l.Recovering += took
				recoveries[is.ToolID] = append(recoveries[is.ToolID], took)
			}
		}
		if len(page) < 500 {
			break
		}
	}
	for id, ds := range recoveries {
		slices.Sort(ds)
		m := ds[len(ds)/2]
		loads[id].RecoverP50 = &m
	}
	weeks := float64(SupportWindowDays) / 7
	for _, list := range [][]ToolLoad{rep.Tools, rep.Zombies} {
		for i := range list {
			if l := loads[list[i].Tool.ID]; l != nil {
				list[i].Support = *l
				rep.SupportIssues += l.Issues
				rep.SupportHours += l.Recovering.Hours() / weeks
			}
		}
	}
	if s.backlog != nil {
		w, err := s.backlog.AssignedWeight(ctx)
		if err != nil {
			return err
		}
		for who, weight := range w {
			rep.Backlog = append(rep.Backlog, AssignedWeight{Assignee: who, Weight: weight, Over: weight > BacklogWeightLimit})
			rep.BacklogWeight += weight
		}
		sort.Slice(rep.Backlog, func(i, j int) bool { return rep.Backlog[i].Assignee < rep.Backlog[j].Assignee })
	}
	rep.OverCommitted = rep.Over || (rep.Capacity > 0 && rep.SupportHours > rep.Capacity) ||
		slices.ContainsFunc(rep.Backlog, func(a AssignedWeight) bool { return a.Over })
	rep.RealStatement = RealLoadStatement(*rep)
	return nil
}

// RealLoadStatement says what the real work says, beside the configured table.
func RealLoadStatement(r CapacityReport) string {
	s := fmt.Sprintf("in the last %d days: %s, %s a week of business time recovering blocking ones",
		SupportWindowDays, core.Count(r.SupportIssues, "support issue", "support issues"), core.Hours(r.SupportHours))
	if r.Capacity > 0 && r.SupportHours > r.Capacity {
		s += fmt.Sprintf(", more than the team's %s a week", core.Hours(r.Capacity))
	}
	if r.Backlog != nil {
		s += fmt.Sprintf("; %d backlog weight assigned", r.BacklogWeight)
		for _, a := range r.Backlog {
			if a.Over {
				s += fmt.Sprintf("; %s carries weight %d, over %d", a.Assignee, a.Weight, BacklogWeightLimit)
			}
		}
	} else {
		s += "; backlog weight not connected"
	}
	if r.OverCommitted {
		s += ": over-committed"
	}
	return s
}
