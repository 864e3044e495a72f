package store

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// Each workflow declares the store it needs; these adapters give it one over
// this database (maintenance's narrow stores are in txview.go). The concrete
// Tx implements every workflow's Tx.
var (
	_ inventory.Tx = (*Tx)(nil)
	_ access.Tx    = (*Tx)(nil)
	_ sunset.Tx    = (*Tx)(nil)
	_ cocreate.Tx  = (*Tx)(nil)
	_ intake.Tx    = (*Tx)(nil)
)

type inventoryStore struct{ *DB }

// Inventory returns the inventory's store.
func (db *DB) Inventory() inventory.Store { return inventoryStore{db} }

func (s inventoryStore) InTx(ctx context.Context, fn func(inventory.Tx) error) error {
	return s.withTx(ctx, func(tx *Tx) error { return fn(tx) })
}

type accessStore struct{ *DB }

// Access returns the store of users and tokens.
func (db *DB) Access() access.Store { return accessStore{db} }

func (s accessStore) InTx(ctx context.Context, fn func(access.Tx) error) error {
	return s.withTx(ctx, func(tx *Tx) error { return fn(tx) })
}

type sunsetStore struct{ *DB }

// Sunset returns the store of sunset plans and transfers.
func (db *DB) Sunset() sunset.Store { return sunsetStore{db} }

func (s sunsetStore) InTx(ctx context.Context, fn func(sunset.Tx) error) error {
	return s.withTx(ctx, func(tx *Tx) error { return fn(tx) })
}

type cocreateStore struct{ *DB }

// CoCreate returns the store of co-creates.
func (db *DB) CoCreate() cocreate.Store { return cocreateStore{db} }

func (s cocreateStore) InTx(ctx context.Context, fn func(cocreate.Tx) error) error {
	return s.withTx(ctx, func(tx *Tx) error { return fn(tx) })
}

type intakeStore struct{ *DB }

// Intake returns the store of intake requests.
func (db *DB) Intake() intake.Store { return intakeStore{db} }

func (s intakeStore) InTx(ctx context.Context, fn func(intake.Tx) error) error {
	return s.withTx(ctx, func(tx *Tx) error { return fn(tx) })
}
