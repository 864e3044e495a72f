package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// copyBatch is how many rows go to PostgreSQL in one COPY.
const copyBatch = 1000

// refuseRows refuses a target in which any table holds a row, naming them.
func refuseRows(ctx context.Context, pg pgQuerier, tables []copyTable) error {
	var full []string
	for _, t := range tables {
		var held bool
		if err := pg.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+quoted(t.name)+`)`).Scan(&held); err != nil {
			return fmt.Errorf("look into the target's table %s: %w", t.name, err)
		}
		if held {
			full = append(full, t.name)
		}
	}
	if len(full) > 0 {
		return core.Errorf(core.Conflict, "the target is not empty: table %s holds rows; migrate copies only into an empty database",
			strings.Join(full, ", "))
	}
	return nil
}

// copyRows copies one table in batches, converting each value to its
// column's kind, and tells progress after each batch.
func copyRows(ctx context.Context, src *sql.Tx, pg pgx.Tx, t copyTable, progress CopyProgress) error {
	var total int64
	if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoted(t.name)).Scan(&total); err != nil {
		return fmt.Errorf("count the rows of %s: %w", t.name, err)
	}
	progress(t.name, 0, total)
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = c.name
	}
	var done int64
	batch := make([][]any, 0, copyBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := pg.CopyFrom(ctx, pgx.Identifier{t.name}, names, pgx.CopyFromRows(batch)); err != nil {
			return fmt.Errorf("copy rows into %s: %w", t.name, err)
		}
		done += int64(len(batch))
		batch = batch[:0]
		progress(t.name, done, total)
		return nil
	}
	err := sourceRows(ctx, src, t, func(row []any) error {
		batch = append(batch, row)
		if len(batch) == copyBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// sourceRows reads a table from SQLite by its key and hands each row,
// converted, to fn. The row is fn's to keep.
func sourceRows(ctx context.Context, src *sql.Tx, t copyTable, fn func([]any) error) error {
	rows, err := src.QueryContext(ctx, `SELECT `+t.columnList()+` FROM `+quoted(t.name)+` ORDER BY `+t.orderBy(false))
	if err != nil {
		return fmt.Errorf("read %s from the source: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		row := make([]any, len(t.columns))
		ptrs := make([]any, len(row))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s from the source: %w", t.name, err)
		}
		if err := convertRow(t, row); err != nil {
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
