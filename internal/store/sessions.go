package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// Sessions keeps the web UI's sessions in the database, so that every
// replica sees the same sign-ins. It has the methods of scs.Store and
// scs.CtxStore; the store does not import scs.
type Sessions struct {
	db  *DB
	now func() time.Time

	mu        sync.Mutex
	nextPrune time.Time // when a write next removes expired sessions
}

// pruneEvery is how often writes remove expired sessions: expired ones are
// never found anyway, so a sweep now and then keeps the table small without
// a delete on every write.
const pruneEvery = 10 * time.Minute

// Sessions returns the web sessions' store. Expiry is judged by the
// system clock, as scs itself judges it.
func (db *DB) Sessions() *Sessions { return &Sessions{db: db, now: time.Now} }

// FindCtx returns a session's data; found is false for an unknown or expired token.
func (s *Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.sql.QueryRowContext(ctx, `SELECT data FROM web_sessions WHERE token = $1 AND expiry > $2`,
		token, ts(s.now())).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, translate(err, "read a session")
	}
	return b, true, nil
}

// CommitCtx stores a session until expiry, replacing one of the same token.
// Every pruneEvery, a write also removes the sessions that have expired.
func (s *Sessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.db.sql.ExecContext(ctx, `INSERT INTO web_sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, ts(expiry))
	if err != nil {
		return translate(err, "store a session")
	}
	if !s.pruneDue() {
		return nil
	}
	return s.Prune(ctx)
}

// pruneDue reports whether it is time to remove expired sessions, and if
// so schedules the next time.
func (s *Sessions) pruneDue() bool {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Before(s.nextPrune) {
		return false
	}
	s.nextPrune = now.Add(pruneEvery)
	return true
}

// Prune removes the sessions that have expired.
func (s *Sessions) Prune(ctx context.Context) error {
	_, err := s.db.sql.ExecContext(ctx, `DELETE FROM web_sessions WHERE expiry <= $1`, ts(s.now()))
	return translate(err, "remove expired sessions")
}

// DeleteCtx removes a session; an unknown token is not an error.
func (s *Sessions) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.sql.ExecContext(ctx, `DELETE FROM web_sessions WHERE token = $1`, token)
	return translate(err, "delete a session")
}

// Find is FindCtx without a context.
func (s *Sessions) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a context.
func (s *Sessions) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx without a context.
func (s *Sessions) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }
