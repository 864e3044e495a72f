package store

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Enqueue writes messages to the outbox inside the transaction, and notes
// that delivery should wake once it commits.
func (tx *Tx) Enqueue(ctx context.Context, messages ...core.Message) error {
	if err := tx.queries.Enqueue(ctx, messages...); err != nil {
		return err
	}
	tx.enqueued = len(messages) > 0 || tx.enqueued
	return nil
}

// Enqueue writes messages to the outbox at once, outside any transaction,
// and wakes delivery.
func (db *DB) Enqueue(ctx context.Context, messages ...core.Message) error {
	if err := db.queries.Enqueue(ctx, messages...); err != nil {
		return err
	}
	db.wakeDelivery()
	return nil
}

// OnEnqueue sets what is told (without blocking the writer) after outbox
// messages are written, such as the delivery worker's wake-up.
func (db *DB) OnEnqueue(fn func()) { db.onEnqueue.Store(&fn) }

func (db *DB) wakeDelivery() {
	if fn := db.onEnqueue.Load(); fn != nil && *fn != nil {
		(*fn)()
	}
}
