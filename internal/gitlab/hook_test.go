package gitlab_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestHookRefusesBadDeliveries(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	issue := fixture(t, "client-go/issue.json")
	tests := []struct {
		name    string
		body    []byte
		headers map[string]string
		status  int
		code    string
	}{
		{"no token", issue, map[string]string{"X-Gitlab-Event": "Issue Hook"}, http.StatusUnauthorized, "unauthorized"},
		{"wrong token", issue, map[string]string{"X-Gitlab-Event": "Issue Hook", "X-Gitlab-Token": hookSecret + "x"},
			http.StatusUnauthorized, "unauthorized"},
		{"too large", append([]byte(`{"a":"`), append(bytes.Repeat([]byte("x"), 1<<20), '"', '}')...),
			map[string]string{"X-Gitlab-Event": "Issue Hook", "X-Gitlab-Token": hookSecret}, http.StatusRequestEntityTooLarge, "invalid"},
		{"not JSON", []byte(`{"object_kind": "issue",`), map[string]string{"X-Gitlab-Event": "Issue Hook", "X-Gitlab-Token": hookSecret},
			http.StatusBadRequest, "invalid"},
		{"no event header", issue, map[string]string{"X-Gitlab-Token": hookSecret}, http.StatusBadRequest, "invalid"},
		{"unknown event", issue, map[string]string{"X-Gitlab-Event": "Teapot Hook", "X-Gitlab-Token": hookSecret},
			http.StatusBadRequest, "invalid"},
		{"not an object", []byte(`["object_kind"]`), map[string]string{"X-Gitlab-Event": "Issue Hook", "X-Gitlab-Token": hookSecret},
			http.StatusBadRequest, "invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := env.postRaw(t, tc.body, tc.headers)
			if a.status != tc.status || a.body["code"] != tc.code || a.ctype != "application/problem+json" {
				t.Errorf("status %d code %v type %q, want %d %s problem: %v", a.status, a.body["code"], a.ctype, tc.status, tc.code, a.body)
			}
		})
	}
	if d := env.deliveries(t); len(d) != 0 {
		t.Errorf("refused deliveries were stored: %v", d)
	}
}

// A payload that does not fit its event, or has a timestamp in neither of
// GitLab's formats, is taken (GitLab counts a 4xx towards disabling the
// hook) and fails for good in the worker, without retries.
func TestMalformedPayloadFailsForGood(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	env.accept(t, "Issue Hook", "shape", []byte(`{"object_kind":"issue","object_attributes":{"id":"not a number"}}`))
	env.accept(t, "Issue Hook", "time", fixture(t, "client-go/issue.json", `"created_at": "2013-12-03T17:15:43Z",
    "updated_at"`, `"created_at": "yesterday",
    "updated_at"`))
	env.drain(t)
	for _, d := range env.deliveries(t) {
		if d["status"] != "failed" || d["attempts"] != 1.0 || d["error"] == "" {
			t.Errorf("%v", d)
		}
	}
	env.Clock.Advance(24 * time.Hour)
	if n := env.drain(t); n != 0 {
		t.Errorf("a malformed payload was retried: %d", n)
	}
	if !strings.Contains(env.deliveries(t)[1]["error"].(string), "yesterday") {
		t.Errorf("the error does not name the bad time: %v", env.deliveries(t)[1])
	}
}

func TestHookWithoutSecretRefusesAll(t *testing.T) {
	env := testenv.New(t) // app.Handler with no webhook secret configured
	r := env.Do(http.MethodPost, "/hooks/gitlab", "", fixture(t, "client-go/issue.json"),
		map[string]string{"X-Gitlab-Event": "Issue Hook", "X-Gitlab-Token": ""})
	if r.Status != http.StatusUnauthorized {
		t.Fatalf("without a secret: %d %s", r.Status, r.Body)
	}
	r = env.Do(http.MethodPost, "/hooks/gitlab", "", fixture(t, "client-go/issue.json"),
		map[string]string{"X-Gitlab-Event": "Issue Hook", "X-Gitlab-Token": "anything"})
	if r.Status != http.StatusUnauthorized || !strings.Contains(string(r.Body), "X-Gitlab-Token") {
		t.Fatalf("without a secret, any token: %d %s", r.Status, r.Body)
	}
}

func TestHookDuplicateKeyIsOneDelivery(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "hello", "gitlab-org/hello-world", "improve_then_maintain")
	env.Clock.Set(testenv.Start) // the fixture's dates are in 2017: clocks already breached, but that is beside the point
	body := fixture(t, "go-scm/issue_create.json")
	for range 2 {
		a := env.post(t, "Issue Hook", body, "Idempotency-Key", "a5461c4d-key-1", "X-Gitlab-Event-UUID", "ev-1")
		if a.status != http.StatusAccepted {
			t.Fatalf("delivery: %d %v", a.status, a.body)
		}
	}
	// without Idempotency-Key the body's hash is the key: the same body twice is one delivery too
	for range 2 {
		if a := env.post(t, "Push Hook", fixture(t, "client-go/push.json")); a.status != http.StatusAccepted {
			t.Fatalf("push: %d %v", a.status, a.body)
		}
	}
	ds := env.deliveries(t)
	if len(ds) != 2 {
		t.Fatalf("%d deliveries, want 2: %v", len(ds), ds)
	}
	if ds[0]["idempotency_key"] != "a5461c4d-key-1" || ds[0]["receipts"] != 2.0 || ds[0]["status"] != "queued" ||
		ds[0]["event"] != "Issue Hook" {
		t.Errorf("issue delivery = %v", ds[0])
	}
	if !strings.HasPrefix(ds[1]["idempotency_key"].(string), "sha256:") || ds[1]["receipts"] != 2.0 || ds[1]["status"] != "queued" {
		t.Errorf("push delivery = %v", ds[1])
	}
	if n := env.drain(t); n != 2 {
		t.Errorf("the worker processed %d deliveries, want 2", n)
	}
	if n := env.drain(t); n != 0 {
		t.Errorf("a second pass processed %d", n)
	}
	if is := env.issues(t, toolID); len(is) != 1 {
		t.Fatalf("%d issues, want 1", len(is))
	}
	ds = env.deliveries(t)
	if ds[0]["status"] != "processed" || ds[0]["attempts"] != 1.0 || ds[0]["error"] != "" || ds[0]["project"] != "gitlab-org/hello-world" {
		t.Errorf("after the worker: %v", ds[0])
	}
	if ds[1]["status"] != "ignored" || ds[1]["project"] == "" {
		t.Errorf("push after the worker: %v", ds[1])
	}
}

func TestHookDeliveriesAreForManagers(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	engineer := env.User("erin", "engineer")
	manager := env.User("mona", "manager")
	if _, err := engineer.Do(t.Context(), http.MethodGet, "/api/v1/gitlab/deliveries", nil, nil, nil, ""); err == nil ||
		!strings.Contains(err.Error(), "403") {
		t.Errorf("an engineer listing deliveries: %v", err)
	}
	if _, err := manager.Do(t.Context(), http.MethodGet, "/api/v1/gitlab/deliveries", nil, nil, nil, ""); err != nil {
		t.Errorf("a manager listing deliveries: %v", err)
	}
	for i := range 3 {
		env.post(t, "Push Hook", fixture(t, "client-go/push.json"), "Idempotency-Key", "k"+string(rune('a'+i)))
	}
	r := env.Do(http.MethodGet, "/api/v1/gitlab/deliveries?limit=2", testenv.AdminToken, nil, nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"next_cursor"`) {
		t.Fatalf("first page: %d %s", r.Status, r.Body)
	}
}
