package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// SLOStatsLive is the SLO report computed from the issues alone, with the
// tools read afresh: the reference the roll-ups are checked against.
func (db *DB) SLOStatsLive(ctx context.Context, from, to time.Time) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow, error) {
	q := db.queries
	q.slo, q.tools = nil, nil
	return q.sloStatsLive(ctx, from, to)
}

// ZombieCandidatesLive is ZombieCandidates with the tools read afresh.
func (db *DB) ZombieCandidatesLive(ctx context.Context) ([]inventory.Tool, error) {
	q := db.queries
	q.tools = nil
	return q.ZombieCandidates(ctx)
}

// SLOStatsUncached is the SLO report through the roll-ups without the
// cache of whole days, as a transaction reads it.
func (db *DB) SLOStatsUncached(ctx context.Context, from, to time.Time) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow, error) {
	q := db.queries
	q.slo = nil
	return q.SLOStats(ctx, from, to)
}

// ForgetSLOCache empties the cache of whole days, as a server starts.
func (db *DB) ForgetSLOCache() { db.slo.put(nil) }

// SLOCacheHits counts the reports answered from the cache of whole days.
func (db *DB) SLOCacheHits() int {
	db.slo.mu.Lock()
	defer db.slo.mu.Unlock()
	return db.slo.hits
}

// CheckReportRollups compares every day's stored roll-up with the issues.
func (db *DB) CheckReportRollups(ctx context.Context) error {
	want, err := db.issuesByDay(ctx)
	if err != nil {
		return err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT day, entries, packed FROM slo_rollup_days`)
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var day, n int64
		var packed []byte
		if err := rows.Scan(&day, &n, &packed); err != nil {
			return err
		}
		got, err := decodeDay(packed)
		if err != nil {
			return fmt.Errorf("day %d: %w", day, err)
		}
		w := want[day]
		slices.SortFunc(w, compareEntries)
		if !slices.Equal(got, w) || int(n) != len(got) {
			return fmt.Errorf("day %d (%s): the roll-up differs from the issues: %d entries (count %d) against %d", day, dayStart(day).Format(time.DateOnly), len(got), n, len(w))
		}
		seen++
	}
	if seen != len(want) {
		return fmt.Errorf("%d days rolled up, the issues have %d", seen, len(want))
	}
	return rows.Err()
}

// ForgetReportRollups leaves the roll-ups as migration 00055 leaves an
// existing database: empty and not built.
func (db *DB) ForgetReportRollups(ctx context.Context) error {
	if _, err := db.sql.ExecContext(ctx, `DELETE FROM slo_rollup_days`); err != nil {
		return err
	}
	_, err := db.sql.ExecContext(ctx, `UPDATE slo_rollup_state SET built = FALSE WHERE id = 1`)
	return err
}

// DamageReportRollup removes one day's roll-up behind the store's back.
func (db *DB) DamageReportRollup(ctx context.Context, at time.Time) error {
	_, err := db.sql.ExecContext(ctx, `DELETE FROM slo_rollup_days WHERE day = $1`, dayOf(at))
	return err
}
