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
	return &DB{queries: queries{q: newPrepared(db), pg: true}, sql: db, log: opts.Logger, pg: true}, nil
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

// VersionSource is DataVersion where the database offers a cheap data
// version (SQLite), and nil where it does not (PostgreSQL), for caches keyed
// by it.
func (db *DB) VersionSource() func(context.Context) (int64, error) {
	if db.pg {
		return nil
	}
	return db.DataVersion
}
