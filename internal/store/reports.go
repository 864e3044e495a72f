package store

import (
	"context"
	"slices"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// group accumulates one row of the SLO report.
type group struct {
	row              maintenance.SLORow
	triage, recovery []int64
}

func (g *group) add(sloState, rtoState string, slo, rto *int64) {
	r := &g.row
	r.Issues++
	if sloState == "running" || sloState == "at_risk" || rtoState == "running" || rtoState == "at_risk" {
		r.Running++
	}
	switch sloState {
	case "met":
		r.SLOMet++
	case "breached":
		r.SLOMissed++
	}
	switch rtoState {
	case "met":
		r.RTOMet++
	case "breached":
		r.RTOMissed++
	}
	if slo != nil {
		g.triage = append(g.triage, *slo)
	}
	if rto != nil {
		g.recovery = append(g.recovery, *rto)
	}
}

// finish sorts the durations and takes nearest-rank percentiles.
func (g *group) finish() maintenance.SLORow {
	g.row.TriageP50, g.row.TriageP90 = percentiles(g.triage)
	g.row.RecoverP50, g.row.RecoverP90 = percentiles(g.recovery)
	return g.row
}

func percentiles(v []int64) (*time.Duration, *time.Duration) {
	if len(v) == 0 {
		return nil, nil
	}
	slices.Sort(v)
	at := func(p int) *time.Duration {
		d := time.Duration(v[(p*len(v)+99)/100-1]) * time.Second
		return &d
	}
	return at(50), at(90)
}

// SLOStats aggregates blocking issues opened in [from, to) by tool, by the
// commitment level they opened under, and overall. It streams one covering
// index over the period and aggregates here: percentiles need every value.
func (q queries) SLOStats(ctx context.Context, from, to time.Time) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT tool_id, level, slo_state, rto_state, slo_elapsed_s, rto_elapsed_s
		FROM support_issues WHERE opened_at >= $1 AND opened_at < $2 AND blocks = TRUE`, ts(from), ts(to))
	if err != nil {
		return nil, nil, maintenance.SLORow{}, translate(err, "report SLOs")
	}
	byTool, byLevel := map[int64]*group{}, map[string]*group{}
	var total group
	var toolID int64
	var level, sloState, rtoState string
	var slo, rto *int64
	for rows.Next() {
		if err := rows.Scan(&toolID, &level, &sloState, &rtoState, &slo, &rto); err != nil {
			rows.Close()
			return nil, nil, maintenance.SLORow{}, translate(err, "report SLOs")
		}
		t := byTool[toolID]
		if t == nil {
			t = &group{row: maintenance.SLORow{ToolID: toolID}}
			byTool[toolID] = t
		}
		l := byLevel[level]
		if l == nil {
			l = &group{row: maintenance.SLORow{Level: inventory.Criticality(level)}}
			byLevel[level] = l
		}
		t.add(sloState, rtoState, slo, rto)
		l.add(sloState, rtoState, slo, rto)
		total.add(sloState, rtoState, slo, rto)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, maintenance.SLORow{}, translate(err, "report SLOs")
	}
	tools := make([]maintenance.SLORow, 0, len(byTool))
	for _, g := range byTool {
		tools = append(tools, g.finish())
	}
	slices.SortFunc(tools, func(a, b maintenance.SLORow) int { return int(a.ToolID - b.ToolID) })
	var levels []maintenance.SLORow
	for _, c := range inventory.Criticalities {
		if g := byLevel[string(c)]; g != nil {
			levels = append(levels, g.finish())
		}
	}
	if err := q.toolNames(ctx, tools); err != nil {
		return nil, nil, maintenance.SLORow{}, err
	}
	return tools, levels, total.finish(), nil
}

// toolNames fills in the names and current criticality of the rows' tools.
func (q queries) toolNames(ctx context.Context, rows []maintenance.SLORow) error {
	if len(rows) == 0 {
		return nil
	}
	res, err := q.q.QueryContext(ctx, `SELECT id, name, criticality FROM tools`)
	if err != nil {
		return translate(err, "read tool names")
	}
	defer res.Close()
	names := map[int64][2]string{}
	for res.Next() {
		var id int64
		var name, crit string
		if err := res.Scan(&id, &name, &crit); err != nil {
			return translate(err, "read tool names")
		}
		names[id] = [2]string{name, crit}
	}
	for i := range rows {
		n := names[rows[i].ToolID]
		rows[i].Name, rows[i].Level = n[0], inventory.Criticality(n[1])
	}
	return translate(res.Err(), "read tool names")
}

// InventoryCounts counts tools by stage, category, criticality and health.
func (q queries) InventoryCounts(ctx context.Context) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	for _, dim := range []string{"stage", "category", "criticality", "health"} {
		rows, err := q.q.QueryContext(ctx, `SELECT `+dim+`, COUNT(*) FROM tools GROUP BY `+dim)
		if err != nil {
			return nil, translate(err, "count tools")
		}
		out[dim] = map[string]int{}
		for rows.Next() {
			var v string
			var n int
			if err := rows.Scan(&v, &n); err != nil {
				rows.Close()
				return nil, translate(err, "count tools")
			}
			out[dim][v] = n
		}
		rows.Close()
	}
	return out, nil
}
