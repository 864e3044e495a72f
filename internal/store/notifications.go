package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
)

// addressMessage records who a message is for, one row per recipient, so
// that each person can find theirs.
func (q queries) addressMessage(ctx context.Context, id int64, recipients []core.Recipient) error {
	for i, r := range recipients {
		if _, err := q.q.ExecContext(ctx, `INSERT INTO outbox_recipients (message_id, position, kind, name_key, reason)
			VALUES ($1, $2, $3, $4, $5)`, id, i, r.Kind, strings.ToLower(strings.TrimSpace(r.Name)), r.Reason); err != nil {
			return translate(err, "address an outbox message")
		}
	}
	return nil
}

// myMessages selects the ids of the messages addressed to a person ($1
// username, $2 role): as a user, through their role, or through a team they
// are in. Each branch reads the index on (kind, name_key, message_id).
const myMessages = `SELECT r.message_id FROM outbox_recipients r WHERE r.kind = 'user' AND r.name_key = $1
	UNION SELECT r.message_id FROM outbox_recipients r WHERE r.kind = 'role' AND r.name_key = $2
	UNION SELECT r.message_id FROM outbox_recipients r
		JOIN teams t ON t.name_key = r.name_key JOIN team_members tm ON tm.team_id = t.id
		WHERE r.kind IN ('team', 'group') AND tm.username = $1`

const notificationColumns = `o.id, o.topic, o.subject_type, o.subject_id, o.recipients, o.title, o.body, o.data, o.created_at,
	(SELECT nr.read_at FROM notification_reads nr WHERE nr.user_id = $3 AND nr.message_id = o.id)`

// Notifications lists the messages addressed to a person, newest first.
func (q queries) Notifications(ctx context.Context, who notify.Reader, beforeID int64, limit int, unreadOnly bool) ([]notify.Notification, error) {
	query := `SELECT ` + notificationColumns + ` FROM outbox o
		WHERE o.id IN (` + myMessages + `)`
	args := []any{strings.ToLower(who.Username), string(who.Role), who.UserID}
	if beforeID > 0 {
		query += ` AND o.id < $4`
		args = append(args, beforeID)
	} else {
		query += ` AND $4 = 0`
		args = append(args, 0)
	}
	if unreadOnly {
		query += ` AND NOT EXISTS (SELECT 1 FROM notification_reads nr WHERE nr.user_id = $3 AND nr.message_id = o.id)`
	}
	query += ` ORDER BY o.id DESC LIMIT $5`
	args = append(args, limit)
	list, err := all(ctx, q.q, "notifications", query, args, scanNotification)
	if err != nil {
		return nil, err
	}
	return list, q.teamReasons(ctx, who, list)
}

func scanNotification(row scanner) (notify.Notification, error) {
	var n notify.Notification
	var recipients, data string
	var at time.Time
	var read sql.NullTime
	m := &n.Message
	if err := row.Scan(&m.ID, &m.Topic, &m.Subject.Type, &m.Subject.ID, &recipients, &m.Title, &m.Body, &data, &at, &read); err != nil {
		return n, err
	}
	if err := json.Unmarshal([]byte(recipients), &m.Recipients); err != nil {
		return n, core.Wrap(err, "decode recipients")
	}
	m.Data, m.CreatedAt, n.ReadAt = json.RawMessage(data), at.UTC(), nullTime(read)
	return n, nil
}

// teamReasons adds to each notification the team recipients that reach the person.
func (q queries) teamReasons(ctx context.Context, who notify.Reader, list []notify.Notification) error {
	mine, err := all(ctx, q.q, "teams", `SELECT t.name_key FROM teams t JOIN team_members tm ON tm.team_id = t.id
		WHERE tm.username = $1`, []any{strings.ToLower(who.Username)}, func(r scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		return err
	}
	set := map[string]bool{}
	for _, k := range mine {
		set[k] = true
	}
	for i := range list {
		list[i].Reasons = reasonsFor(list[i].Message.Recipients, who, set)
	}
	return nil
}

// reasonsFor keeps the recipients of a message that reach the person.
func reasonsFor(recipients []core.Recipient, who notify.Reader, myTeams map[string]bool) []core.Recipient {
	out := []core.Recipient{}
	for _, r := range recipients {
		name := strings.ToLower(strings.TrimSpace(r.Name))
		switch {
		case r.Kind == "user" && name == strings.ToLower(who.Username),
			r.Kind == "role" && name == string(who.Role),
			(r.Kind == "team" || r.Kind == "group") && myTeams[name]:
			out = append(out, r)
		}
	}
	return out
}

// UnreadCount counts the unread messages addressed to a person.
func (q queries) UnreadCount(ctx context.Context, who notify.Reader) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox o
		WHERE o.id IN (`+myMessages+`)
		AND NOT EXISTS (SELECT 1 FROM notification_reads nr WHERE nr.user_id = $3 AND nr.message_id = o.id)`,
		strings.ToLower(who.Username), string(who.Role), who.UserID).Scan(&n)
	return n, translate(err, "count unread notifications")
}

// MarkRead marks a message read for a person, once; NotFound when the
// message is not addressed to them.
func (q queries) MarkRead(ctx context.Context, who notify.Reader, messageID int64, now time.Time) (notify.Notification, error) {
	list, err := all(ctx, q.q, "notifications", `SELECT `+notificationColumns+` FROM outbox o
		WHERE o.id = $4 AND o.id IN (`+myMessages+`)`,
		[]any{strings.ToLower(who.Username), string(who.Role), who.UserID, messageID}, scanNotification)
	if err != nil {
		return notify.Notification{}, err
	}
	if len(list) == 0 {
		return notify.Notification{}, notFound("you have no notification %d", messageID)
	}
	n := list[0]
	if n.ReadAt == nil {
		if _, err := q.q.ExecContext(ctx, `INSERT INTO notification_reads (user_id, message_id, read_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, message_id) DO NOTHING`, who.UserID, messageID, ts(now)); err != nil {
			return n, translate(err, "mark a notification read")
		}
		at := ts(now)
		n.ReadAt = &at
	}
	if err := q.teamReasons(ctx, who, list[:1]); err != nil {
		return n, err
	}
	n.Reasons = list[0].Reasons
	return n, nil
}
