package testenv

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// PostgresEnv names the variable that runs the suite on PostgreSQL
// (storetest.PostgresEnv).
const PostgresEnv = storetest.PostgresEnv

// Postgres returns the database the suite runs on, or "" for SQLite.
func Postgres() string { return storetest.Postgres() }

func init() {
	storetest.Migrate = func(ctx context.Context, path string) error {
		db, err := store.Open(ctx, store.Options{Path: path})
		if err != nil {
			return err
		}
		return db.Close()
	}
}
