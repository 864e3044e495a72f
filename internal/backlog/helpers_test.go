package backlog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var (
	t0       = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	engineer = core.Actor{Username: "eve", Role: core.RoleEngineer}
	manager  = core.Actor{Username: "max", Role: core.RoleManager}
)

// call is one call the recording GitLab received.
type call struct {
	Op     string // "labels", "comment", "create"
	Ref    backlog.Ref
	Add    []string
	Remove []string
	Body   string
}

// recorder is a GitLab port that records every call and can refuse them.
type recorder struct {
	mu    sync.Mutex
	calls []call
	fail  error
}

func (r *recorder) SetLabels(_ context.Context, ref backlog.Ref, add, remove []string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.calls = append(r.calls, call{Op: "labels", Ref: ref, Add: add, Remove: remove})
	return nil
}

func (r *recorder) Comment(_ context.Context, ref backlog.Ref, body string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.calls = append(r.calls, call{Op: "comment", Ref: ref, Body: body})
	return nil
}

func (r *recorder) CreateIssue(_ context.Context, project, title, description string, labels []string) (backlog.ObservedItem, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call{Op: "create", Body: title, Add: labels})
	return backlog.ObservedItem{Key: "gitlab:issue:9001", Kind: backlog.Issue, URL: "https://gitlab.example.com/" + project + "/-/issues/7",
		Title: title, Description: description, Project: project, ProjectID: 77, IID: 7, State: "opened", Labels: labels,
		CreatedAt: t0, UpdatedAt: t0}, nil
}

func (r *recorder) Calls() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

// env is a backlog service over a real SQLite file with a recording GitLab.
type env struct {
	db    *store.DB
	svc   *backlog.Service
	gl    *recorder
	clock *core.ManualClock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{Path: testenv.DatabasePath(t)})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	rec := &recorder{}
	clock := core.NewManualClock(t0)
	return &env{db: db, gl: rec, clock: clock, svc: backlog.NewService(db.Backlog(), nil, clock).WithGitLab(rec)}
}

// issueCase is what a test changes in the fixture Issue Hook: values, never shapes.
type issueCase struct {
	ID           int64
	IID          int64
	Labels       []string
	Weight       int
	Assignees    []string
	State        string
	Description  string
	Confidential bool
	Project      string // path_with_namespace
	Created      time.Time
	Updated      time.Time
}

func readFixture(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	return m
}

// labelObjects turns label titles into label objects shaped as the fixture's.
func labelObjects(proto map[string]any, titles []string) []any {
	out := []any{}
	for i, title := range titles {
		l := map[string]any{}
		for k, v := range proto {
			l[k] = v
		}
		l["id"], l["title"] = float64(500+i), title
		out = append(out, l)
	}
	return out
}

// issueHook is the fixture Issue Hook with the case's values, as the
// webhook worker would see it, turned into an observed item by the adapter.
func issueHook(t *testing.T, c issueCase) backlog.ObservedItem {
	t.Helper()
	m := readFixture(t, "issue_hook.json")
	attrs := m["object_attributes"].(map[string]any)
	proto := attrs["labels"].([]any)[0].(map[string]any)
	if c.ID == 0 {
		c.ID = 301
	}
	if c.IID == 0 {
		c.IID = 23
	}
	if c.Created.IsZero() {
		c.Created = t0
	}
	if c.Updated.IsZero() {
		c.Updated = c.Created
	}
	if c.State == "" {
		c.State = "opened"
	}
	attrs["id"], attrs["iid"] = float64(c.ID), float64(c.IID)
	attrs["url"] = fmt.Sprintf("http://example.com/diaspora/issues/%d", c.IID)
	attrs["weight"], attrs["state"] = float64(c.Weight), c.State
	attrs["created_at"], attrs["updated_at"] = c.Created.Format(time.RFC3339), c.Updated.Format(time.RFC3339)
	attrs["description"], attrs["confidential"] = c.Description, c.Confidential
	attrs["labels"] = labelObjects(proto, c.Labels)
	m["labels"] = labelObjects(proto, c.Labels)
	if c.Project != "" {
		m["project"].(map[string]any)["path_with_namespace"] = c.Project
	}
	userProto := m["assignees"].([]any)[0].(map[string]any)
	assignees := []any{}
	for _, a := range c.Assignees {
		u := map[string]any{}
		for k, v := range userProto {
			u[k] = v
		}
		u["username"], u["name"] = a, a
		assignees = append(assignees, u)
	}
	m["assignees"] = assignees
	b, _ := json.Marshal(m)
	ev, err := gl.ParseWebhook(gl.EventTypeIssue, b)
	if err != nil {
		t.Fatalf("parse hook: %v", err)
	}
	return gitlab.BacklogIssueFromEvent(ev.(*gl.IssueEvent))
}

func (e *env) upsert(t *testing.T, c issueCase) backlog.Item {
	t.Helper()
	it, _, err := e.svc.Upsert(context.Background(), core.System, issueHook(t, c))
	if err != nil {
		t.Fatalf("upsert: %v", err)
	}
	return it
}

func (e *env) findings(t *testing.T) []backlog.Finding {
	t.Helper()
	fs, err := e.svc.Findings(context.Background(), engineer, "")
	if err != nil {
		t.Fatalf("findings: %v", err)
	}
	return fs
}

// rulesOf lists the rules found for one item url ("" for the team).
func rulesOf(fs []backlog.Finding, url string) []string {
	var out []string
	for _, f := range fs {
		if f.ItemURL == url {
			out = append(out, f.Rule)
		}
	}
	return out
}

func wantCode(t *testing.T, err error, code core.Code) *core.Error {
	t.Helper()
	if !core.IsCode(err, code) {
		t.Fatalf("want %s, got %v", code, err)
	}
	var ce *core.Error
	if e, ok := err.(*core.Error); ok {
		ce = e
	}
	return ce
}

func intp(v int) *int { return &v }
