package app_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/cli"
	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// A start that cannot listen (the port is busy) makes no admin, so the
// one-time admin token is still there for the next start.
func TestFailedStartKeepsTheFirstAdminToken(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dbPath := testenv.DatabasePath(t)
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
	dbPath := testenv.DatabasePath(t)
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
	dbPath := testenv.DatabasePath(t)
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

// startDemo runs `serve --demo` on :0 with an admin token.
func startDemo(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr, done := make(chan string, 1), make(chan error, 1)
	go func() {
		done <- app.Run(ctx, app.Config{Addr: "127.0.0.1:0", DBPath: filepath.Join(t.TempDir(), "demo.db"),
			AdminToken: "demo-admin-token-0123", Demo: true, Listening: func(a string) { addr <- a }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo server: %v", err)
		}
	})
	select {
	case a := <-addr:
		return "http://" + a
	case err := <-done:
		t.Fatalf("demo server did not start: %v", err)
	}
	return ""
}

// `serve --demo` has a clock that the API and `interlock dev clock` move;
// without --demo the path answers 404.
func TestDemoClock(t *testing.T) {
	url := startDemo(t)
	admin := client.New(url, "demo-admin-token-0123")
	ctx := context.Background()
	var before, after struct {
		Now time.Time `json:"now"`
	}
	if _, err := admin.Get(ctx, "/api/v1/dev/clock", nil, &before); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Post(ctx, "/api/v1/dev/clock", map[string]string{"advance": "720h"}, &after); err != nil {
		t.Fatal(err)
	}
	if d := after.Now.Sub(before.Now); d < 720*time.Hour || d > 721*time.Hour {
		t.Fatalf("advance 720h moved the clock by %v", d)
	}
	if _, err := admin.Post(ctx, "/api/v1/dev/clock", map[string]string{"set": "2030-01-07T09:00:00Z"}, &after); err != nil ||
		after.Now.Before(time.Date(2030, 1, 7, 9, 0, 0, 0, time.UTC)) || after.Now.After(time.Date(2030, 1, 7, 9, 1, 0, 0, time.UTC)) {
		t.Fatalf("set: %v, %v", after.Now, err)
	}
	if _, err := admin.Post(ctx, "/api/v1/dev/clock", map[string]string{"advance": "-5h"}, nil); err == nil || !strings.Contains(err.Error(), "422") {
		t.Errorf("a backward advance: %v", err)
	}
	var out, errOut bytes.Buffer
	env := map[string]string{"INTERLOCK_URL": url, "INTERLOCK_TOKEN": "demo-admin-token-0123", "HOME": t.TempDir()}
	code := cli.Main(ctx, []string{"dev", "clock", "advance", "30d"}, cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] }})
	if code != 0 || !strings.Contains(out.String(), "2030-02-06") {
		t.Fatalf("dev clock advance 30d: %d %q %q", code, out.String(), errOut.String())
	}
	// A tool's timeline is stamped with the moved time.
	if _, err := admin.CreateTool(ctx, httpapi.ToolCreate{Name: "later", OwnerTeam: "appsec", StakeholderTeams: []string{"sirt"},
		Criticality: "low", Category: "maintain"}); err != nil {
		t.Fatal(err)
	}
	got, _, err := admin.Tool(ctx, 1)
	if err != nil || got.CreatedAt.Year() != 2030 {
		t.Fatalf("a tool made after the move: %+v, %v", got.CreatedAt, err)
	}

	plain := start(t, testenv.DatabasePath(t), "plain-admin-token-0123")
	res, err := client.New(plain.url, "plain-admin-token-0123").Get(ctx, "/api/v1/dev/clock", nil, nil)
	if err == nil || res.Status != http.StatusNotFound {
		t.Fatalf("without --demo: %d, %v", res.Status, err)
	}
	code = cli.Main(ctx, []string{"dev", "clock", "show"}, cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			return map[string]string{"INTERLOCK_URL": plain.url, "INTERLOCK_TOKEN": "plain-admin-token-0123"}[k]
		}})
	if code == 0 || !strings.Contains(errOut.String(), "serve --demo") {
		t.Errorf("dev clock without --demo: %d %q", code, errOut.String())
	}
}
