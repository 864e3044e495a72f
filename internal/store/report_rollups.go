package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// The SLO report's roll-ups (ADR 0020): one row per UTC day in
// slo_rollup_days holding, packed, the report's two integers for every
// blocking issue opened that day. Every write of an issue records what it
// changes there; a transaction applies the changes just before it commits,
// day by day in order, so that concurrent writers lock days in one order.

// reportKeys and reportElapsed are the two integers the report reads per
// issue (see reports.go for the packing).
var (
	reportKeys = `tool_id * 64 + ` + levelCode + ` * 16 + ` + fmt.Sprintf(stateCode, "slo_state") + ` * 4 + ` +
		fmt.Sprintf(stateCode, "rto_state")
	reportElapsed = `COALESCE(slo_elapsed_s, ` + noValue + `) * ` + shift + ` + COALESCE(rto_elapsed_s, ` + noValue + `)`
)

// rollupLog holds a transaction's roll-up changes until it commits.
type rollupLog struct {
	days map[int64][]rollDelta
}

// rollDelta is one change to a day: add or remove an entry, or (recompute)
// read the day again from the issues.
type rollDelta struct {
	op int8
	e  rollEntry
}

const (
	rollRecompute int8 = iota
	rollAdd
	rollRemove
)

// issueRoll is what the roll-ups hold of one issue.
type issueRoll struct {
	found  bool
	day    int64
	blocks bool
	e      rollEntry
}

// issueRoll reads an issue as the roll-ups see it; with version > 0, only
// if the issue is still at that version.
func (q queries) issueRoll(ctx context.Context, id int64, version int) (issueRoll, error) {
	query := `SELECT opened_at, blocks, ` + reportKeys + `, ` + reportElapsed + ` FROM support_issues WHERE id = $1`
	args := []any{id}
	if version > 0 {
		query += ` AND version = $2`
		args = append(args, version)
	}
	rows, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return issueRoll{}, translate(err, "read an issue for the reports")
	}
	defer rows.Close()
	var r issueRoll
	var opened time.Time
	if rows.Next() {
		if err := rows.Scan(&opened, &r.blocks, &r.e.keys, &r.e.elapsed); err != nil {
			return issueRoll{}, translate(err, "read an issue for the reports")
		}
		r.found, r.day = true, dayOf(opened)
	}
	return r, translate(rows.Err(), "read an issue for the reports")
}

// rollNewIssue records a new issue in the roll-ups.
func (q queries) rollNewIssue(ctx context.Context, is *maintenance.Issue) error {
	if !is.BlocksFunctionality {
		return nil // the report counts blocking issues only
	}
	return q.rollChangedIssue(ctx, is.ID, nil)
}

// rollIssueBefore reads an issue about to be updated from version.
func (q queries) rollIssueBefore(ctx context.Context, id int64, version int) (*issueRoll, error) {
	r, err := q.issueRoll(ctx, id, version)
	return &r, err
}

// rollChangedIssue records an issue's change in the roll-ups: before is
// what it was (nil for a new issue).
func (q queries) rollChangedIssue(ctx context.Context, id int64, before *issueRoll) error {
	after, err := q.issueRoll(ctx, id, 0)
	if err != nil {
		return err
	}
	if !after.found {
		return core.Errorf(core.Internal, "issue %d is missing after it was written", id)
	}
	switch {
	case before == nil:
		if after.blocks {
			return q.rollRecord(ctx, after.day, rollDelta{op: rollAdd, e: after.e})
		}
	case !before.found: // not read at the version written: read the day again
		if after.blocks {
			return q.rollRecord(ctx, after.day, rollDelta{op: rollRecompute})
		}
	case *before != after:
		if before.blocks {
			if err := q.rollRecord(ctx, before.day, rollDelta{op: rollRemove, e: before.e}); err != nil {
				return err
			}
		}
		if after.blocks {
			return q.rollRecord(ctx, after.day, rollDelta{op: rollAdd, e: after.e})
		}
	}
	return nil
}

