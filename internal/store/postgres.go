package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, through database/sql
)

// IsPostgres reports whether a database path is a PostgreSQL URL.
func IsPostgres(path string) bool {
	return strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://")
}

// writersLock is the key of the advisory lock every write transaction on
// PostgreSQL takes: writers go one at a time, as they do on SQLite, so that
// every rule that reads and then writes in a transaction holds across
// replicas too (ADR 0018). Readers never wait for it.
const writersLock = 0x696e746c6f636b // "interlock"

// openPostgres opens a PostgreSQL database and migrates it; two replicas
// starting together migrate one after the other.
func openPostgres(ctx context.Context, opts Options) (*DB, error) {
	db, err := sql.Open("pgx", opts.Path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(opts.Path), err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", Redact(opts.Path), err)
	}
	if err := migrate(ctx, db, postgresDialect, opts.Logger); err != nil {
		db.Close()
		return nil, err
	}
	return &DB{queries: queries{q: newPrepared(db), pg: true, slo: new(sloCache), tools: new(toolCache)}, sql: db, log: opts.Logger, pg: true}, nil
}

// lockWriters waits for the writers' lock; it is let go when the
// transaction ends.
func lockWriters(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writersLock)); err != nil {
		return translate(err, "wait for other writers")
	}
	return nil
}

// Redact hides the password of a database URL, for messages.
func Redact(path string) string {
	i := strings.Index(path, "://")
	at := strings.LastIndex(path, "@")
	if i < 0 || at < i {
		return path
	}
	creds := path[i+3 : at]
	if user, _, ok := strings.Cut(creds, ":"); ok {
		return path[:i+3] + user + ":xxxxx" + path[at:]
	}
	return path
}

// IsPostgres reports whether the database is PostgreSQL.
func (db *DB) IsPostgres() bool { return db.pg }

// VersionSource returns a number that changes whenever anything in the
// database changes, for caches keyed by it: SQLite's data version, or on
// PostgreSQL the data_version row every write transaction raises. Both are
// read on a connection of their own, one read shared by the callers waiting
// (DataVersion).
func (db *DB) VersionSource() func(context.Context) (int64, error) { return db.DataVersion }

// raiseDataVersion is the last write of every write transaction on
// PostgreSQL; it holds the writers' lock, so the row is never contended.
func raiseDataVersion(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE data_version SET v = v + 1 WHERE id = 1`)
	return translate(err, "note the change")
}

// AfterBulkLoad brings the planner's statistics up to date after many rows
// were written at once (interlock dev seed): PostgreSQL would otherwise plan
// with the statistics of an empty database until autovacuum comes round.
// SQLite plans without them and is left as it is.
func (db *DB) AfterBulkLoad(ctx context.Context) error {
	if !db.pg {
		return nil
	}
	_, err := db.sql.ExecContext(ctx, `ANALYZE`)
	return translate(err, "update the planner's statistics")
}
