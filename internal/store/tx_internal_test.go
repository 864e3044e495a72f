package store

import (
	"context"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// A panic inside a transaction rolls it back (deferred), so nothing of it
// is written and the next writer is not locked out.
func TestPanicInATransactionRollsBack(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Path: storetest.Path(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	insert := func(tx *Tx, name string) error {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO users (username, role, disabled, created_by, created_at, version)
			VALUES ($1, 'admin', FALSE, 't', '2026-01-01T00:00:00Z', 1)`, name)
		return err
	}
	func() {
		defer func() { _ = recover() }()
		_ = db.withTx(ctx, func(tx *Tx) error {
			if err := insert(tx, "ghost"); err != nil {
				t.Fatal(err)
			}
			panic("boom")
		})
	}()
	short, cancel := context.WithTimeout(ctx, 2e9)
	defer cancel()
	if err := db.withTx(short, func(tx *Tx) error { return insert(tx, "next") }); err != nil {
		t.Fatalf("the next transaction: %v", err)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = 'ghost'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the panicking transaction wrote %d row(s), %v", n, err)
	}
}