// rollRecord keeps a change for the transaction's commit, or applies it at
// once outside a transaction.
func (q queries) rollRecord(ctx context.Context, day int64, d rollDelta) error {
	if q.roll == nil {
		g, err := q.nextRollupGeneration(ctx)
		if err != nil {
			return err
		}
		return q.rollApply(ctx, day, []rollDelta{d}, g)
	}
	if q.roll.days == nil {
		q.roll.days = map[int64][]rollDelta{}
	}
	q.roll.days[day] = append(q.roll.days[day], d)
	return nil
}

// flushRollups applies the transaction's roll-up changes, in day order,
// under the transaction's generation.
func (q queries) flushRollups(ctx context.Context) error {
	if q.roll == nil || len(q.roll.days) == 0 {
		return nil
	}
	g, err := q.nextRollupGeneration(ctx)
	if err != nil {
		return err
	}
	for _, day := range slices.Sorted(maps.Keys(q.roll.days)) {
		if err := q.rollApply(ctx, day, q.roll.days[day], g); err != nil {
			return err
		}
	}
	clear(q.roll.days)
	return nil
}

// nextRollupGeneration takes the next roll-up generation: the version of
// every day the transaction changes. Writers take the state row before
// any day's row, so they lock in one order; a generation is never reused
// once committed, so neither is a day's (day, version).
func (q queries) nextRollupGeneration(ctx context.Context) (int64, error) {
	var g int64
	err := q.q.QueryRowContext(ctx, `UPDATE slo_rollup_state SET generation = generation + 1 WHERE id = 1 RETURNING generation`).Scan(&g)
	return g, translate(err, "take a report roll-up generation")
}

// rollApply changes one day's row, which takes version g. Taking the row
// with an upsert locks it (PostgreSQL) until commit; a removal that finds
// nothing, or a damaged row, makes it read the day again from the issues.
func (q queries) rollApply(ctx context.Context, day int64, deltas []rollDelta, g int64) error {
	var packed []byte
	err := q.q.QueryRowContext(ctx, `INSERT INTO slo_rollup_days (day, entries, packed) VALUES ($1, 0, $2)
		ON CONFLICT (day) DO UPDATE SET entries = slo_rollup_days.entries RETURNING packed`, day, encodeDay(nil)).Scan(&packed)
	if err != nil {
		return translate(err, "take a report roll-up")
	}
	entries, err := decodeDay(packed)
	recompute := err != nil
	for _, d := range deltas {
		if recompute {
			break
		}
		switch d.op {
		case rollAdd:
			entries = insertEntry(entries, d.e)
		case rollRemove:
			var ok bool
			entries, ok = removeEntry(entries, d.e)
			recompute = !ok
		default:
			recompute = true
		}
	}
	if recompute {
		if entries, err = q.liveDay(ctx, day); err != nil {
			return err
		}
	}
	return q.saveDay(ctx, day, entries, g)
}

// saveDay stores a day's entries at version g; a day with none has no row.
func (q queries) saveDay(ctx context.Context, day int64, entries []rollEntry, g int64) error {
	var err error
	if len(entries) == 0 {
		_, err = q.q.ExecContext(ctx, `DELETE FROM slo_rollup_days WHERE day = $1`, day)
	} else {
		_, err = q.q.ExecContext(ctx, `UPDATE slo_rollup_days SET entries = $2, packed = $3, version = $4 WHERE day = $1`,
			day, len(entries), encodeDay(entries), g)
	}
	return translate(err, "save a report roll-up")
}

// liveDay reads a day's entries from the issues, sorted.
func (q queries) liveDay(ctx context.Context, day int64) ([]rollEntry, error) {
	out, err := all(ctx, q.q, "issues of a day", `SELECT `+reportKeys+`, `+reportElapsed+` FROM support_issues
		WHERE opened_at >= $1 AND opened_at < $2 AND blocks = TRUE`, []any{ts(dayStart(day)), ts(dayStart(day + 1))},
		func(r scanner) (rollEntry, error) {
			var e rollEntry
			return e, r.Scan(&e.keys, &e.elapsed)
		})
	slices.SortFunc(out, compareEntries)
	return out, err
}
