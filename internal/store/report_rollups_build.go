package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"
)

// ensureReportRollups builds the SLO report's roll-ups when the database
// has none yet: once, after the migration that adds them (it marks them
// unbuilt), from the issues already stored.
func (db *DB) ensureReportRollups(ctx context.Context) error {
	var built bool
	if err := db.sql.QueryRowContext(ctx, `SELECT built FROM slo_rollup_state WHERE id = 1`).Scan(&built); err != nil {
		return fmt.Errorf("read the report roll-up state: %w", err)
	}
	if built {
		return nil
	}
	return db.withTx(ctx, func(tx *Tx) error { return tx.buildReportRollups(ctx, false) })
}

// RebuildReportRollups builds the SLO report's roll-ups again from the
// issues, for a database whose issues were written behind the store's back
// (a copy between databases, a repair by hand).
func (db *DB) RebuildReportRollups(ctx context.Context) error {
	return db.withTx(ctx, func(tx *Tx) error { return tx.buildReportRollups(ctx, true) })
}

// buildReportRollups replaces every day's row. Taking the state row first
// makes a second server starting at the same time wait, then find the
// roll-ups built.
func (q queries) buildReportRollups(ctx context.Context, force bool) error {
	var built bool
	if err := q.q.QueryRowContext(ctx, `UPDATE slo_rollup_state SET built = built WHERE id = 1 RETURNING built`).Scan(&built); err != nil {
		return translate(err, "take the report roll-up state")
	}
	if built && !force {
		return nil
	}
	g, err := q.nextRollupGeneration(ctx)
	if err != nil {
		return err
	}
	days, err := q.issuesByDay(ctx)
	if err != nil {
		return err
	}
	if _, err := q.q.ExecContext(ctx, `DELETE FROM slo_rollup_days`); err != nil {
		return translate(err, "clear the report roll-ups")
	}
	for _, day := range slices.Sorted(maps.Keys(days)) {
		entries := days[day]
		slices.SortFunc(entries, compareEntries)
		if _, err := q.q.ExecContext(ctx, `INSERT INTO slo_rollup_days (day, entries, packed, version) VALUES ($1, $2, $3, $4)`,
			day, len(entries), encodeDay(entries), g); err != nil {
			return translate(err, "store a report roll-up")
		}
	}
	_, err = q.q.ExecContext(ctx, `UPDATE slo_rollup_state SET built = TRUE WHERE id = 1`)
	return translate(err, "mark the report roll-ups built")
}

// issuesByDay reads every blocking issue's entry, by the day it opened. It
// reads them all before writing: a connection cannot write while it streams
// a result (PostgreSQL).
func (q queries) issuesByDay(ctx context.Context) (map[int64][]rollEntry, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT opened_at, `+reportKeys+`, `+reportElapsed+` FROM support_issues WHERE blocks = TRUE`)
	if err != nil {
		return nil, translate(err, "read issues for the reports")
	}
	defer rows.Close()
	days := map[int64][]rollEntry{}
	for rows.Next() {
		var opened time.Time
		var e rollEntry
		if err := rows.Scan(&opened, &e.keys, &e.elapsed); err != nil {
			return nil, translate(err, "read issues for the reports")
		}
		d := dayOf(opened)
		days[d] = append(days[d], e)
	}
	return days, translate(rows.Err(), "read issues for the reports")
}

// withReportRollups finishes opening db (err is how opening it went): it
// builds the report roll-ups if they are not built yet.
func withReportRollups(ctx context.Context, db *DB, err error) (*DB, error) {
	if err != nil {
		return nil, err
	}
	if err := db.ensureReportRollups(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
