package store

import (
	"context"
	"database/sql"
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

// Clock states as the report query codes them, so that no string crosses
// the driver for each of a million rows.
const (
	codeOther = iota
	codeMet
	codeBreached
	codeRunning
)

const stateCode = `CASE %s WHEN 'met' THEN 1 WHEN 'breached' THEN 2 WHEN 'running' THEN 3 WHEN 'at_risk' THEN 3 ELSE 0 END`

// The report packs each issue into two integers, because every column the
// driver hands over costs a lock: the tool, level and clock states in one,
// the two elapsed times (in seconds, below 2^31; noValue when absent) in the other.
const (
	levelCode  = `CASE level WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`
	shift      = `2147483648`
	shiftValue = int64(1) << 31
	noValue    = `2147483647`
)

func unpack(v int64) sql.NullInt64 {
	if v == shiftValue-1 {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: v, Valid: true}
}

func (g *group) add(sloState, rtoState int64, slo, rto sql.NullInt64) {
	count(&g.row, sloState, rtoState)
	if slo.Valid {
		g.triage = append(g.triage, slo.Int64)
	}
	if rto.Valid {
		g.recovery = append(g.recovery, rto.Int64)
	}
}

// finish sorts the durations and takes nearest-rank percentiles.
func (g *group) finish() maintenance.SLORow {
	g.row.TriageP50, g.row.TriageP90 = percentiles(g.triage)
	g.row.RecoverP50, g.row.RecoverP90 = percentiles(g.recovery)
	return g.row
}

// percentiles returns the nearest-rank median and 90th percentile, in
// linear time: the report's overall groups hold every issue of the year.
func percentiles(v []int64) (*time.Duration, *time.Duration) {
	if len(v) == 0 {
		return nil, nil
	}
	rank := func(p int) int { return (p*len(v)+99)/100 - 1 }
	r50, r90 := rank(50), rank(90)
	p90 := selectNth(v, r90)
	p50 := selectNth(v[:r90+1], r50) // everything at or below the 90th is now left of it
	d50, d90 := time.Duration(p50)*time.Second, time.Duration(p90)*time.Second
	return &d50, &d90
}

// selectNth reorders v so that v[k] is the value a sort would put there,
// with nothing larger before it and nothing smaller after it, and returns it.
func selectNth(v []int64, k int) int64 {
	lo, hi := 0, len(v)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		// median of three as the pivot
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		pivot := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for v[j] > pivot {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	slices.Sort(v[lo : hi+1])
	return v[k]
}

// sloStatsLive is SLOStats computed from the issues alone, for periods
// shorter than a whole day and as the reference of the roll-ups' tests. It
// streams one covering index over the period and aggregates here:
// percentiles need every value.
func (q queries) sloStatsLive(ctx context.Context, from, to time.Time) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+reportKeys+`, `+reportElapsed+`
		FROM support_issues WHERE opened_at >= $1 AND opened_at < $2 AND blocks = TRUE`, ts(from), ts(to))
	if err != nil {
		return nil, nil, maintenance.SLORow{}, translate(err, "report SLOs")
	}
	byTool := map[int64]*group{}
	var byLevel [4]*group // by the order of inventory.Criticalities
	var total group
	var keys, elapsed int64
	for rows.Next() {
		if err := rows.Scan(&keys, &elapsed); err != nil {
			rows.Close()
			return nil, nil, maintenance.SLORow{}, translate(err, "report SLOs")
		}
		toolID, level, sloState, rtoState := keys>>6, keys>>4&3, keys>>2&3, keys&3
		slo, rto := unpack(elapsed/shiftValue), unpack(elapsed%shiftValue)
		t := byTool[toolID]
		if t == nil {
			t = &group{row: maintenance.SLORow{ToolID: toolID}}
			byTool[toolID] = t
		}
		l := byLevel[level]
		if l == nil {
			l = &group{row: maintenance.SLORow{Level: inventory.Criticalities[level]}}
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
	for _, g := range byLevel {
		if g != nil {
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
	if q.tools != nil {
		dir, err := q.toolDirectory(ctx)
		if err != nil {
			return err
		}
		at := 0
		for i := range rows {
			if i > 0 && rows[i].ToolID < rows[i-1].ToolID {
				at = 0 // not in id order
			}
			rows[i].Name, rows[i].Level, at = dir.name(rows[i].ToolID, at)
		}
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
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, translate(err, "count tools")
		}
	}
	return out, nil
}
