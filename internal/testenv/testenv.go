// Package testenv boots a real interlock API over a real SQLite file for
// tests: the store, the services, the HTTP stack and clients for users of
// each role. Time is a manual clock the test moves.
package testenv

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// AdminToken is the first admin's token in every test environment.
const AdminToken = "ilk_test_admin_token_0123456789"

// Start is where the manual clock starts: a Monday morning in UTC.
var Start = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// Env is a running API with its database and clock.
type Env struct {
	T        testing.TB
	DB       *store.DB
	Clock    *core.ManualClock
	Services httpapi.Services
	Server   *httptest.Server
	Admin    *client.Client
}

// New starts an API over a fresh SQLite file in t.TempDir(), with an admin.
func New(t testing.TB) *Env {
	t.Helper()
	return Over(t, OpenDB(t))
}

// Over starts an API over an open database, with an admin.
func Over(t testing.TB, db *store.DB) *Env {
	t.Helper()
	clock := core.NewManualClock(Start)
	svc := app.Services(db, clock)
	if _, _, err := svc.Access.Bootstrap(context.Background(), AdminToken); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	srv := httptest.NewServer(app.Handler(svc, app.Config{Version: "test", Clock: clock}, db))
	t.Cleanup(srv.Close)
	return &Env{T: t, DB: db, Clock: clock, Services: svc, Server: srv, Admin: client.New(srv.URL, AdminToken)}
}

// OpenDB opens a migrated database of its own for the test: a SQLite file
// in t.TempDir() copied from a migrated template, or a PostgreSQL schema
// when INTERLOCK_TEST_POSTGRES names a server (storetest.Path).
func OpenDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{Path: storetest.Path(t)})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// User adds a user with the role and returns a client acting as them.
func (e *Env) User(username string, role core.Role) *client.Client {
	e.T.Helper()
	ctx := context.Background()
	if _, err := e.Admin.CreateUser(ctx, username, string(role)); err != nil {
		e.T.Fatalf("create user %s: %v", username, err)
	}
	tok, err := e.Admin.CreateToken(ctx, username, "test")
	if err != nil {
		e.T.Fatalf("create token for %s: %v", username, err)
	}
	return client.New(e.Server.URL, tok.Token)
}

// Raw is an answer read whole, for tests of what goes over the wire.
type Raw struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends a raw request with the token (if any) and extra headers.
func (e *Env) Do(method, path, token string, body []byte, header map[string]string) Raw {
	e.T.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, e.Server.URL+path, rd)
	if err != nil {
		e.T.Fatalf("request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := e.Server.Client().Do(req)
	if err != nil {
		e.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return Raw{Status: res.StatusCode, Header: res.Header, Body: b}
}

// DatabasePath returns a database of the test's own for code that opens one
// by path (app.Run, the CLI): a new SQLite file in t.TempDir(), or the URL
// of an empty PostgreSQL schema when INTERLOCK_TEST_POSTGRES names a server.
func DatabasePath(t testing.TB) string {
	t.Helper()
	return storetest.Path(t)
}
