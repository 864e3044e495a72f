package httpapi

import (
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// RealLoadBody is the real work beside the configured table: support
// issues, time to recover, time spent, and the assigned backlog weight.
type RealLoadBody struct {
	WindowDays        int                  `json:"window_days"`
	SupportIssues     int                  `json:"support_issues"`
	SupportHours      float64              `json:"support_hours_per_week" doc:"Business time spent recovering blocking issues, per week of the window"`
	BacklogConnected  bool                 `json:"backlog_connected"`
	BacklogWeight     int                  `json:"backlog_weight" doc:"Backlog weight assigned, in total"`
	Backlog           []AssignedWeightBody `json:"backlog"`
	OverCommitted     bool                 `json:"over_committed"`
	Statement         string               `json:"statement"`
	Tools             []ToolSupportBody    `json:"tools"`
	BacklogLimitEach  int                  `json:"backlog_weight_limit_each" doc:"The assigned weight one person can carry in a milestone"`
	TimeSpentReported bool                 `json:"time_spent_reported" doc:"Whether the tracker reports time spent (GitLab time tracking)"`
}

// AssignedWeightBody is one person's assigned backlog weight.
type AssignedWeightBody struct {
	Assignee string `json:"assignee"`
	Weight   int    `json:"weight"`
	Over     bool   `json:"over"`
}

// ToolSupportBody is one tool's support load in the window.
type ToolSupportBody struct {
	ToolID          int64    `json:"tool_id"`
	Name            string   `json:"name"`
	Zombie          bool     `json:"zombie"`
	Issues          int      `json:"issues"`
	Blocking        int      `json:"blocking"`
	Open            int      `json:"open"`
	Recovered       int      `json:"recovered"`
	RecoverP50Hours *float64 `json:"recover_p50_hours" doc:"Median business hours to recover"`
	RecoveringHours float64  `json:"recovering_hours" doc:"Business hours spent recovering, in total"`
	TimeSpentHours  *float64 `json:"time_spent_hours" doc:"Time logged, once the tracker reports it"`
}

func realLoadBody(r maintenance.CapacityReport) RealLoadBody {
	b := RealLoadBody{WindowDays: maintenance.SupportWindowDays, SupportIssues: r.SupportIssues, SupportHours: r.SupportHours,
		BacklogConnected: r.Backlog != nil, BacklogWeight: r.BacklogWeight, Backlog: []AssignedWeightBody{},
		OverCommitted: r.OverCommitted, Statement: r.RealStatement, Tools: []ToolSupportBody{},
		BacklogLimitEach: maintenance.BacklogWeightLimit}
	for _, a := range r.Backlog {
		b.Backlog = append(b.Backlog, AssignedWeightBody{a.Assignee, a.Weight, a.Over})
	}
	for _, list := range []struct {
		zombie bool
		tools  []maintenance.ToolLoad
	}{{false, r.Tools}, {true, r.Zombies}} {
		for _, l := range list.tools {
			sl := l.Support
			if sl.Issues == 0 {
				continue
			}
			t := ToolSupportBody{ToolID: l.Tool.ID, Name: l.Tool.Name, Zombie: list.zombie, Issues: sl.Issues, Blocking: sl.Blocking,
				Open: sl.Open, Recovered: sl.Recovered, RecoveringHours: sl.Recovering.Hours()}
			if sl.RecoverP50 != nil {
				h := sl.RecoverP50.Hours()
				t.RecoverP50Hours = &h
			}
			if sl.TimeSpent != nil {
				h := sl.TimeSpent.Hours()
				t.TimeSpentHours, b.TimeSpentReported = &h, true
			}
			b.Tools = append(b.Tools, t)
		}
	}
	return b
}

func toolLoadBodies(ls []maintenance.ToolLoad) []ToolLoadBody {
	out := []ToolLoadBody{}
	for _, l := range ls {
		out = append(out, ToolLoadBody{ToolID: l.Tool.ID, Name: l.Tool.Name, Criticality: string(l.Tool.Criticality),
			Health: string(l.Tool.Health), HoursPerWeek: l.Hours, Overridden: l.Overridden})
	}
	return out
}
