package store

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/calendar"
)

const calendarKey = "calendar"

// Calendar returns the stored calendar document; NotFound on a new install.
func (q queries) Calendar(ctx context.Context) (calendar.Stored, error) {
	var d bizhours.Document
	v, err := q.setting(ctx, calendarKey, &d)
	return calendar.Stored{Document: d, Version: v}, err
}

// SaveCalendar stores the calendar document if its version is unchanged.
func (q queries) SaveCalendar(ctx context.Context, d bizhours.Document, version int, actor string, at time.Time) (int, error) {
	return q.saveSetting(ctx, calendarKey, d, version, actor, at)
}

type calendarStore struct{ *DB }

// CalendarStore returns the store of the business-time calendar.
func (db *DB) CalendarStore() calendar.TxStore { return calendarStore{db} }

func (s calendarStore) InTx(ctx context.Context, fn func(calendar.Store) error) error {
	return s.withTx(ctx, func(tx *Tx) error { return fn(tx) })
}
