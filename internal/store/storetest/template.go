package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// template is a migrated, empty SQLite database made once per test binary
// and copied for each test that asks Path for one: migrating a new file
// costs a few hundred milliseconds under -race (every migration commits
// with synchronous=FULL), a copy a fraction of a millisecond.
var template struct {
	once sync.Once
	data []byte
	err  error
}

// copyTemplate writes a fresh copy of the migrated empty database to path.
func copyTemplate(path string) error {
	template.once.Do(func() { template.data, template.err = makeTemplate() })
	if template.err != nil {
		return template.err
	}
	return os.WriteFile(path, template.data, 0o600)
}

// makeTemplate migrates a new file (Migrate: the store opens and closes
// it) and reads it whole. Closing the last connection folds SQLite's WAL
// back into the file, so the file alone is the database.
func makeTemplate() ([]byte, error) {
	if Migrate == nil {
		return nil, fmt.Errorf("storetest.Migrate is not set")
	}
	dir, err := os.MkdirTemp("", "interlock-template-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	if err := Migrate(context.Background(), path); err != nil {
		return nil, fmt.Errorf("migrate the template database: %w", err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, fmt.Errorf("the template database's WAL outlived its close")
	}
	return os.ReadFile(path)
}

// SQLiteAt writes a migrated, empty SQLite database at path, for the tests
// that need the file in a place of their choosing (backups, restores).
func SQLiteAt(t testing.TB, path string) {
	t.Helper()
	if err := copyTemplate(path); err != nil {
		t.Fatalf("template database: %v", err)
	}
}
