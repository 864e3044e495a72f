package store

import (
	"context"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
)

var _ notify.Store = (*DB)(nil)

// DigestsDue lists the people whose held messages have not gone out and
// whose digest was not sent on day. A person who has since left the digest
// still gets what was held for them, once.
func (q queries) DigestsDue(ctx context.Context, day string) ([]notify.Digest, error) {
	type row struct {
		userID          int64
		username, email string
		message         core.Message
		recipients      []core.Recipient
	}
	rows, err := all(ctx, q.q, "digests", `SELECT u.id, u.username, u.email, di.reasons, `+messageColumns+`
		FROM digest_items di JOIN users u ON u.id = di.user_id JOIN outbox o ON o.id = di.message_id
		WHERE di.digest_id IS NULL AND u.digest_sent_on < $1 AND u.disabled = FALSE AND u.email_notifications = TRUE
		ORDER BY u.id, o.id`, []any{day}, func(r scanner) (row, error) {
		var x row
		var reasons string
		m, err := scanMessage(row0{r, []any{&x.userID, &x.username, &x.email, &reasons}})
		if err != nil {
			return x, err
		}
		x.message = m
		return x, json.Unmarshal([]byte(reasons), &x.recipients)
	})
	if err != nil {
		return nil, err
	}
	var out []notify.Digest
	for _, x := range rows {
		if len(out) == 0 || out[len(out)-1].UserID != x.userID {
			out = append(out, notify.Digest{UserID: x.userID, Username: x.username, Email: x.email})
		}
		d := &out[len(out)-1]
		d.Items = append(d.Items, notify.DigestEntry{Message: x.message, Recipients: x.recipients})
	}
	return out, nil
}

// SaveDigest writes a digest message with its one email delivery, marks its
// items as carried and the person's digest day, in one transaction. The
// message is expanded already and addressed to no one's notifications: the
// messages it gathers are there.
func (db *DB) SaveDigest(ctx context.Context, d notify.Digest, m core.Message, address, day string, now time.Time) error {
	return db.withTx(ctx, func(tx *Tx) error {
		data, err := marshalData(m.Data)
		if err != nil {
			return err
		}
		recipients, err := json.Marshal(m.Recipients)
		if err != nil {
			return core.Wrap(err, "encode recipients")
		}
		var id int64
		if err := tx.q.QueryRowContext(ctx, `INSERT INTO outbox (topic, subject_type, subject_id, recipients, title, body,
			data, created_at, expanded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			m.Topic, m.Subject.Type, m.Subject.ID, string(recipients), m.Title, m.Body, data, ts(now)).Scan(&id); err != nil {
			return translate(err, "write a digest")
		}
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO deliveries (message_id, channel, address, recipients, state,
			next_attempt_at, started_at, created_at) VALUES ($1, $2, $3, $4, 'pending', $5, $5, $5)`,
			id, notify.ChannelEmail, address, string(recipients), ts(now)); err != nil {
			return translate(err, "make a digest delivery")
		}
		for _, it := range d.Items {
			if _, err := tx.q.ExecContext(ctx, `UPDATE digest_items SET digest_id = $1 WHERE user_id = $2 AND message_id = $3`,
				id, d.UserID, it.Message.ID); err != nil {
				return translate(err, "mark digest items")
			}
		}
		_, err = tx.q.ExecContext(ctx, `UPDATE users SET digest_sent_on = $1 WHERE id = $2`, day, d.UserID)
		return translate(err, "mark the digest day")
	})
}
