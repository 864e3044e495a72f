package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// CopyReport says what CopyToPostgres copied, table by table in the order
// copied (parents first).
type CopyReport struct {
	Tables []TableCopy
}

// TableCopy is one table's row count and checksum on each side; a report
// is only returned when they agree.
type TableCopy struct {
	Table          string
	SourceRows     int64
	TargetRows     int64
	SourceChecksum string // sha256 in hex over the rows in canonical form, by primary key
	TargetChecksum string
}

// CopyProgress is told, table by table, how many of its rows are copied.
type CopyProgress func(table string, done, total int64)

// CopyToPostgres moves an installation from the SQLite database at from to
// the empty PostgreSQL database at to: both are migrated to this binary's
// schema, every table is copied in one transaction, parents first, the
// identity sequences are moved past the copied ids, and every table's rows
// and checksum are compared on both sides, before the commit and again
// after it. A target holding any row that its migrations did not make is
// refused, and on any failure before the commit nothing is written.
func CopyToPostgres(ctx context.Context, from, to string, progress CopyProgress) (CopyReport, error) {
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	if !IsPostgres(to) {
		return CopyReport{}, core.Errorf(core.Invalid, "the target %q is not a PostgreSQL URL (postgres://…)", Redact(to))
	}
	if IsPostgres(from) {
		return CopyReport{}, core.Errorf(core.Invalid, "the source %s is a PostgreSQL URL: give the SQLite file to move", Redact(from))
	}
	if err := checkSQLiteSource(ctx, from); err != nil {
		return CopyReport{}, err
	}
	src, err := Open(ctx, Options{Path: from})
	if err != nil {
		return CopyReport{}, err
	}
	defer src.Close()
	dst, err := Open(ctx, Options{Path: to})
	if err != nil {
		return CopyReport{}, err
	}
	defer dst.Close()
	fresh, closeFresh, err := openFresh(ctx)
	if err != nil {
		return CopyReport{}, err
	}
	defer closeFresh()
	return copyStores(ctx, src, fresh, dst, progress)
}

// sqliteHeader begins every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// checkSQLiteSource refuses anything but an existing, sound SQLite file
// with interlock's tables, before anything opens (and so migrates) it.
func checkSQLiteSource(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // the path is in the message already
		}
		return core.Errorf(core.Invalid, "the source database %s: %v", path, err)
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return core.Errorf(core.Invalid, "the source %s is not a SQLite database", path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return core.Errorf(core.Invalid, "the source %s does not open: %v", path, err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return core.Errorf(core.Invalid, "the source %s is damaged (quick_check: %s%v)", path, check, errOrNothing(err))
	}
	var tables int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('goose_db_version', 'users', 'tools')`).Scan(&tables)
	if err != nil || tables != 3 {
		return core.Errorf(core.Invalid, "the source %s is a SQLite database but not interlock's", path)
	}
	return nil
}

func errOrNothing(err error) any {
	if err == nil {
		return ""
	}
	return err
}

// copyStores copies src into dst on one PostgreSQL connection of its own,
// reading src from one snapshot throughout; fresh is a new database of
// this binary's, to tell rows that migrations make from rows someone wrote.
func copyStores(ctx context.Context, src, fresh, dst *DB, progress CopyProgress) (CopyReport, error) {
	if src.pg || fresh.pg || !dst.pg {
		return CopyReport{}, fmt.Errorf("copy from SQLite to PostgreSQL only")
	}
	stx, err := src.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return CopyReport{}, fmt.Errorf("read the source: %w", err)
	}
	defer func() { _ = stx.Rollback() }()
	ftx, err := fresh.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return CopyReport{}, fmt.Errorf("read the scratch database: %w", err)
	}
	defer func() { _ = ftx.Rollback() }()
	conn, err := dst.sql.Conn(ctx)
	if err != nil {
		return CopyReport{}, fmt.Errorf("connect to the target: %w", err)
	}
	defer conn.Close()
	var report CopyReport
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("the PostgreSQL connection is a %T, not pgx's", dc)
		}
		report, err = copyOnConn(ctx, stx, ftx, c.Conn(), progress)
		return err
	})
	return report, err
}

// copyOnConn copies in one transaction, verifies before committing, and
// verifies again from what PostgreSQL holds once committed.
func copyOnConn(ctx context.Context, src, fresh *sql.Tx, pg *pgx.Conn, progress CopyProgress) (CopyReport, error) {
	tables, err := targetTables(ctx, pg)
	if err != nil {
		return CopyReport{}, err
	}
	if err := checkSourceColumns(ctx, src, tables); err != nil {
		return CopyReport{}, core.Errorf(core.Invalid, "%v", err)
	}
	tx, err := pg.Begin(ctx)
	if err != nil {
		return CopyReport{}, fmt.Errorf("begin the copy: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	// A server already running on the target waits, as its writers do.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writersLock)); err != nil {
		return CopyReport{}, fmt.Errorf("wait for the target's writers: %w", err)
	}
	seeded, err := claimTarget(ctx, fresh, tx, tables)
	if err != nil {
		return CopyReport{}, err
	}
	if err := clearSeeded(ctx, tx, seeded); err != nil {
		return CopyReport{}, err
	}
	for _, t := range tables {
		if err := copyRows(ctx, src, tx, t, progress); err != nil {
			return CopyReport{}, err
		}
	}
	if err := resetIdentities(ctx, tx, tables); err != nil {
		return CopyReport{}, err
	}
	if _, err := verify(ctx, src, tx, tables); err != nil {
		return CopyReport{}, err
	}
	if err := tx.Commit(ctx); err != nil {
		return CopyReport{}, fmt.Errorf("commit the copy: %w", err)
	}
	report, err := verify(ctx, src, pg, tables)
	if err != nil {
		return report, fmt.Errorf("after the commit: %w (the copy is in the target: empty it before trying again)", err)
	}
	return report, nil
}
