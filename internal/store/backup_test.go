package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// addTool writes a tool of that name, and returns its id.
func addTool(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	tool := inventory.Tool{Name: name, OwnerTeam: "o", Criticality: inventory.Low, Category: inventory.Maintain,
		Stage: inventory.Operational, Health: inventory.Unassessed, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := db.Inventory().InTx(context.Background(), func(tx inventory.Tx) error {
		return tx.InsertTool(context.Background(), &tool, "test")
	}); err != nil {
		t.Fatal(err)
	}
	return tool.ID
}

// backupOf makes a live database with one tool "kept", and a backup of it
// taken while it is open.
func backupOf(t *testing.T, dir string) (live, backup string) {
	t.Helper()
	live, backup = filepath.Join(dir, "live.db"), filepath.Join(dir, "backup.db")
	storetest.SQLiteAt(t, live)
	db := open(t, live)
	defer db.Close()
	addTool(t, db, "kept")
	v, err := store.BackupFile(context.Background(), live, backup)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if v != store.SchemaVersion() {
		t.Errorf("backup reports schema %d, want %d", v, store.SchemaVersion())
	}
	addTool(t, db, "later") // written after the backup: a restore takes it away
	return live, backup
}

func toolNames(t *testing.T, path string) []string {
	t.Helper()
	db := open(t, path)
	defer db.Close()
	var names []string
	for _, id := range []int64{1, 2} {
		if tool, err := db.Tool(context.Background(), id); err == nil {
			names = append(names, tool.Name)
		}
	}
	return names
}

// leftovers lists the files in dir that a restore must not leave behind.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") || strings.Contains(e.Name(), ".tmp-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestBackupFileWhileOpen(t *testing.T) {
	dir := t.TempDir()
	live, backup := backupOf(t, dir)
	if got := toolNames(t, backup); len(got) != 1 || got[0] != "kept" {
		t.Errorf("backup holds %v, want [kept]", got)
	}
	if _, err := store.BackupFile(context.Background(), live, backup); !core.IsCode(err, core.Conflict) {
		t.Errorf("backup over an existing file: %v, want a conflict", err)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestRestoreAGoodBackup(t *testing.T) {
	dir := t.TempDir()
	live, backup := backupOf(t, dir)
	if busy, err := store.InUse(context.Background(), live); err != nil || busy {
		t.Fatalf("closed database in use: %v, %v", busy, err)
	}
	now := time.Date(2026, 11, 29, 21, 0, 0, 0, time.UTC)
	got, err := store.Restore(context.Background(), backup, live, false, now)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got.Version != store.SchemaVersion() || got.Aside != live+".before-restore-20261129T210000Z" {
		t.Errorf("restore = %+v", got)
	}
	if names := toolNames(t, live); len(names) != 1 || names[0] != "kept" {
		t.Errorf("restored database holds %v, want [kept]", names)
	}
	if names := toolNames(t, got.Aside); len(names) != 2 {
		t.Errorf("the database moved aside holds %v, want both tools", names)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestRestoreRefusesABadBackup(t *testing.T) {
	dir := t.TempDir()
	live, backup := backupOf(t, dir)
	good, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := bytes.Clone(good)
	for i := 4096 + 8; i < len(corrupt) && i < 4*4096; i++ { // scribble over the pages after the first
		corrupt[i] = 0xA5
	}
	notSQLite := []byte(strings.Repeat("this is not a database\n", 400))
	emptySQLite := filepath.Join(dir, "empty.db")
	raw, err := sql.Open("sqlite", "file:"+emptySQLite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	notInterlock, _ := os.ReadFile(emptySQLite)

	tests := []struct {
		name, want string
		body       []byte
	}{
		{"pages overwritten", "", corrupt},
		{"not SQLite at all", "not a usable SQLite database", notSQLite},
		{"SQLite, but not interlock's", "not an interlock database", notInterlock},
	}
	before := fileHash(t, live)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(dir, "bad.db")
			if err := os.WriteFile(bad, tc.body, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := store.Restore(context.Background(), bad, live, false, time.Now())
			if !core.IsCode(err, core.Invalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("restore of a bad backup: %v, want an invalid error naming %q", err, tc.want)
			}
			if fileHash(t, live) != before {
				t.Error("the database was changed by a refused restore")
			}
			if l := leftovers(t, dir); len(l) != 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

func TestRestoreRefusesANewerSchema(t *testing.T) {
	dir := t.TempDir()
	live, backup := backupOf(t, dir)
	raw, err := sql.Open("sqlite", "file:"+backup)
	if err != nil {
		t.Fatal(err)
	}
	newer := store.SchemaVersion() + 1
	if _, err := raw.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, TRUE)`, newer); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before := fileHash(t, live)
	_, err = store.Restore(context.Background(), backup, live, false, time.Now())
	if !core.IsCode(err, core.Invalid) || !strings.Contains(err.Error(), "newer interlock") {
		t.Errorf("restore of a newer schema: %v, want a refusal asking for a newer interlock", err)
	}
	if fileHash(t, live) != before {
		t.Error("the database was changed by a refused restore")
	}
}

func TestRestoreRefusesADatabaseInUse(t *testing.T) {
	dir := t.TempDir()
	live, backup := backupOf(t, dir)
	db := open(t, live) // as a running server holds it
	defer db.Close()
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	busy, err := store.InUse(context.Background(), live)
	if err != nil || !busy {
		t.Fatalf("InUse of an open database = %v, %v; want true", busy, err)
	}
	if _, err := store.Restore(context.Background(), backup, live, false, time.Now()); !core.IsCode(err, core.Conflict) {
		t.Errorf("restore over an open database: %v, want a conflict", err)
	}
	if names := toolNames(t, live); len(names) != 2 {
		t.Errorf("the open database was replaced: it holds %v", names)
	}
	db.Close()
	if _, err := store.Restore(context.Background(), backup, live, false, time.Now()); err != nil {
		t.Errorf("restore once the server stopped: %v", err)
	}
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
