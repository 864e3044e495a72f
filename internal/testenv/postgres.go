package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/store"
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

	mu   sync.Mutex
	free []string
}

// openPostgres opens a migrated, empty schema for one test.
func openPostgres(t testing.TB) *store.DB {
	t.Helper()
	path := postgresPath(t)
	db, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// postgresPath returns the URL of an empty schema for one test.
func postgresPath(t testing.TB) string {
	t.Helper()
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
	return nil
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
	name := fmt.Sprintf("interlock_test_%d_%s", time.Now().Unix(), randomHex(4))
	_, err := schemas.admin.ExecContext(ctx, `CREATE SCHEMA `+name)
	return name, err
}

// giveBack empties a schema for the next test; one that cannot be emptied
// is dropped.
func giveBack(ctx context.Context, name string) {
	var tables []string
	rows, err := schemas.admin.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'`, name)
	if err == nil {
		for rows.Next() {
			var t string
			if err = rows.Scan(&t); err != nil {
				break
			}
			tables = append(tables, name+"."+t)
		}
		rows.Close()
	}
	if err == nil && len(tables) > 0 {
		_, err = schemas.admin.ExecContext(ctx, `TRUNCATE `+strings.Join(tables, ", ")+` RESTART IDENTITY CASCADE`)
	}
	if err != nil {
		_, _ = schemas.admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+name+` CASCADE`)
		return
	}
	schemas.mu.Lock()
	schemas.free = append(schemas.free, name)
	schemas.mu.Unlock()
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
