package store

import (
	"context"

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
