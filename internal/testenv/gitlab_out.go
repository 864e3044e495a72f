package testenv

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// NewWithGitLab starts an API like New, connected to the GitLab that g
// names (in tests, gitlabtest's fake on loopback). Syncs started through the
// API run before their POST answers unless g.Background says otherwise, and
// retries do not wait unless g.Retry.Sleep does.
func NewWithGitLab(t testing.TB, g app.GitLabConfig) *Env {
	t.Helper()
	db := OpenDB(t)
	clock := core.NewManualClock(Start)
	if g.Background == nil {
		g.Background = func(f func()) { f() }
	}
	if g.Retry.Sleep == nil {
		g.Retry.Sleep = func(context.Context, time.Duration) error { return nil }
	}
	cfg := app.Config{Version: "test", Clock: clock, GitLab: g}
	svc := app.Services(db, clock)
	if err := app.ConfigureGitLab(&svc, db, cfg); err != nil {
		t.Fatalf("configure GitLab: %v", err)
	}
	if _, _, err := svc.Access.Bootstrap(context.Background(), AdminToken); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	srv := httptest.NewServer(app.Handler(svc, cfg, db))
	t.Cleanup(srv.Close)
	return &Env{T: t, DB: db, Clock: clock, Services: svc, Server: srv, Admin: client.New(srv.URL, AdminToken)}
}
