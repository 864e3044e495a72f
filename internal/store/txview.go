package store

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/devseed"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// txView is the database seen through one narrow store of a workflow: its
// reads go to the database, and InTx hands fn the transaction as T, the
// few methods that use of the workflow changes.
type txView[T any] struct {
	*DB
	as func(*Tx) T
}

// view returns the database as a narrow store whose transactions are T;
// as is checked by the compiler, so *Tx implements T.
func view[T any](db *DB, as func(*Tx) T) txView[T] { return txView[T]{DB: db, as: as} }

// InTx runs fn in one transaction, committed when fn returns nil.
func (v txView[T]) InTx(ctx context.Context, fn func(T) error) error {
	return v.withTx(ctx, func(tx *Tx) error { return fn(v.as(tx)) })
}

// Maintenance returns the stores of the maintenance workflow, one per use.
func (db *DB) Maintenance() maintenance.Stores {
	return maintenance.Stores{
		Issues:   view(db, func(tx *Tx) maintenance.IssueTx { return tx }),
		External: view(db, func(tx *Tx) maintenance.ExternalTx { return tx }),
		Signals:  view(db, func(tx *Tx) maintenance.SignalTx { return tx }),
		Scores:   view(db, func(tx *Tx) maintenance.ScoreTx { return tx }),
		Reviews:  view(db, func(tx *Tx) maintenance.ReviewTx { return tx }),
		Capacity: view(db, func(tx *Tx) maintenance.CapacityTx { return tx }),
		Policy:   view(db, func(tx *Tx) maintenance.ClockPolicyTx { return tx }),
		Reports:  db,
	}
}

// Seeding returns the store `interlock dev seed` writes through.
func (db *DB) Seeding() devseed.Store {
	return view(db, func(tx *Tx) devseed.Tx { return tx })
}
