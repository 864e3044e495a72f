package store

import (
	"context"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Enqueue writes messages to the outbox, to be delivered after the
// transaction commits.
func (q queries) Enqueue(ctx context.Context, messages ...core.Message) error {
	for _, m := range messages {
		data, err := marshalData(m.Data)
		if err != nil {
			return err
		}
		recipients, err := json.Marshal(m.Recipients)
		if err != nil {
			return core.Wrap(err, "encode recipients")
		}
		var id int64
		if err := q.q.QueryRowContext(ctx, `INSERT INTO outbox
			(topic, subject_type, subject_id, recipients, title, body, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			m.Topic, m.Subject.Type, m.Subject.ID, string(recipients), m.Title, m.Body, data, ts(m.CreatedAt)).Scan(&id); err != nil {
			return translate(err, "write an outbox message")
		}
		if err := q.addressMessage(ctx, id, m.Recipients); err != nil {
			return err
		}
	}
	return nil
}

// Outbox lists outbox messages after an id, oldest first; with pendingOnly,
// only those not yet delivered.
func (q queries) Outbox(ctx context.Context, afterID int64, limit int, pendingOnly bool) ([]core.Message, error) {
	query := `SELECT id, topic, subject_type, subject_id, recipients, title, body, data, created_at
		FROM outbox WHERE id > $1`
	if pendingOnly {
		query += ` AND delivered_at IS NULL`
	}
	rows, err := q.q.QueryContext(ctx, query+` ORDER BY id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, translate(err, "list the outbox")
	}
	defer rows.Close()
	var out []core.Message
	for rows.Next() {
		var m core.Message
		var recipients, data string
		var at time.Time
		if err := rows.Scan(&m.ID, &m.Topic, &m.Subject.Type, &m.Subject.ID, &recipients,
			&m.Title, &m.Body, &data, &at); err != nil {
			return nil, translate(err, "read an outbox message")
		}
		if err := json.Unmarshal([]byte(recipients), &m.Recipients); err != nil {
			return nil, core.Wrap(err, "decode recipients")
		}
		m.Data, m.CreatedAt = json.RawMessage(data), at.UTC()
		out = append(out, m)
	}
	return out, translate(rows.Err(), "list the outbox")
}
