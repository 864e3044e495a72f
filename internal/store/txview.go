package store

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/devseed"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// txView hands a transaction to fn as T, the few methods one use of a
// workflow changes. It holds the database, not embeds it: a generic type
// that embedded *DB would have the compiler write every one of the store's
// 228 methods again for each T (13,788 functions in this package, 9 s of a
// -race build, before this was narrowed).
type txView[T any] struct {
	db *DB
	as func(*Tx) T
}

// view returns the transactions of db as T; as is checked by the compiler,
// so *Tx implements T.
func view[T any](db *DB, as func(*Tx) T) txView[T] { return txView[T]{db: db, as: as} }

// InTx runs fn in one transaction, committed when fn returns nil.
func (v txView[T]) InTx(ctx context.Context, fn func(T) error) error {
	return v.db.withTx(ctx, func(tx *Tx) error { return fn(v.as(tx)) })
}

// The reads of each narrow maintenance store, named so that a store can
// embed them (and so promote only these methods).
type (
	issueReads interface {
		maintenance.IssueReader
		maintenance.ClockPolicyReader
	}
	scoreReads interface {
		maintenance.ToolLister
		maintenance.ScoreReader
	}
	reviewReads interface {
		maintenance.ReviewReader
		OpenSignalCounts(ctx context.Context) (map[int64]int, error)
	}
)

// Each narrow store of maintenance: its reads, from the database, and its
// transactions.
type (
	issueStore struct {
		issueReads
		txView[maintenance.IssueTx]
	}
	externalStore struct {
		maintenance.ExternalReader
		txView[maintenance.ExternalTx]
	}
	signalStore struct {
		maintenance.SignalReader
		txView[maintenance.SignalTx]
	}
	scoreStore struct {
		scoreReads
		txView[maintenance.ScoreTx]
	}
	reviewStore struct {
		reviewReads
		txView[maintenance.ReviewTx]
	}
	capacityStore struct {
		maintenance.CapacityReader
		txView[maintenance.CapacityTx]
	}
	policyStore struct {
		maintenance.ClockPolicyReader
		txView[maintenance.ClockPolicyTx]
	}
)

// Maintenance returns the stores of the maintenance workflow, one per use.
func (db *DB) Maintenance() maintenance.Stores {
	return maintenance.Stores{
		Issues:   issueStore{db, view(db, func(tx *Tx) maintenance.IssueTx { return tx })},
		External: externalStore{db, view(db, func(tx *Tx) maintenance.ExternalTx { return tx })},
		Signals:  signalStore{db, view(db, func(tx *Tx) maintenance.SignalTx { return tx })},
		Scores:   scoreStore{db, view(db, func(tx *Tx) maintenance.ScoreTx { return tx })},
		Reviews:  reviewStore{db, view(db, func(tx *Tx) maintenance.ReviewTx { return tx })},
		Capacity: capacityStore{db, view(db, func(tx *Tx) maintenance.CapacityTx { return tx })},
		Policy:   policyStore{db, view(db, func(tx *Tx) maintenance.ClockPolicyTx { return tx })},
		Reports:  db,
	}
}

// Seeding returns the store `interlock dev seed` writes through.
func (db *DB) Seeding() devseed.Store {
	return view(db, func(tx *Tx) devseed.Tx { return tx })
}
