package gitlab_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// The worker drains at start and then whenever a delivery is committed,
// without waiting for its tick.
func TestWorkerIsWokenByDeliveries(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "hello", "gitlab-org/hello-world", "improve_then_maintain")
	env.Clock.Set(at("2017-12-11T12:00:00Z"))
	env.accept(t, "Issue Hook", "before-start", fixture(t, "go-scm/issue_create.json"))
	hooks := env.Services.GitLabHooks
	passes := make(chan int, 16)
	hooks.SetDrained(func(n int) { passes <- n })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { hooks.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	wait := func() int {
		t.Helper()
		select {
		case n := <-passes:
			return n
		case <-time.After(10 * time.Second): // a guard against a hang, not a wait for work
			t.Fatal("the worker did not run")
			return 0
		}
	}
	if n := wait(); n != 1 {
		t.Fatalf("the pass at start processed %d, want the 1 queued before", n)
	}
	body := fixture(t, "go-scm/issue_closed.json", `"title": "critical"`, `"title": "severity::1"`)
	if a := env.post(t, "Issue Hook", body, "Idempotency-Key", "after-start"); a.status != http.StatusAccepted {
		t.Fatalf("delivery: %v", a)
	}
	for n := 0; n == 0; n = wait() { // a pass may have begun before the commit; the wake-up makes another
	}
	if is := env.one(t, toolID); is["state"] != "closed" {
		t.Fatalf("after the wake-up: %v", is)
	}
}
