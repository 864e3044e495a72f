package store

import (
	"context"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Append adds events to their subjects' timelines.
func (q queries) Append(ctx context.Context, events ...core.Event) error {
	for _, e := range events {
		data, err := marshalData(e.Data)
		if err != nil {
			return err
		}
		if _, err := q.q.ExecContext(ctx, `INSERT INTO events (subject_type, subject_id, type, actor, at, summary, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			e.Subject.Type, e.Subject.ID, e.Type, e.Actor, ts(e.At), e.Summary, data); err != nil {
			return translate(err, "record an event")
		}
	}
	return nil
}

// Events lists a subject's events, oldest first, after an event id.
func (q queries) Events(ctx context.Context, s core.Subject, afterID int64, limit int) ([]core.Event, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT id, type, actor, at, summary, data FROM events
		WHERE subject_type = $1 AND subject_id = $2 AND id > $3 ORDER BY id LIMIT $4`,
		s.Type, s.ID, afterID, limit)
	if err != nil {
		return nil, translate(err, "list events")
	}
	defer rows.Close()
	var out []core.Event
	for rows.Next() {
		e := core.Event{Subject: s}
		var data string
		var at time.Time
		if err := rows.Scan(&e.ID, &e.Type, &e.Actor, &at, &e.Summary, &data); err != nil {
			return nil, translate(err, "read an event")
		}
		e.At = at.UTC()
		e.Data = json.RawMessage(data)
		out = append(out, e)
	}
	return out, translate(rows.Err(), "list events")
}

func marshalData(v any) (string, error) {
	if v == nil {
		return "{}", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", core.Wrap(err, "encode event data")
	}
	return string(b), nil
}

// ts is how every time is stored: UTC, to the microsecond (PostgreSQL's precision).
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// tsPtr stores an optional time.
func tsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}
