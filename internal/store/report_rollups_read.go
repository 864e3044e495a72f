package store

import (
	"context"
	"database/sql"
	"time"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// SLOStats aggregates blocking issues opened in [from, to) by tool, by the
// commitment level they opened under, and overall. The whole UTC days of
// the period come from their roll-ups, the part-days at either end from
// the report index; one statement reads both, so they are of one instant.
// The answer is the one sloStatsLive computes from the issues alone.
func (q queries) SLOStats(ctx context.Context, from, to time.Time) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow, error) {
	if err := q.flushRollups(ctx); err != nil {
		return nil, nil, maintenance.SLORow{}, err
	}
	from, to = ts(from), ts(to)
	first, last := firstWholeDay(from), dayOf(to)
	var built bool
	if err := q.q.QueryRowContext(ctx, `SELECT built FROM slo_rollup_state WHERE id = 1`).Scan(&built); err != nil {
		return nil, nil, maintenance.SLORow{}, translate(err, "read the report roll-up state")
	}
	if first >= last || !built {
		return q.sloStatsLive(ctx, from, to)
	}
	if q.slo != nil {
		return q.sloStatsCached(ctx, from, to, first, last)
	}
	live := `SELECT NULL, ` + reportKeys + `, ` + reportElapsed + ` FROM support_issues`
	rows, err := q.q.QueryContext(ctx, `SELECT packed, 0, 0 FROM slo_rollup_days WHERE day >= $1 AND day < $2
		UNION ALL `+live+` WHERE opened_at >= $3 AND opened_at < $4 AND blocks = TRUE
		UNION ALL `+live+` WHERE opened_at >= $5 AND opened_at < $6 AND blocks = TRUE`,
		first, last, from, ts(dayStart(first)), ts(dayStart(last)), to)
	if err != nil {
		return nil, nil, maintenance.SLORow{}, translate(err, "report SLOs")
	}
	agg := newSLOAggregate()
	var packed sql.RawBytes
	var keys, elapsed int64
	for rows.Next() {
		if err = rows.Scan(&packed, &keys, &elapsed); err != nil {
			break
		}
		if len(packed) == 0 {
			agg.add(keys, elapsed)
			continue
		}
		r := newDayReader(packed)
		for e, ok := r.next(); ok; e, ok = r.next() {
			agg.add(e.keys, e.elapsed)
		}
		if err = r.err; err != nil {
			break
		}
	}
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return nil, nil, maintenance.SLORow{}, translate(err, "report SLOs")
	}
	return q.finishSLO(ctx, agg)
}

// sloAggregate collects the period's entries, then groups them in a few
// passes over flat arrays rather than entry by entry into maps: a year is
// some 600,000 entries.
type sloAggregate struct {
	b *sloBuffers
}

func newSLOAggregate() sloAggregate {
	return sloAggregate{b: takeBuffers()}
}

func (a sloAggregate) add(keys, elapsed int64) {
	a.b.entries = append(a.b.entries, rollEntry{keys: keys, elapsed: elapsed})
}

// finishSLO turns the entries into the report's rows, tools by id, and
// gives the buffers back.
func (q queries) finishSLO(ctx context.Context, a sloAggregate) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow, error) {
	tools, levels, total := groupEntries(a.b)
	keepBuffers(a.b)
	if err := q.toolNames(ctx, tools); err != nil {
		return nil, nil, maintenance.SLORow{}, err
	}
	return tools, levels, total, nil
}
