package store

import (
	"context"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// The store's own tests migrate storetest's schemas with this store.
func init() {
	storetest.Migrate = func(ctx context.Context, path string) error {
		db, err := Open(ctx, Options{Path: path})
		if err != nil {
			return err
		}
		return db.Close()
	}
}

// openForTest opens a migrated database of the test's own (storetest.Path),
// closed when the test ends.
func openForTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), Options{Path: storetest.Path(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
