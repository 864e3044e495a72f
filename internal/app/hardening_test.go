package app_test

import (
	"bytes"
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/cli"
	"gitlab.com/prodseceng/interlock/internal/client"
)

// A start that cannot listen (the port is busy) makes no admin, so the
// one-time admin token is still there for the next start.
func TestFailedStartKeepsTheFirstAdminToken(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dbPath := filepath.Join(t.TempDir(), "interlock.db")
	var announce bytes.Buffer
	err = app.Run(context.Background(), app.Config{Addr: busy.Addr().String(), DBPath: dbPath, Announce: &announce})
	if err == nil || !strings.Contains(err.Error(), "listen on") {
		t.Fatalf("Run on a busy port = %v, want a listen error", err)
	}
	if announce.Len() != 0 {
		t.Fatalf("a failed start announced a token: %q", announce.String())
	}
	srv := start(t, dbPath, "")
	secret := tokenLine.FindString(srv.announce.String())
	if secret == "" {
		t.Fatalf("the start after a failed one made no admin token: %q", srv.announce.String())
	}
	if _, err := client.New(srv.url, secret).Me(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// INTERLOCK_ADMIN_TOKEN on a database that has users is not silently ignored.
func TestAdminTokenOnAnExistingDatabaseIsLogged(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "interlock.db")
	first := start(t, dbPath, "")
	first.stop(t)
	again := start(t, dbPath, "another-admin-token-456")
	if !strings.Contains(again.logs.String(), "INTERLOCK_ADMIN_TOKEN is ignored") ||
		!strings.Contains(again.logs.String(), "interlock admin token --db") {
		t.Fatalf("the log does not say the token was ignored:\n%s", again.logs.String())
	}
	if _, err := client.New(again.url, "another-admin-token-456").Me(context.Background()); err == nil {
		t.Fatal("an ignored INTERLOCK_ADMIN_TOKEN works")
	}
}

// `interlock admin token --db FILE` prints a working admin token while the
// server runs, and the user's timeline records it.
func TestAdminTokenRecoveryWhileServing(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "interlock.db")
	srv := start(t, dbPath, "")
	var out, errOut bytes.Buffer
	code := cli.Main(context.Background(), []string{"admin", "token", "--db", dbPath}, cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }})
	secret := strings.TrimSpace(out.String())
	if code != 0 || !strings.HasPrefix(secret, "ilk_") {
		t.Fatalf("admin token: code %d, out %q, err %q", code, out.String(), errOut.String())
	}
	me, err := client.New(srv.url, secret).Me(context.Background())
	if err != nil || me.Username != "admin" || me.Role != "admin" {
		t.Fatalf("the recovered token: %+v, %v", me, err)
	}
	code = cli.Main(context.Background(), []string{"admin", "token", "--db", filepath.Join(t.TempDir(), "none.db")}, cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }})
	if code == 0 || !strings.Contains(errOut.String(), "none.db") {
		t.Errorf("admin token on a missing file: code %d, %q", code, errOut.String())
	}
}
