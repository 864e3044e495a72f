package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
)

var _ gitlab.InboxStore = (*DB)(nil)

// RecordHookDeliveries commits a group of webhook deliveries in one
// transaction (group commit), with one prepared statement: a new key is a
// new delivery, a known key one more receipt of the stored one.
func (db *DB) RecordHookDeliveries(ctx context.Context, ds []*gitlab.Delivery) error {
	return db.withTx(ctx, func(tx *Tx) error {
		// one statement for the batch: prepared once in the transaction
		// (txPrepared on SQLite, pgx's statement cache on PostgreSQL)
		const insert = `INSERT INTO gitlab_inbox (idempotency_key, received_at, last_received_at, event,
			event_uuid, project, body, status, error) VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (idempotency_key) DO UPDATE SET receipts = gitlab_inbox.receipts + 1,
				last_received_at = excluded.last_received_at`
		for _, d := range ds {
			_, err := tx.q.ExecContext(ctx, insert, d.IdempotencyKey, ts(d.ReceivedAt), d.Event, d.EventUUID, d.Project, d.Body,
				d.Status, d.Error)
			if err != nil {
				return translate(err, "store a webhook delivery")
			}
		}
		return nil
	})
}

const hookDeliveryColumns = `id, idempotency_key, received_at, event, event_uuid, project, status, error, attempts, receipts,
	next_attempt_at, processed_at`

func scanHookDelivery(withBody bool) func(scanner) (gitlab.Delivery, error) {
	return func(row scanner) (gitlab.Delivery, error) {
		var d gitlab.Delivery
		var received time.Time
		var next, processed sql.NullTime
		dest := []any{&d.ID, &d.IdempotencyKey, &received, &d.Event, &d.EventUUID, &d.Project, &d.Status, &d.Error,
			&d.Attempts, &d.Receipts, &next, &processed}
		if withBody {
			dest = append(dest, &d.Body)
		}
		err := row.Scan(dest...)
		d.ReceivedAt, d.NextAttemptAt, d.ProcessedAt = received.UTC(), nullTime(next), nullTime(processed)
		return d, err
	}
}

// DueHookDeliveries lists queued deliveries and failed ones due again, by id;
// each condition reads its own partial index.
func (q queries) DueHookDeliveries(ctx context.Context, now time.Time, afterID int64, limit int) ([]gitlab.Delivery, error) {
	const cols = `SELECT ` + hookDeliveryColumns + `, body FROM gitlab_inbox WHERE id > $1 AND `
	queued, err := all(ctx, q.q, "webhook deliveries", cols+`status = 'queued' ORDER BY id LIMIT $2`,
		[]any{afterID, limit}, scanHookDelivery(true))
	if err != nil {
		return nil, err
	}
	retry, err := all(ctx, q.q, "webhook deliveries", cols+`status = 'failed' AND next_attempt_at IS NOT NULL
		AND next_attempt_at <= $2 ORDER BY id LIMIT $3`, []any{afterID, ts(now), limit}, scanHookDelivery(true))
	if err != nil {
		return nil, err
	}
	out := append(queued, retry...)
	slices.SortFunc(out, func(a, b gitlab.Delivery) int { return cmp.Compare(a.ID, b.ID) })
	return out[:min(len(out), limit)], nil
}

// SaveHookOutcomes stores what processing attempts came to, in one transaction.
func (db *DB) SaveHookOutcomes(ctx context.Context, ds []gitlab.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	return db.withTx(ctx, func(tx *Tx) error {
		for _, d := range ds {
			res, err := tx.q.ExecContext(ctx, `UPDATE gitlab_inbox SET project = $1, status = $2, error = $3, attempts = $4,
				next_attempt_at = $5, processed_at = $6 WHERE id = $7`,
				d.Project, d.Status, d.Error, d.Attempts, tsPtr(d.NextAttemptAt), tsPtr(d.ProcessedAt), d.ID)
			if err != nil {
				return translate(err, "store a webhook delivery's outcome")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return notFound("no webhook delivery %d", d.ID)
			}
		}
		return nil
	})
}

// HookDeliveries lists webhook deliveries by id, without their bodies.
func (q queries) HookDeliveries(ctx context.Context, afterID int64, limit int) ([]gitlab.Delivery, error) {
	return all(ctx, q.q, "webhook deliveries", `SELECT `+hookDeliveryColumns+` FROM gitlab_inbox WHERE id > $1 ORDER BY id LIMIT $2`,
		[]any{afterID, limit}, scanHookDelivery(false))
}
