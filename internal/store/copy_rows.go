package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// progressEvery is how many rows are copied between reports of progress.
const progressEvery = 1000

// copyRows copies one table with one COPY, streaming the rows from SQLite
// while PostgreSQL writes them, each value converted to its column's kind,
// and tells progress every progressEvery rows.
func copyRows(ctx context.Context, src *sql.Tx, pg pgx.Tx, t copyTable, progress CopyProgress) error {
	var total int64
	if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoted(t.name)).Scan(&total); err != nil {
		return fmt.Errorf("count the rows of %s: %w", t.name, err)
	}
	progress(t.name, 0, total)
	if total == 0 {
		return nil
	}
	rows, err := src.QueryContext(ctx, sourceQuery(t))
	if err != nil {
		return fmt.Errorf("read %s from the source: %w", t.name, err)
	}
	defer rows.Close()
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = c.name
	}
	// pgx reads the source on a goroutine of its own while CopyFrom waits.
	rs := &rowSource{rows: rows, t: t, report: func(done int64) { progress(t.name, done, total) }}
	n, err := pg.CopyFrom(ctx, pgx.Identifier{t.name}, names, rs)
	if rs.err != nil {
		return rs.err
	}
	if err != nil {
		return fmt.Errorf("copy rows into %s: %w", t.name, err)
	}
	progress(t.name, n, total) // Next reports only rows followed by another
	return nil
}

// rowSource hands pgx's CopyFrom the rows of a table read from SQLite.
type rowSource struct {
	rows   *sql.Rows
	t      copyTable
	row    []any
	done   int64
	err    error
	report func(done int64)
}

func (s *rowSource) Next() bool {
	if s.err != nil || !s.rows.Next() {
		if s.err == nil && s.rows.Err() != nil {
			s.err = fmt.Errorf("read %s from the source: %w", s.t.name, s.rows.Err())
		}
		return false
	}
	if s.done > 0 && s.done%progressEvery == 0 {
		s.report(s.done)
	}
	s.done++
	s.row, s.err = scanRow(s.rows, s.t)
	return s.err == nil
}

func (s *rowSource) Values() ([]any, error) { return s.row, s.err }

func (s *rowSource) Err() error { return s.err }

// sourceQuery reads a table from SQLite by its key.
func sourceQuery(t copyTable) string {
	return `SELECT ` + t.columnList() + ` FROM ` + quoted(t.name) + ` ORDER BY ` + t.orderBy(false)
}

// sourceRows reads a table from SQLite by its key and hands each row,
// converted, to fn.
func sourceRows(ctx context.Context, src querier, t copyTable, fn func([]any) error) error {
	rows, err := src.QueryContext(ctx, sourceQuery(t))
	if err != nil {
		return fmt.Errorf("read %s from the source: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		row, err := scanRow(rows, t)
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s from the source: %w", t.name, err)
	}
	return nil
}

// scanRow reads the current row and converts it to its columns' kinds.
func scanRow(rows *sql.Rows, t copyTable) ([]any, error) {
	row := make([]any, len(t.columns))
	ptrs := make([]any, len(row))
	for i := range row {
		ptrs[i] = &row[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("read %s from the source: %w", t.name, err)
	}
	return row, convertRow(t, row)
}

// convertRow converts a row in place to its columns' kinds.
func convertRow(t copyTable, row []any) error {
	for i, c := range t.columns {
		v, err := convert(c.kind, row[i])
		if err != nil {
			return fmt.Errorf("table %s, column %s: %w", t.name, c.name, err)
		}
		row[i] = v
	}
	return nil
}

// resetIdentities moves every identity sequence to its column's largest
// copied value, so that the next row gets the id after it.
func resetIdentities(ctx context.Context, pg pgQuerier, tables []copyTable) error {
	for _, t := range tables {
		for _, c := range t.columns {
			if !c.identity {
				continue
			}
			col := quoted(c.name)
			_, err := pg.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(`+col+`), 1), MAX(`+col+`) IS NOT NULL)
				FROM `+quoted(t.name), quoted(t.name), c.name)
			if err != nil {
				return fmt.Errorf("move the identity sequence of %s.%s: %w", t.name, c.name, err)
			}
		}
	}
	return nil
}
