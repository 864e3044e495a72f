package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/race"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// A migration that puts a row in a table (a setting, a state row) puts it
// in the target too: that row is the source's to replace, not a reason to
// refuse the target; a row someone wrote is.
func TestCopyReplacesRowsMigrationsMadeAndRefusesOthers(t *testing.T) {
	if race.Enabled {
		t.Skip("the copy runs in one goroutine: -race has nothing to find in it, and CI's PostgreSQL pass runs this without -race")
	}
	ctx := context.Background()
	open := func(path string) *DB {
		db, err := Open(ctx, Options{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	exec := func(db *DB, query string, args ...any) {
		t.Helper()
		if _, err := db.sql.ExecContext(ctx, query, args...); err != nil {
			t.Fatal(err)
		}
	}
	dst := open(storetest.PostgresPath(t))
	dir := t.TempDir()
	src, fresh := open(filepath.Join(dir, "source.db")), open(filepath.Join(dir, "fresh.db"))
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	seed := `INSERT INTO settings (key, value, version, updated_by, updated_at) VALUES ($1, '{"on":false}', 1, 'migration', $2)`
	for _, db := range []*DB{src, fresh, dst} {
		exec(db, seed, "seeded", at)
	}
	exec(src, `UPDATE settings SET value = '{"on":true}', version = 2 WHERE key = 'seeded'`)
	exec(dst, seed, "someone's", at)
	nothing := func(string, int64, int64) {}

	_, err := copyStores(ctx, src, fresh, dst, nothing)
	if !core.IsCode(err, core.Conflict) || !strings.Contains(err.Error(), "settings") {
		t.Fatalf("copy into a target with a row someone wrote: %v; want a conflict naming settings", err)
	}
	exec(dst, `DELETE FROM settings WHERE key = 'someone''s'`)
	if _, err := copyStores(ctx, src, fresh, dst, nothing); err != nil {
		t.Fatalf("copy into a target with only the migrations' rows: %v", err)
	}
	var value string
	var version int64
	if err := dst.sql.QueryRowContext(ctx, `SELECT value, version FROM settings WHERE key = 'seeded'`).Scan(&value, &version); err != nil ||
		value != `{"on":true}` || version != 2 {
		t.Errorf("the seeded setting after the copy: %s version %d (%v); want the source's", value, version, err)
	}
}
