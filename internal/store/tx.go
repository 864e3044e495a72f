package store

import (
	"context"
	"database/sql"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queries holds every read and write, over a database or a transaction.
type queries struct {
	q querier
	// roll holds a transaction's changes to the report roll-ups until it
	// commits; nil outside a transaction, where they apply at once.
	roll *rollupLog
	// pg is set on PostgreSQL, for the few statements that differ.
	pg bool
	// slo caches the SLO report's whole days (ADR 0020); nil in a transaction.
	slo *sloCache
	// tools caches the tools the reports read (tool_directory.go); nil in a transaction.
	tools *toolCache
}

// Tx is one transaction; it implements the Tx interface of every workflow.
type Tx struct {
	queries
	enqueued bool // a message was written to the outbox: wake delivery after commit
}

// withTx runs fn in a transaction that commits when fn returns nil and
// rolls back otherwise, so that nothing of a refused change is written.
func (db *DB) withTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return translate(err, "begin a transaction")
	}
	// Deferred, so that a panic in fn does not leave it open either; after
	// a commit it does nothing.
	defer func() { _ = tx.Rollback() }()
	if db.pg {
		if err := lockWriters(ctx, tx); err != nil {
			return err
		}
	}
	var q querier = tx
	if !db.pg {
		q = statements{cache: &txPrepared{tx: tx}, direct: tx} // its statements close with tx
	}
	t := &Tx{queries: queries{q: q, roll: &rollupLog{}, pg: db.pg}}
	if err := fn(t); err != nil {
		return err
	}
	if err := t.flushRollups(ctx); err != nil {
		return err
	}
	if db.pg {
		if err := raiseDataVersion(ctx, tx); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return translate(err, "commit")
	}
	if t.enqueued {
		db.wakeDelivery()
	}
	return nil
}

// ensure the concrete Tx satisfies the journal every workflow uses.
var _ core.Journal = (*Tx)(nil)
