package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
)

const messageColumns = `o.id, o.topic, o.subject_type, o.subject_id, o.recipients, o.title, o.body, o.data, o.created_at`

func scanMessage(row scanner, extra ...any) (core.Message, error) {
	var m core.Message
	var recipients, data string
	var at time.Time
	if err := row.Scan(append([]any{&m.ID, &m.Topic, &m.Subject.Type, &m.Subject.ID, &recipients,
		&m.Title, &m.Body, &data, &at}, extra...)...); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(recipients), &m.Recipients); err != nil {
		return m, core.Wrap(err, "decode recipients")
	}
	m.Data, m.CreatedAt = json.RawMessage(data), at.UTC()
	return m, nil
}

// OutboxItems lists outbox messages with their deliveries after an id,
// oldest first; pendingOnly keeps the messages not expanded yet or with a
// delivery not sent.
func (q queries) OutboxItems(ctx context.Context, afterID int64, limit int, pendingOnly bool) ([]notify.Item, error) {
	query := `SELECT ` + messageColumns + `, o.expanded_at IS NOT NULL FROM outbox o WHERE o.id > $1`
	if pendingOnly {
		query += ` AND (o.expanded_at IS NULL OR EXISTS
			(SELECT 1 FROM deliveries d WHERE d.message_id = o.id AND d.state <> 'sent'))`
	}
	items, err := all(ctx, q.q, "the outbox", query+` ORDER BY o.id LIMIT $2`, []any{afterID, limit}, scanItem)
	if err != nil {
		return nil, err
	}
	return items, q.attachDeliveries(ctx, items)
}

func scanItem(row scanner) (notify.Item, error) {
	var it notify.Item
	m, err := scanMessage(row, &it.Expanded)
	it.Message = m
	return it, err
}

// OutboxItem returns one outbox message with its deliveries.
func (q queries) OutboxItem(ctx context.Context, id int64) (notify.Item, error) {
	items, err := all(ctx, q.q, "the outbox", `SELECT `+messageColumns+`, o.expanded_at IS NOT NULL
		FROM outbox o WHERE o.id = $1`, []any{id}, scanItem)
	if err != nil {
		return notify.Item{}, err
	}
	if len(items) == 0 {
		return notify.Item{}, notFound("there is no outbox message %d", id)
	}
	return items[0], q.attachDeliveries(ctx, items)
}

const deliveryColumns = `d.id, d.message_id, d.channel, d.address, d.state, d.attempts, d.last_error, d.next_attempt_at,
	d.last_attempt_at, d.sent_at, d.created_at`

func scanDeliveryStatus(row scanner) (notify.DeliveryStatus, error) {
	var d notify.DeliveryStatus
	var next, created time.Time
	var last, sent sql.NullTime
	err := row.Scan(&d.ID, &d.MessageID, &d.Channel, &d.Address, &d.State, &d.Attempts, &d.LastError, &next,
		&last, &sent, &created)
	d.NextAttemptAt, d.CreatedAt = next.UTC(), created.UTC()
	d.LastAttemptAt, d.SentAt = nullTime(last), nullTime(sent)
	return d, err
}

func (q queries) attachDeliveries(ctx context.Context, items []notify.Item) error {
	if len(items) == 0 {
		return nil
	}
	byID := map[int64]int{}
	for i := range items {
		byID[items[i].Message.ID] = i
		items[i].Deliveries = []notify.DeliveryStatus{}
	}
	list, err := all(ctx, q.q, "deliveries", `SELECT `+deliveryColumns+` FROM deliveries d
		WHERE d.message_id BETWEEN $1 AND $2 ORDER BY d.id`,
		[]any{items[0].Message.ID, items[len(items)-1].Message.ID}, scanDeliveryStatus)
	if err != nil {
		return err
	}
	for _, d := range list {
		if i, ok := byID[d.MessageID]; ok {
			items[i].Deliveries = append(items[i].Deliveries, d)
		}
	}
	return nil
}

// Unexpanded lists the messages whose deliveries have not been made yet.
func (q queries) Unexpanded(ctx context.Context, limit int) ([]core.Message, error) {
	return all(ctx, q.q, "the outbox", `SELECT `+messageColumns+` FROM outbox o WHERE o.expanded_at IS NULL
		ORDER BY o.id LIMIT $1`, []any{limit}, func(r scanner) (core.Message, error) { return scanMessage(r) })
}

// SaveExpansions writes messages' deliveries and digest items and marks
// them expanded, in one transaction. Rows that exist already are kept.
func (db *DB) SaveExpansions(ctx context.Context, es []notify.Expansion, now time.Time) error {
	return db.withTx(ctx, func(tx *Tx) error {
		for _, e := range es {
			if err := tx.saveExpansion(ctx, e, now); err != nil {
				return err
			}
		}
		return nil
	})
}

func (q queries) saveExpansion(ctx context.Context, e notify.Expansion, now time.Time) error {
	messageID := e.MessageID
	for _, t := range e.Targets {
		recipients, err := json.Marshal(t.Recipients)
		if err != nil {
			return core.Wrap(err, "encode recipients")
		}
		if _, err := q.q.ExecContext(ctx, `INSERT INTO deliveries (message_id, channel, address, recipients, state,
			next_attempt_at, started_at, created_at) VALUES ($1, $2, $3, $4, 'pending', $5, $5, $5)
			ON CONFLICT (message_id, channel, address) DO NOTHING`,
			messageID, t.Channel, t.Address, string(recipients), ts(now)); err != nil {
			return translate(err, "make a delivery")
		}
	}
	for _, d := range e.Digests {
		recipients, err := json.Marshal(d.Recipients)
		if err != nil {
			return core.Wrap(err, "encode recipients")
		}
		if _, err := q.q.ExecContext(ctx, `INSERT INTO digest_items (user_id, message_id, reasons, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, message_id) DO NOTHING`,
			d.UserID, messageID, string(recipients), ts(now)); err != nil {
			return translate(err, "hold a message for a digest")
		}
	}
	_, err := q.q.ExecContext(ctx, `UPDATE outbox SET expanded_at = $1 WHERE id = $2`, ts(now), messageID)
	return translate(err, "mark a message expanded")
}

