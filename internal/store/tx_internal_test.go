package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// A panic inside a transaction rolls it back (deferred), so nothing of it
// is written and the next writer is not locked out.
func TestPanicInATransactionRollsBack(t *testing.T) {
	ctx := context.Background()
	db := openForTest(t)
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

// A transaction's statements are prepared once each on SQLite, however
// often it runs them; what cannot be prepared runs as it is and reports its
// own error; nothing prepared outlives the transaction.
func TestTransactionStatementsArePreparedOnce(t *testing.T) {
	ctx := context.Background()
	db := openForTest(t)
	const insert = `INSERT INTO users (username, role, disabled, created_by, created_at, version)
		VALUES ($1, 'admin', FALSE, 't', '2026-01-01T00:00:00Z', 1)`
	var prepared *txPrepared
	err := db.withTx(ctx, func(tx *Tx) error {
		for _, name := range []string{"ann", "bob", "cy"} {
			if _, err := tx.q.ExecContext(ctx, insert, name); err != nil {
				return err
			}
		}
		var n int
		if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username IN ('ann', 'bob', 'cy')`).Scan(&n); err != nil || n != 3 {
			t.Errorf("the transaction sees %d of its 3 users (%v)", n, err)
		}
		if st, ok := tx.q.(statements); ok {
			prepared, _ = st.cache.(*txPrepared)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if db.pg {
		if prepared != nil {
			t.Error("PostgreSQL transactions prepare through pgx's cache, not txPrepared")
		}
		return
	}
	if prepared == nil || len(prepared.stmts) != 2 || prepared.stmts[insert] == nil {
		t.Fatalf("statements prepared in the transaction: %+v; want the insert once and the count", prepared)
	}
	if _, err := prepared.stmts[insert].ExecContext(ctx, "dan"); err == nil {
		t.Error("a transaction's statement still runs after its commit")
	}
	// a transaction of many different statements keeps at most maxPrepared
	// of them open, and runs the rest unprepared
	err = db.withTx(ctx, func(tx *Tx) error {
		for i := range maxPrepared + 5 {
			var n int
			if err := tx.q.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d`, i)).Scan(&n); err != nil || n != i {
				return fmt.Errorf("statement %d: %d, %v", i, n, err)
			}
		}
		if st, ok := tx.q.(statements); ok && !db.pg {
			if n := len(st.cache.(*txPrepared).stmts); n != maxPrepared {
				t.Errorf("%d statements kept prepared, want at most %d", n, maxPrepared)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.withTx(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `SELEKT nothing`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("a statement that cannot be prepared: %v, want its syntax error", err)
	}
}
