package store

import (
	"context"
	"database/sql"
	"sync"
)

// dataVersion reads SQLite's PRAGMA data_version (on PostgreSQL, the
// data_version row) on a connection of its own that never writes: the
// number changes whenever any other connection, of this process or another,
// commits a change to the database.
//
// Reads are grouped, as commits are in a group commit: one read is under
// way at a time, and everyone who asks meanwhile shares the read that starts
// right after it. A caller is thus always answered by a read that began after
// it asked, and under load one read serves many requests.
type dataVersion struct {
	mu      sync.Mutex
	running bool         // a read is under way
	next    *versionRead // the read that starts when the running one ends

	connMu sync.Mutex // held while reading, and to close
	conn   *sql.Conn
	stmt   *sql.Stmt
}

// versionRead is one read of the data version, shared by its callers.
type versionRead struct {
	start chan struct{} // closed when it may begin (nil for one that begins at once)
	done  chan struct{} // closed when v and err are set
	v     int64
	err   error
}

// DataVersion returns a number that changes whenever anything in the
// database changes (a commit on any connection, in any process). Equal
// numbers mean nothing was written in between, so an answer computed from
// the database under one number may be reused while the number stays.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	v := &db.version
	v.mu.Lock()
	if !v.running {
		v.running = true
		v.mu.Unlock()
		r := &versionRead{done: make(chan struct{})}
		v.run(ctx, db, r)
		return r.v, r.err
	}
	r, lead := v.next, v.next == nil
	if lead {
		r = &versionRead{start: make(chan struct{}), done: make(chan struct{})}
		v.next = r
	}
	v.mu.Unlock()
	if lead {
		<-r.start // the running read ends soon; others are waiting for this one
		v.run(ctx, db, r)
		return r.v, r.err
	}
	select {
	case <-r.done:
		return r.v, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// run reads the version for r, then starts the next read if anyone waits.
func (v *dataVersion) run(ctx context.Context, db *DB, r *versionRead) {
	r.v, r.err = v.read(ctx, db)
	close(r.done)
	v.mu.Lock()
	defer v.mu.Unlock()
	if n := v.next; n != nil {
		v.next = nil
		close(n.start)
		return
	}
	v.running = false
}

func (v *dataVersion) read(ctx context.Context, db *DB) (int64, error) {
	v.connMu.Lock()
	defer v.connMu.Unlock()
	if v.conn == nil {
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return 0, translate(err, "read the data version")
		}
		query := "PRAGMA data_version"
		if db.pg {
			query = `SELECT v FROM data_version WHERE id = 1` // raised by every write transaction
		}
		stmt, err := conn.PrepareContext(ctx, query)
		if err != nil {
			conn.Close()
			return 0, translate(err, "read the data version")
		}
		v.conn, v.stmt = conn, stmt
	}
	var n int64
	if err := v.stmt.QueryRowContext(ctx).Scan(&n); err != nil {
		v.closeLocked()
		return 0, translate(err, "read the data version")
	}
	return n, nil
}

// close gives the connection back, before the database closes.
func (v *dataVersion) close() {
	v.connMu.Lock()
	defer v.connMu.Unlock()
	v.closeLocked()
}

func (v *dataVersion) closeLocked() {
	if v.stmt != nil {
		v.stmt.Close()
	}
	if v.conn != nil {
		v.conn.Close()
	}
	v.conn, v.stmt = nil, nil
}
