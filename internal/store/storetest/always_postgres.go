package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"sync"
	"testing"
)

// DefaultPostgres is the server that tests which need PostgreSQL whatever
// store the suite runs on (moving a SQLite installation to PostgreSQL) try
// when INTERLOCK_TEST_POSTGRES is unset.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// always is the server PostgresPath makes schemas on, reached once.
var always struct {
	once   sync.Once
	server string
	admin  *sql.DB
	err    error
}

// PostgresPath returns the URL of a new, empty schema on PostgreSQL, on
// whichever store the suite runs: the server INTERLOCK_TEST_POSTGRES names,
// or DefaultPostgres. When neither answers the test is skipped, saying so.
// The schema is dropped when the test ends. Unlike Path's, it is always
// brand new, never migrated: the copy's tests check that a refused copy
// leaves it without a table.
func PostgresPath(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	always.once.Do(func() {
		always.server = Postgres()
		if always.server == "" {
			always.server = DefaultPostgres
		}
		always.admin, always.err = sql.Open("pgx", always.server)
		if always.err == nil {
			always.admin.SetMaxOpenConns(2)
			always.err = always.admin.PingContext(ctx)
		}
	})
	if always.err != nil {
		server := always.server
		if u, err := url.Parse(server); err == nil {
			server = u.Redacted()
		}
		t.Skipf("no PostgreSQL answers at %s (set %s to one that does): %v", server, PostgresEnv, always.err)
	}
	name := newSchemaName()
	if _, err := always.admin.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
		t.Fatalf("a schema for the test: %v", err)
	}
	t.Cleanup(func() {
		_, _ = always.admin.ExecContext(context.Background(), `DROP SCHEMA IF EXISTS `+name+` CASCADE`)
	})
	return schemaURL(always.server, name)
}
