package gitlab_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

const hookSecret = "hook-secret-for-tests"

// hookEnv is the real API over SQLite with the webhook receiver beside it,
// configured with hookSecret.
type hookEnv struct {
	*testenv.Env
	hooks string // URL of POST /hooks/gitlab
}

func newHookEnv(t *testing.T, db *store.DB) *hookEnv {
	t.Helper()
	env := testenv.Over(t, db)
	srv := httptest.NewServer(env.Services.GitLabHooks.Receiver(gitlab.ReceiverConfig{Secret: hookSecret}))
	t.Cleanup(srv.Close)
	return &hookEnv{Env: env, hooks: srv.URL}
}

// fixture reads a real payload and changes values in it: each pair is an
// exact text and its replacement, which must occur.
func fixture(t *testing.T, name string, replace ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "webhooks", name))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("%s has no %q to replace", name, replace[i])
		}
		s = strings.ReplaceAll(s, replace[i], replace[i+1])
	}
	return []byte(s)
}

type hookAnswer struct {
	status int
	body   map[string]any
	ctype  string
}

// post delivers a webhook with the secret and the given headers (pairs).
func (e *hookEnv) post(t *testing.T, event string, body []byte, headers ...string) hookAnswer {
	t.Helper()
	h := map[string]string{"X-Gitlab-Token": hookSecret, "X-Gitlab-Event": event}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	return e.postRaw(t, body, h)
}

func (e *hookEnv) postRaw(t *testing.T, body []byte, headers map[string]string) hookAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.hooks, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return hookAnswer{status: res.StatusCode, body: m, ctype: res.Header.Get("Content-Type")}
}

// drain runs the worker over what is due.
func (e *hookEnv) drain(t *testing.T) int {
	t.Helper()
	n, err := e.Services.GitLabHooks.Drain(context.Background())
	if err != nil {
		t.Fatalf("drain: %v", err)
	}
	return n
}

func (e *hookEnv) tool(t *testing.T, name, project, category string) int64 {
	t.Helper()
	tool, err := e.Admin.CreateTool(t.Context(), httpapi.ToolCreate{Name: name, OwnerTeam: "appsec", Criticality: "high",
		Category: category, GitLabProject: project})
	if err != nil {
		t.Fatalf("create tool: %v", err)
	}
	return tool.ID
}

// issues lists a tool's support issues through the API.
func (e *hookEnv) issues(t *testing.T, toolID int64) []map[string]any {
	t.Helper()
	r := e.Do(http.MethodGet, fmt.Sprintf("/api/v1/tools/%d/issues", toolID), testenv.AdminToken, nil, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("list issues: %d %s", r.Status, r.Body)
	}
	var l struct{ Items []map[string]any }
	if err := json.Unmarshal(r.Body, &l); err != nil {
		t.Fatal(err)
	}
	return l.Items
}

// deliveries lists the inbox through the API.
func (e *hookEnv) deliveries(t *testing.T) []map[string]any {
	t.Helper()
	r := e.Do(http.MethodGet, "/api/v1/gitlab/deliveries?limit=500", testenv.AdminToken, nil, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("list deliveries: %d %s", r.Status, r.Body)
	}
	var l struct{ Items []map[string]any }
	if err := json.Unmarshal(r.Body, &l); err != nil {
		t.Fatal(err)
	}
	return l.Items
}

// outboxTo lists the outbox messages to one recipient.
func (e *hookEnv) outboxTo(t *testing.T, kind, name string) []core.Message {
	t.Helper()
	all, err := e.DB.Outbox(context.Background(), 0, 1000, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []core.Message
	for _, m := range all {
		for _, r := range m.Recipients {
			if r.Kind == kind && r.Name == name {
				out = append(out, m)
			}
		}
	}
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
