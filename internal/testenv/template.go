package testenv

import (
	"context"
	"os"
	"path/filepath"
	"sync"

	"gitlab.com/prodseceng/interlock/internal/store"
)

// template is a migrated, empty database made once per test binary and
// copied for each test: migrating a new SQLite file costs about 150 ms
// (every migration commits with synchronous=FULL), a copy a fraction of that.
var template struct {
	once sync.Once
	data []byte
	err  error
}

// copyTemplate writes a fresh copy of the migrated empty database to path.
func copyTemplate(path string) error {
	template.once.Do(func() {
		dir, err := os.MkdirTemp("", "interlock-testenv-*")
		if err != nil {
			template.err = err
			return
		}
		defer os.RemoveAll(dir)
		ctx := context.Background()
		db, err := store.Open(ctx, store.Options{Path: filepath.Join(dir, "migrated.db")})
		if err != nil {
			template.err = err
			return
		}
		copyPath := filepath.Join(dir, "template.db")
		template.err = db.Backup(ctx, copyPath) // VACUUM INTO: one self-contained file, no WAL beside it
		if cerr := db.Close(); template.err == nil {
			template.err = cerr
		}
		if template.err == nil {
			template.data, template.err = os.ReadFile(copyPath)
		}
	})
	if template.err != nil {
		return template.err
	}
	return os.WriteFile(path, template.data, 0o600)
}
