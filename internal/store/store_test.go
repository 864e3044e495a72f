package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

func open(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return db
}

// driver names the database/sql driver and source of a database path.
func driver(path string) (string, string) {
	if store.IsPostgres(path) {
		return "pgx", path
	}
	return "sqlite", "file:" + path
}

func TestPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	db := open(t, path)
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var mode string
	if err := raw.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal (it persists in the file)", mode, err)
	}
}

func TestForeignKeysAreEnforced(t *testing.T) {
	db := open(t, storetest.Path(t))
	defer db.Close()
	err := db.Inventory().InTx(context.Background(), func(tx inventory.Tx) error {
		a := &inventory.ADR{ToolID: 999, Title: "t", Status: inventory.ADRProposed, Context: "c", Decision: "d"}
		return tx.InsertADR(context.Background(), a)
	})
	if !core.IsCode(err, core.Conflict) {
		t.Errorf("an ADR of a missing tool: err = %v, want a conflict from the foreign key", err)
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	path := storetest.Path(t)
	db := open(t, path)
	tool := inventory.Tool{Name: "x", OwnerTeam: "o", Criticality: inventory.Low, Category: inventory.Maintain,
		Stage: inventory.Operational, Health: inventory.Unassessed, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := db.Inventory().InTx(context.Background(), func(tx inventory.Tx) error {
		return tx.InsertTool(context.Background(), &tool, "test")
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open(t, path)
	defer db.Close()
	got, err := db.Tool(context.Background(), tool.ID)
	if err != nil || got.Name != "x" {
		t.Errorf("after reopening: %+v, %v", got, err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	path := storetest.Path(t)
	open(t, path).Close()
	raw, err := sql.Open(driver(path))
	if err != nil {
		t.Fatal(err)
	}
	newer := store.SchemaVersion() + 1
	if _, err := raw.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, TRUE)`, newer); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = store.Open(context.Background(), store.Options{Path: path})
	if err == nil || !strings.Contains(err.Error(), "newer interlock") {
		t.Errorf("opening a schema at version %d: err = %v, want a refusal asking for a newer interlock", newer, err)
	}
}

func TestBackupIsAUsableCopy(t *testing.T) {
	dir := t.TempDir()
	storetest.SQLiteAt(t, filepath.Join(dir, "live.db"))
	db := open(t, filepath.Join(dir, "live.db"))
	defer db.Close()
	tool := inventory.Tool{Name: "kept", OwnerTeam: "o", Criticality: inventory.Low, Category: inventory.Maintain,
		Stage: inventory.Operational, Health: inventory.Unassessed}
	if err := db.Inventory().InTx(context.Background(), func(tx inventory.Tx) error {
		return tx.InsertTool(context.Background(), &tool, "test")
	}); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := db.Backup(context.Background(), copyPath); err != nil {
		t.Fatal(err)
	}
	cp := open(t, copyPath)
	defer cp.Close()
	if got, err := cp.Tool(context.Background(), tool.ID); err != nil || got.Name != "kept" {
		t.Errorf("backup copy: %+v, %v", got, err)
	}
}

func TestNotFoundIsAnError(t *testing.T) {
	db := open(t, storetest.Path(t))
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Tool(ctx, 1); !core.IsCode(err, core.NotFound) {
		t.Errorf("Tool: %v", err)
	}
	if _, err := db.User(ctx, "nobody"); !core.IsCode(err, core.NotFound) {
		t.Errorf("User: %v", err)
	}
	if _, err := db.Rubric(ctx); !core.IsCode(err, core.NotFound) {
		t.Errorf("Rubric: %v", err)
	}
	if _, err := db.ADR(ctx, 1, 1); !core.IsCode(err, core.NotFound) {
		t.Errorf("ADR: %v", err)
	}
}
