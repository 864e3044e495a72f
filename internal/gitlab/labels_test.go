package gitlab_test

import (
	"net/http"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestLabelMappingIsData(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	engineer := env.User("erin", "engineer")
	requester := env.User("rita", "requester")
	var m map[string]any
	res, err := engineer.Do(t.Context(), http.MethodGet, "/api/v1/gitlab/labels", nil, nil, &m, "")
	if err != nil {
		t.Fatalf("an engineer reads the mapping: %v", err)
	}
	if strings.Join(toStrings(m["blocking_labels"]), ",") != "severity::1,severity::2" || m["confidential_kind"] != "security" ||
		strings.Join(toStrings(m["blocking_vulnerability_severities"]), ",") != "critical,high" || len(m["kind_labels"].([]any)) != 3 {
		t.Fatalf("defaults: %v", m)
	}
	if _, err := requester.Do(t.Context(), http.MethodGet, "/api/v1/gitlab/labels", nil, nil, nil, ""); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("a requester reads the mapping: %v", err)
	}
	m["blocking_labels"] = []string{"critical"}
	if _, err := engineer.Do(t.Context(), http.MethodPut, "/api/v1/gitlab/labels", nil, m, nil, res.ETag); err == nil ||
		!strings.Contains(err.Error(), "403") {
		t.Errorf("an engineer changes the mapping: %v", err)
	}
	bad := map[string]any{"blocking_labels": []string{" "}, "kind_labels": []any{}, "confidential_kind": "",
		"blocking_vulnerability_severities": []string{"urgent"}}
	r := env.Do(http.MethodPut, "/api/v1/gitlab/labels", testenv.AdminToken, mustJSON(t, bad), nil)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "blocking_vulnerability_severities[0]") {
		t.Errorf("a bad mapping: %d %s", r.Status, r.Body)
	}
	r = env.Do(http.MethodPut, "/api/v1/gitlab/labels", testenv.AdminToken, mustJSON(t, m), nil)
	if r.Status != http.StatusPreconditionRequired {
		t.Errorf("without If-Match: %d %s", r.Status, r.Body)
	}
	r = env.Do(http.MethodPut, "/api/v1/gitlab/labels", testenv.AdminToken, mustJSON(t, m), map[string]string{"If-Match": `"7"`})
	if r.Status != http.StatusPreconditionFailed {
		t.Errorf("a stale If-Match: %d %s", r.Status, r.Body)
	}
	r = env.Do(http.MethodPut, "/api/v1/gitlab/labels", testenv.AdminToken, mustJSON(t, m), map[string]string{"If-Match": res.ETag})
	if r.Status != http.StatusOK || r.Header.Get("ETag") != `"1"` {
		t.Fatalf("a manager changes the mapping: %d %s", r.Status, r.Body)
	}

	// go-scm's real "critical" label now blocks
	toolID := env.tool(t, "hello", "gitlab-org/hello-world", "improve_then_maintain")
	env.Clock.Set(at("2017-12-11T12:00:00Z"))
	env.accept(t, "Issue Hook", "label", fixture(t, "go-scm/issue_labeled.json"))
	env.drain(t)
	if is := env.one(t, toolID); is["blocks_functionality"] != true {
		t.Errorf("with critical blocking: %v", is)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestDefaultLabelMapping(t *testing.T) {
	m := gitlab.DefaultLabelMapping()
	tests := []struct {
		name         string
		labels       []string
		confidential bool
		kind         maintenance.IssueKind
		blocks       bool
	}{
		{"nothing", nil, false, maintenance.Other, false},
		{"bug that blocks", []string{"type::bug", "severity::1"}, false, maintenance.Bug, true},
		{"feature", []string{"Type::Feature", "severity::3"}, false, maintenance.FeatureRequest, false},
		{"security label wins over bug", []string{"type::bug", "security"}, false, maintenance.Security, false},
		{"confidential bug is security", []string{"type::bug", "severity::2"}, true, maintenance.Security, true},
		{"confidential without labels", nil, true, maintenance.Security, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kind, blocks := m.Classify(tc.labels, tc.confidential)
			if kind != tc.kind || blocks != tc.blocks {
				t.Errorf("Classify(%v, %v) = %s, %v; want %s, %v", tc.labels, tc.confidential, kind, blocks, tc.kind, tc.blocks)
			}
		})
	}
	for sev, want := range map[string]bool{"critical": true, "High": true, "medium": false, "unknown": false} {
		if m.SeverityBlocks(sev) != want {
			t.Errorf("severity %s blocks: %v", sev, !want)
		}
	}
}
