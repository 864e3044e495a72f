package store

import (
	"context"
	"database/sql"
	"fmt"
)

// verify counts and checksums every table on both sides and refuses the
// first that differs, naming it.
func verify(ctx context.Context, src *sql.Tx, pg pgQuerier, tables []copyTable) (CopyReport, error) {
	var report CopyReport
	for _, t := range tables {
		s, err := sourceChecksum(ctx, src, t)
		if err != nil {
			return report, err
		}
		d, err := targetChecksum(ctx, pg, t)
		if err != nil {
			return report, err
		}
		tc := TableCopy{Table: t.name, SourceRows: s.rows, TargetRows: d.rows, SourceChecksum: s.sum(), TargetChecksum: d.sum()}
		report.Tables = append(report.Tables, tc)
		if tc.SourceRows != tc.TargetRows {
			return report, fmt.Errorf("table %s: %d rows in SQLite but %d in PostgreSQL", t.name, tc.SourceRows, tc.TargetRows)
		}
		if tc.SourceChecksum != tc.TargetChecksum {
			return report, fmt.Errorf("table %s: the checksums differ (SQLite %s, PostgreSQL %s)", t.name, tc.SourceChecksum, tc.TargetChecksum)
		}
	}
	return report, nil
}

// sourceChecksum hashes a table as SQLite holds it, values converted as
// they are copied.
func sourceChecksum(ctx context.Context, src querier, t copyTable) (*checksum, error) {
	c := newChecksum()
	err := sourceRows(ctx, src, t, func(row []any) error {
		c.add(row)
		return nil
	})
	return c, err
}

// targetChecksum hashes a table as PostgreSQL holds it.
func targetChecksum(ctx context.Context, pg pgQuerier, t copyTable) (*checksum, error) {
	rows, err := pg.Query(ctx, `SELECT `+t.columnList()+` FROM `+quoted(t.name)+` ORDER BY `+t.orderBy(true))
	if err != nil {
		return nil, fmt.Errorf("read %s back from the target: %w", t.name, err)
	}
	defer rows.Close()
	c := newChecksum()
	for rows.Next() {
		row, err := rows.Values()
		if err != nil {
			return nil, fmt.Errorf("read %s back from the target: %w", t.name, err)
		}
		if err := convertRow(t, row); err != nil {
			return nil, err
		}
		c.add(row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s back from the target: %w", t.name, err)
	}
	return c, nil
}
