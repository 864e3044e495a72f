// Package storetest gives each test a database of its own on the store the
// suite runs on: a SQLite file, or, when INTERLOCK_TEST_POSTGRES names a
// PostgreSQL database, an empty schema in it. It opens nothing itself (the
// caller does, with store.Open), so the store's own tests can use it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver
)

// PostgresEnv names the variable that runs the suite on PostgreSQL: the URL
// of a database the tests may make schemas in, for example
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable. Unset, the suite
// runs on SQLite.
const PostgresEnv = "INTERLOCK_TEST_POSTGRES"

// Postgres returns the database the suite runs on, or "" for SQLite.
func Postgres() string { return os.Getenv(PostgresEnv) }

// schemas hands each test a schema of its own in the PostgreSQL database.
// Making and dropping databases or schemas costs the server far more than
// emptying one, so a schema a test has finished with is emptied (TRUNCATE,
// identities restarted: as good as new) and handed to the next test.
var schemas struct {
	once  sync.Once
	admin *sql.DB
	err   error

	pristine string        // a migrated schema no test gets
	seeded   []string      // its tables that migrations put rows in
	version  sql.NullInt64 // its schema version

	mu   sync.Mutex
	free []string
}

// Path returns a database of the test's own, migrated and empty: a SQLite
// file in t.TempDir() copied from a template, or the URL of an emptied
// schema in the PostgreSQL database. Open it with store.Open. A schema is
// emptied and handed to another test when this one ends.
func Path(t testing.TB) string {
	t.Helper()
	if Postgres() == "" {
		path := filepath.Join(t.TempDir(), "interlock.db")
		if err := copyTemplate(path); err != nil {
			t.Fatalf("template database: %v", err)
		}
		return path
	}
	ctx := context.Background()
	schemas.once.Do(func() { schemas.err = connectPostgres(ctx) })
	if schemas.err != nil {
		t.Fatalf("PostgreSQL for tests (%s): %v", PostgresEnv, schemas.err)
	}
	name, err := takeSchema(ctx)
	if err != nil {
		t.Fatalf("a schema for the test: %v", err)
	}
	t.Cleanup(func() { giveBack(context.Background(), name) })
	return schemaURL(Postgres(), name)
}

func connectPostgres(ctx context.Context) error {
	admin, err := sql.Open("pgx", Postgres())
	if err != nil {
		return err
	}
	admin.SetMaxOpenConns(4)
	if err := admin.PingContext(ctx); err != nil {
		return err
	}
	schemas.admin = admin
	dropStale(ctx)
	return makePristine(ctx)
}

// Migrate migrates the database at a path (store.Open, then Close). The
// package that opens stores sets it (testenv does, and the store's own
// tests), as storetest cannot import the store it serves.
var Migrate func(ctx context.Context, path string) error

// makePristine migrates one schema that no test gets, and notes the tables
// the migrations put rows in: an emptied schema gets those rows back.
func makePristine(ctx context.Context) error {
	if Migrate == nil {
		return fmt.Errorf("storetest.Migrate is not set")
	}
	name := newSchemaName()
	if _, err := schemas.admin.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
		return err
	}
	if err := Migrate(ctx, schemaURL(Postgres(), name)); err != nil {
		return err
	}
	tables, err := tablesOf(ctx, name)
	if err != nil {
		return err
	}
	for _, t := range tables {
		var rows bool
		if err := schemas.admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+name+"."+t+`)`).Scan(&rows); err != nil {
			return err
		}
		if rows {
			schemas.seeded = append(schemas.seeded, t)
		}
	}
	schemas.pristine = name
	return schemas.admin.QueryRowContext(ctx, `SELECT MAX(version_id) FROM `+name+`.goose_db_version`).Scan(&schemas.version)
}

// tablesOf lists a schema's tables but goose's.
func tablesOf(ctx context.Context, schema string) ([]string, error) {
	return list(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version' ORDER BY table_name`, schema)
}

func list(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := schemas.admin.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func newSchemaName() string {
	return fmt.Sprintf("interlock_test_%d_%s", time.Now().Unix(), randomHex(4))
}

// takeSchema returns an emptied schema, or a new one (store.Open migrates it).
func takeSchema(ctx context.Context) (string, error) {
	schemas.mu.Lock()
	if n := len(schemas.free); n > 0 {
		name := schemas.free[n-1]
		schemas.free = schemas.free[:n-1]
		schemas.mu.Unlock()
		return name, nil
	}
	schemas.mu.Unlock()
	name := newSchemaName()
	_, err := schemas.admin.ExecContext(ctx, `CREATE SCHEMA `+name)
	return name, err
}

// giveBack empties a schema for the next test; one that cannot be emptied
// is dropped.
func giveBack(ctx context.Context, name string) {
	tables, err := tablesOf(ctx, name)
	if err == nil && len(tables) > 0 {
		qualified := make([]string, len(tables))
		for i, t := range tables {
			qualified[i] = name + "." + t
		}
		_, err = schemas.admin.ExecContext(ctx, `TRUNCATE `+strings.Join(qualified, ", ")+` RESTART IDENTITY CASCADE`)
	}
	for _, t := range schemas.seeded {
		if err == nil {
			_, err = schemas.admin.ExecContext(ctx, `INSERT INTO `+name+"."+t+` SELECT * FROM `+schemas.pristine+"."+t)
		}
	}
	if err == nil {
		err = sameVersion(ctx, name)
	}
	if err != nil {
		_, _ = schemas.admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+name+` CASCADE`)
		return
	}
	schemas.mu.Lock()
	schemas.free = append(schemas.free, name)
	schemas.mu.Unlock()
}

// sameVersion refuses a schema whose migrations differ from the pristine
// one's (a test that wrote its own schema version, say).
func sameVersion(ctx context.Context, name string) error {
	var v sql.NullInt64
	if err := schemas.admin.QueryRowContext(ctx, `SELECT MAX(version_id) FROM `+name+`.goose_db_version`).Scan(&v); err != nil {
		return err
	}
	if v != schemas.version {
		return fmt.Errorf("schema %s is at version %d, not %d", name, v.Int64, schemas.version.Int64)
	}
	return nil
}

// dropStale drops the schemas test binaries left behind more than an hour
// ago: a binary's last schemas outlive it, as nothing runs when it exits.
func dropStale(ctx context.Context) {
	rows, err := schemas.admin.QueryContext(ctx, `SELECT schema_name FROM information_schema.schemata
		WHERE schema_name LIKE 'interlock\_test\_%'`)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		var at int64
		if rows.Scan(&name) == nil {
			if _, err := fmt.Sscanf(name, "interlock_test_%d_", &at); err == nil && time.Since(time.Unix(at, 0)) > time.Hour {
				stale = append(stale, name)
			}
		}
	}
	rows.Close()
	for _, name := range stale {
		_, _ = schemas.admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+name+` CASCADE`)
	}
}

// schemaURL is the database's URL with the schema as its search path.
func schemaURL(database, schema string) string {
	u, err := url.Parse(database)
	if err != nil {
		return database
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
