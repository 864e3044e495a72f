package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Restored is what a restore did.
type Restored struct {
	Version int64  // the schema version of the restored copy
	Aside   string // where the replaced database was moved; "" when there was none
}

// Restore replaces the database at target with the backup at from, after
// checking a copy of it (see CheckCopy): the backup is copied beside target
// and synced, checked, and renamed over target, so that target is at every
// instant either the old database or the whole new one. The old database
// (with its -wal and -shm files) is moved aside to
// <target>.before-restore-<time>. A database that another process has open
// is not replaced unless force is set. Nothing is replaced when a check fails.
func Restore(ctx context.Context, from, target string, force bool, now time.Time) (Restored, error) {
	if _, err := os.Stat(from); err != nil {
		return Restored{}, core.Errorf(core.Invalid, "backup %s: %v", from, err)
	}
	tmp := tempName(target, "restore")
	if err := copyFile(from, tmp); err != nil {
		_ = os.Remove(tmp)
		return Restored{}, fmt.Errorf("copy %s beside %s: %w", from, target, err)
	}
	defer removeDB(tmp) // gone once renamed; removes a refused copy
	version, err := CheckCopy(ctx, tmp)
	if err != nil {
		return Restored{}, err
	}
	removeSidecars(tmp) // a WAL copy leaves none once closed; make sure
	busy, err := InUse(ctx, target)
	if err != nil {
		return Restored{}, fmt.Errorf("check whether %s is in use: %w", target, err)
	}
	if busy && !force {
		return Restored{}, core.Errorf(core.Conflict, "%s is open in another process (is `interlock serve` running?): "+
			"stop it first, or pass --force", target)
	}
	out := Restored{Version: version}
	if _, err := os.Stat(target); err == nil {
		out.Aside = fmt.Sprintf("%s.before-restore-%s", target, now.UTC().Format("20060102T150405Z"))
		// A hard link keeps the old database at target until the rename below
		// replaces it; where links are not possible it is renamed aside.
		if err := os.Link(target, out.Aside); err != nil {
			if err := os.Rename(target, out.Aside); err != nil {
				return Restored{}, fmt.Errorf("move %s aside: %w", target, err)
			}
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if err := os.Rename(target+suffix, out.Aside+suffix); err != nil && !os.IsNotExist(err) {
				return Restored{}, fmt.Errorf("move %s aside: %w", target+suffix, err)
			}
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return Restored{}, fmt.Errorf("put the backup in place at %s: %w", target, err)
	}
	return out, syncDir(filepath.Dir(target))
}

// removeDB removes a database file and its -wal and -shm files.
func removeDB(path string) {
	_ = os.Remove(path)
	removeSidecars(path)
}

func removeSidecars(path string) {
	_ = os.Remove(path + "-wal")
	_ = os.Remove(path + "-shm")
	_ = os.Remove(path + "-journal")
}
