package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressly/goose/v3"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// BackupFile writes a consistent copy of the SQLite database at src to out
// (VACUUM INTO), safe while a server writes to src; src is neither migrated
// nor changed. The copy is written beside out, synced, then renamed to out,
// so that out never holds half a copy; out must not exist.
func BackupFile(ctx context.Context, src, out string) (int64, error) {
	if _, err := os.Stat(src); err != nil {
		return 0, core.Errorf(core.Invalid, "database %s: %v", src, err)
	}
	if _, err := os.Stat(out); err == nil {
		return 0, core.Errorf(core.Conflict, "%s exists; choose a new file", out)
	}
	db, err := sql.Open("sqlite", sqliteDSN(src))
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", src, err)
	}
	defer db.Close()
	version, err := schemaVersion(ctx, db)
	if err != nil {
		return 0, core.Errorf(core.Invalid, "%s is not an interlock database: %v", src, err)
	}
	tmp := tempName(out, "backup")
	if _, err := db.ExecContext(ctx, "VACUUM INTO $1", tmp); err != nil {
		_ = os.Remove(tmp)
		return 0, fmt.Errorf("backup to %s: %w", out, err)
	}
	if err := syncFile(tmp); err != nil {
		_ = os.Remove(tmp)
		return 0, err
	}
	// Link, unlike rename, refuses to replace an out made meanwhile.
	if err := os.Link(tmp, out); err != nil {
		_ = os.Remove(tmp)
		return 0, fmt.Errorf("backup to %s: %w", out, err)
	}
	_ = os.Remove(tmp)
	return version, syncDir(filepath.Dir(out))
}

// CheckCopy opens a copy of a backup and reports its schema version if it
// is an interlock database that passes PRAGMA integrity_check and whose
// schema this binary knows (not newer); otherwise it says what is wrong.
func CheckCopy(ctx context.Context, path string) (int64, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, core.Errorf(core.Invalid, "backup %s: %v", path, err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return 0, core.Errorf(core.Invalid, "backup %s does not open: %v", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return 0, core.Errorf(core.Invalid, "backup %s is not a usable SQLite database: %v", path, err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return 0, core.Errorf(core.Invalid, "backup %s: integrity check: %v", path, err)
		}
		problems = append(problems, line)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, core.Errorf(core.Invalid, "backup %s is not a usable SQLite database: %v", path, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return 0, core.Errorf(core.Invalid, "backup %s fails its integrity check: %s", path, strings.Join(problems, "; "))
	}
	version, err := schemaVersion(ctx, db)
	if err != nil || version == 0 {
		return 0, core.Errorf(core.Invalid, "backup %s is not an interlock database (no schema version)", path)
	}
	if known := SchemaVersion(); version > known {
		return 0, core.Errorf(core.Invalid, "backup %s has schema version %d but this interlock knows only up to %d: "+
			"restore it with a newer interlock", path, version, known)
	}
	return version, nil
}

// schemaVersion is the migration version a database is at.
func schemaVersion(ctx context.Context, db *sql.DB) (int64, error) {
	fsys, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		return 0, err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

// InUse reports whether another connection, such as a running server's,
// has the database open: it tries to take the database's exclusive lock
// without waiting. A file that does not exist is not in use.
func InUse(ctx context.Context, path string) (bool, error) {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return false, nil
	}
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(0)")
	v.Add("_pragma", "locking_mode(EXCLUSIVE)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+v.Encode())
	if err != nil {
		return false, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return isBusy(err), busyOr(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		return isBusy(err), busyOr(err)
	}
	_, err = conn.ExecContext(ctx, "ROLLBACK")
	return false, err
}

func isBusy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}

// busyOr is nil for a busy error (the answer is "in use"), else err.
func busyOr(err error) error {
	if isBusy(err) {
		return nil
	}
	return err
}

// tempName is a file name beside path for work in progress.
func tempName(path, what string) string {
	return fmt.Sprintf("%s.%s-%d.tmp", path, what, time.Now().UnixNano())
}

// syncFile flushes a file's contents to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !isUnsupported(err) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

func isUnsupported(err error) bool { return strings.Contains(err.Error(), "invalid argument") }

// copyFile copies src to a new file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
