package backlog

import (
	"context"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// Week is the weight closed in one week (starting Monday, UTC).
type Week struct {
	Start  time.Time `json:"start"`
	Weight int       `json:"weight"`
	Items  int       `json:"items"`
}

// ToolShare is how much of a co-create tool's distinct functionality has
// been contributed to the product.
type ToolShare struct {
	ToolID          int64    `json:"tool_id"`
	Tool            string   `json:"tool"`
	Functionalities int      `json:"functionalities" doc:"Distinct functionalities, dropped ones left out"`
	Contributed     int      `json:"contributed" doc:"In the product"`
	Share           *float64 `json:"share"`
}

// Metrics are the team's metrics over [From, To).
type Metrics struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// MetricLabelCoverage is the share of team items with a metric label
	// other than the pending one; nil without team items.
	MetricLabelCoverage *float64       `json:"metric_label_coverage"`
	TeamItems           int            `json:"team_items"`
	ByMetric            map[string]int `json:"by_metric" doc:"Team items by the part after ProdSecEngMetric::, \"none\" without"`
	Velocity            []Week         `json:"velocity" doc:"Total weight of team issues closed, per week"`
	VelocityAverage     float64        `json:"velocity_average"`
	MergedRequests      int            `json:"merged_requests"`
	MergedByMetric      map[string]int `json:"merged_by_metric"`
	// PeerReviewRate is the share of merge requests merged on the team's
	// tools that a team member other than the author reviewed; nil without any.
	PeerReviewRate *float64    `json:"peer_review_rate"`
	PeerReviewed   int         `json:"peer_reviewed"`
	ToolRequests   int         `json:"tool_merge_requests"`
	CoCreateShares []ToolShare `json:"cocreate_shares"`
}

// MaxMetricsDays bounds the period of the metrics.
const MaxMetricsDays = 3660

func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := float64(n) / float64(of)
	return &v
}

func metricKey(m string) string {
	if m == "" {
		return "none"
	}
	return m
}

func weekStart(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// ComputeMetrics computes the metrics of a period from the items, each read
// under its own scheme.
func ComputeMetrics(ss func(Item) Scheme, set Settings, tools map[int64]ToolInfo, ccs []cocreate.CoCreate, items []Item, from, to time.Time) Metrics {
	m := Metrics{From: from, To: to, ByMetric: map[string]int{}, MergedByMetric: map[string]int{}, Velocity: []Week{}, CoCreateShares: []ToolShare{}}
	weeks := map[time.Time]*Week{}
	for w := weekStart(from); w.Before(to); w = w.AddDate(0, 0, 7) {
		m.Velocity = append(m.Velocity, Week{Start: w})
	}
	for i := range m.Velocity {
		weeks[m.Velocity[i].Start] = &m.Velocity[i]
	}
	toolProjects := map[string]bool{}
	for _, t := range tools {
		if t.GitLabProject != "" {
			toolProjects[strings.ToLower(t.GitLabProject)] = true
		}
	}
	covered := 0
	for _, it := range items {
		sc := ss(it)
		if it.Kind == MergeRequest {
			if it.MergedAt == nil || it.MergedAt.Before(from) || !it.MergedAt.Before(to) {
				continue
			}
			if it.Team || it.Metric != "" {
				m.MergedRequests++
				m.MergedByMetric[metricKey(it.Metric)]++
			}
			if toolProjects[strings.ToLower(it.Project)] {
				m.ToolRequests++
				if slices.ContainsFunc(it.Reviewers, func(r string) bool { return !strings.EqualFold(r, it.Author) && contains(set.TeamMembers, r) }) {
					m.PeerReviewed++
				}
			}
			continue
		}
		if !it.Team || !it.CreatedAt.Before(to) || it.ClosedAt != nil && it.ClosedAt.Before(from) {
			continue
		}
		m.TeamItems++
		m.ByMetric[metricKey(it.Metric)]++
		if it.Metric != "" && !strings.EqualFold(MetricPrefix+it.Metric, sc.PendingMetricLabel) {
			covered++
		}
		if it.State == Closed && it.ClosedAt != nil && !it.ClosedAt.Before(from) && it.ClosedAt.Before(to) {
			if w := weeks[weekStart(*it.ClosedAt)]; w != nil {
				w.Items++
				if it.Weight != nil {
					w.Weight += *it.Weight
				}
			}
		}
	}
	m.MetricLabelCoverage = share(covered, m.TeamItems)
	m.PeerReviewRate = share(m.PeerReviewed, m.ToolRequests)
	total := 0
	for _, w := range m.Velocity {
		total += w.Weight
	}
	if len(m.Velocity) > 0 {
		m.VelocityAverage = float64(total) / float64(len(m.Velocity))
	}
	for _, c := range ccs {
		if c.ToolID == nil {
			continue
		}
		ts := ToolShare{ToolID: *c.ToolID, Tool: tools[*c.ToolID].Name}
		for _, f := range c.Functionalities {
			if f.Status == cocreate.Dropped {
				continue
			}
			ts.Functionalities++
			if f.Status == cocreate.InProduct {
				ts.Contributed++
			}
		}
		ts.Share = share(ts.Contributed, ts.Functionalities)
		m.CoCreateShares = append(m.CoCreateShares, ts)
	}
	slices.SortFunc(m.CoCreateShares, func(a, b ToolShare) int { return strings.Compare(a.Tool, b.Tool) })
	return m
}

// Metrics computes the team's metrics over [from, to).
func (s *Service) Metrics(ctx context.Context, actor core.Actor, from, to time.Time) (Metrics, error) {
	if err := actor.Require(core.PermRead, "reading the backlog metrics"); err != nil {
		return Metrics{}, err
	}
	if !from.Before(to) || to.Sub(from) > MaxMetricsDays*24*time.Hour {
		return Metrics{}, &core.Error{Code: core.Invalid, Message: "the period is not valid",
			Fields: []core.FieldError{{Field: "from", Message: "must be before to, at most 10 years before", Value: from.Format(time.RFC3339)}}}
	}
	sn, err := s.snapshot(ctx, s.store)
	if err != nil {
		return Metrics{}, err
	}
	tools, err := s.store.BacklogTools(ctx)
	if err != nil {
		return Metrics{}, err
	}
	return ComputeMetrics(sn.schemes.of, sn.settings, tools, sn.cocreates, sn.items, from.UTC(), to.UTC()), nil
}
