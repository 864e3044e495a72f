package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// openFresh opens a new SQLite database migrated by this binary, in a
// directory of its own that close removes: it holds what migrations (and
// opening) put in a database before anyone writes to it.
func openFresh(ctx context.Context) (*DB, func(), error) {
	dir, err := os.MkdirTemp("", "interlock-migrate-")
	if err != nil {
		return nil, nil, fmt.Errorf("a scratch database: %w", err)
	}
	db, err := Open(ctx, Options{Path: filepath.Join(dir, "fresh.db")})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("a scratch database: %w", err)
	}
	return db, func() { db.Close(); os.RemoveAll(dir) }, nil
}

// claimTarget refuses a target holding rows that someone wrote, naming
// their tables: each table must hold exactly what this binary's migrations
// put in a new database (nearly always nothing), as the fresh database
// shows. It returns the tables that hold such rows; the copy replaces them
// with the source's.
func claimTarget(ctx context.Context, fresh querier, pg pgQuerier, tables []copyTable) ([]copyTable, error) {
	var full []string
	var seeded []copyTable
	for _, t := range tables {
		var held bool
		if err := pg.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+quoted(t.name)+`)`).Scan(&held); err != nil {
			return nil, fmt.Errorf("look into the target's table %s: %w", t.name, err)
		}
		if !held {
			continue
		}
		ok, err := asMigrated(ctx, fresh, pg, t)
		if err != nil {
			return nil, err
		}
		if !ok {
			full = append(full, t.name)
			continue
		}
		seeded = append(seeded, t)
	}
	if len(full) > 0 {
		which := "table " + full[0] + " holds"
		if len(full) > 1 {
			which = "tables " + strings.Join(full, ", ") + " hold"
		}
		return nil, core.Errorf(core.Conflict, "the target is not empty: %s rows; migrate copies only into an empty database", which)
	}
	return seeded, nil
}

// asMigrated reports whether the target's table holds what migrations put
// in it: the same rows as the fresh database's, by count and checksum.
func asMigrated(ctx context.Context, fresh querier, pg pgQuerier, t copyTable) (bool, error) {
	want, err := sourceChecksum(ctx, fresh, t)
	if err != nil || want.rows == 0 {
		return false, err
	}
	got, err := targetChecksum(ctx, pg, t)
	if err != nil {
		return false, err
	}
	return got.rows == want.rows && got.sum() == want.sum(), nil
}

// clearSeeded deletes the rows migrations put in the target, children
// first, for the source's to take their place.
func clearSeeded(ctx context.Context, pg pgQuerier, seeded []copyTable) error {
	for _, t := range slices.Backward(seeded) {
		if _, err := pg.Exec(ctx, `DELETE FROM `+quoted(t.name)); err != nil {
			return fmt.Errorf("clear the rows migrations put in %s: %w", t.name, err)
		}
	}
	return nil
}