// DueDeliveries takes the pending and failed deliveries on the channels
// whose next attempt has come, oldest first, with their messages, and holds
// them until the given time, in one statement. On PostgreSQL rows another
// replica is taking at that moment are skipped (FOR UPDATE SKIP LOCKED), so
// that no two workers take the same delivery.
func (q queries) DueDeliveries(ctx context.Context, channels []string, now, until time.Time, limit int) ([]notify.Due, error) {
	if len(channels) == 0 {
		return nil, nil
	}
	args := []any{ts(now), limit, ts(until)}
	marks := make([]string, len(channels))
	for i, c := range channels {
		args = append(args, c)
		marks[i] = "$" + strconv.Itoa(i+4)
	}
	skipLocked := ""
	if q.pg {
		skipLocked = " FOR UPDATE SKIP LOCKED"
	}
	ids, err := q.ids(ctx, `UPDATE deliveries SET next_attempt_at = $3 WHERE id IN (SELECT id FROM deliveries
		WHERE state IN ('pending', 'failed') AND next_attempt_at <= $1 AND channel IN (`+strings.Join(marks, ", ")+`)
		ORDER BY next_attempt_at, id LIMIT $2`+skipLocked+`) RETURNING id`, args...)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	idArgs := make([]any, len(ids))
	idMarks := make([]string, len(ids))
	for i, id := range ids {
		idArgs[i], idMarks[i] = id, "$"+strconv.Itoa(i+1)
	}
	return all(ctx, q.q, "due deliveries", `SELECT d.id, d.channel, d.address, d.recipients, d.attempts, d.started_at, `+
		messageColumns+` FROM deliveries d JOIN outbox o ON o.id = d.message_id
		WHERE d.id IN (`+strings.Join(idMarks, ", ")+`) ORDER BY d.id`, idArgs, scanDue)
}

func scanDue(row scanner) (notify.Due, error) {
	var d notify.Due
	var recipients string
	var started time.Time
	m, err := scanMessage(row0{row, []any{&d.ID, &d.Channel, &d.Address, &recipients, &d.Attempts, &started}})
	if err != nil {
		return d, err
	}
	d.StartedAt = started.UTC()
	// The delivery carries the recipients that led to its address, with their reasons.
	if err := json.Unmarshal([]byte(recipients), &m.Recipients); err != nil {
		return d, core.Wrap(err, "decode recipients")
	}
	d.Message, d.MessageID = m, m.ID
	return d, nil
}

// row0 scans some leading columns into head before the rest.
type row0 struct {
	row  scanner
	head []any
}

func (r row0) Scan(dest ...any) error { return r.row.Scan(append(r.head, dest...)...) }

// ClaimDelivery records an attempt before it is made, and holds the
// delivery until the given time.
func (q queries) ClaimDelivery(ctx context.Context, id int64, attempts int, now, until time.Time) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE deliveries SET attempts = attempts + 1, last_attempt_at = $1,
		next_attempt_at = $2 WHERE id = $3 AND attempts = $4 AND state IN ('pending', 'failed')`,
		ts(now), ts(until), id, attempts)
	if err != nil {
		return false, translate(err, "record a delivery attempt")
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecordSent marks a delivery sent.
func (q queries) RecordSent(ctx context.Context, id int64, now time.Time) error {
	_, err := q.q.ExecContext(ctx, `UPDATE deliveries SET state = 'sent', sent_at = $1, last_error = '' WHERE id = $2`,
		ts(now), id)
	return translate(err, "record a delivery")
}

// RecordFailure keeps a failed attempt's error, the delivery's new state
// and when to try next.
func (q queries) RecordFailure(ctx context.Context, id int64, state notify.State, lastError string, next time.Time) error {
	_, err := q.q.ExecContext(ctx, `UPDATE deliveries SET state = $1, last_error = $2, next_attempt_at = $3
		WHERE id = $4 AND state <> 'sent'`, string(state), lastError, ts(next), id)
	return translate(err, "record a failed delivery")
}

// RetryDeliveries makes a message's failed and dead deliveries due now.
func (q queries) RetryDeliveries(ctx context.Context, messageID int64, now time.Time) (int, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE deliveries SET state = 'pending', next_attempt_at = $1, started_at = $1
		WHERE message_id = $2 AND state IN ('failed', 'dead')`, ts(now), messageID)
	if err != nil {
		return 0, translate(err, "retry deliveries")
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Troubled lists the newest failed and dead deliveries.
func (q queries) Troubled(ctx context.Context, limit int) ([]notify.DeliveryStatus, error) {
	return all(ctx, q.q, "deliveries", `SELECT `+deliveryColumns+` FROM deliveries d
		WHERE d.state IN ('failed', 'dead') ORDER BY d.id DESC LIMIT $1`, []any{limit}, scanDeliveryStatus)
}

// UsersWithRole lists the users of a role.
func (q queries) UsersWithRole(ctx context.Context, role core.Role) ([]access.User, error) {
	return all(ctx, q.q, "users", `SELECT `+userColumns+` FROM users WHERE role = $1 ORDER BY username`,
		[]any{string(role)}, scanUser)
}
