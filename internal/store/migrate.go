package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// migrate applies every pending migration, each in its own transaction, and
// refuses to run against a schema newer than the newest migration this
// binary carries.
func migrate(ctx context.Context, db *sql.DB, d dialect, log *slog.Logger) error {
	fsys, err := fs.Sub(migrations, "migrations/"+d.dir)
	if err != nil {
		return err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if d.goose == goose.DialectPostgres {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker)) // replicas starting together migrate in turn
	}
	p, err := goose.NewProvider(d.goose, db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	known := SchemaVersion()
	if current > known {
		return fmt.Errorf("the database schema is at version %d but this interlock knows only up to %d: run a newer interlock", current, known)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// dialect names a store's migrations and goose's dialect for them.
type dialect struct {
	dir   string
	goose goose.Dialect
}

var (
	sqliteDialect   = dialect{dir: "sqlite", goose: goose.DialectSQLite3}
	postgresDialect = dialect{dir: "postgres", goose: goose.DialectPostgres}
)

// SchemaVersion is the newest schema version this binary knows.
func SchemaVersion() int64 {
	fsys, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		return 0
	}
	entries, _ := fs.ReadDir(fsys, ".")
	var max int64
	for _, e := range entries {
		var v int64
		if _, err := fmt.Sscanf(e.Name(), "%d_", &v); err == nil && v > max {
			max = v
		}
	}
	return max
}
