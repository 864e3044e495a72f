package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// SLORowBody is one row of the SLO report; durations are business time in seconds.
type SLORowBody struct {
	ToolID            int64  `json:"tool_id,omitempty"`
	Name              string `json:"name,omitempty"`
	Criticality       string `json:"criticality,omitempty"`
	Issues            int    `json:"issues" doc:"Blocking issues opened in the period"`
	Running           int    `json:"running" doc:"With a clock still running"`
	SLOMet            int    `json:"slo_met"`
	SLOMissed         int    `json:"slo_missed"`
	RTOMet            int    `json:"rto_met"`
	RTOMissed         int    `json:"rto_missed"`
	TriageMedianSecs  *int64 `json:"triage_median_seconds"`
	TriageP90Secs     *int64 `json:"triage_p90_seconds"`
	RecoverMedianSecs *int64 `json:"recover_median_seconds"`
	RecoverP90Secs    *int64 `json:"recover_p90_seconds"`
}

func secs(d *time.Duration) *int64 {
	if d == nil {
		return nil
	}
	s := int64(*d / time.Second)
	return &s
}

func sloRowBody(r maintenance.SLORow) SLORowBody {
	return SLORowBody{ToolID: r.ToolID, Name: r.Name, Criticality: string(r.Level), Issues: r.Issues, Running: r.Running,
		SLOMet: r.SLOMet, SLOMissed: r.SLOMissed, RTOMet: r.RTOMet, RTOMissed: r.RTOMissed,
		TriageMedianSecs: secs(r.TriageP50), TriageP90Secs: secs(r.TriageP90), RecoverMedianSecs: secs(r.RecoverP50), RecoverP90Secs: secs(r.RecoverP90)}
}

// SLOReportBody is the SLO/RTO record of a period.
type SLOReportBody struct {
	From          time.Time    `json:"from"`
	To            time.Time    `json:"to"`
	Total         SLORowBody   `json:"total"`
	ByCriticality []SLORowBody `json:"by_criticality" doc:"By the commitment level issues opened under"`
	ByTool        []SLORowBody `json:"by_tool"`
	Zombies       []SLORowBody `json:"zombies" doc:"Tools that look like zombies, shown apart from by_tool (counted in the total)"`
}

// CSVRows lays the report out as a table: one row per tool, then per zombie tool, then per criticality, then the total.
func (b SLOReportBody) CSVRows() [][]string {
	out := [][]string{{"scope", "tool_id", "name", "criticality", "issues", "running", "slo_met", "slo_missed", "rto_met",
		"rto_missed", "triage_median_seconds", "triage_p90_seconds", "recover_median_seconds", "recover_p90_seconds"}}
	row := func(scope string, r SLORowBody) []string {
		id := ""
		if r.ToolID != 0 {
			id = strconv.FormatInt(r.ToolID, 10)
		}
		return []string{scope, id, r.Name, r.Criticality, itoa(r.Issues), itoa(r.Running), itoa(r.SLOMet), itoa(r.SLOMissed),
			itoa(r.RTOMet), itoa(r.RTOMissed), opt(r.TriageMedianSecs), opt(r.TriageP90Secs), opt(r.RecoverMedianSecs), opt(r.RecoverP90Secs)}
	}
	for _, r := range b.ByTool {
		out = append(out, row("tool", r))
	}
	for _, r := range b.Zombies {
		out = append(out, row("zombie_tool", r))
	}
	for _, r := range b.ByCriticality {
		out = append(out, row("criticality", r))
	}
	return append(out, row("total", b.Total))
}

func itoa(i int) string { return strconv.Itoa(i) }

func opt(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

// InventoryReportBody counts tools by stage, category, criticality and health.
type InventoryReportBody struct {
	Stage       map[string]int `json:"by_stage"`
	Category    map[string]int `json:"by_category"`
	Criticality map[string]int `json:"by_criticality"`
	Health      map[string]int `json:"by_health"`
}

// CSVRows lays the counts out as dimension, value, tools.
func (b InventoryReportBody) CSVRows() [][]string {
	out := [][]string{{"dimension", "value", "tools"}}
	for _, d := range []struct {
		name string
		m    map[string]int
	}{{"stage", b.Stage}, {"category", b.Category}, {"criticality", b.Criticality}, {"health", b.Health}} {
		for _, k := range sortedKeys(d.m) {
			out = append(out, []string{d.name, k, itoa(d.m[k])})
		}
	}
	return out
}

func (s *server) reportRoutes() {
	huma.Register(s.api, withCSV(op("slo-report", http.MethodGet, "/api/v1/reports/slo", "SLO/RTO report",
		"Blocking issues opened in [from, to): met and missed, median and 90th percentile business time to triage and to recover, "+
			"per tool, per criticality and in total.")), s.sloReport)
	huma.Register(s.api, withCSV(op("inventory-report", http.MethodGet, "/api/v1/reports/inventory", "Inventory report",
		"Tools by stage, category, criticality and health.")), s.inventoryReport)
}

func (s *server) sloReport(ctx context.Context, in *struct {
	From string `query:"from" doc:"RFC 3339 or YYYY-MM-DD; default a year before to"`
	To   string `query:"to" doc:"RFC 3339 or YYYY-MM-DD; default now"`
}) (*struct{ Body SLOReportBody }, error) {
	to, err := parseWhen("to", in.To, s.now())
	if err != nil {
		return nil, s.queryErr(err)
	}
	from, err := parseWhen("from", in.From, to.AddDate(-1, 0, 0))
	if err != nil {
		return nil, s.queryErr(err)
	}
	rep, err := s.Maintenance.SLO(ctx, actorOf(ctx), from, to)
	if err != nil {
		return nil, s.queryErr(err)
	}
	b := SLOReportBody{From: rep.From, To: rep.To, Total: sloRowBody(rep.Total), ByTool: []SLORowBody{}, ByCriticality: []SLORowBody{}}
	for _, r := range rep.ByTool {
		b.ByTool = append(b.ByTool, sloRowBody(r))
	}
	for _, r := range rep.ByCriticality {
		b.ByCriticality = append(b.ByCriticality, sloRowBody(r))
	}
	b.Zombies = []SLORowBody{}
	for _, r := range rep.Zombies {
		b.Zombies = append(b.Zombies, sloRowBody(r))
	}
	return &struct{ Body SLOReportBody }{b}, nil
}

func parseWhen(field, v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, &core.Error{Code: core.Invalid, Message: field + " is not a time",
		Fields: []core.FieldError{{Field: field, Message: "must be RFC 3339 or YYYY-MM-DD", Value: v}}}
}

func (s *server) inventoryReport(ctx context.Context, _ *struct{}) (*struct{ Body InventoryReportBody }, error) {
	counts, err := s.Maintenance.Inventory(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body InventoryReportBody }{InventoryReportBody{Stage: counts["stage"], Category: counts["category"],
		Criticality: counts["criticality"], Health: counts["health"]}}, nil
}
