package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"

	"gitlab.com/prodseceng/interlock/internal/core"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// DB is an open database with its schema migrated.
type DB struct {
	queries
	sql *sql.DB
	log *slog.Logger
	// onEnqueue is told after a transaction that wrote outbox messages commits.
	onEnqueue atomic.Pointer[func()]
	// version reads the data version (DataVersion) on a connection of its own.
	version dataVersion
	// pg is set when the database is PostgreSQL rather than SQLite.
	pg bool
}

// Options say how to open the database.
type Options struct {
	// Path is the SQLite file, created if it does not exist, or a
	// PostgreSQL URL (postgres://…), whose database must exist.
	Path string
	// Logger receives migration notes; nil discards them.
	Logger *slog.Logger
}

// Open opens the database at opts.Path (a SQLite file, created if needed, or
// a PostgreSQL URL), applies pending migrations and refuses a schema newer
// than this binary knows.
func Open(ctx context.Context, opts Options) (*DB, error) {
	if opts.Path == "" {
		return nil, fmt.Errorf("no database path given")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if IsPostgres(opts.Path) {
		db, err := openPostgres(ctx, opts)
		return withReportRollups(ctx, db, err)
	}
	db, err := sql.Open("sqlite", sqliteDSN(opts.Path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", opts.Path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", opts.Path, err)
	}
	if err := migrate(ctx, db, sqliteDialect, opts.Logger); err != nil {
		db.Close()
		return nil, err
	}
	return withReportRollups(ctx, &DB{queries: queries{q: newPrepared(db), slo: new(sloCache), tools: new(toolCache)}, sql: db, log: opts.Logger}, nil)
}

// sqliteDSN turns a path into a DSN with the pragmas every connection needs:
// WAL for concurrent readers, foreign keys, a busy timeout so that writers
// wait for each other, full synchronous commits so that an answered write is
// on disk, and immediate transactions so that two writers never deadlock
// upgrading a read lock.
func sqliteDSN(path string) string {
	v := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(FULL)"} {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", "immediate")
	v.Set("_time_format", "sqlite")
	if strings.HasPrefix(path, "file:") {
		path = strings.TrimPrefix(path, "file:")
	}
	return "file:" + path + "?" + v.Encode()
}

// Close closes the database.
func (db *DB) Close() error {
	db.version.close()
	return db.sql.Close()
}

// Ping checks that the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// Backup writes a consistent copy of the live database to path, which must
// not exist. SQLite only: PostgreSQL is backed up with pg_dump.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.pg {
		return core.Errorf(core.Invalid, "backups of PostgreSQL are made with pg_dump, not by interlock")
	}
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
