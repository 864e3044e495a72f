package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxPrepared bounds the statements kept prepared; queries past it run unprepared.
const maxPrepared = 256

// prepared keeps the statements of queries run outside transactions,
// prepared once, so that a request does not pay SQLite's parser and planner
// again for a query it has run before (database/sql prepares each statement
// on each pooled connection at first use). Statements are never closed
// before the database, so a statement handed out stays valid.
type prepared struct {
	db *sql.DB

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// newPrepared runs db's queries through statements prepared once and kept.
func newPrepared(db *sql.DB) statements {
	return statements{cache: &prepared{db: db, stmts: make(map[string]*sql.Stmt)}, direct: db}
}

// stmt returns the statement of query, preparing it if there is room; nil
// when it cannot be prepared or there is none, and the query runs unprepared.
func (p *prepared) stmt(ctx context.Context, query string) *sql.Stmt {
	p.mu.RLock()
	s, ok := p.stmts[query]
	full := len(p.stmts) >= maxPrepared
	p.mu.RUnlock()
	if ok || full {
		return s
	}
	s, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the query itself will report what is wrong
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.stmts[query]; ok {
		s.Close()
		return old
	}
	if len(p.stmts) >= maxPrepared {
		s.Close()
		return nil
	}
	p.stmts[query] = s
	return s
}

// txPrepared keeps a SQLite transaction's statements, prepared once each, so
// that a statement run many times in one transaction (a seed's thousand
// inserts, a GitLab sync's issues and their roll-ups) is parsed once. The
// statements are closed with the transaction. What cannot be prepared (a
// script of several statements) runs as it is, and reports its own errors.
// PostgreSQL needs none of it: pgx keeps each connection's statements
// prepared already.
type txPrepared struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // nil for a query that runs unprepared
}

func (p *txPrepared) stmt(ctx context.Context, query string) *sql.Stmt {
	if s, ok := p.stmts[query]; ok {
		return s
	}
	if len(p.stmts) >= maxPrepared {
		return nil // a transaction of many different statements keeps no more open
	}
	s, err := p.tx.PrepareContext(ctx, query)
	if err != nil {
		s = nil
	}
	if p.stmts == nil {
		p.stmts = make(map[string]*sql.Stmt)
	}
	p.stmts[query] = s
	return s
}

// statements runs queries through the statements its cache hands out, and
// the queries it hands none for (a full cache, a script) directly, where
// they report their own errors.
type statements struct {
	cache interface {
		stmt(ctx context.Context, query string) *sql.Stmt
	}
	direct querier
}

// ExecContext runs a statement that returns no rows.
func (q statements) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := q.cache.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return q.direct.ExecContext(ctx, query, args...)
}

// QueryContext runs a query that returns rows.
func (q statements) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := q.cache.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return q.direct.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query that returns at most one row.
func (q statements) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := q.cache.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return q.direct.QueryRowContext(ctx, query, args...)
}
